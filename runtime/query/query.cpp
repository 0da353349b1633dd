#include "runtime/query/query.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <optional>

#include "compiler/ir/eval.hpp"
#include "compiler/ir/reads.hpp"
#include "runtime/interp/interpreter.hpp"
#include "runtime/query/format.hpp"

namespace sam::rt {

int64_t LocalToday(const std::string& timezone) {
  auto now = std::chrono::system_clock::now();
  int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return ir::LocalDate(micros, timezone);
}

namespace {

// Verifies (for a snapshot) what the queries of `file` will read, before anything reads
// it: their columns, the customers' key (shown, and named in runtime errors) and every
// reference table's key (the interpreter indexes them all when it starts).
void RequireColumns(const ir::Program& p, const Database& db, FileId file) {
  std::vector<ir::NodeId> roots;
  std::vector<int> lets;
  for (const auto& q : p.queries) {
    if (q.span.file != file) continue;
    if (q.segment >= 0) lets.push_back(q.segment);
    if (q.where != ir::kNone) roots.push_back(q.where);
    for (const auto& column : q.columns) roots.push_back(column.second);
  }
  std::vector<ColumnRef> refs;
  for (const ir::ColumnRead& c : ir::ColumnsRead(p, roots, lets)) refs.push_back({c.table, c.field});
  if (db.customers >= 0) refs.push_back({db.customers, db.key_field});
  for (size_t t = 0; t < p.tables.size(); ++t) {
    if (p.tables[t].kind == ast::TableKind::Reference) refs.push_back({static_cast<int>(t), p.tables[t].key});
  }
  db.Require(refs);
}

// `why` explains a campaign's decisions from what `sam run` recorded, and `sam run`
// does not exist yet: say so, rather than print nothing. A key that names no customer
// is the first error, as it will stay.
[[noreturn]] void Why(const ir::Program& p, const Database& db, const ir::Query& q) {
  std::optional<uint64_t> row;
  if (db.customers >= 0 && db.customer_table().columns[db.key_field].type.kind == TypeKind::String) {
    row = db.FindCustomer(std::string_view(q.customer));
  } else {
    int64_t key = 0;
    const char* end = q.customer.data() + q.customer.size();
    auto [ptr, ec] = std::from_chars(q.customer.data(), end, key);
    if (ec == std::errc() && ptr == end) row = db.FindCustomer(key);
  }
  if (!row) throw RuntimeError(fmt::format("no customer has the key `{}`", q.customer), q.span);
  const std::string campaign = q.campaign >= 0 ? p.campaigns[q.campaign].name : std::string("?");
  throw RuntimeError(fmt::format("`why` needs the state of `sam run` (which campaigns contacted the customer, and "
                                 "which rules stopped them), and `sam run` is not available yet: there is nothing "
                                 "to explain for campaign `{}`",
                                 campaign),
                     q.span);
}

}  // namespace

bool RunQueries(Frontend& fe, const Database& db, std::string name, std::string text, const QueryOptions& options,
                std::vector<QueryResult>& results) {
  auto t0 = std::chrono::steady_clock::now();
  if (!CheckQueryText(fe, std::move(name), std::move(text))) return false;
  const FileId file = static_cast<FileId>(fe.sources.size() - 1);
  const ir::Program& p = *fe.ir;
  if (SchemaFingerprint(p) != db.fingerprint) {
    throw RuntimeError("the data was loaded for another schema: the query text must not change the schema");
  }
  RequireColumns(p, db, file);
  Interpreter in(p, db, RunContext{options.today, options.threads, options.direct});
  std::string_view source = fe.sources.Get(file).text();
  const uint64_t customers = db.customer_count();
  for (const auto& q : p.queries) {
    if (q.span.file != file) continue;
    QueryResult res;
    res.kind = q.kind;
    res.text = std::string(source.substr(q.span.begin, q.span.end - q.span.begin));
    if (q.kind == ast::QueryKind::Why) Why(p, db, q);
    // Members: in the segment and matching `where`, in one pass over the morsels.
    std::vector<uint8_t> member;
    const bool show = q.kind == ast::QueryKind::Show;
    const uint64_t count = in.Members(q.segment, q.where, show ? &member : nullptr);
    std::vector<uint32_t> shown;
    if (show) {
      for (uint64_t c = 0; c < customers && (!q.limit || shown.size() < static_cast<uint64_t>(*q.limit)); ++c) {
        if (member[c]) shown.push_back(static_cast<uint32_t>(c));
      }
    }
    res.count = count;
    if (q.kind == ast::QueryKind::Show) {
      // Without columns, a customer is shown by its key.
      std::vector<std::pair<std::string, ir::NodeId>> columns = q.columns;
      std::vector<Vec> values;
      std::vector<Type> types;
      for (auto& [col_name, node] : columns) {
        if (col_name.empty()) {
          const Span& s = p.at(node).span;
          col_name = std::string(source.substr(s.begin, s.end - s.begin));
        }
        res.columns.push_back(col_name);
        values.push_back(in.EvaluateAll(node));
        types.push_back(p.at(node).type);
      }
      const Column* key = nullptr;
      if (columns.empty() && db.key_field >= 0) {
        key = &db.customer_table().columns[db.key_field];
        res.columns.push_back(p.tables[p.customers].fields[db.key_field].name);
      }
      for (uint32_t c : shown) {
        std::vector<std::string> row;
        if (key) {
          row.push_back(key->type.kind == TypeKind::String ? std::string(key->Str(c)) : fmt::format("{}", key->Int(c)));
        }
        for (size_t k = 0; k < values.size(); ++k) row.push_back(FormatValue(p, types[k], values[k], c));
        res.rows.push_back(std::move(row));
      }
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    t0 = std::chrono::steady_clock::now();
    results.push_back(std::move(res));
  }
  return true;
}

}  // namespace sam::rt
