// What the checker knows about a program: the resolved schema, the type and the
// meaning of every expression, the order in which lets can be computed, and the
// resolved references of triggers, campaigns and the policy. The IR is lowered from
// the AST plus this.
#pragma once

#include <string>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "schema/schema.hpp"

namespace sam::sema {

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

// The schema (tables, enums, time zone) and what the checker found in the program.
struct Program : Schema {
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

