// The aggregates over events (`count(orders within 30d)`, `sum(orders.amount)`): one
// list for the checker, the IR and every backend.
#pragma once

#include <cstdint>
#include <string_view>

namespace sam {

enum class AggOp : uint8_t { Count, Sum, Min, Max, Avg, First, Last, Any, All, None };

// The aggregate's name as written in programs: "count", "sum", ...
std::string_view AggOpText(AggOp op);

}  // namespace sam
