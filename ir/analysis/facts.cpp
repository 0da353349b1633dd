#include "ir/analysis/facts.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>
#include <string>

#include "ir/analysis/reads.hpp"
#include "ir/eval.hpp"
#include "schema/calendar.hpp"

namespace sam::ir {

NodeFacts::NodeFacts(const Program& program) : p_(program) {
  const size_t n = p_.nodes.size();
  // Operands and scope nodes precede their users.
  depths_.assign(n, 0);
  for (NodeId id = 0; id < n; ++id) {
    const Node& node = p_.at(id);
    uint64_t d = 0;
    if (node.op == Op::EventField) {
      d = uint64_t{1} << node.depth();
    } else if (node.op == Op::Agg) {
      const AggSpec& g = p_.aggs[node.agg()];
      auto mask = [&](NodeId x) { return x == kNone ? uint64_t{0} : depths_[x]; };
      d = mask(g.low) | mask(g.high) | ((mask(g.filter) | mask(g.value)) & ((uint64_t{1} << g.depth) - 1));
    } else if (node.op != Op::Population && node.op != Op::LetRef) {
      for (NodeId a : node.args) d |= depths_[a];
    }
    depths_[id] = d;
  }
  hashes_.assign(n, 0);
  for (NodeId id = 0; id < n; ++id) {
    const Node& node = p_.at(id);
    uint64_t h = std::hash<std::string>{}(node.value.s);
    auto mix = [&h](uint64_t x) { h = (h ^ x) * 0x9E3779B97F4A7C15ull + (h >> 29); };
    mix(static_cast<uint64_t>(node.op));
    mix(static_cast<uint64_t>(node.type.kind));
    mix(static_cast<uint64_t>(node.value.i));
    mix(node.value.absent);
    mix(static_cast<uint64_t>(static_cast<int64_t>(node.a)));
    mix(static_cast<uint64_t>(static_cast<int64_t>(node.b)));
    mix(static_cast<uint64_t>(static_cast<int64_t>(node.c)));
    for (NodeId a : node.args) mix(hashes_[a]);
    // Aggregates and populations differ by their specs: never equal to another node.
    if (node.op == Op::Agg || node.op == Op::Population) mix(id);
    hashes_[id] = h;
  }
  has_agg_.assign(n, false);
  for (NodeId id = 0; id < n; ++id) {
    const Node& node = p_.at(id);
    bool agg = node.op == Op::Agg;
    for (NodeId a : node.args) agg = agg || has_agg_[a];
    has_agg_[id] = agg;
  }
}

bool NodeFacts::SameValue(NodeId a, NodeId b) const {
  if (a == b) return true;
  if (a == kNone || b == kNone || hashes_[a] != hashes_[b]) return false;
  const Node& x = p_.at(a);
  const Node& y = p_.at(b);
  if (x.op != y.op || x.type != y.type || !(x.value == y.value) || x.a != y.a || x.b != y.b || x.c != y.c ||
      x.args.size() != y.args.size() || x.op == Op::Agg || x.op == Op::Population) {
    return false;
  }
  for (size_t k = 0; k < x.args.size(); ++k) {
    if (!SameValue(x.args[k], y.args[k])) return false;
  }
  return true;
}

std::vector<std::optional<Value>> Invariants(const Program& p, int64_t today, int64_t now, const FoldNode& fold) {
  std::vector<std::optional<Value>> invariant(p.nodes.size());
  for (NodeId id = 0; id < p.nodes.size(); ++id) {
    const Node& n = p.at(id);
    if (n.op == Op::Const) {
      invariant[id] = n.value;
    } else if (n.op == Op::Today || n.op == Op::Now) {
      Value v;
      v.i = n.op == Op::Today ? today : now;
      invariant[id] = v;
    } else if (const bool foldable = IsFoldable(n.op, n.a); (foldable || (fold && n.op == Op::Call)) && !n.args.empty()) {
      std::vector<Operand> ops;
      bool all = true;
      for (NodeId a : n.args) {
        all = all && invariant[a] && !invariant[a]->absent;
        if (all) ops.push_back(Operand{p.at(a).type, *invariant[a]});
      }
      if (!all) continue;
      if (!foldable) {
        invariant[id] = fold(id, ops);
        continue;
      }
      auto v = Evaluate(n.op, n.type, n.a, ops, p.timezone);
      if (auto* value = std::get_if<Value>(&v)) invariant[id] = *value;
    }
  }
  return invariant;
}

namespace {

bool IntResult(const Type& t) {
  switch (t.kind) {
    case TypeKind::Int:
    case TypeKind::Decimal:
    case TypeKind::Date:
    case TypeKind::Timestamp:
    case TypeKind::Duration:
    case TypeKind::Enum:
      return true;
    case TypeKind::Error:
    case TypeKind::Float:
    case TypeKind::Bool:
    case TypeKind::String:
    case TypeKind::Set:
    case TypeKind::Stream:
    case TypeKind::Row:
    case TypeKind::RefTable:
      return false;
  }
  return false;
}

// A calendar part of a date or an instant, a string's length, a date's anniversary
// or first instant are defined for every value (docs/builtins.md names the built-ins
// that stop a run): a test of them per event need not be checked. So are the days,
// months and years between dates: a date is within 10^15 years of 1970 (add_months,
// add_years and a duration's range see to it), so no difference of two overflows.
// Every other built-in with a number or a date for an answer is taken as able to fail
// (hours_since: an instant may be near the end of the 64-bit range).
bool BuiltinCanFail(stdlib::BuiltinId id) {
  using stdlib::BuiltinId;
  switch (id) {
    case BuiltinId::Year:
    case BuiltinId::Month:
    case BuiltinId::Day:
    case BuiltinId::Weekday:
    case BuiltinId::DateOf:
    case BuiltinId::StartOf:
    case BuiltinId::Anniversary:
    case BuiltinId::Length:
    case BuiltinId::DaysSince:
    case BuiltinId::DaysBetween:
    case BuiltinId::MonthsBetween:
    case BuiltinId::YearsBetween:
    case BuiltinId::YearsSince: return false;
    default: return true;
  }
}

// One node's answer from its operands' current answers; records its value range
// where known.
// The run dates a program may be asked about (a date's year 0000 to 10000, with room
// for a zone's offset in `now`): `now - 90d` cannot overflow.
constexpr __int128 kDay128 = 86'400'000'000;
constexpr __int128 kFirstDay = DaysFromCivil(0, 1, 1), kLastDay = DaysFromCivil(10000, 12, 31);

class CanFailRule {
 public:
  CanFailRule(const Program& p, const std::vector<std::optional<Value>>& invariants, const FieldRange& fields,
              const std::vector<bool>& can_fail)
      : p_(p), invariant_(invariants), fields_(fields), can_fail_(can_fail), ranges_(p.nodes.size()) {}

  // Whether computing `id` can fail, its operands included; `own` is set to whether
  // its own operation can (an overflow check the node itself needs).
  bool Fails(NodeId id, bool& own) {
    const Node& n = p_.at(id);
    const bool int_result = IntResult(n.type);
    bool fails = false;
    own = false;
    for (NodeId a : n.args) fails = fails || can_fail_[a];
    if (invariant_[id] && !invariant_[id]->absent && (int_result || n.type.kind == TypeKind::Bool)) {
      ranges_[id] = IntRange{invariant_[id]->i, invariant_[id]->i};
    }
    switch (n.op) {
      case Op::CustomerField: ranges_[id] = fields_(p_.customers, n.field()); break;
      case Op::EventField: ranges_[id] = fields_(n.table(), n.field()); break;
      case Op::Add:
      case Op::Sub: own = AddFails(id, n, int_result); break;
      case Op::Mul:
      case Op::Neg:
      case Op::Div:
      case Op::Cast: own = int_result && !invariant_[id]; break;
      case Op::Call: own = int_result && !invariant_[id] && BuiltinCanFail(n.builtin()); break;
      case Op::LetRef: {
        const NodeId root = p_.lets[n.let()].root;
        fails = can_fail_[root];
        if (!ranges_[id]) ranges_[id] = ranges_[root];
        break;
      }
      case Op::Agg: {
        const AggSpec& g = p_.aggs[n.agg()];
        for (NodeId x : {g.low, g.high, g.filter, g.value}) fails = fails || (x != kNone && can_fail_[x]);
        own = (g.op == AggOp::Sum || g.op == AggOp::Avg) && int_result;
        break;
      }
      case Op::Today:
        if (!ranges_[id]) ranges_[id] = IntRange{kFirstDay, kLastDay};
        break;
      case Op::Now:
        if (!ranges_[id]) ranges_[id] = IntRange{kFirstDay * kDay128 - 2 * kDay128, kLastDay * kDay128 + 2 * kDay128};
        break;
      case Op::If: case Op::Coalesce: {
        // Either side's value: `15 if c` in a score is 15 or 0.
        const size_t first = n.op == Op::If ? 1 : 0;
        const auto& x = ranges_[n.args[first]];
        const auto& y = ranges_[n.args[first + 1]];
        if (int_result && x && y && !ranges_[id]) ranges_[id] = IntRange{std::min(x->lo, y->lo), std::max(x->hi, y->hi)};
        break;
      }
      case Op::Const: case Op::ListMember: case Op::TriggerTime:
      case Op::TriggerField: case Op::EntryTime: case Op::DateToTimestamp: case Op::Not: case Op::Min:
      case Op::Max: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
      case Op::And: case Op::Or: case Op::IsPresent: case Op::InSet:
      case Op::Population: case Op::Lookup:
        break;
    }
    return fails || own;
  }

 private:
  // `a + b`, `a - b` on integers cannot overflow when both ranges are known and the
  // result's range fits.
  bool AddFails(NodeId id, const Node& n, bool int_result) {
    if (!int_result || invariant_[id]) return false;
    constexpr __int128 kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
    const std::optional<IntRange>& x = ranges_[n.args[0]];
    const std::optional<IntRange>& y = ranges_[n.args[1]];
    if (!x || !y) return true;
    IntRange r{n.op == Op::Add ? x->lo + y->lo : x->lo - y->hi, n.op == Op::Add ? x->hi + y->hi : x->hi - y->lo};
    if (r.lo < kMin || r.hi > kMax) return true;
    ranges_[id] = r;
    return false;
  }

  const Program& p_;
  const std::vector<std::optional<Value>>& invariant_;
  const FieldRange& fields_;
  const std::vector<bool>& can_fail_;
  std::vector<std::optional<IntRange>> ranges_;
};

// Every node, each after the nodes it reads (its arguments, a let's root, an
// aggregate's bounds, filter and value): an iterative depth-first walk.
std::vector<NodeId> OperandsFirst(const Program& p) {
  auto reads = [&](NodeId id) {
    std::vector<NodeId> out;
    ForEachOperand(p, id, [&](NodeId x) { out.push_back(x); });
    return out;
  };
  std::vector<NodeId> order;
  order.reserve(p.nodes.size());
  std::vector<uint8_t> seen(p.nodes.size(), 0);
  std::vector<std::pair<NodeId, std::vector<NodeId>>> stack;
  for (NodeId start = 0; start < p.nodes.size(); ++start) {
    if (seen[start]) continue;
    seen[start] = 1;
    stack.push_back({start, reads(start)});
    while (!stack.empty()) {
      auto& [id, todo] = stack.back();
      if (!todo.empty()) {
        const NodeId a = todo.back();
        todo.pop_back();
        if (a != kNone && a < p.nodes.size() && !seen[a]) {
          seen[a] = 1;
          stack.push_back({a, reads(a)});
        }
        continue;
      }
      order.push_back(id);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace

std::vector<bool> CanFail(const Program& p, const std::vector<std::optional<Value>>& invariants,
                          const FieldRange& fields, std::vector<bool>* own) {
  std::vector<bool> can_fail(p.nodes.size(), false);
  std::vector<bool> own_fails(p.nodes.size(), false);
  CanFailRule rule(p, invariants, fields, can_fail);
  auto fails = [&](NodeId id) {
    bool mine = false;
    const bool any = rule.Fails(id, mine);
    if (mine) own_fails[id] = true;
    return any;
  };
  // Operands first (a let's root and an aggregate's parts need not precede their
  // users in the node order), so that a node sees its operands' ranges: a score's sum
  // of `15 if c` terms is known not to overflow. Then, as a guard, until nothing
  // changes (a node only ever turns to failing).
  const std::vector<NodeId> order = OperandsFirst(p);
  for (bool changed = true; changed;) {
    changed = false;
    for (NodeId id : order) {
      if (!can_fail[id] && fails(id)) can_fail[id] = true, changed = true;
    }
  }
  if (own) *own = std::move(own_fails);
  return can_fail;
}

}  // namespace sam::ir
