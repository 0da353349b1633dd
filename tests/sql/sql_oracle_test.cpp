// The SQL backend against the interpreter: every query of tests/oracle/queries.txt,
// compiled by backends/sql/ to the engine's dialect, run on the engine over the same
// generated data, must give the interpreter's customers. The engine is PostgreSQL
// (libpq; tests/sql/with_postgres.sh starts a server for the test), DuckDB or
// ClickHouse (npm packages run in-process, tests/sql/node_engine.hpp).
//
//   sql_oracle_test --engine postgres|duckdb|clickhouse [--customers N] [--seed S] [--only NAME]
//
// A query the dialect cannot express yet must be listed in tests/sql/unsupported.txt
// (and a listed one that compiles fails the test, so that the list stays true).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "backends/interp/backend.hpp"
#include "backends/sql/sql.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "runtime/load/load.hpp"
#include "schema/value_text.hpp"
#include "tests/oracle/query_file.hpp"
#include "tests/sql/node_engine.hpp"
#include "tests/sql/postgres.hpp"
#include "tools/gen/gen.hpp"

namespace {

using namespace sam;
namespace fs = std::filesystem;

const std::string kSchema = std::string(SAM_SOURCE_DIR) + "/examples/common/schema.sam";
const std::string kQueries = std::string(SAM_SOURCE_DIR) + "/tests/oracle/queries.txt";
const std::string kUnsupported = std::string(SAM_SOURCE_DIR) + "/tests/sql/unsupported.txt";
const std::string kToday = "2026-11-23";  // the day `sam gen` data ends

struct Case {
  oracle::QueryCase q;
  std::vector<int64_t> interp;  // the interpreter's customers, sorted
  sql::Generated sql;
  std::string unsupported;  // the first construct the dialect cannot express
};

int64_t Day(const std::string& iso) { return std::get<int64_t>(DecodeDate(iso)); }

// The case compiled against the schema, answered by the interpreter and lowered to SQL.
std::string Prepare(Case& c, const rt::Database& db, const sql::Dialect& dialect) {
  Frontend fe;
  CheckProgram(fe, {kSchema});
  if (!fe.ir) return "the schema does not check";
  std::optional<FileId> file = CompileQuery(fe, c.q.name + ".samq", c.q.sam + c.q.show + "\n");
  if (!file) return "the query does not compile";
  const ir::Program& p = *fe.ir;
  const int64_t today = Day(c.q.today.empty() ? kToday : c.q.today);
  query::QueryOptions options;
  options.today = today;
  options.threads = 2;
  auto backend = interp::MakeBackend(true);
  std::vector<query::QueryResult> results =
      query::RunQueries(p, *file, fe.sources.Get(*file).text(), db, *backend, options);
  if (results.empty()) return "the interpreter gave no answer";
  for (const auto& row : results.back().rows) c.interp.push_back(std::stoll(row.at(0)));
  std::sort(c.interp.begin(), c.interp.end());
  sql::Request request;
  request.dialect = &dialect;
  request.today = today;
  for (size_t i = 0; i < p.queries.size(); ++i) {
    if (p.queries[i].span.file == *file) request.query = static_cast<int>(i);
  }
  // Each event table's row order, which `first` and `last` break ties by (EngineCsv).
  for (const TableInfo& t : p.tables) {
    if (t.kind == TableKind::Events) request.row_order.emplace_back(t.name, "sam_row");
  }
  c.sql = sql::Generate(p, request);
  if (!c.sql.unsupported.empty()) c.unsupported = c.sql.unsupported[0].construct;
  return "";
}

// --- PostgreSQL ----------------------------------------------------------------

// Each case's customers on PostgreSQL, or the error.
std::vector<std::pair<std::vector<int64_t>, std::string>> RunPostgres(const std::vector<Case>& cases,
                                                                      const ir::Program& schema, const fs::path& data,
                                                                      const sql::Dialect& d) {
  test::Postgres pg;
  pg.Run("CREATE SCHEMA sam_test; SET search_path = sam_test");
  pg.Run(fmt::format("SET TimeZone = '{}'", schema.timezone));  // a time without a zone in the files is local
  pg.Run(sql::CreateTables(schema, d) + test::RowOrderColumns(schema));
  for (const TableInfo& t : schema.tables) {
    const fs::path csv = data / (t.name + ".csv");
    if (fs::exists(csv)) pg.Copy("\"" + t.name + "\"", test::EngineCsv(test::ReadFile(csv.string()), t));
  }
  pg.Run(sql::Helpers(d));
  std::vector<std::pair<std::vector<int64_t>, std::string>> out;
  for (const Case& c : cases) {
    out.emplace_back();
    if (!c.unsupported.empty()) continue;
    try {
      const auto start = std::chrono::steady_clock::now();
      for (const auto& row : pg.Run(c.sql.statement)) out.back().first.push_back(std::stoll(row.at(0)));
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (seconds > 0.5) std::printf("note: %s took %.1f s on postgres\n", c.q.name.c_str(), seconds);
    } catch (const std::exception& e) {
      out.back().second = e.what();
    }
  }
  return out;
}

// --- DuckDB and ClickHouse (in-process, through node) ---------------------------

std::vector<std::pair<std::vector<int64_t>, std::string>> RunInProcess(test::NodeEngine engine,
                                                                       const std::vector<Case>& cases,
                                                                       const ir::Program& schema, const fs::path& data,
                                                                       const sql::Dialect& d) {
  const fs::path dir = data / d.name;
  fs::create_directories(dir);
  std::ofstream setup(dir / "setup.sql");
  setup << sql::CreateTables(schema, d) << test::RowOrderColumns(schema);
  for (const TableInfo& t : schema.tables) {
    const fs::path csv = data / (t.name + ".csv");
    if (fs::exists(csv)) {
      const fs::path engine_csv = dir / (t.name + ".csv");
      std::ofstream(engine_csv, std::ios::binary) << test::EngineCsv(test::ReadFile(csv.string()), t);
      setup << test::LoadCsv(engine, t, "\"" + t.name + "\"", engine_csv.string(), schema.timezone);
    }
  }
  setup << sql::Helpers(d);
  setup.close();
  std::vector<std::string> files = {(dir / "setup.sql").string()};
  for (size_t i = 0; i < cases.size(); ++i) {
    const fs::path f = dir / fmt::format("q{}.sql", i);
    std::ofstream(f) << cases[i].sql.statement;
    if (cases[i].unsupported.empty()) files.push_back(f.string());
  }
  std::map<std::string, std::pair<std::vector<int64_t>, std::string>> by_file;
  for (const auto& [file, answer] : test::RunEngineFiles(engine, files)) {
    auto& [ids, error] = by_file[file];
    error = answer.error;
    for (const auto& row : answer.rows) ids.push_back(std::stoll(row.at(0)));
  }
  if (!by_file[files[0]].second.empty()) throw std::runtime_error("setup: " + by_file[files[0]].second);
  std::vector<std::pair<std::vector<int64_t>, std::string>> out;
  for (size_t i = 0; i < cases.size(); ++i) out.push_back(by_file[(dir / fmt::format("q{}.sql", i)).string()]);
  return out;
}

// --- Spark SQL, Trino and ClickHouse: text --------------------------------------------------

// Every case's SQL for the dialect, compared with tests/sql/golden/DIALECT.sql (written
// anew with SAM_UPDATE_GOLDEN=1): a change to the dialect's SQL is seen and reviewed.
int CompareGolden(const std::vector<Case>& cases, const std::string& engine) {
  std::string text;
  for (const Case& c : cases) {
    text += "-- === " + c.q.name + "\n";
    text += c.unsupported.empty() ? c.sql.prelude + c.sql.statement : "-- not expressible: " + c.unsupported + "\n";
    text += "\n";
  }
  const fs::path golden = fs::path(SAM_SOURCE_DIR) / "tests/sql/golden" / (engine + ".sql");
  if (const char* update = std::getenv("SAM_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << text;
    std::printf("%s: wrote %s\n", engine.c_str(), golden.c_str());
    return 0;
  }
  const std::string want = fs::exists(golden) ? test::ReadFile(golden.string()) : "";
  if (want == text) {
    std::printf("%s: the SQL of %zu queries is the golden text (%s)\n", engine.c_str(), cases.size(), golden.c_str());
    return 0;
  }
  size_t at = 0;
  while (at < want.size() && at < text.size() && want[at] == text[at]) ++at;
  const size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
  std::printf(
      "FAIL %s: the SQL differs from %s at byte %zu:\n  golden: %s\n  now:    %s\n"
      "(SAM_UPDATE_GOLDEN=1 writes it anew, to review with git diff)\n",
      engine.c_str(), golden.c_str(), at, want.substr(line_start + 1, 160).c_str(),
      text.substr(line_start + 1, 160).c_str());
  return 1;
}

std::map<std::string, std::string> ReadUnsupported() {
  std::map<std::string, std::string> out;
  std::ifstream in(kUnsupported);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t colon = line.find(':');
    out[line.substr(0, colon)] = colon == std::string::npos ? "" : line.substr(colon + 1);
  }
  return out;
}

std::string Ids(const std::vector<int64_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size() && i < 8; ++i) out += fmt::format("{}{}", i ? ", " : "", ids[i]);
  return ids.size() > 8 ? out + fmt::format(", ... ({} in all)", ids.size()) : out;
}

std::vector<int64_t> Minus(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int64_t> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

// Spark's or Trino's SQL run in DuckDB (its tables and helpers) where it is portable
// (test::PortableToDuckDb): a statement that is not, or that DuckDB cannot run, is
// counted; one it runs must give the interpreter's customers.
int ViaDuckDb(std::vector<Case> cases, const ir::Program& schema, const fs::path& data, const std::string& engine) {
  for (Case& c : cases) {
    c.sql.statement = test::PortableToDuckDb(engine, c.sql.prelude, c.sql.statement).value_or("SELECT not_portable()");
  }
  const auto answers = RunInProcess(test::NodeEngine::DuckDb, cases, schema, data, *sql::FindDialect("duckdb"));
  int failures = 0, agree = 0, not_portable = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (!cases[i].unsupported.empty()) continue;
    auto [got, error] = answers[i];
    if (!error.empty()) {
      ++not_portable;
      continue;
    }
    std::sort(got.begin(), got.end());
    if (got == cases[i].interp) {
      ++agree;
      continue;
    }
    ++failures;
    std::printf("FAIL %s: %s's SQL runs in DuckDB with %zu customers, the interpreter gives %zu\n",
                cases[i].q.name.c_str(), engine.c_str(), got.size(), cases[i].interp.size());
  }
  std::printf("%s via DuckDB: %d queries run as written and agree, %d differ, %d not portable\n", engine.c_str(), agree,
              failures, not_portable);
  return failures;
}

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string engine, only;
  int64_t customers = 3000;
  uint64_t seed = 1;
  bool golden = false;  // --golden: the SQL against golden text, for an engine not run here (ClickHouse in make test)
  bool via_duckdb = false;  // --via-duckdb: Spark's or Trino's SQL also run in DuckDB where it is portable
  for (int i = 1; i < argc; i += 2) {
    if (std::string(argv[i]) == "--golden" || std::string(argv[i]) == "--via-duckdb") {
      (std::string(argv[i]) == "--golden" ? golden : via_duckdb) = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) break;
    const std::string arg = argv[i], value = argv[i + 1];
    if (arg == "--engine") engine = value;
    else if (arg == "--customers") customers = std::stoll(value);
    else if (arg == "--seed") seed = std::stoull(value);
    else if (arg == "--only") only = value;
  }
  const sql::Dialect* dialect = sql::FindDialect(engine);
  if (!dialect) {
    std::fprintf(stderr,
                 "usage: sql_oracle_test --engine postgres|duckdb|clickhouse|spark|trino [--customers N] [--seed S] "
                 "[--only NAME] [--golden]\n");
    return 2;
  }
  // Spark SQL and Trino do not run here: their SQL is compared with golden text.
  const bool text_only = golden || (engine != "postgres" && engine != "duckdb" && engine != "clickhouse");
  try {
    Frontend fe;
    CheckProgram(fe, {kSchema});
    if (!fe.ir) throw std::runtime_error("the schema does not check");
    std::string tmpl = (fs::temp_directory_path() / "sam-sql-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
    const fs::path dir = tmpl;
    gen::GenOptions g;
    g.customers = customers;
    g.out_dir = dir.string();
    g.seed = seed;
    g.threads = 2;
    if (gen::GenReport gr = gen::GenerateDemoData(g); !gr.ok()) throw std::runtime_error("sam gen: " + gr.error);
    rt::LoadOptions lo;
    lo.data_dir = dir.string();
    lo.rejects_dir = dir.string();
    lo.threads = 2;
    rt::LoadReport lr;
    rt::Database db = rt::LoadDatabase(*fe.ir, lo, lr);

    std::vector<Case> cases;
    for (const oracle::QueryCase& q : oracle::ReadQueryFile(kQueries)) {
      if (!only.empty() && q.name != only) continue;
      cases.push_back({q, {}, {}, {}});
      if (std::string problem = Prepare(cases.back(), db, *dialect); !problem.empty()) {
        throw std::runtime_error(q.name + ": " + problem);
      }
    }
    if (text_only) {
      int failures = CompareGolden(cases, engine);
      if (via_duckdb) failures += ViaDuckDb(cases, *fe.ir, dir, engine);
      fs::remove_all(dir);
      return failures == 0 ? 0 : 1;
    }
    auto answers = engine == "postgres"
                       ? RunPostgres(cases, *fe.ir, dir, *dialect)
                       : RunInProcess(engine == "duckdb" ? test::NodeEngine::DuckDb : test::NodeEngine::ClickHouse,
                                      cases, *fe.ir, dir, *dialect);
    const std::map<std::string, std::string> listed = ReadUnsupported();
    int failures = 0, compared = 0, unsupported = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
      const Case& c = cases[i];
      const bool is_listed = listed.count(c.q.name) > 0;
      if (!c.unsupported.empty()) {
        ++unsupported;
        if (!is_listed) {
          std::printf("FAIL %s (queries.txt:%d): %s cannot be compiled to %s; list it in tests/sql/unsupported.txt\n",
                      c.q.name.c_str(), c.q.line, c.unsupported.c_str(), engine.c_str());
          ++failures;
        }
        continue;
      }
      if (is_listed) {
        std::printf("FAIL %s compiles now: remove it from tests/sql/unsupported.txt\n", c.q.name.c_str());
        ++failures;
      }
      ++compared;
      auto [got, error] = answers[i];
      std::sort(got.begin(), got.end());
      if (error.empty() && got == c.interp) continue;
      ++failures;
      std::printf(
          "FAIL %s (queries.txt:%d) on %s: %s\n  interpreter %zu customers, %s %zu\n  only in the interpreter: %s\n"
          "  only in %s: %s\n  SAM:\n%s%s\n  SQL:\n%s%s\n",
          c.q.name.c_str(), c.q.line, engine.c_str(), error.empty() ? "answers differ" : error.c_str(), c.interp.size(),
          engine.c_str(), got.size(), Ids(Minus(c.interp, got)).c_str(), engine.c_str(),
          Ids(Minus(got, c.interp)).c_str(), c.q.sam.c_str(), c.q.show.c_str(), c.sql.prelude.c_str(),
          c.sql.statement.c_str());
    }
    std::printf("%s: %d queries compared with the interpreter on %lld customers, %d not expressible yet, %d failures\n",
                engine.c_str(), compared, static_cast<long long>(customers), unsupported, failures);
    // The golden text that make test checks (sql_clickhouse_text) is the SQL just run.
    if (engine == "clickhouse") failures += CompareGolden(cases, engine);
    fs::remove_all(dir);
    return failures == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::printf("FAIL %s\n", e.what());
    return 1;
  }
}
