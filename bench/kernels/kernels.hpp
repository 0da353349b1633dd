// The hand-written kernels, one function per query of bench/queries.txt (`kernel:`),
// registered by name in bench/kernels.cpp. Each answers the query's SAM text, quoted
// above its definition, over the runtime's columns.
#pragma once

#include "bench/kernels.hpp"

namespace sam::bench::kernels {

// Attribute segments (attributes.cpp).
Answer BirthdayNl(const KernelInput& in);
Answer SeniorsDe(const KernelInput& in);
Answer NewBeApp(const KernelInput& in);
Answer Signup2y(const KernelInput& in);
Answer Optin12m(const KernelInput& in);
Answer BirthdayOptin(const KernelInput& in);

// Event aggregates and recency (events.cpp).
Answer Revenue365(const KernelInput& in);
Answer Lapsed(const KernelInput& in);
Answer Engaged(const KernelInput& in);
Answer LastOrder(const KernelInput& in);
Answer MultiProduct(const KernelInput& in);
Answer MailedUnengaged(const KernelInput& in);

// A nested event predicate (open_cart.cpp).
Answer OpenCart(const KernelInput& in);

// Rankings (ranking.cpp).
Answer HighValue(const KernelInput& in);
Answer TopClv(const KernelInput& in);
Answer BottomRev365(const KernelInput& in);
Answer RankClv(const KernelInput& in);

}  // namespace sam::bench::kernels
