#include "runtime/load/load.hpp"

#include <fmt/format.h>

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>

#include "runtime/data/mapped_file.hpp"
#include "runtime/exec/parallel.hpp"
#include "runtime/load/assemble.hpp"
#include "runtime/load/bind_files.hpp"
#include "runtime/load/csv_reader.hpp"
#include "runtime/load/encoding.hpp"
#include "runtime/load/header.hpp"
#include "runtime/load/parse_file.hpp"
#include "runtime/load/rejects.hpp"
#include "runtime/load/warn.hpp"
#include "runtime/load/writable.hpp"
#include "schema/settings.hpp"

namespace sam::rt {

namespace {

using load::TableContext;

TableContext MakeContext(const Schema& schema, int ti, const load::Binding& binding, const MappedFile& file,
                         const LoadOptions& options) {
  TableContext ctx;
  ctx.info = &schema.tables[ti];
  for (const auto& f : ctx.info->fields) {
    // The loader knows a field by its column's name: the header, JSON keys, rejects.
    load::FieldSpec spec{f.Column(), f.type, {}, TypeCode(schema.tables, schema.enums, f.type)};
    if (f.type.kind == TypeKind::Enum && f.type.ref >= 0) spec.variants = schema.enums[f.type.ref].variants;
    ctx.fields.push_back(std::move(spec));
  }
  ctx.path = binding.path;
  ctx.format = binding.format;
  ctx.data = file.chars();
  ctx.size = file.size();
  ctx.mapped = file.size() > 0;
  ctx.keyed = ctx.info->kind == TableKind::Customers || ctx.info->kind == TableKind::Reference;
  ctx.per_customer = ctx.info->kind == TableKind::Events || ctx.info->kind == TableKind::List;
  ctx.in_file.assign(ctx.fields.size(), true);
  ctx.options = &options;
  ctx.timezone = schema.timezone;
  return ctx;
}

// Warnings about what a table's rows came to: no customers (every event would be
// rejected as an unknown customer), or every row rejected.
void WarnAboutRows(const TableContext& ctx, bool customers, const TableLoadStats& s, const LoadOptions& options,
                   LoadReport& report) {
  if (customers && s.read == 0) {
    load::Warn(options, report,
               fmt::format("{}: the customers table `{}` has no rows: every event and list row will be rejected",
                           ctx.path, s.table));
  } else if (s.read > 0 && s.accepted == 0) {
    load::Warn(options, report,
               fmt::format("{}: every row of table `{}` was rejected ({} rows; the reasons are in {})", ctx.path,
                           s.table, s.read, s.rejects_path));
  }
}

// Maps an input file for one pass of parsing from front to back.
std::shared_ptr<const MappedFile> MapInput(const std::string& path) {
  MapFailure failure;
  if (auto file = MappedFile::Open(path, MappedFile::Access::kSequential, failure)) return file;
  const char* what = "cannot open";
  switch (failure.step) {
    case MapFailure::kOpen: break;
    case MapFailure::kStat: what = "cannot read"; break;
    case MapFailure::kMap: what = "cannot map"; break;
    case MapFailure::kDirectory:
    case MapFailure::kNotRegular: throw LoadError(path + ": not a regular file", 2);
  }
  throw LoadError(path + ": " + what + ": " + std::strerror(failure.error), 2);
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

void KeepFreedMemory() {
  // Blocks of a whole table's size still come from mmap and go back when freed, so
  // that they leave no holes in the heap that later tables cannot use.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, -1);
}

Database LoadDatabase(const Schema& schema, const LoadOptions& options, LoadReport& report) {
  const auto started = std::chrono::steady_clock::now();
  if (schema.customers < 0) throw LoadError("the program's schema has no customers table", 1);
  const int threads = ThreadsFor(options.threads);
  if (std::string problem = load::FolderProblem(options.rejects_dir, true); !problem.empty()) {
    throw LoadError(fmt::format("{}: the rejects folder cannot be written: {}", options.rejects_dir, problem), 2);
  }
  const std::vector<load::Binding> bindings = load::BindFiles(schema, options);
  std::vector<std::shared_ptr<const MappedFile>> files;
  load::Progress progress;
  progress.callback = &options.progress;
  for (const auto& b : bindings) {
    files.push_back(MapInput(b.path));
    progress.total += files.back()->size();
    // Every file's encoding before any is read: a UTF-16 export found after a long load
    // of the other tables would waste it.
    load::CheckEncoding(b.path, files.back()->chars(), files.back()->size());
  }

  const size_t n = schema.tables.size();
  Database db;
  db.tables.resize(n);
  db.customers = schema.customers;
  db.key_field = schema.tables[schema.customers].key;
  std::vector<TableLoadStats> stats(n);
  std::vector<int> order{schema.customers};
  for (int t = 0; t < static_cast<int>(n); ++t) {
    if (t != schema.customers) order.push_back(t);
  }
  load::CustomerIndex customers;
  uint64_t rejected_total = 0;
  for (int ti : order) {
    TableContext ctx = MakeContext(schema, ti, bindings[ti], *files[ti], options);
    ctx.customers = &customers;
    uint64_t first_line = 1;
    const char* body = ctx.format == load::Format::Csv ? load::ReadHeader(ctx, first_line, report)
                                                       : load::SkipBom(ctx.data, ctx.data + ctx.size);
    load::ParsedFile parsed = load::ParseTableFile(ctx, body, first_line, threads, progress);
    for (const auto& key : parsed.unknown_keys) {
      report.notes.push_back(fmt::format("{}: key `{}` is not in the schema of `{}`; ignored", ctx.path, key, ctx.info->name));
    }
    load::RowSink& rows = *parsed.rows;
    uint64_t accepted = rows.columns.empty() ? 0 : rows.columns[0].size();
    for (const auto& m : parsed.more) accepted += m->columns.empty() ? 0 : m->columns[0].size();
    const uint64_t limit = ti == schema.customers ? std::min<uint64_t>(options.max_table_rows, INT32_MAX) : options.max_table_rows;
    if (accepted > limit) {
      throw LoadError(fmt::format("{}: table `{}` has {} rows, more than the {} one table may have", ctx.path, ctx.info->name,
                                  accepted, limit),
                      1);
    }
    Table table = load::AssembleTable(ctx, rows, parsed.more, db.tables[schema.customers].rows, threads);
    TableLoadStats& s = stats[ti];
    s.table = ctx.info->name;
    s.path = ctx.path;
    s.bytes = ctx.size;
    s.read = rows.read;
    s.rejected = rows.rejections.size();
    s.accepted = table.rows;
    s.rejects_path = load::WriteRejects(options.rejects_dir, s.table, ctx.path, rows.rejections);
    rejected_total += s.rejected;
    if (rejected_total > options.max_errors) {
      for (int t : order) {
        if (!stats[t].table.empty()) report.tables.push_back(stats[t]);
      }
      throw LoadError(fmt::format("{}: {} rows rejected in all, more than the limit of {}; the reasons are in {}", ctx.path,
                                  rejected_total, options.max_errors, s.rejects_path),
                      1);
    }
    WarnAboutRows(ctx, ti == schema.customers, s, options, report);
    db.tables[ti] = std::move(table);
    files[ti].reset();  // its pages would count in the resident memory until the end
    // The table's parse buffers are freed: give their memory back, or the process
    // holds every table's at once (malloc keeps freed memory, see KeepFreedMemory).
    malloc_trim(0);
    if (ti == schema.customers) customers = load::CustomerIndex(db.tables[ti].columns[db.key_field]);
  }
  for (auto& s : stats) report.tables.push_back(std::move(s));
  db.settings = StoredSettings(schema);
  db.fingerprint = FingerprintOf(db.settings);
  db.loaded_at = NowMicros();
  db.source = options.data_dir.empty() ? bindings[schema.customers].path : options.data_dir;
  // The parse buffers are freed; give their memory back so that the resident set is
  // the data's (the process may keep freed memory otherwise, see cli/main.cpp).
  malloc_trim(0);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return db;
}

}  // namespace sam::rt
