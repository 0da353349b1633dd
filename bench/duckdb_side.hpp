// The DuckDB side of the segment benchmark: writes a spec for bench/duckdb/run.mjs
// (the program's tables as CSV files with DuckDB column types, and the suite's SQL),
// runs it with node and reads back its JSON report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace sam::bench {

struct DuckQuery {
  std::string name;
  double seconds = 0;  // best run
  uint64_t count = 0;
  int64_t id_sum = 0;
};

struct DuckReport {
  std::string version;
  int threads = 0;
  double load_seconds = 0;  // all tables' CREATE TABLE ... AS SELECT * FROM read_csv
  double save_seconds = 0;  // writing the database file (DuckRun::save), when asked
  std::vector<DuckQuery> queries;
};

struct DuckRun {
  std::string script;    // bench/duckdb/run.mjs
  std::string data_dir;  // DIR/<table>.csv
  std::string spec_path; // where to write the spec
  int threads = 0;
  int runs = 3;
  std::string save;  // when set: a DuckDB database file to write the loaded tables to
  std::vector<std::pair<std::string, std::string>> queries;  // name, bound SQL
  std::vector<std::string> setup;  // statements run once after the load, before the queries
};

// DuckDB's type for a SAM field (enums: the created type's name).
std::string DuckType(const Type& type);

// Whether the database file at `path` must be written (again): missing, or older than
// a CSV file of `data_dir`.
bool DatabaseFileStale(const std::string& path, const std::string& data_dir);

// Runs node on the script; throws std::runtime_error when it fails.
DuckReport RunDuckDb(const ir::Program& program, const DuckRun& run);

}  // namespace sam::bench
