#include "schema/types.hpp"

namespace sam {

TypeKind WidenNumeric(TypeKind a, TypeKind b) {
  if (a == TypeKind::Float || b == TypeKind::Float) return TypeKind::Float;
  if (a == TypeKind::Decimal || b == TypeKind::Decimal) return TypeKind::Decimal;
  return TypeKind::Int;
}

}  // namespace sam
