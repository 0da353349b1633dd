#include "runtime/load/header.hpp"

#include <fmt/format.h>

#include "runtime/load/csv_reader.hpp"

namespace sam::rt::load {

namespace {
constexpr size_t kMaxColumns = 1 << 16;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

const char* ReadHeader(TableContext& ctx, uint64_t& first_line, std::vector<std::string>& notes) {
  const char* end = ctx.data + ctx.size;
  const char* p = SkipBom(ctx.data, end);
  if (p == end) throw LoadError(fmt::format("{}: the file is empty; expected a header line naming the columns", ctx.path), 1);
  const LoadOptions& o = *ctx.options;
  CsvTokenizer tok(o.delimiter, kMaxColumns, o.max_field_bytes, o.max_line_bytes);
  CsvRecord rec;
  tok.Next(p, end, rec);
  if (rec.error != RecordError::None) {
    throw LoadError(fmt::format("{}:1: the header line is not valid CSV (a stray or unterminated quote, or a name or line over the limits)", ctx.path), 1);
  }
  if (rec.fields > kMaxColumns) throw LoadError(fmt::format("{}:1: the header has more than {} columns", ctx.path, kMaxColumns), 1);
  ctx.in_file.assign(ctx.fields.size(), false);
  for (size_t j = 0; j < rec.fields; ++j) {
    std::string name(Trim(tok.field(j)));
    int f = ctx.info->Find(name);
    ctx.header.push_back(name);
    ctx.file_columns.push_back(f);
    if (f < 0) {
      notes.push_back(fmt::format("{}: column `{}` is not in the schema of `{}`; ignored", ctx.path, name, ctx.info->name));
      continue;
    }
    if (ctx.in_file[f]) throw LoadError(fmt::format("{}:1: column `{}` appears twice in the header", ctx.path, name), 1);
    ctx.in_file[f] = true;
  }
  for (size_t f = 0; f < ctx.fields.size(); ++f) {
    if (ctx.in_file[f]) continue;
    if (!ctx.fields[f].type.optional) {
      throw LoadError(fmt::format("{}:1: the header has no column `{}`, which table `{}` requires", ctx.path, ctx.fields[f].name, ctx.info->name), 1);
    }
    notes.push_back(fmt::format("{}: no column `{}`; it is absent in every row", ctx.path, ctx.fields[f].name));
  }
  first_line = 1 + rec.newlines;
  return rec.next;
}

}  // namespace sam::rt::load
