// Where the rows of one chunk go: each row's texts are converted per column and
// either appended to the chunk's ColumnBuilders or rejected with a reason. Only a row
// whose every value converts (and, for events and lists, whose customer exists) is
// appended, so builders never hold half a row.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/data/column_builder.hpp"
#include "runtime/load/table_context.hpp"
#include "runtime/load/tz_cache.hpp"

namespace sam::rt::load {

struct Rejection {
  uint64_t line;        // 1-based once the chunk's first line is known
  std::string column;   // empty when the problem is the row's
  std::string reason;
  std::string raw;      // the row's text, cut at kMaxRawBytes
};

inline constexpr size_t kMaxRawBytes = 4096;

class RowSink {
 public:
  explicit RowSink(const TableContext& ctx);

  // One row: per schema field its text, `given[f]` false when the row has no value
  // for it (not in the file, a JSON null). `line` counts from the chunk's start.
  void Add(uint64_t line, std::string_view raw, const std::string_view* texts, const bool* given);
  void Reject(uint64_t line, std::string_view raw, std::string_view column, std::string reason);
  // Room for `rows` rows of at most `bytes` bytes of text in all.
  void Reserve(uint64_t rows, uint64_t bytes);

  std::vector<ColumnBuilder> columns;
  std::vector<uint32_t> customer_rows;  // events, lists: per appended row
  std::vector<uint64_t> lines;          // keyed tables: per appended row
  std::vector<uint64_t> offsets;        // keyed tables: the row's text in the file
  std::vector<uint32_t> lengths;
  std::vector<Rejection> rejections;
  uint64_t read = 0;

 private:
  const TableContext& ctx_;
  TzCache tz_;
  std::vector<Slot> slots_;
  std::string reason_;
};

}  // namespace sam::rt::load
