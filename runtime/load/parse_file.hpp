// Parses a table's file (after its header) on several threads and merges the chunks
// in file order: the rows, their line numbers and the rejections are as if one thread
// had read the file from the start.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "runtime/load/row_sink.hpp"

namespace sam::rt::load {

struct Progress {
  std::atomic<uint64_t> done{0};
  uint64_t total = 0;
  const std::function<void(uint64_t, uint64_t)>* callback = nullptr;
  std::mutex mutex;
  void Add(uint64_t bytes);
};

struct ParsedFile {
  // Every chunk's rows, merged (lines are 1-based), and the first chunk's columns; the
  // columns of the chunks after it are in `more`, in file order, for
  // ColumnBuilder::Finish to read in place (merging them would copy the table).
  std::unique_ptr<RowSink> rows;
  std::vector<std::unique_ptr<RowSink>> more;
  std::set<std::string> unknown_keys;  // JSON lines
};

// `body` is where the data rows start, on line `first_line` (1-based).
ParsedFile ParseTableFile(const TableContext& ctx, const char* body, uint64_t first_line, int threads, Progress& progress);

}  // namespace sam::rt::load
