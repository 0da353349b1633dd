// A program's schema: its tables with their fields and types, its enums, and its
// time zone. This is all that the data layer (runtime/) and every backend share
// about a program besides the IR: loading, snapshots and their fingerprint need it,
// never the language.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/source.hpp"
#include "schema/types.hpp"

namespace sam {

enum class TableKind : uint8_t { Customers, Events, Reference, List };

struct FieldInfo {
  std::string name;
  Type type;
  Span span;
  std::string column = {};  // the file's column (`from "order date"`), when it is not `name`
  // The name of the file's column that holds the field.
  const std::string& Column() const { return column.empty() ? name : column; }
};

struct TableInfo {
  TableKind kind;
  std::string name;
  std::vector<FieldInfo> fields;
  int key = -1;       // customers/reference: key field; events/lists: customer column
  int time = -1;      // events: time column
  int decl = -1;      // the declaration's index in the program (ast::Tree::tables)
  int Find(std::string_view field) const {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == field) return static_cast<int>(i);
    }
    return -1;
  }
  // The field that reads the file's column `column`.
  int FindColumn(std::string_view column) const {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].Column() == column) return static_cast<int>(i);
    }
    return -1;
  }
};

struct EnumInfo {
  std::string name;  // declared name, or `table.field` for an inline enum
  std::vector<std::string> variants;
  int Find(std::string_view v) const {
    for (size_t i = 0; i < variants.size(); ++i) {
      if (variants[i] == v) return static_cast<int>(i);
    }
    return -1;
  }
};

struct Schema {
  std::vector<TableInfo> tables;
  std::vector<EnumInfo> enums;
  int customers = -1;  // table index of the customers table
  std::string timezone = "UTC";  // a valid zone name: the checker sets only those
};

// A type as diagnostics and the snapshot's stored settings write it: `decimal?`,
// `enum tier`, `events orders`.
std::string TypeName(const std::vector<TableInfo>& tables, const std::vector<EnumInfo>& enums, Type t);
// A field's type as a schema writes it, for hints that show a declaration: `date?`,
// `product` for a declared enum, `enum { web, store }` for an inline one.
std::string TypeCode(const std::vector<TableInfo>& tables, const std::vector<EnumInfo>& enums, Type t);

}  // namespace sam
