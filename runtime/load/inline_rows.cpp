#include "runtime/load/inline_rows.hpp"

#include <fmt/format.h>

#include <memory>

#include "runtime/load/assemble.hpp"
#include "runtime/load/row_sink.hpp"
#include "schema/settings.hpp"

namespace sam::rt {
namespace {

using load::TableContext;

TableContext ContextOf(const Schema& schema, int ti, const LoadOptions& options) {
  TableContext ctx;
  ctx.info = &schema.tables[ti];
  for (const auto& f : ctx.info->fields) ctx.fields.push_back({f.Column(), f.type, {}, {}});
  ctx.path = ctx.info->name;
  ctx.data = "";  // no file: duplicate keys are reported by row number, never by text
  ctx.keyed = ctx.info->kind == TableKind::Customers || ctx.info->kind == TableKind::Reference;
  ctx.per_customer = ctx.info->kind == TableKind::Events || ctx.info->kind == TableKind::List;
  ctx.in_file.assign(ctx.fields.size(), true);
  ctx.options = &options;
  ctx.timezone = schema.timezone;
  return ctx;
}

// Appends row `r` to `rows`, as RowSink::Add does for a row of text.
void AppendRow(const TableContext& ctx, int ti, const std::vector<InlineValue>& row, size_t r,
               const load::CustomerIndex& customers, load::RowSink& rows) {
  const TableInfo& info = *ctx.info;
  for (size_t f = 0; f < info.fields.size(); ++f) {
    const Type& type = info.fields[f].type;
    if (f >= row.size() || row[f].absent) {
      if (!type.optional)
        throw InlineRowError(fmt::format("no value for the required field `{}`", info.fields[f].name), ti, r);
      continue;
    }
  }
  if (ctx.per_customer) {
    const InlineValue& key = row[info.key];
    const int64_t c =
        info.fields[info.key].type.kind == TypeKind::String ? customers.Find(key.s) : customers.Find(key.i);
    if (c < 0) {
      const std::string text = info.fields[info.key].type.kind == TypeKind::String ? key.s : std::to_string(key.i);
      throw InlineRowError(fmt::format("no customer of this test has the key `{}`", text), ti, r);
    }
    rows.customer_rows.push_back(static_cast<uint32_t>(c));
  }
  for (size_t f = 0; f < info.fields.size(); ++f) {
    ColumnBuilder& b = rows.columns[f];
    if (f >= row.size() || row[f].absent) b.AppendAbsent();
    else if (b.is_string()) b.AppendString(row[f].s);
    else if (b.is_float()) b.AppendFloat(row[f].f);
    else b.AppendInt(row[f].i);
  }
  if (ctx.keyed) {
    rows.lines.push_back(r + 1);
    rows.offsets.push_back(0);
    rows.lengths.push_back(0);
  }
  ++rows.read;
}

}  // namespace

Database BuildDatabase(const Schema& schema, const std::vector<InlineTable>& tables) {
  if (schema.customers < 0) throw LoadError("the program's schema has no customers table", 1);
  LoadOptions options;
  options.threads = 1;
  const size_t n = schema.tables.size();
  Database db;
  db.tables.resize(n);
  db.customers = schema.customers;
  db.key_field = schema.tables[schema.customers].key;
  // Customers first: events and lists need their keys.
  std::vector<int> order{schema.customers};
  for (int t = 0; t < static_cast<int>(n); ++t) {
    if (t != schema.customers) order.push_back(t);
  }
  load::CustomerIndex customers;
  for (int ti : order) {
    const TableContext ctx = ContextOf(schema, ti, options);
    load::RowSink rows(ctx);
    if (static_cast<size_t>(ti) < tables.size()) {
      const auto& given = tables[ti].rows;
      for (size_t r = 0; r < given.size(); ++r) AppendRow(ctx, ti, given[r], r, customers, rows);
    }
    std::vector<std::unique_ptr<load::RowSink>> more;
    db.tables[ti] = load::AssembleTable(ctx, rows, more, db.tables[schema.customers].rows, 1);
    if (!rows.rejections.empty()) {
      // Only a duplicate key is rejected here: the row (1-based) is its `line`.
      const load::Rejection& first = rows.rejections.front();
      std::string reason = first.reason;
      if (size_t at = reason.find("on line"); at != std::string::npos) reason.replace(at, 7, "in row");
      throw InlineRowError(reason, ti, first.line - 1);
    }
    if (ti == schema.customers) customers = load::CustomerIndex(db.tables[ti].columns[db.key_field]);
  }
  db.settings = StoredSettings(schema);
  db.fingerprint = FingerprintOf(db.settings);
  db.source = "the test's rows";
  return db;
}

}  // namespace sam::rt
