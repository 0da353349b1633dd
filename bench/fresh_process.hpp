// The fresh-process table of the segment benchmark: what a user waits for when one
// query is one command. Each query of the suite as a whole new process, start to
// exit: `sam query PROGRAM --db SNAPSHOT -e QUERY` and a node process that opens a
// DuckDB database file and runs the query's SQL once (bench/duckdb/fresh.mjs); and
// SAM's first query in a process against the same query run second in it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/kernels.hpp"  // Answer

namespace sam::bench {

struct FreshSetup {
  std::string sam;  // the sam binary
  std::string program, snapshot, today;
  int threads = 1, runs = 1;
  std::string node_script;  // bench/duckdb/fresh.mjs; empty: no DuckDB
  std::string duckdb_file;  // written by run.mjs (DuckRun::save)
};

struct FreshQuery {
  std::string name, sam, sql;      // sql with {now} and {today} bound
  std::optional<Answer> expected;  // the in-process answer
  double warm = 0;                 // the in-process time (the first table), seconds
};

struct FreshRow {
  std::string query;
  std::optional<Answer> expected;
  double warm = 0;
  std::optional<uint64_t> sam_count;
  double sam_best = 0, sam_median = 0;  // the whole `sam query` process
  double first = 0, second = 0;         // the query's own times, first and second in one process (best each)
  double prepare = 0;                   // that process's preparation before its first query (best)
  std::optional<Answer> duck;
  double duck_best = 0, duck_median = 0;                     // the whole node process
  double duck_ready = 0, duck_open = 0, duck_statement = 0;  // fresh.mjs's figures, best each
  std::string error;
};

struct FreshReport {
  std::vector<FreshRow> rows;
  std::optional<double> node_start;  // `node -e ""`, best of the runs
  int runs = 1;
};

// Never throws for a query that fails: the row's error says what failed.
FreshReport MeasureFresh(const FreshSetup& setup, const std::vector<FreshQuery>& queries);

// The table in markdown and the summary lines under it; `agree` false when an answer
// differs from the in-process one or a side failed.
std::string FreshTable(const FreshReport& report, uint64_t customers, bool& agree);

// Reads the file once, so that the fresh processes find it in the page cache.
void ReadIntoPageCache(const std::string& path);

}  // namespace sam::bench
