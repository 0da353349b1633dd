#include "ir/eval.hpp"
#include "ir/passes/pass.hpp"

namespace sam::ir {
namespace {

class FoldConstants : public Pass {
 public:
  std::string_view name() const override { return "fold-constants"; }

  void Run(Program& p, Diagnostics& diags) override {
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
        if (ConstBool(p, n.args[0], false) || ConstBool(p, n.args[1], false)) return SetConst(p, id, 0);
        if (ConstBool(p, n.args[0], true)) return Become(p, id, n.args[1]);
        if (ConstBool(p, n.args[1], true)) return Become(p, id, n.args[0]);
        break;
      case Op::Or:
        if (ConstBool(p, n.args[0], true) || ConstBool(p, n.args[1], true)) return SetConst(p, id, 1);
        if (ConstBool(p, n.args[0], false)) return Become(p, id, n.args[1]);
        if (ConstBool(p, n.args[1], false)) return Become(p, id, n.args[0]);
        break;
      case Op::If:
        if (IsConst(p, n.args[0])) return Become(p, id, n.args[ConstBool(p, n.args[0], true) ? 1 : 2]);
        return;
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
