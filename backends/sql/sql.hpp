// The SQL backend's one entry point: a program's lets, segments or one query, lowered
// from the typed IR to one SQL statement for a dialect (backends/sql/dialect.hpp).
// Each let and segment the statement needs is a CTE named after it, holding one row
// per customer (`customer`, `value`), with its source line in a comment.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "backends/sql/dialect.hpp"
#include "base/source.hpp"
#include "ir/ir.hpp"

namespace sam::sql {

struct Request {
  const Dialect* dialect = nullptr;
  int64_t today = 0;  // the run date, days since 1970-01-01: `today` and `now` are constants
  // Program::queries index: the statement answers that `count` or `show`. Otherwise
  // one row per customer with a column per let in `lets` (segments: true or false).
  int query = -1;
  std::vector<int> lets;
  // Otherwise, with `members_of` set: the keys of the customers for whom one of these
  // customer-level conditions holds (`sam run --engine`'s candidates).
  std::vector<ir::NodeId> members_of;
  // Otherwise, with `values` set: one row per customer, `sam_customer` and the value of
  // each of these customer-level nodes in the engine's types (SAM's form with
  // `sam_values`), as sam_value0, ...
  // (`sam run --engine`'s rankings over every customer).
  std::vector<ir::NodeId> values;
  // Table name -> the name of the table in the engine (`--table NAME=...`).
  std::vector<std::pair<std::string, std::string>> tables;
  // Event table -> a column that orders its rows as the data file did (an ingestion
  // sequence): `first` and `last` break ties in time by it, as the language says.
  std::vector<std::pair<std::string, std::string>> row_order;
  // A `show`'s columns (or the lets' values) in SAM's form (days, microseconds, scaled
  // decimals) for a client that formats them as `sam query` does, with the count of
  // all the customers matched in a last column `sam_matched`; else in the engine's own
  // types. A condition's value is a boolean either way.
  bool sam_values = false;
  // A `show`'s rows by customer key, as `sam query` prints them; false: in any order
  // (a client that takes the set, such as a benchmark against unordered SQL), unless
  // the query has a `limit`, which picks the first by key.
  bool ordered = true;
  // Where a span is, for the comments: "shop.sam:3". Unset: no comments.
  std::function<std::string(const Span&)> where;
  // The source text of a span: a `show` column's header when it has no `as NAME`.
  std::function<std::string(const Span&)> text;
};

// A construct the dialect cannot express (yet): where it is written, and what it is.
struct Unsupported {
  Span span;
  std::string construct;  // "`years_since`", "a trigger's values"
};

struct Generated {
  std::string prelude;                   // helper functions the statement calls, for the session
  std::string statement;                 // the query itself
  std::vector<Unsupported> unsupported;  // not empty: the statement is not complete
  // `first`/`last` over a table without a row order: ties in time are the engine's.
  std::vector<Unsupported> unordered_ties;
};

Generated Generate(const ir::Program& program, const Request& request);

// What `sam run --engine` takes from the engine (extract.cpp, docs/sql.md): the keys
// of the customers with an event of `table` at a time in [since, until) (µs;
// INT64_MIN and INT64_MAX: no bound), as `sam_customer`.
// The keys of the customers whose date `when` (a customer-level node: a date, or a
// timestamp, whose date is taken in UTC give or take two days) falls on one of
// `month_days` (MM * 100 + DD).
Generated AnniversaryCustomers(const ir::Program& program, const Request& request, ir::NodeId when,
                               const std::vector<int>& month_days);
// One row if the customers table has any.
std::string AnyCustomer(const ir::Program& program, const Request& request);
// The largest value of an integer or duration column (SAM's form), as `max`.
std::string ColumnMax(const ir::Program& program, const Request& request, int table, int field);
// A key the customers table holds more than once, if any.
std::string RepeatedCustomer(const ir::Program& program, const Request& request);
std::string EventCustomers(const ir::Program& program, const Request& request, int table, int64_t since, int64_t until);
// The rows of `table` with its columns named and written as SAM's data files hold
// them (docs/data.md): every row with `keys` null or of a reference table, else the
// rows of the customers whose keys are given. The customers' rows have the values of
// `values` (a statement of Request::values, its nodes `nodes`) after their fields,
// named `names`. Empty when the dialect cannot (Dialect::keys_in).
struct JoinedValues {
  std::string statement;
  std::vector<ir::NodeId> nodes;
  std::vector<std::string> names;
};
std::string TableRows(const ir::Program& program, const Request& request, int table,
                      const std::vector<std::string>* keys, const JoinedValues* values = nullptr);

// CREATE TABLE statements for the schema's tables in the dialect's types (NOT NULL
// unless a field is optional), with the names of `tables` (Request::tables): for
// loading a program's CSV files into an engine, or checking the engine's tables.
std::string CreateTables(const Schema& schema, const Dialect& dialect,
                         const std::vector<std::pair<std::string, std::string>>& tables = {});

}  // namespace sam::sql
