#include "runtime/load/parse_file.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/data/huge_pages.hpp"
#include "runtime/exec/parallel.hpp"
#include "runtime/load/chunk.hpp"
#include "runtime/load/scan.hpp"

namespace sam::rt::load {

void Progress::Add(uint64_t bytes) {
  uint64_t now = done.fetch_add(bytes) + bytes;
  if (callback && *callback) {
    std::lock_guard lock(mutex);
    (*callback)(std::min(now, total), total);
  }
}

namespace {

uint64_t ChunkBytes(const LoadOptions& o, uint64_t size, int threads) {
  if (o.chunk_bytes > 0) return o.chunk_bytes;
  uint64_t target = size / (static_cast<uint64_t>(threads) * 4 + 1);
  return std::clamp<uint64_t>(target, 256 << 10, 16 << 20);
}

// The first position in [p, nominal_end] that starts a line; nominal_end when none
// does (then the chunk holds nothing). The search stops at the chunk's end: inside a
// long line it would otherwise read the rest of the line once per chunk; and it
// gives back the pages it passed without finding a line feed.
const char* LineStart(const TableContext& ctx, const char* body, const char* p, const char* nominal_end) {
  if (p <= body) return body;
  if (p >= nominal_end) return nominal_end;
  const char* nl = FindByte(p - 1, nominal_end, '\n', ctx.mapped);
  return nl < nominal_end ? nl + 1 : nominal_end;
}

void Parse(const TableContext& ctx, Chunk& c) {
  c.sink = std::make_unique<RowSink>(ctx);
  // Room for the rows a chunk may hold (16 bytes a row at the least); only what is
  // used is ever touched, so the rest costs address space, not memory.
  // A chunk may start past its nominal end (inside a long row): then it holds nothing.
  // A string's bytes are at most its field's (quotes unescape to fewer). Rows: as many
  // as the chunk's first 64 KB have lines, scaled, with a quarter to spare; the
  // vectors grow past that if later lines are shorter. (Room is in huge pages, which
  // are cleared whole when first touched: too much room costs time, not only space.)
  const uint64_t bytes = c.start < c.nominal_end ? static_cast<uint64_t>(c.nominal_end - c.start) : 0;
  const uint64_t probe = std::min<uint64_t>(bytes, 64 << 10);
  const uint64_t lines = static_cast<uint64_t>(std::count(c.start, c.start + probe, '\n'));
  const uint64_t rows = lines > 0 ? bytes / probe * lines * 5 / 4 + 64 : bytes / 16 + 16;
  c.sink->Reserve(rows, bytes + 4096);
  if (ctx.format == Format::Csv) {
    ParseCsvChunk(ctx, c);
  } else {
    ParseJsonChunk(ctx, c);
  }
  if (c.abandoned) {
    c.sink.reset();  // parsed again later; its garbage should not wait for that
    return;
  }
  // Chunks are finished by AssembleTable without merging: narrow them now, while the
  // chunk is in cache, so that a table's rows are never all held at 64 bits a value,
  // and the next chunk parsed on this thread reuses the memory of this one's.
  for (auto& col : c.sink->columns) col.Pack();
}

void Merge(RowSink& into, RowSink& from, uint64_t first_line) {
  for (auto& r : from.rejections) {
    r.line += first_line;
    into.rejections.push_back(std::move(r));
  }
  into.customer_rows.insert(into.customer_rows.end(), from.customer_rows.begin(), from.customer_rows.end());
  for (uint64_t l : from.lines) into.lines.push_back(l + first_line);
  into.offsets.insert(into.offsets.end(), from.offsets.begin(), from.offsets.end());
  into.lengths.insert(into.lengths.end(), from.lengths.begin(), from.lengths.end());
  into.read += from.read;
  Release(from.rejections);
  Release(from.customer_rows);
  Release(from.lines);
  Release(from.offsets);
  Release(from.lengths);
}

}  // namespace

ParsedFile ParseTableFile(const TableContext& ctx, const char* body, uint64_t first_line, int threads, Progress& progress) {
  const char* end = ctx.data + ctx.size;
  const uint64_t step = ChunkBytes(*ctx.options, static_cast<uint64_t>(end - body), threads);
  std::vector<Chunk> chunks;
  for (const char* p = body; p < end || chunks.empty();) {
    Chunk c;
    c.nominal_end = static_cast<uint64_t>(end - p) > step ? p + step : end;
    c.start = LineStart(ctx, body, p, c.nominal_end);
    c.speculative = !chunks.empty();
    chunks.push_back(std::move(c));
    p = chunks.back().nominal_end;
  }
  ParallelFor(chunks.size(), threads, [&](size_t i) {
    Parse(ctx, chunks[i]);
    progress.Add(static_cast<uint64_t>(chunks[i].nominal_end - (i == 0 ? ctx.data : chunks[i - 1].nominal_end)));
  });
  // Check the guesses in file order; parse again where a chunk did not start at its
  // predecessor's end (rare: a quoted line feed right after the nominal boundary), or
  // that gave up on its guess (see Chunk::abandoned).
  const char* expected = body;
  for (auto& c : chunks) {
    if (c.start != expected || c.abandoned) {
      c.start = expected;
      c.speculative = c.abandoned = false;
      c.unknown_keys.clear();
      Parse(ctx, c);
    }
    expected = c.end;
  }
  ParsedFile out;
  out.rows = std::move(chunks[0].sink);
  RowSink& rows = *out.rows;
  for (auto& r : rows.rejections) r.line += first_line;
  for (auto& l : rows.lines) l += first_line;
  uint64_t line = first_line + chunks[0].newlines;
  out.unknown_keys.merge(chunks[0].unknown_keys);
  size_t customer_rows = rows.customer_rows.size();
  for (size_t i = 1; i < chunks.size(); ++i) customer_rows += chunks[i].sink->customer_rows.size();
  rows.customer_rows.reserve(customer_rows);
  for (size_t i = 1; i < chunks.size(); ++i) {
    Merge(rows, *chunks[i].sink, line);
    line += chunks[i].newlines;
    out.unknown_keys.merge(chunks[i].unknown_keys);
  }
  for (size_t i = 1; i < chunks.size(); ++i) out.more.push_back(std::move(chunks[i].sink));
  return out;
}

}  // namespace sam::rt::load
