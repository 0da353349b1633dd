// What `sam query` does with query text, for tests and benchmarks: compile it against
// a program already checked into `fe` (CompileQuery), then run its queries on a
// backend. Returns false, with the diagnostics in fe.diags, when the text has errors.
#pragma once

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

}  // namespace sam::testing
