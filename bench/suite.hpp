// The query suite of the segment benchmark (bench/queries.txt): one query per block,
// the SAM query, the equivalent DuckDB SQL and optionally a hand-written kernel.
#pragma once

#include <string>
#include <vector>

namespace sam::bench {

struct SuiteQuery {
  std::string name;
  std::string about;
  std::string sam;     // a `count` query
  std::string kernel;  // bench/kernels.cpp name, or empty
  std::string sql;     // selects the matching customers' `id`s; {now} and {today} placeholders
  int line = 0;
};

// Reads the suite; throws std::runtime_error naming file and line on a malformed one.
std::vector<SuiteQuery> ReadSuite(const std::string& path);

// `sql` with {now} and {today} replaced by DuckDB literals.
std::string BindSql(const std::string& sql, const std::string& now_literal, const std::string& today_literal);

// The `show` query that lists the customers of a `count` query, with their keys.
std::string ShowQuery(const std::string& count_query, const std::string& key, uint64_t limit);

}  // namespace sam::bench
