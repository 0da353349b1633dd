#include "cli/engine_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>

#include "backends/sql/sql.hpp"
#include "base/temp_dir.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/pg_session.hpp"

namespace sam::cli {

namespace {

// The statements that find the candidates: a run date's audiences and watched
// segments, the customers with events in a trigger's window. False, reported, for a
// condition SQL cannot express.
bool CandidateStatements(Frontend& fe, sql::Request request, const engine::Candidates& c,
                         std::vector<std::string>& statements, std::string& prelude) {
  const ir::Program& p = *fe.ir;
  if (c.everyone) return true;
  auto add = [&](const sql::Generated& g, const char* what) {
    for (const sql::Unsupported& u : g.unsupported) {
      fe.diags.Report(DiagKind::UnsupportedInSql, u.span,
                      fmt::format("{} cannot be compiled to postgres SQL yet, and `sam run --engine` finds {} on the "
                                  "server",
                                  u.construct, what));
    }
    statements.push_back(g.statement);
    if (prelude.find(g.prelude) == std::string::npos) prelude += g.prelude;
    return g.unsupported.empty();
  };
  for (int64_t date : c.dates) {  // what they read may read `today`
    request.today = date;
    request.members_of = c.conditions;
    if (!c.conditions.empty() && !add(sql::Generate(p, request), "the campaigns' audiences and segments")) return false;
    for (const engine::Candidates::Anniversary& a : c.anniversaries) {
      if (!add(sql::AnniversaryCustomers(p, request, a.when, a.month_days), "the anniversaries of `yearly`"))
        return false;
    }
  }
  for (const engine::Candidates::Window& w : c.events) {
    statements.push_back(sql::EventCustomers(p, request, w.table, w.since, w.until));
  }
  return true;
}

// The rankings' values over every customer, as of `date`, for the customers' rows.
std::optional<sql::JoinedValues> Rankings(Frontend& fe, sql::Request request, const EngineProgram& ep, int64_t date,
                                          std::string& prelude) {
  sql::JoinedValues out{"", ep.rankings, ep.fields};
  if (ep.rankings.empty()) return out;
  request.today = date;
  request.values = ep.rankings;
  sql::Generated g = sql::Generate(*fe.ir, request);
  for (const sql::Unsupported& u : g.unsupported) {
    fe.diags.Report(DiagKind::UnsupportedInSql, u.span,
                    fmt::format("{} cannot be compiled to postgres SQL yet, and `sam run --engine` ranks every "
                                "customer on the server",
                                u.construct));
  }
  if (!g.unsupported.empty()) return std::nullopt;
  if (prelude.find(g.prelude) == std::string::npos) prelude += g.prelude;
  out.statement = g.statement;
  return out;
}

// The server's name of a program's table (--table).
std::string EngineTable(const EngineRun& e, const std::string& name) {
  for (const auto& [from, to] : e.tables) {
    if (from == name) return to;
  }
  return name;
}

// The server, connected when first asked (a replay asks nothing), with the settings
// the reads need and one snapshot for every statement: rows written meanwhile must
// not make a customer a candidate whose rows then differ, or leave one out. (BEGIN
// first: a transaction's isolation is set before its first query.)
class Session {
 public:
  explicit Session(const EngineRun& e) : e_(e) {}
  // Null, printed, when the server cannot be reached (code 2) or prepared (code 1).
  PGconn* Get() {
    if (!conn_ && code_ == 0) Open();
    return conn_.get();
  }
  int code() const { return code_; }
  const std::string& source() const { return source_; }

 private:
  void Open() {
    PgConnection c = PgConnect(e_.url);
    if (!c) {
      code_ = 2;
      return;
    }
    std::string error;
    PgExec(c.get(),
           "SET extra_float_digits = 1;\nSET standard_conforming_strings = on;\n" +
               std::string(sql::FindDialect("postgres")->extract_settings) + "BEGIN ISOLATION LEVEL REPEATABLE READ;\n",
           error);
    if (!error.empty()) {
      fmt::print(stderr, "sam: error: --engine: preparing the session: the server reported an error: {}", error);
      code_ = 1;
      return;
    }
    source_ = fmt::format("engine postgresql host={} dbname={}", PQhost(c.get()), PQdb(c.get()));
    conn_ = std::move(c);
  }

  const EngineRun& e_;
  PgConnection conn_{nullptr, &PQfinish};
  int code_ = 0;
  std::string source_;
};

// An empty customers table (an export that failed) would record every watched segment
// as empty, and the next run's `enters` would fire for everyone. A key held twice: a
// file keeps its first row, but the server's rows have no order to say which is first.
bool CheckCustomers(PGconn* conn, const EngineRun& e, const ir::Program& p, const sql::Request& request) {
  const std::string table = EngineTable(e, p.tables[p.customers].name);
  std::string error;
  PgResult any = PgExec(conn, sql::AnyCustomer(p, request), error);
  if (error.empty() && PQntuples(any.get()) == 0) {
    fmt::print(stderr,
               "sam: error: --engine: the customers table `{}` has no rows: nothing to plan for, nothing was "
               "committed\n",
               table);
    return false;
  }
  if (error.empty()) {
    PgResult twice = PgExec(conn, sql::RepeatedCustomer(p, request), error);
    if (error.empty() && PQntuples(twice.get()) > 0) {
      fmt::print(stderr,
                 "sam: error: --engine: the customers table `{}` holds key {} more than once: a file keeps its first "
                 "row, but the server's rows have no order that says which is first; nothing was committed\n",
                 table, PQgetvalue(twice.get(), 0, 0));
      return false;
    }
  }
  if (error.empty()) return true;
  fmt::print(stderr, "sam: error: --engine: reading table `{}`: the server reported an error: {}", table, error);
  return false;
}

// The keys the statements find, with those the state names.
std::optional<std::set<std::string>> CandidateKeys(PGconn* conn, const std::vector<std::string>& statements,
                                                   const std::set<std::string>& state_keys) {
  std::set<std::string> keys = state_keys;
  for (const std::string& statement : statements) {
    std::string error;
    PgResult r = PgExec(conn, statement, error);
    if (!error.empty()) {
      fmt::print(stderr, "sam: error: --engine: finding the candidates: the server reported an error: {}", error);
      return std::nullopt;
    }
    for (int row = 0; row < PQntuples(r.get()); ++row) {
      if (!PQgetisnull(r.get(), row, 0)) keys.insert(PQgetvalue(r.get(), row, 0));
    }
  }
  return keys;
}

// A replay reads nothing: the tables' files with their headers only.
bool WriteEmptyTables(const ir::Program& p, const std::string& dir) {
  for (const TableInfo& t : p.tables) {
    std::string header;
    for (const FieldInfo& f : t.fields) {
      std::string column = f.Column();
      if (column.find_first_of(",\"\r\n") != std::string::npos) {
        std::string quoted = "\"";
        for (char ch : column) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        column = quoted + "\"";
      }
      header += (header.empty() ? "" : ",") + column;
    }
    std::ofstream out(dir + "/" + t.name + ".csv", std::ios::binary);
    out << header << "\n";
    if (!out.flush()) {
      fmt::print(stderr, "sam: error: --engine: cannot write {}/{}.csv\n", dir, t.name);
      return false;
    }
  }
  return true;
}

}  // namespace

EngineProgram ForEngine(const ir::Program& original) {
  EngineProgram out{original, engine::Populations(original), {}};
  TableInfo& customers = out.program.tables[out.program.customers];
  for (ir::NodeId id : out.rankings) {
    ir::Node& n = out.program.nodes[id];
    out.fields.push_back(fmt::format("sam_ranking_{}", id));
    customers.fields.push_back(FieldInfo{out.fields.back(), n.type, n.span});
    n.op = ir::Op::CustomerField;
    n.args.clear();
    n.a = static_cast<int32_t>(customers.fields.size() - 1);
    n.b = n.c = -1;
  }
  return out;
}

namespace {

// Writes `dir`/<table>.csv for every table of `ep.program`: the rows of the candidates
// `c` (every row of a reference table), with the rankings' values as of `date`.
// Returns the exit code: 0; 1 (what SQL cannot express, reported in fe.diags; an error
// of the server's); 2 (no connection).
int FetchCandidates(Frontend& fe, const EngineRun& e, Session& session, const EngineProgram& ep,
                    const engine::Candidates& c, int64_t date, const std::string& dir) {
  const ir::Program& p = *fe.ir;
  if (c.dates.empty()) return WriteEmptyTables(ep.program, dir) ? 0 : 2;  // a replay: nothing to read
  const auto start = std::chrono::steady_clock::now();
  sql::Request request;
  request.dialect = sql::FindDialect("postgres");
  request.tables = e.tables;
  request.row_order = e.row_order;
  std::vector<std::string> statements;
  std::string prelude;
  const std::optional<sql::JoinedValues> rankings = Rankings(fe, request, ep, date, prelude);
  if (!CandidateStatements(fe, request, c, statements, prelude) || !rankings) return 1;
  PGconn* conn = session.Get();
  if (!conn) return session.code();
  std::string error;
  if (!prelude.empty()) PgExec(conn, prelude, error);
  if (!error.empty()) {
    fmt::print(stderr, "sam: error: --engine: preparing the session: the server reported an error: {}", error);
    return 1;
  }
  if (!CheckCustomers(conn, e, p, request)) return 1;
  std::optional<std::set<std::string>> keys = CandidateKeys(conn, statements, c.keys);
  if (!keys) return 1;
  const auto found = std::chrono::steady_clock::now();
  const std::vector<std::string> key_list(keys->begin(), keys->end());
  std::string rows;
  for (size_t t = 0; t < p.tables.size(); ++t) {
    const std::string query =
        sql::TableRows(p, request, static_cast<int>(t), c.everyone ? nullptr : &key_list, &*rankings);
    const int64_t n = PgCopyToFile(conn, query, dir + "/" + p.tables[t].name + ".csv", error);
    if (n < 0) {
      fmt::print(stderr, "sam: error: --engine: reading table `{}`: the server reported an error: {}",
                 EngineTable(e, p.tables[t].name), error);
      return 1;
    }
    rows += fmt::format("{}{} {}", rows.empty() ? "" : ", ", p.tables[t].name, n);
  }
  if (!e.quiet) {
    using Seconds = std::chrono::duration<double>;
    fmt::print(stderr, "sam: note: --engine: {} found in {:.2f} s, read in {:.2f} s: {}\n",
               c.everyone ? "every customer (a date trigger fires for all)"
                          : fmt::format("{} candidate{}", keys->size(), keys->size() == 1 ? "" : "s"),
               Seconds(found - start).count(), Seconds(std::chrono::steady_clock::now() - found).count(), rows);
  }
  return 0;
}

// The largest value of a column on the server (the bound of a delay read from data),
// if it can be read.
std::optional<int64_t> ColumnMax(Session& session, const EngineRun& e, const ir::Program& p, int table, int field) {
  PGconn* conn = session.Get();
  if (!conn) return std::nullopt;
  sql::Request request;
  request.dialect = sql::FindDialect("postgres");
  request.tables = e.tables;
  std::string error;
  PgResult r = PgExec(conn, sql::ColumnMax(p, request, table, field), error);
  if (!error.empty() || PQntuples(r.get()) != 1 || PQgetisnull(r.get(), 0, 0)) return std::nullopt;
  return std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10);
}

}  // namespace

std::optional<rt::Database> LoadCandidates(Frontend& fe, const EngineRun& e, const EngineProgram& ep,
                                           const DataOptions& data, const engine::state::Store& store, int64_t date,
                                           int64_t max_dates, std::string& source) {
  Session session(e);
  engine::Candidates c = engine::CandidatesOf(
      *fe.ir, store, date, [&](int table, int field) { return ColumnMax(session, e, *fe.ir, table, field); });
  if (session.code() != 0) {
    SetExitCode(session.code());
    return std::nullopt;
  }
  if (static_cast<int64_t>(c.dates.size()) > max_dates) c = engine::Candidates{};
  std::optional<TempDir> dir;
  try {
    dir.emplace("sam-engine");
  } catch (const std::runtime_error& error) {
    fmt::print(stderr, "sam: error: --engine: {}\n", error.what());
    SetExitCode(2);
    return std::nullopt;
  }
  fe.diags = Diagnostics{};  // the program's own were printed when it was checked
  const int code = FetchCandidates(fe, e, session, ep, c, date, dir->path.string());
  source = c.dates.empty() ? "engine (nothing read)" : session.source();
  if (!fe.diags.all().empty()) PrintDiagnostics(fe, {});
  if (code != 0) {
    SetExitCode(code);
    return std::nullopt;
  }
  DataOptions files = data;
  files.tables.clear();
  files.data_dir = dir->path.string();
  files.delimiter = ",";         // the server's CSV
  files.no_customers_ok = true;  // a day without candidates
  return OpenData(ep.program, files);
}

}  // namespace sam::cli
