// `sam query --engine postgresql://...`: the queries compiled to SQL (backends/sql/)
// and answered by a PostgreSQL server that holds the data (libpq).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"

namespace sam::cli {

struct EngineQuery {
  bool quiet = false;  // no warnings (first/last ties) on stderr
  std::string url;     // a libpq connection string or URI
  int64_t today = 0;
  std::vector<std::pair<std::string, std::string>> tables;     // program table -> engine table
  std::vector<std::pair<std::string, std::string>> row_order;  // event table -> ordering column
};

// The answers to the queries of `file` (compiled into fe.ir), as `sam query` gives them
// on a snapshot. Returns the exit code: 0, 1 (a query SQL cannot express, reported in
// fe.diags; an error of the server's), 2 (no connection).
// NAME=VALUE options (--table, --row-order) into pairs; false, printed, for one
// without `=` or a side.
bool NamePairs(const std::vector<std::string>& given, const char* option, const char* form,
               std::vector<std::pair<std::string, std::string>>& out);

// --table and --row-order checked against the program (printed, false): a name that
// is no table of it (with the closest), --row-order on a table that is not an event
// table, a table given twice.
bool CheckTableOptions(const ir::Program& p, const std::vector<std::pair<std::string, std::string>>& tables,
                       const std::vector<std::pair<std::string, std::string>>& row_order);

// Where `name` is the closest of `names`: " (did you mean `x`?)", or "".
std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& names);

int RunOnEngine(Frontend& fe, FileId file, const EngineQuery& e, std::vector<query::QueryResult>& results);

}  // namespace sam::cli
