#include <fmt/format.h>

#include "backends/sql/sql.hpp"

namespace sam::sql {

namespace {

std::string TypeOf(Type t, const Dialect& d) {
  switch (t.kind) {
    case TypeKind::Int:
    case TypeKind::Duration: return std::string(d.int_type);
    case TypeKind::Decimal: return std::string(d.decimal_type);
    case TypeKind::Float: return std::string(d.float_type);
    case TypeKind::Bool: return std::string(d.bool_type);
    case TypeKind::Date: return std::string(d.date_type);
    case TypeKind::Timestamp: return std::string(d.timestamp_type);
    default: return std::string(d.text_type);  // strings and enums (their variants' names)
  }
}

}  // namespace

std::string CreateTables(const Schema& schema, const Dialect& d,
                         const std::vector<std::pair<std::string, std::string>>& tables) {
  std::string out;
  for (const TableInfo& t : schema.tables) {
    std::string name = t.name;
    for (const auto& [from, to] : tables) {
      if (from == t.name) name = to;
    }
    out += "CREATE TABLE " + QuotedTable(name, d) + " (";
    for (size_t i = 0; i < t.fields.size(); ++i) {
      const FieldInfo& f = t.fields[i];
      out += fmt::format("{}\n  {} {}{}", i ? "," : "", QuotedName(f.Column(), d), TypeOf(f.type, d),
                         f.type.optional ? d.nullable : d.not_null);
    }
    const std::string key = t.key >= 0 ? QuotedName(t.fields[t.key].Column(), d) : "tuple()";
    const std::string sort =
        t.kind == TableKind::Events && t.time >= 0 ? key + ", " + QuotedName(t.fields[t.time].Column(), d) : key;
    out += "\n)" + fmt::format(fmt::runtime(d.table_options), key, sort) + ";\n";
    if (d.event_indexes && t.kind == TableKind::Events) {
      out += fmt::format("CREATE INDEX ON {} ({}, {});\n", QuotedTable(name, d),
                         QuotedName(t.fields[t.key].Column(), d), QuotedName(t.fields[t.time].Column(), d));
    }
  }
  return out;
}

}  // namespace sam::sql
