#include "ir/analysis/facts.hpp"
#include "ir/eval.hpp"
#include "ir/passes/pass.hpp"

namespace sam::ir {
namespace {

class FoldConstants : public Pass {
 public:
  std::string_view name() const override { return "fold-constants"; }

  void Run(Program& p, Diagnostics& diags) override {
    // A side of `and`, `or` or `if` that a constant decides is dropped only when it
    // cannot stop the run: an overflow there stops it even where the other side
    // decides (language.md 9, "Runtime errors"). Nothing is known of the data here.
    std::vector<std::optional<Value>> constants(p.nodes.size());
    for (NodeId id = 0; id < p.nodes.size(); ++id) {
      if (p.at(id).op == Op::Const) constants[id] = p.at(id).value;
    }
    can_fail_ = CanFail(p, constants, [](int, int) { return std::optional<IntRange>(); });
    // Operands always precede their users, so one forward sweep folds bottom-up.
    for (NodeId id = 0; id < p.nodes.size(); ++id) Fold(p, id, diags);
  }

 private:
  static bool IsConst(const Program& p, NodeId id) { return p.at(id).op == Op::Const; }
  static bool ConstBool(const Program& p, NodeId id, bool value) {
    const Node& n = p.at(id);
    return n.op == Op::Const && !n.value.absent && (n.value.i != 0) == value;
  }

  // Makes `id` a copy of `other`, keeping its own span and type.
  static void Become(Program& p, NodeId id, NodeId other) {
    Span span = p.at(id).span;
    Type type = p.at(id).type;
    p.at(id) = p.at(other);
    p.at(id).span = span;
    p.at(id).type = type;
  }

  void Fold(Program& p, NodeId id, Diagnostics& diags) {
    Node& n = p.at(id);
    switch (n.op) {
      // Kleene's logic (ops.def): a deciding constant decides, a neutral one leaves the
      // other side; two absent constants go to Evaluate below.
      case Op::And:
      case Op::Or: {
        const bool decides = n.op == Op::Or;  // the value of a side that decides alone
        if ((ConstBool(p, n.args[0], decides) && !can_fail_[n.args[1]]) ||
            (ConstBool(p, n.args[1], decides) && !can_fail_[n.args[0]])) {
          return SetConst(p, id, decides ? 1 : 0);
        }
        if (ConstBool(p, n.args[0], !decides)) return Become(p, id, n.args[1]);
        if (ConstBool(p, n.args[1], !decides)) return Become(p, id, n.args[0]);
        break;
      }
      case Op::If: {
        if (!IsConst(p, n.args[0])) return;
        const bool yes = ConstBool(p, n.args[0], true);
        if (!can_fail_[n.args[yes ? 2 : 1]]) return Become(p, id, n.args[yes ? 1 : 2]);
        return;
      }
      case Op::LetRef:
        // A let is lowered before its users, so its value is already folded.
        if (IsConst(p, p.lets[n.a].root)) return Become(p, id, p.lets[n.a].root);
        return;
      case Op::Const: case Op::CustomerField: case Op::EventField: case Op::ListMember: case Op::Today:
      case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime: case Op::Cast:
      case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub: case Op::Mul:
      case Op::Div: case Op::Min: case Op::Max: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le:
      case Op::Gt: case Op::Ge: case Op::IsPresent: case Op::Coalesce: case Op::InSet: case Op::Call:
      case Op::Agg: case Op::Population: case Op::Lookup: break;
    }
    if (!IsFoldable(n.op, n.a) || n.args.empty()) return;
    std::vector<Operand> ops;
    for (NodeId a : n.args) {
      if (!IsConst(p, a)) return;
      ops.push_back({p.at(a).type, p.at(a).value});
    }
    auto r = Evaluate(n.op, n.type, n.a, ops, p.timezone);
    if (auto* e = std::get_if<EvalError>(&r)) {
      diags.Report(DiagKind::ConstantOverflow, n.span, e->message);
      return;
    }
    n.op = Op::Const;
    n.value = std::get<Value>(r);
    n.args.clear();
  }

  std::vector<bool> can_fail_;  // per node, before folding (CanFail)

  static void SetConst(Program& p, NodeId id, int64_t v) {
    Node& n = p.at(id);
    n.op = Op::Const;
    n.args.clear();
    n.value = Value{};
    n.value.i = v;
  }
};

}  // namespace

std::unique_ptr<Pass> MakeFoldConstants() { return std::make_unique<FoldConstants>(); }

}  // namespace sam::ir
