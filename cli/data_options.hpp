// The options every command that reads customer data shares, and the one call that
// turns them into a Database: `--db FILE` opens a snapshot, otherwise `--data DIR`
// and `--table NAME=PATH` load CSV/JSON-lines files. A command needs two lines:
//
//   auto data = AddDataOptions(cmd);                          // when registering
//   std::optional<rt::Database> db = OpenData(*fe.ir, *data); // in the callback (a Schema)
//   if (!db) return;                                          // error printed, exit code set
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/frontend.hpp"
#include "runtime/data/database.hpp"
#include "runtime/load/load.hpp"

namespace sam::cli {

struct DataOptions {
  std::string data_dir;
  std::vector<std::string> tables;  // NAME=PATH
  std::string db;                   // a snapshot; excludes data_dir and tables
  bool verify = false;              // with db: check every checksum now
  bool no_verify = false;           // with db: check no column's checksum
  std::string delimiter = ",";
  uint64_t max_errors = UINT64_MAX;
  std::string rejects_dir;          // --rejects; empty: default_rejects_dir
  std::string default_rejects_dir;  // set by the command: beside the snapshot, or `sam-rejects`
  int threads = 0;
  bool strict = false;           // load warnings are errors
  bool verbose = false;          // informational lines on stderr (errors and warnings always)
  bool snapshots = true;         // whether --db and --verify were offered
  bool no_customers_ok = false;  // no customers is no warning (`sam run --engine`: a day without candidates)
};

// Adds the options to `cmd`. `snapshots` false leaves out --db and --verify (for
// `sam load`, which writes snapshots rather than reading them).
std::shared_ptr<DataOptions> AddDataOptions(CLI::App* cmd, bool snapshots = true);

// Checks the program at `path` into `fe`, printing its errors (text, on stderr), and
// its warnings only when `warnings` (`sam dump`; for the others they are `sam
// check`'s business). False, with the exit code set, when it has errors.
bool CheckProgramForData(Frontend& fe, const std::string& path, bool warnings = false);

// Opens or loads the database for `schema`. Prints the loader's warnings, a progress
// bar (when stderr is a terminal and loading takes over a second) and, with `verbose`
// or when rows were rejected or warnings given, a summary line on stderr; with
// `verbose` also the loader's notes and the line of a snapshot opened. On an error
// prints `sam: error: ...`, sets the exit code (1, or 2 for files that cannot be read
// and for usage errors) and returns nothing. `report`, when given, receives the
// loader's per-table counts (empty for a snapshot).
std::optional<rt::Database> OpenData(const Schema& schema, const DataOptions& opts, rt::LoadReport* report = nullptr);

// "1.23 GB", "512.0 KB", "17 bytes".
std::string HumanBytes(uint64_t bytes);
// "2026-11-23 10:15:02 UTC" for microseconds since 1970.
std::string UtcTime(int64_t micros);

}  // namespace sam::cli
