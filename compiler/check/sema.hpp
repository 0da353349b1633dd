// What the checker knows about a program: the resolved schema, the type and the
// meaning of every expression, the order in which lets can be computed, and the
// resolved references of triggers, campaigns and the policy. The IR is lowered from
// the AST plus this.
#pragma once

#include <string>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/check/types.hpp"

namespace sam::sema {

struct FieldInfo {
  std::string name;
  Type type;
  Span span;
};

struct TableInfo {
  ast::TableKind kind;
  std::string name;
  std::vector<FieldInfo> fields;
  int key = -1;       // customers/reference: key field; events/lists: customer column
  int time = -1;      // events: time column
  int decl = -1;      // index into ast::Tree::tables
  int Find(std::string_view field) const {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == field) return static_cast<int>(i);
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

// What a Name or Member expression refers to.
enum class RefKind : uint8_t {
  None,
  CustomerField,  // a: field
  EventField,     // a: table, b: field, c: event scope depth (0 = outermost)
  EventRow,       // the event itself (an alias or the table name); a: table, c: depth
  Let,            // a: let index (lets and segments)
  List,           // a: table (a manual list): the customer is on it
  Variant,        // a: enum, b: variant
  Table,          // a: table (an event stream or a reference table)
  RowField,       // Member of a row value; a: table, b: field
  TriggerTime,    // trigger.at
  TriggerField,   // trigger.FIELD; a: table, b: field
};

struct Ref {
  RefKind kind = RefKind::None;
  int32_t a = -1, b = -1, c = -1;
};

struct Program {
  std::vector<TableInfo> tables;
  std::vector<EnumInfo> enums;
  int customers = -1;  // table index of the customers table
  std::string timezone = "UTC";
  std::vector<Type> expr_types;  // per ast::ExprId
  std::vector<Ref> refs;         // per ast::ExprId
  std::vector<int> stream_tables;  // per ast::StreamId: table index
  std::vector<Type> let_types;     // per let
  std::vector<int> let_order;      // lets in an order where each follows what it uses
  std::vector<int> trigger_of_campaign;  // per campaign: trigger index or -1
  std::vector<bool> let_used;
  bool ok = false;  // no errors
};

}  // namespace sam::sema

namespace sam {

// A type as diagnostics and the snapshot's stored settings write it: `decimal?`,
// `enum tier`, `events orders`.
std::string TypeName(const std::vector<sema::TableInfo>& tables, const std::vector<sema::EnumInfo>& enums, Type t);

}  // namespace sam
