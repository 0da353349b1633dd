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
  std::string url;  // a libpq connection string or URI
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

int RunOnEngine(Frontend& fe, FileId file, const EngineQuery& e, std::vector<query::QueryResult>& results);

}  // namespace sam::cli
