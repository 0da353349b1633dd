#include "ir/ir.hpp"

namespace sam::ir {

std::string_view OpName(Op op) {
  switch (op) {
#define SAM_IR_OP(name, text) \
  case Op::name: return text;
#include "ir/ops.def"
#undef SAM_IR_OP
  }
  return "?";
}

bool SameTree(const Program& p, NodeId a, NodeId b) {
  if (a == b) return true;
  if (a == kNone || b == kNone) return false;
  const Node& x = p.at(a);
  const Node& y = p.at(b);
  if (x.op != y.op || x.type != y.type || x.a != y.a || x.b != y.b || x.c != y.c || x.value != y.value ||
      x.args.size() != y.args.size()) {
    return false;
  }
  for (size_t i = 0; i < x.args.size(); ++i) {
    if (!SameTree(p, x.args[i], y.args[i])) return false;
  }
  return true;
}

}  // namespace sam::ir
