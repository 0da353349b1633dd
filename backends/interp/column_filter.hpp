// Tests on the stored values of a column, for the rows of a table that an operator
// reads: the filters of aggregates evaluated straight from the columns
// (direct_agg.hpp) and comparisons of customer fields with constants. A test turns
// `kind in {open, click}`, `score <= 4`, `complaint`, `cart_id is present` or
// `country == "BE"` into a range, a set or a presence check on stored (narrow) values,
// so that the loops read the column as it is stored and vectorize.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "backends/interp/runtime_types.hpp"
#include "backends/interp/vec.hpp"
#include "ir/ir.hpp"

namespace sam::interp {

// One test on one column of an event, on its stored values: present, and (unless
// `presence_only`) stored in [lo, hi] (or, `negate`, outside it), or in `set`;
// float columns compare logical values.
struct EventTest {
  const Column* column = nullptr;
  bool presence_only = false;
  bool is_set = false;
  bool negate = false;
  int64_t lo = 0, hi = 0;    // stored values, inclusive
  std::vector<int64_t> set;  // stored values
  ir::Op float_op = ir::Op::Eq;
  double f = 0;              // float columns: the constant of `float_op`
  // A test of a date part of a date column (`month(birth_date) == 11`): pass[s - lo]
  // is the test's answer for stored value s, for every stored value of the column
  // (lo, hi: their range, scanned when planned).
  std::vector<uint8_t> pass;
  // pass[] of a dictionary column's codes (a string test through built-ins,
  // `lower(category) == "books"`): a stored value past the table reads its last
  // entry, which is false.
  bool clamp = false;
  // A date part of a timestamp column (`month(ordered_at) == 12`): pass[(x - origin) /
  // 15 minutes] for the logical value x (a quarter of an hour's instants share a
  // local date).
  bool per_quarter = false;
  int64_t origin = 0;
  // Not kNone: the field equals this node's value for the enclosing row (`cart_id ==
  // c.cart_id` inside an aggregate over orders nested in one over carts), computed in
  // the enclosing scope; lo, hi and set are unused.
  ir::NodeId outer = ir::kNone;
};

// Per node, its value if it is the same for every row (constants, `now - 7d`).
using Invariants = std::vector<std::optional<ir::Value>>;
// The column a node reads, if it is a field the tests may read; else null.
using FieldColumn = std::function<const Column*(ir::NodeId)>;
// Whether a node is computed in a scope enclosing the rows tested.
using OuterNode = std::function<bool(ir::NodeId)>;

// Sets t.lo, t.hi to the stored values s with lo <= base + s * unit <= hi.
void StoredRange(const Column& c, __int128 lo, __int128 hi, EventTest& t);

// A test of one dictionary column through string built-ins (`contains(lower(name),
// "news")`) as a table of its codes, if node `id` is one: the interpreter computes
// it per dictionary entry (elementwise_dictionary.cpp).
using DictionaryTest = std::function<std::optional<EventTest>(ir::NodeId, const FieldColumn&)>;

// Adds the tests of a conjunction (`a and b and ...`) of tests on fields; false when a
// part is not such a test.
bool AddTests(const ir::Program& p, const FieldColumn& field, const Invariants& inv, const OuterNode& outer,
              ir::NodeId id, std::vector<EventTest>& out, const DictionaryTest& dictionary = nullptr);

// mask &= test, over every row's events [s[r], e[r]), the rows' events one after the
// other in the mask.
void ApplyTest(const EventTest& t, const uint64_t* s, const uint64_t* e, size_t rows, uint8_t* mask);
// The same for a test against the rows' outer values (t.outer computed as `outer`).
void ApplyOuterTest(const EventTest& t, const Vec& outer, const uint64_t* s, const uint64_t* e, size_t rows,
                    uint8_t* mask);

// A comparison of a customer field with constants (`country == "BE"`, `signup_at >=
// now - 365d`, `inflow_channel in {web, app}`) as one test on its column's stored
// values, if it is one.
std::optional<EventTest> PlanCustomerTest(const ir::Program& p, const Database& db, ir::NodeId id,
                                          const Invariants& invariant);
// mask[r] = the test holds for customer row first + r (0 where the field is absent).
void RunCustomerTest(const EventTest& t, uint64_t first, size_t n, uint8_t* mask);

// Calls f with the column's stored values as a typed pointer.
template <class F>
void WithStored(const Column& c, F&& f) {
  switch (c.encoding) {
    case Encoding::Int8: f(c.values.as<int8_t>()); break;
    case Encoding::Int16: f(c.values.as<int16_t>()); break;
    case Encoding::Int32:
    case Encoding::Dict32: f(c.values.as<int32_t>()); break;
    case Encoding::Int64: f(c.values.as<int64_t>()); break;
    case Encoding::Float64: case Encoding::Plain: f(c.values.as<double>()); break;
  }
}

}  // namespace sam::interp
