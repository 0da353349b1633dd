// `sam gen`: deterministic demo data for the tables of examples/common/schema.sam,
// one CSV file per table. The same customers, seed and as-of date give the same bytes
// whatever the number of threads: every customer draws from a stream seeded by
// (seed, customer id), and chunks of customers are written in a fixed order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sam::gen {

struct GenOptions {
  int64_t customers = 0;           // ids 1..customers
  std::string out_dir;             // created when missing
  uint64_t seed = 1;
  int threads = 0;                 // worker threads; 0: one per hardware thread
  std::string as_of = "2026-11-23";  // every time lies before this date (00:00 UTC)
};

struct TableReport {
  std::string name;
  std::string path;
  int64_t rows = 0;   // data rows, without the header
  int64_t bytes = 0;  // the file's size
};

struct GenReport {
  std::string error;  // empty on success; else what went wrong (usage or I/O)
  std::vector<TableReport> tables;
  int threads = 0;
  int64_t chunks = 0;
  double seconds = 0;
  bool ok() const { return error.empty(); }
};

// The largest number of customers accepted.
inline constexpr int64_t kMaxCustomers = 1'000'000'000;

// Writes `<out_dir>/<table>.csv` for every table of the schema.
GenReport GenerateDemoData(const GenOptions& options);

}  // namespace sam::gen
