#include "runtime/query/format.hpp"

#include <fmt/format.h>

#include "compiler/ast/literals.hpp"

namespace sam::rt {

std::string FormatValue(const ir::Program& program, Type type, const Vec& v, size_t r) {
  if (!v.Present(r)) return "";
  switch (type.kind) {
    case TypeKind::Float: return fmt::format("{}", v.f[r]);
    case TypeKind::String: return std::string(v.s[r]);
    case TypeKind::Bool: return v.i[r] ? "true" : "false";
    case TypeKind::Decimal: return ast::FormatDecimal(v.i[r]);
    case TypeKind::Date: return ast::FormatDate(v.i[r]);
    case TypeKind::Timestamp: return ast::FormatTimestamp(v.i[r]);
    case TypeKind::Duration: return ast::FormatDuration(v.i[r]);
    case TypeKind::Enum:
      if (type.ref >= 0 && static_cast<size_t>(type.ref) < program.enums.size()) {
        const auto& variants = program.enums[type.ref].variants;
        if (v.i[r] >= 0 && static_cast<size_t>(v.i[r]) < variants.size()) return variants[v.i[r]];
      }
      return fmt::format("{}", v.i[r]);
    default: return fmt::format("{}", v.i[r]);
  }
}

}  // namespace sam::rt
