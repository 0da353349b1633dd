// A backend's values (backend::Values) as text: the literal syntax of the language where
// there is one (dates, durations, decimals), enum variants by name, timestamps in UTC.
// For query results (`show`) and the engine's explanations (`why`).
#pragma once

#include <fmt/format.h>

#include <string>

#include "backends/backend.hpp"
#include "ir/ir.hpp"
#include "schema/value_text.hpp"

namespace sam::backend {

// Row `r` of `v`, of type `type`; absent values are "".
inline std::string FormatValue(const ir::Program& program, Type type, const Values& v, size_t r) {
  if (!v.Present(r)) return "";
  switch (type.kind) {
    // NaN has a sign bit fmt would show ("-nan"); it is one value (schema FloatOrder).
    case TypeKind::Float: return v.floats[r] != v.floats[r] ? "nan" : fmt::format("{}", v.floats[r]);
    case TypeKind::String: return v.strings[r];
    case TypeKind::Bool: return v.ints[r] ? "true" : "false";
    case TypeKind::Decimal: return FormatDecimal(v.ints[r]);
    case TypeKind::Date: return FormatDate(v.ints[r]);
    case TypeKind::Timestamp: return FormatTimestamp(v.ints[r]);
    case TypeKind::Duration: return FormatDuration(v.ints[r]);
    case TypeKind::Enum:
      if (type.ref >= 0 && static_cast<size_t>(type.ref) < program.enums.size()) {
        const auto& variants = program.enums[type.ref].variants;
        if (v.ints[r] >= 0 && static_cast<size_t>(v.ints[r]) < variants.size()) return variants[v.ints[r]];
      }
      return fmt::format("{}", v.ints[r]);
    case TypeKind::Error: case TypeKind::Int: case TypeKind::Set: case TypeKind::Stream:
    case TypeKind::Row: case TypeKind::RefTable: break;
  }
  return fmt::format("{}", v.ints[r]);
}

}  // namespace sam::backend
