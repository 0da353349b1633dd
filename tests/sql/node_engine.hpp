// The in-process engines of the SQL backend's tests, run through node: DuckDB (the npm
// package bench/duckdb installs, scripts/install-duckdb) by tests/sql/duckdb_run.mjs,
// and ClickHouse (chDB, the npm package tests/sql/clickhouse installs,
// scripts/install-clickhouse) by tests/sql/clickhouse_run.mjs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/schema.hpp"

namespace sam::test {

// One file's answer: the rows of its last statement, values as PostgreSQL's text
// form writes them (booleans `t`/`f`, NULL as "\N"), or the error that stopped it.
struct FileAnswer {
  std::vector<std::vector<std::string>> rows;
  std::string error;
};

enum class NodeEngine { DuckDb, ClickHouse };

// Runs the files in order in one connection (session) of the engine; throws when
// node cannot run them or the engine's package is not installed.
std::map<std::string, FileAnswer> RunEngineFiles(NodeEngine engine, const std::vector<std::string>& files);

// The statements loading a CSV file (EngineCsv's: by its header's names, with
// `sam_row` for an event table) into `table` (the engine's name, quoted), times
// without an offset read as wall clock in `zone`.
std::string LoadCsv(NodeEngine engine, const TableInfo& t, const std::string& table, const std::string& csv,
                    const std::string& zone);

// A Spark SQL or Trino statement as DuckDB runs it with the same meaning, for the
// tests that run those dialects' SQL in DuckDB where it is portable; nullopt where it
// is not: it calls the dialect's helper functions (`prelude`), or, for Trino, divides
// (`/` of integers truncates in Trino, and gives a float in DuckDB). Spark's backtick
// quotes become DuckDB's (outside string literals), after the session time zone
// Spark's helper sets (UTC).
std::optional<std::string> PortableToDuckDb(std::string_view dialect, const std::string& prelude,
                                            const std::string& statement);

inline std::map<std::string, FileAnswer> RunDuckDbFiles(const std::vector<std::string>& files) {
  return RunEngineFiles(NodeEngine::DuckDb, files);
}

}  // namespace sam::test
