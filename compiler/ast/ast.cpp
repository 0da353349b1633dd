#include "compiler/ast/ast.hpp"

namespace sam::ast {

std::string_view ExprKindName(ExprKind k) {
  switch (k) {
#define SAM_EXPR(x) \
  case ExprKind::x: return #x;
#include "compiler/ast/expr_kinds.def"
#undef SAM_EXPR
  }
  return "?";
}

std::string_view BinaryOpText(BinaryOp op) {
  static constexpr std::string_view t[] = {"+", "-", "*", "/", "and", "or"};
  return t[static_cast<int>(op)];
}

std::string_view CompareOpText(CompareOp op) {
  static constexpr std::string_view t[] = {"==", "!=", "<", "<=", ">", ">="};
  return t[static_cast<int>(op)];
}

std::string_view WindowKindText(WindowKind k) {
  static constexpr std::string_view t[] = {"within", "since", "after", "before", "between"};
  return t[static_cast<int>(k)];
}

}  // namespace sam::ast
