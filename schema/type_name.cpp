#include <fmt/format.h>

#include "base/names.hpp"
#include "schema/schema.hpp"

namespace sam {

std::string TypeName(const std::vector<TableInfo>& tables, const std::vector<EnumInfo>& enums, Type t) {
  std::string s;
  switch (t.kind) {
    case TypeKind::Error: return "<error>";
    case TypeKind::Int: s = "int"; break;
    case TypeKind::Decimal: s = "decimal"; break;
    case TypeKind::Float: s = "float"; break;
    case TypeKind::Bool: s = "bool"; break;
    case TypeKind::String: s = "string"; break;
    case TypeKind::Date: s = "date"; break;
    case TypeKind::Timestamp: s = "timestamp"; break;
    case TypeKind::Duration: s = "duration"; break;
    case TypeKind::Enum: s = t.ref >= 0 && t.ref < static_cast<int>(enums.size()) ? "enum " + enums[t.ref].name : "enum"; break;
    case TypeKind::Set: s = "set of " + TypeName(tables, enums, Type{t.elem, false, TypeKind::Error, t.ref}); break;
    case TypeKind::Stream: s = "events " + (t.ref >= 0 ? tables[t.ref].name : std::string("?")); break;
    case TypeKind::Row: s = "row of " + (t.ref >= 0 ? tables[t.ref].name : std::string("?")); break;
    case TypeKind::RefTable: s = "table " + (t.ref >= 0 ? tables[t.ref].name : std::string("?")); break;
  }
  return t.optional ? s + "?" : s;
}

std::string TypeCode(const std::vector<TableInfo>& tables, const std::vector<EnumInfo>& enums, Type t) {
  if (t.kind != TypeKind::Enum || t.ref < 0 || t.ref >= static_cast<int>(enums.size())) {
    return TypeName(tables, enums, t);
  }
  const EnumInfo& e = enums[t.ref];
  std::string s;
  if (e.name.find('.') == std::string::npos) {
    s = CodeName(e.name);
  } else {  // an inline enum is named `table.field`, which is no name to write
    for (const auto& v : e.variants) s += (s.empty() ? "enum { " : ", ") + CodeName(v);
    s += " }";
  }
  return t.optional ? s + "?" : s;
}

}  // namespace sam
