// What `sam query` does with query text, for tests and benchmarks: compile it against
// a program already checked into `fe` (CompileQuery), then run its queries on a
// backend. Returns false, with the diagnostics in fe.diags, when the text has errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"

namespace sam::testing {

inline bool RunQueryText(Frontend& fe, const rt::Database& db, std::string name, std::string text,
                         backend::Backend& backend, const query::QueryOptions& options,
                         std::vector<query::QueryResult>& results) {
  std::optional<FileId> file = CompileQuery(fe, std::move(name), std::move(text));
  if (!file) return false;
  std::vector<query::QueryResult> run = query::RunQueries(*fe.ir, *file, fe.sources.Get(*file).text(), db, backend, options);
  results.insert(results.end(), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
  return true;
}

// `count customers where CONDITION` on a run date, two threads: the count, or none
// when the text has errors (fe.diags) or is not one count.
inline std::optional<int64_t> CountWhere(Frontend& fe, const rt::Database& db, backend::Backend& backend,
                                         const std::string& condition, int64_t today) {
  query::QueryOptions options;
  options.today = today;
  options.threads = 2;
  std::vector<query::QueryResult> results;
  if (!RunQueryText(fe, db, "q.samq", "count customers where " + condition, backend, options, results) ||
      results.size() != 1) {
    return std::nullopt;
  }
  return static_cast<int64_t>(results[0].count);
}

}  // namespace sam::testing
