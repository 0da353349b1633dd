// DuckDB for the SQL backend's tests: SQL files run by tests/sql/duckdb_run.mjs on the
// npm package bench/duckdb installs (scripts/install-duckdb).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sam::test {

// One file's answer: the rows of its last statement, values as PostgreSQL's text
// form writes them (booleans `t`/`f`, NULL as "\N"), or the error that stopped it.
struct FileAnswer {
  std::vector<std::vector<std::string>> rows;
  std::string error;
};

// Runs the files in order in one DuckDB connection; throws when node cannot run them.
std::map<std::string, FileAnswer> RunDuckDbFiles(const std::vector<std::string>& files);

}  // namespace sam::test
