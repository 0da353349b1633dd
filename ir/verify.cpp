#include "ir/verify.hpp"

#include <fmt/format.h>

namespace sam::ir {
namespace {

class Verifier {
 public:
  explicit Verifier(const Program& p) : p_(p) {}

  std::vector<std::string> Run() {
    for (NodeId id = 0; id < p_.nodes.size(); ++id) CheckNode(id);
    for (size_t a = 0; a < p_.aggs.size(); ++a) CheckAgg(a);
    for (size_t l = 0; l < p_.lets.size(); ++l) {
      const Let& let = p_.lets[l];
      // A set is not a value of its own (its uses inline its elements): no root.
      if (let.root == kNone && let.type.kind == TypeKind::Set) continue;
      Ref(fmt::format("let `{}`", let.name), let.root, false);
    }
    for (size_t q = 0; q < p_.queries.size(); ++q) CheckQuery(p_.queries[q], q);
    for (const auto& t : p_.tests) CheckTest(t);
    return std::move(errors_);
  }

 private:
  template <class... Args>
  void Fail(fmt::format_string<Args...> f, Args&&... args) {
    errors_.push_back(fmt::format(f, std::forward<Args>(args)...));
  }

  // A node reference from outside the node list; kNone allowed when `optional`.
  void Ref(const std::string& what, NodeId id, bool optional) {
    if (id == kNone && optional) return;
    if (id >= p_.nodes.size()) Fail("{}: refers to node {}, which does not exist", what, static_cast<int64_t>(id));
  }

  bool Bool(NodeId id) const { return id < p_.nodes.size() && p_.at(id).type.kind == TypeKind::Bool; }

  void CheckNode(NodeId id) {
    const Node& n = p_.at(id);
    const std::string what = fmt::format("node {} ({})", id, OpName(n.op));
    for (NodeId a : n.args) {
      if (a >= id) Fail("{}: operand {} does not precede it", what, static_cast<int64_t>(a));
    }
    if (!Arity(n)) return Fail("{}: {} operands", what, n.args.size());
    for (NodeId a : n.args) {
      if (a >= id) return;  // reported; nothing below may read it
    }
    CheckReferences(n, what);
    CheckTypes(n, what);
  }

  // Whether the node has as many operands as its operation takes.
  static bool Arity(const Node& n) {
    const size_t k = n.args.size();
    switch (n.op) {
      case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
      case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
      case Op::Agg:
        return k == 0;
      case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::IsPresent:
      case Op::Population: case Op::Lookup:
        return k == 1;
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Eq:
      case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::And: case Op::Or:
      case Op::Coalesce:
        return k == 2;
      case Op::If: return k == 3;
      case Op::InSet: return k >= 1;
      case Op::Call: return true;  // the checker matched the call to its signature
    }
    return false;
  }

  bool Table(int t) const { return t >= 0 && static_cast<size_t>(t) < p_.tables.size(); }
  bool Field(int t, int f) const {
    return Table(t) && f >= 0 && static_cast<size_t>(f) < p_.tables[t].fields.size();
  }

  void CheckReferences(const Node& n, const std::string& what) {
    switch (n.op) {
      case Op::CustomerField:
        if (!Field(p_.customers, n.field())) Fail("{}: no customer field {}", what, n.field());
        break;
      case Op::EventField:
        if (!Field(n.table(), n.field()) || n.depth() < 0) Fail("{}: no field {} of table {}", what, n.field(), n.table());
        break;
      case Op::TriggerField:
      case Op::Lookup:
        if (!Field(n.table(), n.field())) Fail("{}: no field {} of table {}", what, n.field(), n.table());
        break;
      case Op::ListMember:
        if (!Table(n.table()) || p_.tables[n.table()].kind != TableKind::List) Fail("{}: {} is not a list", what, n.table());
        break;
      case Op::LetRef:
        if (n.let() < 0 || static_cast<size_t>(n.let()) >= p_.lets.size()) Fail("{}: no let {}", what, n.let());
        break;
      case Op::Agg:
        if (n.agg() < 0 || static_cast<size_t>(n.agg()) >= p_.aggs.size()) Fail("{}: no aggregate {}", what, n.agg());
        break;
      case Op::Population:
        if (n.pop() < 0 || static_cast<size_t>(n.pop()) >= p_.pops.size()) Fail("{}: no ranking {}", what, n.pop());
        break;
      case Op::Call:
        if (n.a < 0 || static_cast<size_t>(n.a) >= stdlib::AllBuiltins().size()) Fail("{}: no built-in {}", what, n.a);
        break;
      case Op::Const: case Op::Today: case Op::Now: case Op::TriggerTime: case Op::EntryTime: case Op::Cast:
      case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub: case Op::Mul: case Op::Div:
      case Op::Min: case Op::Max: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
      case Op::And: case Op::Or: case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet:
        break;
    }
  }

  void CheckTypes(const Node& n, const std::string& what) {
    auto type_of = [&](size_t k) { return p_.at(n.args[k]).type; };
    switch (n.op) {
      case Op::Not: case Op::And: case Op::Or:
        for (NodeId a : n.args) {
          if (!Bool(a)) Fail("{}: an operand is not a bool", what);
        }
        [[fallthrough]];
      case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::IsPresent:
      case Op::InSet:
        if (n.type.kind != TypeKind::Bool) Fail("{}: its result is not a bool", what);
        break;
      case Op::If:
        if (!Bool(n.args[0])) Fail("{}: the condition is not a bool", what);
        if (type_of(1).kind != type_of(2).kind) Fail("{}: the branches differ in type", what);
        break;
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Coalesce:
      case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
      case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime: case Op::Cast:
      case Op::DateToTimestamp: case Op::Neg: case Op::Call: case Op::Agg: case Op::Population: case Op::Lookup:
        break;
    }
  }

  void CheckAgg(size_t a) {
    const AggSpec& g = p_.aggs[a];
    const std::string what = fmt::format("aggregate {}", a);
    if (!Table(g.table)) Fail("{}: no table {}", what, g.table);
    for (NodeId x : {g.low, g.high, g.value}) Ref(what, x, true);
    Ref(what, g.filter, true);
    if (g.filter != kNone && !Bool(g.filter)) Fail("{}: its filter is not a bool", what);
  }

  void CheckQuery(const Query& q, size_t index) {
    const std::string what = fmt::format("query {}", index);
    if (q.segment < -1 || q.segment >= static_cast<int>(p_.lets.size())) Fail("{}: no segment {}", what, q.segment);
    Ref(what, q.where, true);
    if (q.where != kNone && !Bool(q.where)) Fail("{}: its condition is not a bool", what);
    for (const auto& column : q.columns) Ref(what, column.second, false);
  }

  // What `sam test` relies on: rows as wide as their table, expectations that name
  // what exists, conditions that are bools.
  void CheckTest(const Test& t) {
    const std::string what = fmt::format("test \"{}\"", t.name);
    for (const auto& rows : t.tables) {
      if (rows.table < 0 || rows.table >= static_cast<int>(p_.tables.size())) {
        Fail("{}: rows of no table ({})", what, rows.table);
        continue;
      }
      for (const auto& row : rows.rows) {
        if (row.size() != p_.tables[rows.table].fields.size())
          Fail("{}: a `{}` row of {} values", what, p_.tables[rows.table].name, row.size());
      }
      if (rows.spans.size() != rows.rows.size()) Fail("{}: rows and their spans differ in number", what);
    }
    for (const auto& e : t.expects) {
      switch (e.kind) {
        case ExpectKind::Holds:
          Ref(what, e.condition, false);
          if (!Bool(e.condition)) Fail("{}: an expectation that is not a bool", what);
          break;
        case ExpectKind::Count:
          if (e.segment < -1 || e.segment >= static_cast<int>(p_.lets.size()))
            Fail("{}: no segment {}", what, e.segment);
          break;
        case ExpectKind::Contact:
        case ExpectKind::NoContact:
          if (e.campaign < 0 || e.campaign >= static_cast<int>(p_.campaigns.size()))
            Fail("{}: no campaign {}", what, e.campaign);
          break;
      }
    }
  }

  const Program& p_;
  std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> Verify(const Program& program) { return Verifier(program).Run(); }

}  // namespace sam::ir
