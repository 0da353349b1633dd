#include "runtime/load/header.hpp"

#include <fmt/format.h>

#include "base/names.hpp"
#include "runtime/load/closest_name.hpp"
#include "runtime/load/csv_reader.hpp"
#include "runtime/load/warn.hpp"

namespace sam::rt::load {

namespace {
constexpr size_t kMaxColumns = 1 << 16;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Where the header does not name field f: the unused header column most likely meant
// and how to fix it, or the header's columns when none is close.
std::string Hint(const TableContext& ctx, size_t f) {
  const std::string& field = ctx.fields[f].name;
  // One column holding another separator: an export with `;` (a Dutch Excel) or tabs.
  if (ctx.header.size() == 1) {
    for (char sep : {';', '\t', '|'}) {
      if (sep != ctx.options->delimiter && ctx.header[0].find(sep) != std::string::npos) {
        std::string shown = sep == '\t' ? "tab" : std::string(1, sep);
        return fmt::format("the header is one column, `{}`, with `{}` between the names: give `--delimiter {}`",
                           ctx.header[0].substr(0, 60), shown, sep == '\t' ? "tab" : "'" + shown + "'");
      }
    }
  }
  std::vector<std::string_view> unused;
  std::vector<size_t> position;
  // The first thousand columns: suggestions cost an edit distance per column.
  for (size_t j = 0; j < ctx.header.size() && unused.size() < 1024; ++j) {
    if (ctx.file_columns[j] < 0) unused.push_back(ctx.header[j]), position.push_back(j + 1);
  }
  int best = ClosestName(field, unused);
  if (best >= 0) {
    // Binding keeps a large export as it is; renaming the header is the other way.
    // The declaration is shown as SAM to paste: the name quoted when it must be.
    std::string decl =
        fmt::format("{}: {} from \"{}\"", CodeName(ctx.info->fields[f].name), ctx.fields[f].type_code, unused[best]);
    return fmt::format(
        "found `{}` (column {}); if it holds `{}`, bind the field to it in the schema ({}) or rename "
        "it to `{}` in the file's header",
        unused[best], position[best], field, CodeSpan(decl), field);
  }
  if (unused.empty()) return fmt::format("add a column `{}` to the file", field);
  std::string list;
  for (size_t i = 0; i < unused.size() && i < 10; ++i) list += fmt::format("{}`{}`", i ? ", " : "", unused[i]);
  if (unused.size() > 10) list += ", ...";
  return fmt::format("the columns not in the schema are {}; rename the one that holds it to `{}`", list, field);
}
}  // namespace

const char* ReadHeader(TableContext& ctx, uint64_t& first_line, LoadReport& report) {
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
  // Lines ended by a lone CR (old Mac exports) read as one line: the header would
  // swallow the rows, and "no column `id`" would hide why.
  for (size_t j = 0; j < rec.fields; ++j) {
    if (tok.field(j).find('\r') != std::string_view::npos) {
      throw LoadError(fmt::format("{}:1: the lines end with a carriage return alone (CR), not LF or CR LF: convert "
                                  "the file's line ends (`tr '\\r' '\\n'`)",
                                  ctx.path),
                      1);
    }
  }
  ctx.in_file.assign(ctx.fields.size(), false);
  for (size_t j = 0; j < rec.fields; ++j) {
    std::string name(Trim(tok.field(j)));
    int f = ctx.info->FindColumn(name);
    ctx.header.push_back(name);
    ctx.file_columns.push_back(f);
    if (f < 0) {
      report.notes.push_back(fmt::format("{}: column `{}` is not in the schema of `{}`; ignored", ctx.path, name, ctx.info->name));
      continue;
    }
    if (ctx.in_file[f]) throw LoadError(fmt::format("{}:1: column `{}` appears twice in the header", ctx.path, name), 1);
    ctx.in_file[f] = true;
  }
  for (size_t f = 0; f < ctx.fields.size(); ++f) {
    if (ctx.in_file[f]) continue;
    if (!ctx.fields[f].type.optional) {
      throw LoadError(fmt::format("{}:1: the header has no column `{}`, which table `{}` requires; {}", ctx.path,
                                  ctx.fields[f].name, ctx.info->name, Hint(ctx, f)),
                      1);
    }
    // A warning, not a note: a column renamed upstream (a consent flag) would
    // otherwise empty the field of every row with nothing to show for it.
    Warn(*ctx.options, report,
         fmt::format("{}:1: the header has no column `{}`, so it is absent in every row of `{}`; {}", ctx.path,
                     ctx.fields[f].name, ctx.info->name, Hint(ctx, f)));
  }
  first_line = 1 + rec.newlines;
  return rec.next;
}

}  // namespace sam::rt::load
