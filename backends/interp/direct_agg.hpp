// Aggregates evaluated straight from the columns: when an aggregate's `where` is a
// conjunction of simple tests on its own events' fields (`kind in {open, click}`,
// `score <= 4`, `complaint`, `cart_id is present`) and its value is one of its own
// events' fields (`orders.amount`), the interpreter needs no event scope, no vectors
// of decoded values and no per-node memo: each test runs over the stored (narrow)
// values of the events inside each row's window, into one match mask, and the
// reduction reads the stored values too (a sum of stored amounts is scaled once per
// row). Everything else goes through the general event scopes of aggregate.cpp; both
// give exactly the same results (tests/oracle checks them against SQLite).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "backends/interp/column_filter.hpp"
#include "backends/interp/runtime_types.hpp"
#include "backends/interp/vec.hpp"
#include "ir/ir.hpp"

namespace sam::interp {

struct DirectAgg {
  std::vector<EventTest> tests;   // all must hold
  const Column* value = nullptr;  // the value's column, or none
  Type value_type;
};

// The direct plan of an aggregate, if it has one. `invariant`: per node, its value
// if it is the same for every event (constants, `now - 7d`); `outer`: whether a node
// is computed in a scope enclosing the aggregate's events; `dictionary`: string tests
// of a dictionary column as tables of its codes (column_filter.hpp).
std::optional<DirectAgg> PlanDirect(const ir::Program& p, const Database& db, const ir::AggSpec& g,
                                    const std::vector<std::optional<ir::Value>>& invariant,
                                    const std::function<bool(ir::NodeId)>& outer,
                                    const DictionaryTest& dictionary = nullptr);

// Reduces each row's events [s[r], e[r]) into out[r] (out sized and, for optional
// results, all absent). `outer`: per test with an outer node, in order, that node's
// values for the rows. Returns the first row whose integer result overflows.
std::optional<size_t> RunDirect(const DirectAgg& d, const ir::AggSpec& g, const Type& result, const uint64_t* s,
                                const uint64_t* e, size_t rows, const std::vector<const Vec*>& outer, Vec& out);

// The same for a morsel's customers (rows = customers c0, c0 + 1, ...) when every row
// has the same window [low, horizon) (`within 365d`; low null: unbounded): the window
// becomes one more test, on the time column, and every pass runs over all of the
// morsel's events at once, with no per-customer ranges or searches; counts and sums
// come from prefix sums at the customers' CSR offsets. Returns false, having done
// nothing, where that does not apply (other operations, floats, 64-bit values).
// `shared`: the morsel's entry for the table and window, or null to compute
// everything in scratch space.
// A morsel's events of one table in one window: the mask (shared by every aggregate
// over that window, which adds its own tests to a copy) and, once an aggregate without
// tests needed them, its bit set and the matches before each 64 events
// (`count(orders within 365d)` and `sum(orders.amount within 365d)` share all of it).
struct FlatMatches {
  bool mask_ready = false;
  bool bits_ready = false;
  std::vector<uint8_t> mask;
  std::vector<uint64_t> bits;
  std::vector<uint32_t> counts;
};

bool RunFlat(const DirectAgg& d, const ir::AggSpec& g, const Type& result, const Column& time, const int64_t* low,
             int64_t horizon, const uint64_t* offsets, uint64_t c0, size_t rows, FlatMatches* shared, Vec& out,
             std::optional<size_t>& overflow);

}  // namespace sam::interp
