#include "query/query.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <optional>

#include "backends/value_text.hpp"
#include "ir/analysis/reads.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "schema/settings.hpp"

namespace sam::query {

using rt::ColumnRef;
using rt::Database;
using rt::RuntimeError;

namespace {

// Verifies (for a snapshot) what the queries of `file` will read, before anything reads
// it: their columns, the customers' key if a `show` or `why` reads it, and every
// reference table's key (the interpreter indexes them all when it starts). A count
// does not page the key in (4-8 MB at a million customers); a runtime error that
// names a customer requires it then (interp::Interpreter::CustomerKey).
void RequireColumns(const ir::Program& p, const Database& db, FileId file) {
  std::vector<ir::NodeId> roots;
  std::vector<int> lets;
  bool key = false;
  for (const auto& q : p.queries) {
    if (q.span.file != file) continue;
    key |= q.kind != ir::QueryKind::Count;
    if (q.segment >= 0) lets.push_back(q.segment);
    if (q.where != ir::kNone) roots.push_back(q.where);
    for (const auto& column : q.columns) roots.push_back(column.second);
  }
  std::vector<ColumnRef> refs;
  for (const ir::ColumnRead& c : ir::ColumnsRead(p, roots, lets)) refs.push_back({c.table, c.field});
  if (db.customers >= 0 && key) refs.push_back({db.customers, db.key_field});
  for (size_t t = 0; t < p.tables.size(); ++t) {
    if (p.tables[t].kind == TableKind::Reference) refs.push_back({static_cast<int>(t), p.tables[t].key});
  }
  db.Require(refs);
}

// `why` explains a campaign's decisions from what `sam run` recorded in its state: the
// key must name a customer (whatever the state says); the explanation comes from the
// caller's hook, without which it is an error that says what to give.
void Why(const ir::Program& p, const Database& db, const ir::Query& q, const QueryOptions& options, QueryResult& res) {
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
  if (!options.explain) {
    const std::string campaign = q.campaign >= 0 ? p.campaigns[q.campaign].name : std::string("?");
    throw RuntimeError(fmt::format("`why` explains what `sam run` decided, from its state file: give --state STATE "
                                   "(or ask `sam why PROGRAM {} {} --state STATE`)",
                                   q.customer, campaign),
                       q.span);
  }
  options.explain(q, *row, res);
}

// The rows of a `show`: its first `limit` members, each with the values of the
// query's columns (without columns, the customer's key).
void Show(const ir::Program& p, const Database& db, backend::Prepared& run, const ir::Query& q, std::string_view source,
          const std::vector<uint8_t>& member, QueryResult& res) {
  std::vector<uint32_t> shown;
  for (uint64_t c = 0; c < member.size() && (!q.limit || shown.size() < static_cast<uint64_t>(*q.limit)); ++c) {
    if (member[c]) shown.push_back(static_cast<uint32_t>(c));
  }
  std::vector<backend::Values> values;
  std::vector<Type> types;
  for (const auto& [name, node] : q.columns) {
    const Span& s = p.at(node).span;
    res.columns.push_back(name.empty() ? std::string(source.substr(s.begin, s.end - s.begin)) : name);
    values.push_back(run.Evaluate(node, shown));
    types.push_back(p.at(node).type);
  }
  const rt::Column* key = nullptr;
  if (q.columns.empty() && db.key_field >= 0) {
    key = &db.customer_table().columns[db.key_field];
    res.columns.push_back(p.tables[p.customers].fields[db.key_field].name);
  }
  for (size_t k = 0; k < shown.size(); ++k) {
    std::vector<std::string> row;
    const uint32_t c = shown[k];
    if (key) row.push_back(key->type.kind == TypeKind::String ? std::string(key->Str(c)) : fmt::format("{}", key->Int(c)));
    for (size_t v = 0; v < values.size(); ++v) row.push_back(backend::FormatValue(p, types[v], values[v], k));
    res.rows.push_back(std::move(row));
  }
}

}  // namespace

std::vector<QueryResult> RunQueries(const ir::Program& p, FileId file, std::string_view source, const Database& db,
                                    backend::Backend& backend, const QueryOptions& options, double* setup_seconds) {
  auto t0 = std::chrono::steady_clock::now();
  if (SchemaFingerprint(p) != db.fingerprint) {
    throw RuntimeError("the data was loaded for another schema: the query text must not change the schema");
  }
  RequireColumns(p, db, file);
  backend::Context context;
  context.today = options.today;
  context.threads = options.threads;
  context.interrupt = options.interrupt;
  std::unique_ptr<backend::Prepared> run = backend.Prepare(p, db, context);
  std::vector<backend::Question> questions;
  for (const auto& q : p.queries) {
    if (q.span.file == file && q.kind != ir::QueryKind::Why) questions.push_back({q.segment, q.where, ir::kNone});
  }
  run->Expect(questions);
  if (setup_seconds) *setup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  t0 = std::chrono::steady_clock::now();
  std::vector<QueryResult> results;
  for (const auto& q : p.queries) {
    if (q.span.file != file) continue;
    QueryResult res;
    res.kind = q.kind;
    res.text = std::string(source.substr(q.span.begin, q.span.end - q.span.begin));
    if (q.kind == ir::QueryKind::Why) {
      Why(p, db, q, options, res);
      res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      t0 = std::chrono::steady_clock::now();
      results.push_back(std::move(res));
      continue;
    }
    // Members: in the segment and matching `where`, in one pass over the morsels.
    std::vector<uint8_t> member;
    const bool show = q.kind == ir::QueryKind::Show;
    res.count = run->Members(q.segment, q.where, show ? &member : nullptr);
    if (show) Show(p, db, *run, q, source, member, res);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    t0 = std::chrono::steady_clock::now();
    results.push_back(std::move(res));
  }
  return results;
}

}  // namespace sam::query
