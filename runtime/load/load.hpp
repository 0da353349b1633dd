// Loading a program's tables from CSV and JSON-lines files into a Database.
// docs/data.md is the user's description of the rules implemented here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/data/database.hpp"
#include "schema/schema.hpp"

namespace sam::rt {

struct LoadOptions {
  std::string data_dir;                       // `--data DIR`: DIR/<table>.csv or .jsonl
  std::map<std::string, std::string> paths;   // `--table NAME=PATH` overrides
  char delimiter = ',';                       // CSV
  uint64_t max_errors = UINT64_MAX;           // stop (LoadError, exit 1) beyond this many rejections
  uint64_t max_field_bytes = 1 << 20;         // a longer field rejects its row
  uint64_t max_line_bytes = 64ull << 20;      // a longer line rejects its row
  std::string rejects_dir = ".";              // where <table>.rejects.csv go (only when rows are rejected)
  int threads = 0;                            // 0: one per hardware thread
  uint64_t chunk_bytes = 0;                   // bytes of a file per parallel task; 0: chosen from the size
  // Rows of one table the loader can number (32 bits; customers: 31); beyond it the
  // load stops with an error. Tests set it lower.
  uint64_t max_table_rows = UINT32_MAX;
  // Load warnings (see LoadReport::warnings) stop the load with a LoadError (exit 1).
  bool strict = false;
  // Called now and then with (bytes read, bytes in all) for a progress bar.
  std::function<void(uint64_t, uint64_t)> progress;
};

struct TableLoadStats {
  std::string table;
  std::string path;
  uint64_t read = 0, accepted = 0, rejected = 0;  // data rows; accepted + rejected = read
  std::string rejects_path;                        // empty when nothing was rejected
  uint64_t bytes = 0;                              // of the input file
};

struct LoadReport {
  std::vector<TableLoadStats> tables;
  std::vector<std::string> notes;  // "orders.csv: column `note` is not in the schema; ignored"
  // What most likely loads other data than the user meant: an optional field missing
  // from a header, no customers, a table whose every row was rejected.
  std::vector<std::string> warnings;
  double seconds = 0;
};

// A problem that stops the load: a missing file or column, an unreadable header,
// more rejections than --max-errors, a warning under `strict`. `exit_code` is 2 for files that cannot be
// read, 1 otherwise. The message names the file (and line and column when there is one).
struct LoadError : std::runtime_error {
  int exit_code;
  LoadError(const std::string& message, int code) : std::runtime_error(message), exit_code(code) {}
};

// For processes that load and query: freed blocks under 64 MB stay in the process (no
// trimming) instead of going back to the kernel and being faulted in again, which
// cost a third of a load's CPU time. Larger blocks come from mmap and go back, and the
// loader trims after each table. Call once, at the start of main.
void KeepFreedMemory();

// Loads every table of `schema` (customers first: events and lists need its keys).
// Throws LoadError.
Database LoadDatabase(const Schema& schema, const LoadOptions& options, LoadReport& report);

}  // namespace sam::rt
