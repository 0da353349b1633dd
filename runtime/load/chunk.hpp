// One piece of a table's file, parsed by one task. A chunk owns the records that start
// in [start, nominal_end); its last record may run past nominal_end, to `end`. For
// CSV, chunks after the first start speculatively after the first line feed at or
// past their nominal start; ParseTableFile checks that each starts where its
// predecessor really ended (a quoted line feed can fool the guess) and parses again
// from there when not.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "runtime/load/row_sink.hpp"

namespace sam::rt::load {

struct Chunk {
  const char* start = nullptr;
  const char* nominal_end = nullptr;
  const char* end = nullptr;  // where the next record starts
  uint64_t newlines = 0;      // line feeds in [start, end)
  std::unique_ptr<RowSink> sink;
  // A chunk after the first starts at a guess: it may be inside a quoted field, and
  // then it reads the field's text as rows, most of them rejected. Such a chunk stops
  // (`abandoned`) once most of its rows, and at least kGuessRejections, are rejected:
  // the guess is then most likely wrong, and its rejections would fill the memory
  // with copies of a hostile field. ParseTableFile parses it again from where its
  // predecessor ended.
  bool speculative = false;
  bool abandoned = false;
  std::set<std::string> unknown_keys;  // JSON lines: keys that are not fields
};

inline constexpr size_t kGuessRejections = 64;

void ParseCsvChunk(const TableContext& ctx, Chunk& chunk);
void ParseJsonChunk(const TableContext& ctx, Chunk& chunk);

}  // namespace sam::rt::load
