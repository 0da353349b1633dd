// Evaluation of IR nodes over one morsel of customers (see interpreter.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "backends/interp/interpreter.hpp"
#include "backends/interp/scope.hpp"

namespace sam::interp {

struct BuiltinCall;  // builtins.hpp

class MorselEval {
 public:
  MorselEval(Interpreter& in, uint64_t first_customer, size_t customers);

  // The node's values for the rows of `scope` (memoized in the scope).
  const Vec& Eval(ir::NodeId id, Scope& scope);
  Scope& customers() { return root_; }
  // Rows that are not customers (a dictionary's entries, a built-in's operands folded
  // once): no path that reads columns or the interpreter's facts of nodes, which may
  // not exist yet.
  void SyntheticRows() { synthetic_rows_ = true; }
  // A node's value for the morsel's rows with its operands given (invariants), not
  // evaluated: a built-in computed once per run (Interpreter::FoldOnce).
  Vec ComputeWith(ir::NodeId id, const std::vector<ir::Operand>& operands);
  uint64_t first_customer() const { return c0_; }

  // Bool node: t[r] = 1 where it is known true, f[r] = 1 where known false (neither:
  // absent). And, or and not of comparisons with constants stay in bytes throughout.
  void TruthBytes(ir::NodeId id, Scope& scope, uint8_t* t, uint8_t* f);
  // Whether TruthBytes does better for the node than a vector of its values.
  bool HasTruthBytes(ir::NodeId id) const;

  // Raises the run's error for a row of `scope`, naming its customer.
  [[noreturn]] void Fail(Scope& scope, size_t row, const ir::Node& node, const std::string& what);

 private:
  Vec Compute(ir::NodeId id, Scope& scope);
  Vec Constant(const Type& type, const ir::Value& value, size_t rows);
  Vec CustomerField(const ir::Node& n);
  Vec EventField(const ir::Node& n, Scope& scope);
  Vec LetSlice(const Vec& all);
  // This morsel's part of a population node's result.
  Vec PopulationSlice(const PopulationResult& pop);
  Vec ListMember(const ir::Node& n);
  Vec ContextTime(const ir::Node& n, const std::vector<int64_t>* times);  // trigger.at, entry
  // Per row of the morsel: its index in the context's trigger and entry values, or -1
  // (backend::Context::rows: the sparse form holds values for some customers only).
  std::vector<int64_t> ContextSlots() const;
  Vec TriggerField(const ir::Node& n);
  Vec Lookup(const ir::Node& n, Scope& scope);
  Vec Aggregate(const ir::Node& n, Scope& scope);  // aggregate.cpp
  Vec Elementwise(ir::NodeId id, Scope& scope);    // elementwise.cpp: fast paths, then by class
  using Args = std::vector<const Vec*>;             // an operation's operand values
  Vec PresentValues(const Args& args, size_t rows);  // elementwise_presence.cpp
  Vec IfValues(const ir::Node& n, const Args& args, size_t rows);
  Vec CoalesceValues(const ir::Node& n, const Args& args, size_t rows);
  Vec InSetValues(const Args& args, size_t rows);  // elementwise_compare.cpp
  Vec Comparison(const ir::Node& n, const Args& args, size_t rows);
  // elementwise_arith.cpp; nullopt: no loop of its own for these operand types.
  std::optional<Vec> AddSub(const ir::Node& n, const Args& args, Scope& scope);
  std::optional<Vec> DateMath(const ir::Node& n, const Args& args, Scope& scope);
  std::optional<Vec> Negate(const ir::Node& n, const Args& args, Scope& scope);
  Vec Concatenate(const Args& args, size_t rows);  // `+` on strings
  std::optional<Vec> Multiply(const ir::Node& n, const Args& args, Scope& scope);
  std::optional<Vec> Divide(const ir::Node& n, const Args& args, Scope& scope);
  std::optional<Vec> CastValues(const ir::Node& n, const Args& args, Scope& scope);
  Vec RowByRow(const ir::Node& n, const Args& args, Scope& scope);  // with ir::Evaluate
  // The column of field node `x` when it is read in this scope (a customer field at
  // the customers' level, an event field at its table's depth), else null.
  const Column* ScopeColumn(const ir::Node& x, const Scope& scope) const;
  // The column's presence bytes / logical values for the scope's rows; `present` is
  // left empty when every value is present.
  void ScopePresent(const Column& col, const Scope& scope, uint8_t* out) const;
  void ScopeInts(const Column& col, const Scope& scope, int64_t* out, rt::ColumnVector<uint8_t>* present) const;
  std::optional<Vec> StringCodeCompare(const ir::Node& n, Scope& scope);
  // elementwise_dictionary.cpp: string built-ins over a dictionary column, per entry.
  std::optional<Vec> DictionaryValues(ir::NodeId id, Scope& scope);
  // elementwise_string_match.cpp: a string against a constant, read folded in place.
  std::optional<Vec> FoldedStringTest(const ir::Node& n, Scope& scope);
  bool ShortCircuits(const ir::Node& n, const Scope& scope) const;
  std::optional<Vec> ShortCircuit(const ir::Node& n, Scope& scope);
  std::optional<Vec> FieldPresent(const ir::Node& n, Scope& scope);
  std::optional<Vec> IfConstants(const ir::Node& n, Scope& scope);
  std::optional<Vec> CompareWithConstants(const ir::Node& n, Scope& scope);
  Vec Builtin(const ir::Node& n, Scope& scope);    // builtins.cpp: by class of built-in
  void DateBuiltin(BuiltinCall& call, Scope& scope);    // builtins_date.cpp
  void StringBuiltin(BuiltinCall& call, Scope& scope);  // builtins_string.cpp
  void NumberBuiltin(BuiltinCall& call, Scope& scope);  // builtins_number.cpp

  Scope& Ancestor(Scope& scope, int depth);
  const std::vector<uint32_t>& AncestorRows(Scope& scope, int depth);

  Interpreter& in_;
  const ir::Program& p_;
  uint64_t c0_;
  bool synthetic_rows_ = false;
  Scope root_;
  // Window ranges of the morsel's customers, shared by aggregates over the same table
  // and bounds (`count(orders within 365d)`, `sum(orders.amount within 365d)`).
  struct Ranges {
    int table;
    ir::NodeId low, high;
    std::vector<uint64_t> s, e;
  };
  std::deque<Ranges> ranges_;
  // The matches of flat aggregates, by table and window (RunFlat).
  struct Window {
    int table;
    bool has_low;
    int64_t low;
    int64_t horizon;  // the window's end: `now`, or an earlier end the same for every row
    FlatMatches matches;
  };
  std::deque<Window> windows_;
};

// Highest event depth in a Depths() mask, -1 for none.
using ir::LevelOf;

// Rows of `v` picked by `rows` (a broadcast from an enclosing scope).
Vec Gather(const Vec& v, const std::vector<uint32_t>& rows);

// A bool vector as bytes: t[r] = present and true, f[r] = present and false.
void Truth(const Vec& v, uint8_t* t, uint8_t* f);

}  // namespace sam::interp
