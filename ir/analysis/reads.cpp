#include "ir/analysis/reads.hpp"

#include <algorithm>

namespace sam::ir {
namespace {

class Reads {
 public:
  explicit Reads(const Program& p) : p_(p), seen_(p.nodes.size()), seen_lets_(p.lets.size()) {}

  void Let(int let) {
    if (let < 0 || static_cast<size_t>(let) >= p_.lets.size() || seen_lets_[let]) return;
    seen_lets_[let] = true;
    Push(p_.lets[let].root);
  }
  void Push(NodeId id) {
    if (id == kNone || id >= p_.nodes.size() || seen_[id]) return;
    seen_[id] = true;
    stack_.push_back(id);
  }
  // Iterative: expression chains can be 100,000 nodes long.
  std::vector<ColumnRead> Walk() {
    while (!stack_.empty()) {
      NodeId n = stack_.back();
      stack_.pop_back();
      Visit(p_.at(n));
    }
    return std::move(out_);
  }

 private:
  void Add(int table, int field) {
    ColumnRead c{table, field};
    if (table >= 0 && std::find(out_.begin(), out_.end(), c) == out_.end()) out_.push_back(c);
  }
  void AddTimeOf(int table) {
    if (table >= 0 && static_cast<size_t>(table) < p_.tables.size() && p_.tables[table].time >= 0) {
      Add(table, p_.tables[table].time);
    }
  }

  void Visit(const ir::Node& n) {
    for (NodeId a : n.args) Push(a);
    switch (n.op) {
      case Op::CustomerField: Add(p_.customers, n.a); break;
      case Op::EventField:
      case Op::TriggerField: Add(n.a, n.b); break;
      case Op::ListMember: Add(n.a, kRows); break;
      case Op::LetRef: Let(n.a); break;
      case Op::Agg: {
        const AggSpec& g = p_.aggs[n.a];
        Add(g.table, kRows);
        AddTimeOf(g.table);  // window bounds, first/last and the order of events
        for (NodeId x : {g.low, g.high, g.filter, g.value}) Push(x);
        break;
      }
      case Op::Population: Let(p_.pops[n.a].among); break;
      case Op::Lookup:
        if (n.a >= 0 && static_cast<size_t>(n.a) < p_.tables.size()) Add(n.a, p_.tables[n.a].key);
        Add(n.a, n.b);
        break;
      case Op::Const:
      case Op::Today:
      case Op::Now:
      case Op::TriggerTime:
      case Op::EntryTime:
      case Op::Cast:
      case Op::DateToTimestamp:
      case Op::Neg:
      case Op::Not:
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
      case Op::Min:
      case Op::Max:
      case Op::Eq:
      case Op::Ne:
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge:
      case Op::And:
      case Op::Or:
      case Op::IsPresent:
      case Op::Coalesce:
      case Op::If:
      case Op::InSet:
      case Op::Call: break;  // reads only its operands
    }
  }

  const Program& p_;
  std::vector<bool> seen_, seen_lets_;
  std::vector<NodeId> stack_;
  std::vector<ColumnRead> out_;
};

}  // namespace

std::vector<ColumnRead> ColumnsRead(const Program& p, std::span<const NodeId> roots, std::span<const int> lets) {
  Reads r(p);
  for (int l : lets) r.Let(l);
  for (NodeId id : roots) r.Push(id);
  return r.Walk();
}

void ForEachOperand(const Program& p, NodeId id, const std::function<void(NodeId)>& fn) {
  const Node& n = p.at(id);
  for (NodeId a : n.args) fn(a);
  if (n.op == Op::LetRef) fn(p.lets[n.let()].root);
  if (n.op == Op::Agg) {
    const AggSpec& g = p.aggs[n.agg()];
    for (NodeId x : {g.low, g.high, g.filter, g.value}) {
      if (x != kNone) fn(x);
    }
  }
}

namespace {

// Whether `id` has a node that `is` holds for, itself or through its lets and aggregates.
template <typename Is>
bool ReadsAny(const Program& p, NodeId id, const Is& is) {
  if (id == kNone) return false;
  const Node& n = p.at(id);
  if (is(n.op)) return true;
  if (n.op == Op::LetRef) return ReadsAny(p, p.lets[n.let()].root, is);
  if (n.op == Op::Agg) {
    const AggSpec& g = p.aggs[n.agg()];
    for (NodeId x : {g.low, g.high, g.filter, g.value}) {
      if (ReadsAny(p, x, is)) return true;
    }
  }
  for (NodeId a : n.args) {
    if (ReadsAny(p, a, is)) return true;
  }
  return false;
}

}  // namespace

bool ReadsTriggerOrEntry(const Program& p, NodeId id) {
  return ReadsAny(p, id, [](Op op) { return op == Op::TriggerTime || op == Op::TriggerField || op == Op::EntryTime; });
}

bool ReadsTriggerFields(const Program& p, NodeId id) {
  return ReadsAny(p, id, [](Op op) { return op == Op::TriggerField; });
}

}  // namespace sam::ir
