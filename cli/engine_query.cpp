#include "cli/engine_query.hpp"

#include <fmt/format.h>

#include <chrono>

#include "backends/sql/sql.hpp"
#include "backends/value_text.hpp"
#include "base/suggest.hpp"
#include "cli/pg_session.hpp"

namespace sam::cli {
namespace {

// A value in SAM's form as `sam query` writes it.
std::string Text(const ir::Program& p, Type t, PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return "";
  const std::string v = PQgetvalue(r, row, col);
  backend::Values one;
  switch (t.kind) {
    case TypeKind::String: return v;
    case TypeKind::Enum: return v;  // the variant's name
    case TypeKind::Bool: return v == "t" ? "true" : "false";
    case TypeKind::Float:
      one.storage = TypeKind::Float;
      one.floats = {std::strtod(v.c_str(), nullptr)};
      break;
    default: one.ints = {std::stoll(v)};
  }
  return backend::FormatValue(p, t, one, 0);
}

}  // namespace

bool NamePairs(const std::vector<std::string>& given, const char* option, const char* form,
               std::vector<std::pair<std::string, std::string>>& out) {
  for (const std::string& t : given) {
    const size_t eq = t.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == t.size()) {
      fmt::print(stderr, "sam: error: {} `{}`: give {}\n", option, t, form);
      return false;
    }
    out.emplace_back(t.substr(0, eq), t.substr(eq + 1));
  }
  return true;
}

std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& names) {
  std::optional<std::string> closest = ClosestMatch(name, names);
  return closest ? fmt::format(" (did you mean `{}`?)", *closest) : "";
}

bool CheckTableOptions(const ir::Program& p, const std::vector<std::pair<std::string, std::string>>& tables,
                       const std::vector<std::pair<std::string, std::string>>& row_order) {
  std::vector<std::string_view> all, events;
  for (const TableInfo& t : p.tables) {
    all.push_back(t.name);
    if (t.kind == TableKind::Events) events.push_back(t.name);
  }
  const auto check = [&](const char* option, const auto& pairs, const std::vector<std::string_view>& names,
                         const char* what) {
    std::vector<std::string_view> seen;
    for (const auto& [name, value] : pairs) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        fmt::print(stderr, "sam: error: {} {}={}: the program has no {} `{}`{}\n", option, name, value, what, name,
                   DidYouMean(name, names));
        return false;
      }
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        fmt::print(stderr, "sam: error: {} names `{}` twice\n", option, name);
        return false;
      }
      seen.push_back(name);
    }
    return true;
  };
  if (!check("--table", tables, all, "table") || !check("--row-order", row_order, events, "event table")) return false;
  // An engine's table: `name`, `schema.name` or `catalog.schema.name`, no part empty.
  for (const auto& [name, value] : tables) {
    const auto parts = std::count(value.begin(), value.end(), '.') + 1;
    if (value.empty() || value.front() == '.' || value.back() == '.' || value.find("..") != std::string::npos ||
        parts > 3) {
      fmt::print(stderr, "sam: error: --table {}={}: not a table name (NAME, SCHEMA.NAME or CATALOG.SCHEMA.NAME)\n",
                 name, value);
      return false;
    }
  }
  return true;
}

int RunOnEngine(Frontend& fe, FileId file, const EngineQuery& e, std::vector<query::QueryResult>& results) {
  const ir::Program& p = *fe.ir;
  sql::Request request;
  request.dialect = sql::FindDialect("postgres");
  request.today = e.today;
  request.tables = e.tables;
  request.row_order = e.row_order;
  request.sam_values = true;
  request.text = [&fe](const Span& s) { return std::string(fe.sources.Text(s)); };
  std::vector<std::pair<size_t, sql::Generated>> statements;
  for (size_t q = 0; q < p.queries.size(); ++q) {
    if (p.queries[q].span.file != file) continue;
    if (p.queries[q].kind == ir::QueryKind::Why) {
      fe.diags.Report(DiagKind::UnsupportedInSql, p.queries[q].span,
                      "`why` explains the engine's decisions from a state file: ask it without --engine");
      continue;
    }
    request.query = static_cast<int>(q);
    statements.emplace_back(q, sql::Generate(p, request));
    for (const sql::Unsupported& u : statements.back().second.unsupported) {
      fe.diags.Report(DiagKind::UnsupportedInSql, u.span,
                      fmt::format("{} cannot be compiled to postgres SQL yet", u.construct));
    }
    for (const sql::Unsupported& u :
         e.quiet ? std::vector<sql::Unsupported>{} : statements.back().second.unordered_ties) {
      fe.diags
          .Report(DiagKind::SqlTieOrder, u.span,
                  fmt::format("of `{}` events at the same time, the server may take any; SAM takes them in file order",
                              u.construct))
          .Help(fmt::format("name a column that orders the rows as the files did: --row-order {}=COLUMN", u.construct));
    }
  }
  if (fe.diags.has_errors()) return 1;
  PgConnection c = PgConnect(e.url);
  if (!c) return 2;
  std::string error;
  // Floats in full (the server's setting may cut them), the helpers the statements use.
  std::string setup = "SET extra_float_digits = 1;\n";
  for (const auto& [q, g] : statements) {
    if (setup.find(g.prelude) == std::string::npos) setup += g.prelude;
  }
  PgExec(c.get(), setup, error);
  if (!error.empty()) {
    fmt::print(stderr, "sam: error: --engine: preparing the session: {}", error);
    return 1;
  }
  for (const auto& [q, g] : statements) {
    const ir::Query& query = p.queries[q];
    query::QueryResult res;
    res.kind = query.kind;
    res.text = std::string(fe.sources.Text(query.span));
    const auto start = std::chrono::steady_clock::now();
    PgResult r = PgExec(c.get(), g.statement, error);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!error.empty()) {
      fmt::print(stderr, "sam: error: {}: the server reported an error: {}", res.text, error);
      return 1;
    }
    if (query.kind == ir::QueryKind::Count) {
      res.count = std::stoull(PQgetvalue(r.get(), 0, 0));
    } else {
      const int columns = PQnfields(r.get()) - 1;  // the last is sam_matched
      for (int k = 0; k < columns; ++k) res.columns.push_back(PQfname(r.get(), k));
      const TableInfo& customers = p.tables[p.customers];
      for (int row = 0; row < PQntuples(r.get()); ++row) {
        std::vector<std::string> values;
        for (int k = 0; k < columns; ++k) {
          const Type t =
              query.columns.empty() ? customers.fields[customers.key].type : p.at(query.columns[k].second).type;
          values.push_back(Text(p, t, r.get(), row, k));
        }
        res.rows.push_back(std::move(values));
      }
      res.count = PQntuples(r.get()) > 0 ? std::stoull(PQgetvalue(r.get(), 0, columns)) : 0;
    }
    results.push_back(std::move(res));
  }
  return 0;
}

}  // namespace sam::cli
