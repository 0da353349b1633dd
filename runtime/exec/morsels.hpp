// The morsel driver: customers are processed in morsels of kMorsel consecutive rows,
// on a thread pool. Every morsel writes only its own slice of a result, so results do
// not depend on the number of threads; a failing run reports the error of its first
// failing morsel, whatever the timing. Every backend runs its per-customer work
// through here.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "runtime/exec/parallel.hpp"

namespace sam::rt {

inline constexpr size_t kMorsel = 2048;

// fn(first customer, number of customers) for every morsel of `customers`.
template <class Fn>
void ForEachMorsel(uint64_t customers, int threads, Fn&& fn) {
  const size_t morsels = static_cast<size_t>((customers + kMorsel - 1) / kMorsel);
  ParallelFor(morsels, threads, [&](size_t m) {
    const uint64_t c0 = m * kMorsel;
    fn(c0, static_cast<size_t>(std::min<uint64_t>(kMorsel, customers - c0)));
  });
}

}  // namespace sam::rt
