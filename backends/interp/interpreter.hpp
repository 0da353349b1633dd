// The reference interpreter: executes the typed IR over a Database.
//
// Customers are processed in morsels of kMorsel, in parallel on a thread pool; every
// morsel writes only its own slice of the results, so results do not depend on the
// number of threads. Within a morsel, every IR node is a whole-vector operation:
// - customer-level nodes work on vectors of the morsel's customers;
// - an aggregate opens an event scope: for every row of the enclosing scope it finds
//   the customer's event range (CSR offsets) and narrows it to the windows by binary
//   search on the time column, then evaluates `where` and the value as vectors over
//   all those events at once and reduces each row's segment;
// - a nested aggregate does the same per outer event (a scope of event pairs).
// Lets are computed inside each morsel where they are used, once per morsel (a memo
// per scope); population operations (rank, top) need their value for all customers,
// so they are computed for all customers first, in passes of their own.
//
// Runtime rules (docs/language.md, "Runtime errors"): a division by zero is absent;
// an integer or decimal overflow stops the run with an error naming the customer and
// the expression; a window bound that is absent selects no events.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/backend.hpp"
#include "backends/interp/direct_agg.hpp"
#include "backends/interp/runtime_types.hpp"
#include "backends/interp/vec.hpp"
#include "ir/analysis/facts.hpp"
#include "ir/ir.hpp"
#include "runtime/exec/reference_index.hpp"

namespace sam::interp {

// A population node's result for every customer.
struct PopulationResult {
  // `top`/`bottom`: one byte per customer, 1 for a member (a boolean: 1 MB for a
  // million customers where a Vec of them would be 8).
  bool is_member = false;
  rt::ColumnVector<uint8_t> member;
  Vec values;  // `rank`/`percentile`
};

class Interpreter {
 public:
  // `direct` false: every aggregate goes through the general event scopes, never
  // straight from the columns (direct_agg.hpp); tests run both ways and compare.
  Interpreter(const ir::Program& program, const Database& db, backend::Context context, bool direct = true);
  ~Interpreter();

  // The values of a customer-level node for every customer (rows in key order).
  Vec EvaluateAll(ir::NodeId node);
  // The values of a customer-level node for these rows, in the order asked (repeats
  // allowed): only the morsels that hold them are computed, so asking for a few rows
  // costs a few morsels, not every customer.
  Vec EvaluateRows(ir::NodeId node, std::span<const uint32_t> rows);
  // The values of a let for every customer (computed once).
  const Vec& Let(int let);
  // The customers in segment `segment` (a let index; -1: all) for which `where` holds
  // (kNone: no condition), in one pass over the morsels: nothing is materialized for
  // all customers. `member`, if given, receives one byte per customer (1: a member).
  // `takeover`, if given, is asked before each morsel whether it computes it instead.
  uint64_t Members(int segment, ir::NodeId where, std::vector<uint8_t>* member,
                   const backend::MorselTakeover* takeover = nullptr);
  // Events of `table` before `now` for which `filter` holds, from `since` on
  // (backend::Prepared::Events).
  std::vector<backend::EventRow> Events(int table, ir::NodeId filter, int64_t since = INT64_MIN, int64_t until = INT64_MAX);
  // Those of the customers at `rows` only (backend::Prepared::EventsOf).
  std::vector<backend::EventRow> EventsOf(int table, ir::NodeId filter, std::span<const uint32_t> rows, int64_t since);
  // A let computed for every customer already, or null: other lets are computed
  // inside each morsel where they are used, sharing the morsel's work (one window
  // search for `count(orders within 365d)` and `sum(orders.amount within 365d)`).
  const Vec* Materialized(int let) const { return lets_[let].get(); }
  // Whether two nodes compute the same value (same operations on the same operands).
  bool SameValue(ir::NodeId a, ir::NodeId b) const { return facts_.SameValue(a, b); }

  const ir::Program& program() const { return p_; }
  const Database& db() const { return db_; }
  int64_t today() const { return ctx_.today; }
  const backend::Context& context() const { return ctx_; }
  int64_t now() const { return now_; }
  uint64_t customers() const { return db_.customer_count(); }
  // Bitmask of the event depths a node reads (bit d: depth d).
  uint64_t Depths(ir::NodeId id) const { return facts_.Depths(id); }
  // Whether computing a node runs an aggregate (worth skipping for rows whose result
  // is already decided: `kind == cart_add and none(orders ...)`).
  bool HasAggregate(ir::NodeId id) const { return facts_.HasAggregate(id); }
  // Whether computing a node can stop the run (an overflow). Every operand is computed
  // for every row (docs/language.md, "Runtime errors"), so work may be skipped only
  // where it cannot fail: `c.occurred_at + 1us` on a column of 32-bit seconds cannot.
  bool CanFail(ir::NodeId id) const { return can_fail_[id]; }
  // A population node's precomputed result for every customer.
  const PopulationResult& Population(ir::NodeId id) const { return *population_[id]; }
  // Keeps computed strings alive as long as the interpreter.
  std::string_view Intern(std::string s);
  // `bytes` bytes that live as long as the interpreter, for a morsel's computed strings
  // at once: one allocation and one lock per call, not per string.
  char* InternBuffer(size_t bytes);
  // The values of node `id` for each entry of `col`'s dictionary, then for "" and for
  // absent, with `leaves` (the nodes that read a field of `col`) given: computed once per run
  // (elementwise_dictionary.cpp).
  const Vec& DictionaryValues(ir::NodeId id, const std::vector<ir::NodeId>& leaves, const Column& col);
  // A test of an aggregate's own dictionary column through string built-ins as the
  // table of its codes that pass (column_filter.hpp, DictionaryTest), if it is one.
  std::optional<EventTest> DictionaryCodes(ir::NodeId id, const FieldColumn& field);
  // The customer's key as text, for messages.
  std::string CustomerKey(uint64_t row) const;
  const TimeZoneTable& zone() const { return zone_; }
  // The value of a node that is the same for every customer and event (`now - 365d`,
  // a constant), computed once for the run; null for the others.
  const ir::Value* Invariant(ir::NodeId id) const { return invariant_[id] ? &*invariant_[id] : nullptr; }
  // A comparison node's test on a customer column's stored values, if it has one.
  const EventTest* CustomerTest(ir::NodeId id) const { return customer_tests_[id] ? &*customer_tests_[id] : nullptr; }
  // The aggregate's plan for evaluation straight from the columns, if it has one.
  const DirectAgg* Direct(int agg) const { return direct_[agg] ? &*direct_[agg] : nullptr; }
  // The row of a reference table with this key (int-like or string), if any.
  std::optional<uint32_t> ReferenceRow(int table, int64_t key) const { return references_[table].Find(key); }
  std::optional<uint32_t> ReferenceRow(int table, std::string_view key) const { return references_[table].Find(key); }

 private:
  std::vector<backend::EventRow> ScanEvents(int table, ir::NodeId filter, int64_t since, int64_t until,
                                            const std::span<const uint32_t>* only);
  // A built-in's value from invariant operands, computed once (ir::FoldNode).
  std::optional<ir::Value> FoldOnce(ir::NodeId id, const std::vector<ir::Operand>& operands);
  void Prepare(ir::NodeId root);
  void CollectNeeds(ir::NodeId root, std::vector<ir::NodeId>& pops) const;
  void ComputePopulation(ir::NodeId id);
  template <class Fn>
  void ForEachMorsel(Fn&& fn);

  const ir::Program& p_;
  const Database& db_;
  backend::Context ctx_;
  bool direct_enabled_ = true;
  int64_t now_ = 0;
  ir::NodeFacts facts_;
  std::vector<bool> can_fail_;  // per node (CanFail)
  std::optional<ir::IntRange> StoredRange(int table, int field) const;
  std::vector<std::unique_ptr<Vec>> lets_;
  std::vector<std::unique_ptr<PopulationResult>> population_;
  std::mutex arena_mutex_;
  std::deque<std::string> arena_;
  std::vector<std::unique_ptr<char[]>> buffers_;  // InternBuffer's
  std::mutex dictionary_mutex_;
  std::unordered_map<ir::NodeId, Vec> dictionary_values_;  // DictionaryValues's, by node
  int threads_ = 1;
  const TimeZoneTable& zone_;
  std::vector<rt::ReferenceIndex> references_;  // per table
  std::vector<std::optional<DirectAgg>> direct_;  // per aggregate
  std::vector<std::optional<ir::Value>> invariant_;  // per node
  std::vector<std::optional<EventTest>> customer_tests_;  // per node
};

// Test hook: the rows for which built-ins have been computed in this process, all
// nodes and runs together (a built-in with invariant operands counts one row per run).
uint64_t BuiltinRowsComputed();

}  // namespace sam::interp
