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

}  // namespace sam::ir
