#include <fmt/format.h>

#include "runtime/load/chunk.hpp"
#include "runtime/load/csv_reader.hpp"

namespace sam::rt::load {

namespace {

std::string RecordReason(const TableContext& ctx, const CsvRecord& r) {
  const LoadOptions& o = *ctx.options;
  switch (r.error) {
    case RecordError::LineTooLong: return fmt::format("the row is longer than the limit of {} bytes", o.max_line_bytes);
    case RecordError::FieldTooLong: return fmt::format("the field is longer than the limit of {} bytes", o.max_field_bytes);
    case RecordError::Unterminated: return "unterminated quoted field: no closing quote before the end of the file";
    case RecordError::StrayQuote: return "stray quote: a quote inside an unquoted field, or text after a closing quote";
    case RecordError::None: break;
  }
  return {};
}

}  // namespace

void ParseCsvChunk(const TableContext& ctx, Chunk& chunk) {
  const size_t ncols = ctx.file_columns.size();
  const size_t nfields = ctx.fields.size();
  RowSink& sink = *chunk.sink;
  CsvTokenizer tok(ctx.options->delimiter, ncols + 1, ctx.options->max_field_bytes, ctx.options->max_line_bytes);
  tok.set_release_pages(ctx.mapped);
  std::vector<std::string_view> texts(nfields);
  std::unique_ptr<bool[]> given(new bool[nfields]);
  const char* file_end = ctx.data + ctx.size;
  const char* p = chunk.start;
  uint64_t line = 0;
  CsvRecord rec;
  while (p < chunk.nominal_end) {
    tok.Next(p, file_end, rec);
    std::string_view raw(rec.begin, static_cast<size_t>(rec.end - rec.begin));
    if (rec.error != RecordError::None) {
      std::string column;
      if (rec.error != RecordError::LineTooLong && rec.error_field < ncols) column = ctx.header[rec.error_field];
      sink.Reject(line, raw, column, RecordReason(ctx, rec));
    } else if (rec.blank) {
      // Empty lines are not rows.
    } else if (rec.fields != ncols) {
      sink.Reject(line, raw, "", fmt::format("expected {} fields, found {}", ncols, rec.fields));
    } else {
      for (size_t f = 0; f < nfields; ++f) given[f] = false;
      for (size_t j = 0; j < ncols; ++j) {
        int f = ctx.file_columns[j];
        if (f < 0) continue;
        texts[f] = tok.field(j);
        given[f] = true;
      }
      sink.Add(line, raw, texts.data(), given.get());
    }
    line += rec.newlines;
    p = rec.next;
    if (chunk.speculative && sink.rejections.size() >= kGuessRejections && sink.rejections.size() * 2 > sink.read) {
      chunk.abandoned = true;
      break;
    }
  }
  chunk.end = p;
  chunk.newlines = line;
}

}  // namespace sam::rt::load
