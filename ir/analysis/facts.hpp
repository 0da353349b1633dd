// Facts about the nodes of a program that every backend needs to plan its work:
// which event depths a node reads, whether computing it runs an aggregate, which
// nodes compute the same value (common subexpressions), which have the same value for
// every customer at a run moment (invariants), and which can stop a run with an
// overflow. Computed once per program (invariants and can-fail once per run), in one
// place, so that the interpreter and the JIT plan from the same facts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "ir/eval.hpp"
#include "ir/ir.hpp"

namespace sam::ir {

// The deepest event depth in a depth mask, -1 for none (a customer-level value).
inline int LevelOf(uint64_t depths) { return depths == 0 ? -1 : 63 - __builtin_clzll(depths); }

class NodeFacts {
 public:
  explicit NodeFacts(const Program& program);

  // Bitmask of the event depths a node reads (bit d: depth d).
  uint64_t Depths(NodeId id) const { return depths_[id]; }
  // Whether computing a node runs an aggregate.
  bool HasAggregate(NodeId id) const { return has_agg_[id]; }
  // Whether two nodes compute the same value (same operations on the same operands;
  // aggregates and rankings only equal themselves).
  bool SameValue(NodeId a, NodeId b) const;

 private:
  const Program& p_;
  std::vector<uint64_t> depths_;
  std::vector<uint64_t> hashes_;  // structural hash per node
  std::vector<bool> has_agg_;
};

// A backend's value of a node whose operands are all invariant and present but that
// Evaluate cannot compute (a built-in such as `add_years`), computed once with the
// backend's own implementation; nullopt leaves the node to be computed per row (an
// error, reported with the customer).
using FoldNode = std::function<std::optional<Value>(NodeId id, const std::vector<Operand>& operands)>;

// The value of every node that is the same for every customer and event at the run
// moment (`today`, days; `now`, its local midnight in µs): constants, `today`, `now`,
// and foldable operations on them (ir/eval.cpp; with `fold`, also the built-ins it
// computes) without an absent operand or an error (those are left to the backends,
// which report them with the customer). Computed in node order, so that a node over
// folded built-ins (`start_of(add_years(today, -2))`) folds too.
std::vector<std::optional<Value>> Invariants(const Program& program, int64_t today, int64_t now,
                                             const FoldNode& fold = {});

// The range of the values a stored field can hold, when narrower than int64 (a
// column stored in fewer bits).
struct IntRange {
  __int128 lo = 0, hi = 0;
};
using FieldRange = std::function<std::optional<IntRange>(int table, int field)>;

// Whether computing each node can stop the run with an overflow. Every operand is
// computed for every row (docs/language.md, "Runtime errors"), so work may be skipped
// only where it cannot fail: `c.occurred_at + 1us` on a column of 32-bit seconds
// cannot. `fields` gives what the data knows of stored fields' ranges. `own`, when
// given, is set per node to whether its own operation can fail (not only an operand):
// the checks a compiled kernel needs.
std::vector<bool> CanFail(const Program& program, const std::vector<std::optional<Value>>& invariants,
                          const FieldRange& fields, std::vector<bool>* own = nullptr);

}  // namespace sam::ir
