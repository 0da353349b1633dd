// `sam run PROGRAM --engine postgresql://...` (docs/sql.md, "sam run --engine"): the
// run's candidates (engine/candidates.hpp) found on a PostgreSQL server that holds the
// data, and their rows read from it into CSV files that SAM's loader then checks and
// loads as it would an export. The planning, the policy and the state stay in SAM.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/data_options.hpp"
#include "compiler/driver/frontend.hpp"
#include "engine/candidates.hpp"

namespace sam::cli {

struct EngineRun {
  std::string url;  // a libpq connection string or URI
  bool quiet = false;
  std::vector<std::pair<std::string, std::string>> tables;     // program table -> engine table
  std::vector<std::pair<std::string, std::string>> row_order;  // event table -> ordering column
};

// The program the engine runs over the candidates: a ranking over them alone would not
// be the ranking over every customer, so each one the engine evaluates
// (engine::Populations) reads a customer field of its own instead, which
// LoadCandidates fills with the server's values.
struct EngineProgram {
  ir::Program program;
  std::vector<ir::NodeId> rankings;  // nodes of the original program
  std::vector<std::string> fields;   // the customer field that holds each
};
EngineProgram ForEngine(const ir::Program& original);

// The candidates of a run for `date` (engine/candidates.hpp) found on the server, and
// their rows (every row of a reference table, with the rankings' values as of `date`)
// read into a folder of its own and loaded as SAM loads files (rows SAM rejects
// counted and written aside, as `data` says) over `ep.program`; nothing, printed and
// the exit code set, on an error. A replay, and more dates to plan than `max_dates`
// (which the engine reports), read nothing. `source` receives the server's name for
// the runs table (never a password).
std::optional<rt::Database> LoadCandidates(Frontend& fe, const EngineRun& e, const EngineProgram& ep,
                                           const DataOptions& data, const engine::state::Store& store, int64_t date,
                                           int64_t max_dates, std::string& source);

}  // namespace sam::cli
