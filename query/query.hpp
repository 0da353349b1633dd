// Running query statements (`count`, `show`, `why`) that the compiler has already
// checked and lowered (CompileQuery in compiler/driver), over a database, on a backend: what
// `sam query` and the REPL call after compiling. Nothing here compiles.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"
#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::query {

struct QueryResult;

struct QueryOptions {
  int64_t today = 0;  // the run date, days since 1970-01-01 (`--today`; else the local date)
  int threads = 0;    // 0: one per hardware thread
  // Set: a query stops between morsels once it holds, throwing backend::Interrupted
  // (the REPL's Ctrl-C).
  const std::atomic<bool>* interrupt = nullptr;
  // Answers `why KEY CAMPAIGN` for an existing customer (row `customer`) into the
  // result's `lines` and `json`: the campaign engine's explanation from its state,
  // which this stage does not read (`sam query --state`). Unset: `why` is an error
  // that says what to give.
  std::function<void(const ir::Query& q, uint64_t customer, QueryResult& out)> explain;
};

struct QueryResult {
  ir::QueryKind kind = ir::QueryKind::Count;
  std::string text;                            // the query as written
  uint64_t count = 0;                          // count: the answer; show: the customers matched
  std::vector<std::string> columns;            // show: column names
  std::vector<std::vector<std::string>> rows;  // show: values as text; absent is ""
  std::vector<std::string> lines;              // why: the explanation, line by line
  std::string json;                            // why: the explanation as one JSON object
  double seconds = 0;                          // execution (the program's preparation is apart)
};

// Runs the queries of `program` written in file `file` (whose text is `source`), in
// order. Throws rt::RuntimeError (an error in the data, an unknown `why` key) and
// rt::SnapshotError (a damaged column, found when first read). `setup_seconds`, if
// given, receives the time spent before the first query: verifying and reading in the
// columns the queries read, and the backend's preparation of the program (with
// `--backend jit`, compiling every query), once for all of them.
std::vector<QueryResult> RunQueries(const ir::Program& program, FileId file, std::string_view source,
                                    const rt::Database& db, backend::Backend& backend, const QueryOptions& options,
                                    double* setup_seconds = nullptr);

}  // namespace sam::query
