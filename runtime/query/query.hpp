// Running query statements (`count`, `show`) against loaded data: what `sam query`
// and the REPL call. The query text is checked against the program like a file of
// its own (its diagnostics point into it), lowered with the program's lets, and
// evaluated by the reference interpreter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/driver/frontend.hpp"
#include "runtime/data/database.hpp"

namespace sam::rt {

struct QueryOptions {
  int64_t today = 0;  // the run date, days since 1970-01-01 (`--today`; else the local date)
  int threads = 0;    // 0: one per hardware thread
  bool direct = true;  // RunContext::direct
};

struct QueryResult {
  ast::QueryKind kind = ast::QueryKind::Count;
  std::string text;                            // the query as written
  uint64_t count = 0;                          // count: the answer; show: the customers matched
  std::vector<std::string> columns;            // show: column names
  std::vector<std::vector<std::string>> rows;  // show: values as text; absent is ""
  double seconds = 0;                          // compile and execution
};

// Checks and runs the statements of `text` (named `name` in diagnostics) for the
// program already checked in `fe` (fe.ir set). Returns false, with diagnostics in
// fe.diags, when the text has errors; nothing is run then.
bool RunQueries(Frontend& fe, const Database& db, std::string name, std::string text, const QueryOptions& options,
                std::vector<QueryResult>& results);

// Today's date in `timezone`, days since 1970-01-01.
int64_t LocalToday(const std::string& timezone);

}  // namespace sam::rt
