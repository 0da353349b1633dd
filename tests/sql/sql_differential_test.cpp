// The SQL backend against the interpreter on random programs: the differential test's
// random schemas, data, lets and segments (tests/differential/random_program.hpp),
// each let and segment compiled to PostgreSQL's dialect and answered by the server
// (tests/sql/with_postgres.sh starts one), must give the interpreter's value for every
// customer, absent where it is absent, and an error where the interpreter stops with
// one.
//
//   sql_differential_test [--programs N] [--seed S] [--verbose]
//
// A failure prints the seed, the program, the data, the SQL and the first customers
// that differ; `--seed S --programs 1` replays it. Constructs the dialect cannot
// express are counted (and printed with --verbose), never compared.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backends/interp/backend.hpp"
#include "backends/sql/sql.hpp"
#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/load/load.hpp"
#include "tests/differential/random_program.hpp"
#include "tests/sql/node_engine.hpp"
#include "tests/sql/postgres.hpp"

namespace {

using namespace sam;
namespace fs = std::filesystem;

struct Totals {
  int programs = 0, skipped = 0, failed = 0;
  size_t compared = 0, errors = 0, unsupported = 0;
  size_t not_needed = 0;    // the interpreter stopped; the engine never computed the failing value
  size_t calendar = 0;      // the engine stopped on a value past its ranges (EngineRange)
  size_t not_portable = 0;  // --via-duckdb: DuckDB cannot run the dialect's SQL as written
  std::map<std::string, size_t> constructs;
};

std::string KeyText(const rt::Database& db, uint32_t row) {
  const rt::Column& keys = db.customer_table().columns[db.key_field];
  return keys.type.kind == TypeKind::String ? std::string(keys.Str(row)) : std::to_string(keys.Int(row));
}

// The interpreter's value as the SQL prints it in SAM's form ("\N" for absent).
std::string Expected(const ir::Program& p, Type t, const backend::Values& v, size_t k) {
  if (!v.Present(k)) return "\\N";
  switch (t.kind) {
    case TypeKind::Bool: return v.ints[k] ? "t" : "f";
    case TypeKind::Enum: return p.enums[t.ref].variants[v.ints[k]];
    case TypeKind::String: return v.strings[k];
    case TypeKind::Float: return fmt::format("{}", v.floats[k]);
    default: return std::to_string(v.ints[k]);
  }
}

// Floats may differ in their last bits: an engine adds a sum's values in its own
// order (docs/sql.md). Everything else is exact.
bool Same(Type t, const std::string& want, const std::string& got) {
  if (t.kind != TypeKind::Float || want == "\\N" || got == "\\N") return want == got;
  const double a = std::strtod(want.c_str(), nullptr), b = std::strtod(got.c_str(), nullptr);
  return a == b || (std::isnan(a) && std::isnan(b)) || std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

// Where an engine's ranges end before SAM's (docs/sql.md): PostgreSQL keeps timestamps
// to 294276 AD and intervals to about 178 million years, DuckDB months and days in 32
// bits, where SAM computes dates further out; and a float that overflows to infinity
// stops PostgreSQL, where SAM has infinity.
bool EngineRange(const std::string& error) {
  for (const char* what : {"interval out of range", "timestamp out of range", "date out of range",
                           "value out of range: overflow", "value out of range: underflow",
                           // DuckDB: months and days are 32 bits in its intervals and dates
                           "out of range for the destination type INT32", "Date out of range",
                           // PostgreSQL: a date's days as a 32-bit INTEGER (DATE '1970-01-01' + n)
                           "integer out of range"}) {
    if (error.find(what) != std::string::npos) return true;
  }
  return false;
}

// A case's data for an engine: per table (quoted), its CSV text (test::EngineCsv).
struct Copy {
  std::string table;  // quoted
  std::string csv;
  const TableInfo* info;
  std::string zone;  // of a time without an offset
};
using Copies = std::vector<Copy>;

// Where the statements run: a case's tables loaded, then its statements answered.
class Engine {
 public:
  virtual ~Engine() = default;
  virtual const char* name() const = 0;
  // Each statement's rows (values in PostgreSQL's text form, "\\N" for NULL), or its
  // error, for the case's tables: `setup` creates them, `copies` fills them.
  virtual std::vector<test::FileAnswer> Run(const std::string& schema, const std::vector<std::string>& setup,
                                            const Copies& copies, const std::vector<std::string>& statements) = 0;
};

class PostgresEngine : public Engine {
 public:
  explicit PostgresEngine(const sql::Dialect& d) { pg_.Run(sql::Helpers(d)); }
  const char* name() const override { return "postgres"; }
  std::vector<test::FileAnswer> Run(const std::string& schema, const std::vector<std::string>& setup,
                                    const Copies& copies, const std::vector<std::string>& statements) override {
    pg_.Run(fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}; SET search_path = {0}", schema));
    for (const std::string& s : setup) pg_.Run(s);
    for (const Copy& copy : copies) {
      pg_.Run(fmt::format("SET TimeZone = '{}'", copy.zone));
      pg_.Copy(copy.table, copy.csv);
    }
    std::vector<test::FileAnswer> out(statements.size());
    for (size_t k = 0; k < statements.size(); ++k) {
      try {
        out[k].rows = pg_.Run(statements[k]);
      } catch (const std::exception& e) {
        out[k].error = e.what();
      }
    }
    pg_.Run(fmt::format("SET search_path = public; DROP SCHEMA {} CASCADE", schema));
    return out;
  }

 private:
  test::Postgres pg_;
};

// A DuckDB or ClickHouse process per case (node's start is most of its time: fewer
// programs), the tables loaded from CSV files.
class InProcessEngine : public Engine {
 public:
  InProcessEngine(test::NodeEngine engine, const sql::Dialect& d, const fs::path& dir)
      : engine_(engine), dialect_(d), dir_(dir / d.name) {}
  const char* name() const override { return dialect_.name.data(); }
  std::vector<test::FileAnswer> Run(const std::string& schema, const std::vector<std::string>& setup,
                                    const Copies& copies, const std::vector<std::string>& statements) override {
    fs::create_directories(dir_);
    // DuckDB: a schema per case, as on PostgreSQL; ClickHouse: a new session's database.
    std::string text = engine_ == test::NodeEngine::DuckDb
                           ? fmt::format("CREATE SCHEMA {0};\nSET search_path = '{0}';\n", schema)
                           : std::string();
    text += sql::Helpers(dialect_);
    for (const std::string& s : setup) text += s + (s.empty() || s.back() == '\n' ? "" : ";\n");
    for (const Copy& copy : copies) {  // a CSV file, read by the engine
      const fs::path csv = dir_ / fmt::format("{}.csv", files_++);
      std::ofstream(csv, std::ios::binary) << copy.csv;
      text += test::LoadCsv(engine_, *copy.info, copy.table, csv.string(), copy.zone);
    }
    std::vector<std::string> files = {(dir_ / "setup.sql").string()};
    std::ofstream(files[0], std::ios::binary) << text;
    for (size_t k = 0; k < statements.size(); ++k) {
      files.push_back((dir_ / fmt::format("q{}.sql", k)).string());
      std::ofstream(files.back(), std::ios::binary) << statements[k];
    }
    std::map<std::string, test::FileAnswer> answers = test::RunEngineFiles(engine_, files);
    if (!answers[files[0]].error.empty())
      throw std::runtime_error(std::string(name()) + " setup: " + answers[files[0]].error);
    std::vector<test::FileAnswer> out;
    for (size_t k = 0; k < statements.size(); ++k) out.push_back(answers[files[k + 1]]);
    return out;
  }

 private:
  test::NodeEngine engine_;
  const sql::Dialect& dialect_;
  fs::path dir_;
  int files_ = 0;
};

// One case: false (after printing why) on a difference.
// `dialect` writes the statements; `tables` the CREATE TABLEs (another with
// --via-duckdb: Spark's or Trino's statements run in DuckDB's tables, where portable).
bool RunCase(uint64_t seed, const fs::path& dir, Engine& engine, const sql::Dialect& dialect,
             const sql::Dialect& tables, bool verbose, Totals& t) {
  const bool via = &dialect != &tables;
  const differential::RandomCase c = differential::MakeCase(seed);
  Frontend fe;
  CheckText(fe, "differential.sam", c.program);
  if (!fe.ir) {
    ++t.skipped;  // a generator bug: the differential test reports it
    return true;
  }
  const ir::Program& p = *fe.ir;
  std::string load_error;
  const std::optional<rt::Database> loaded = differential::LoadCase(c, p, dir, load_error);
  if (!loaded) {
    ++t.skipped;  // a generator bug: the differential test reports it
    return true;
  }
  const rt::Database& db = *loaded;
  const std::string schema = fmt::format("case_{}", seed);
  const std::vector<std::string> setup = {sql::CreateTables(p, tables), test::RowOrderColumns(p)};
  Copies copies;
  for (const TableInfo& table : p.tables) {
    auto file = c.files.find(table.name + ".csv");
    // A time without a zone in the files is the program's zone's wall clock.
    if (file != c.files.end())
      copies.push_back({"\"" + table.name + "\"", test::EngineCsv(file->second, table), &table, p.timezone});
  }
  backend::Context context;
  context.today = c.today;
  context.threads = 1;
  std::vector<uint32_t> rows(db.customer_count());
  for (size_t k = 0; k < rows.size(); ++k) rows[k] = static_cast<uint32_t>(k);
  std::map<std::string, uint32_t> row_of;
  for (uint32_t r : rows) row_of[KeyText(db, r)] = r;

  struct Asked {
    std::string name;
    int let;
    sql::Generated g;
  };
  std::vector<Asked> asked;
  for (const std::string& name : c.names) {
    int let = -1;
    for (size_t i = 0; i < p.lets.size(); ++i) {
      if (p.lets[i].name == name) let = static_cast<int>(i);
    }
    if (let < 0) continue;
    sql::Request request;
    request.dialect = &dialect;
    request.today = c.today;
    request.lets = {let};
    request.sam_values = true;  // compared with the interpreter's values
    for (const TableInfo& table : p.tables) {
      if (table.kind == TableKind::Events) request.row_order.emplace_back(table.name, "sam_row");
    }
    sql::Generated g = sql::Generate(p, request);
    if (!g.unsupported.empty()) {
      ++t.unsupported;
      ++t.constructs[g.unsupported[0].construct];
      continue;
    }
    if (via) {
      std::optional<std::string> portable = test::PortableToDuckDb(dialect.name, g.prelude, g.statement);
      if (!portable) {
        ++t.not_portable;
        continue;
      }
      g.statement = *portable;
    }
    asked.push_back({name, let, std::move(g)});
  }
  std::vector<std::string> statements;
  for (const Asked& a : asked) statements.push_back(a.g.statement);
  const std::vector<test::FileAnswer> answers = engine.Run(schema, setup, copies, statements);
  const std::string who = engine.name();

  bool ok = true;
  for (size_t k = 0; k < asked.size(); ++k) {
    const auto& [name, let, g] = asked[k];
    std::string interp_error;
    const std::string& sql_error = answers[k].error;
    const auto& got = answers[k].rows;
    backend::Values want;
    try {
      want = interp::MakeBackend()->Prepare(p, db, context)->Evaluate(p.lets[let].root, rows);
    } catch (const rt::RuntimeError& e) {
      interp_error = e.what();
    }
    std::string problem;
    if (via && !sql_error.empty() && interp_error.empty()) {  // a function DuckDB lacks, most likely
      ++t.not_portable;
      continue;
    }
    ++t.compared;
    if (!interp_error.empty() && sql_error.empty()) {
      // The interpreter computes every value it may need (a window's bound for a
      // customer without events, an operand under a false `where`) and stops on one
      // out of range; an engine computes only what it needs (docs/sql.md).
      ++t.not_needed;
      if (verbose) {
        std::printf("seed %llu, `%s`: the interpreter stopped (%s), %s answered\n%s--- SQL ---\n%s\n",
                    static_cast<unsigned long long>(seed), name.c_str(), interp_error.c_str(), who.c_str(),
                    differential::CaseText(c).c_str(), g.statement.c_str());
      }
    } else if (interp_error.empty() && EngineRange(sql_error)) {
      ++t.calendar;
      if (verbose) {
        std::printf("seed %llu, `%s`: past %s's ranges: %s\n", static_cast<unsigned long long>(seed), name.c_str(),
                    who.c_str(), sql_error.c_str());
      }
    } else if (!interp_error.empty() || !sql_error.empty()) {
      t.errors += !interp_error.empty();
      if (interp_error.empty() || sql_error.empty()) {
        problem = fmt::format("interpreter: {}\n  {}: {}", interp_error.empty() ? "an answer" : interp_error, who,
                              sql_error.empty() ? "an answer" : sql_error);
      }
    } else if (got.size() != rows.size()) {
      problem = fmt::format("{} rows from {} for {} customers", got.size(), who, rows.size());
    } else {
      int shown = 0;
      for (const auto& row : got) {
        auto it = row_of.find(row[0]);
        if (it == row_of.end()) {
          problem += fmt::format("  customer {} is not the interpreter's\n", row[0]);
          break;
        }
        const std::string expected = Expected(p, p.lets[let].type, want, it->second);
        if (!Same(p.lets[let].type, expected, row[1]) && shown++ < 5) {
          problem += fmt::format("  customer {}: interpreter {}, {} {}\n", row[0], expected, who, row[1]);
        }
      }
    }
    if (problem.empty()) continue;
    ok = false;
    std::printf("FAIL seed %llu, `%s` on %s:\n%s\n%s--- SQL ---\n%s%s\n", static_cast<unsigned long long>(seed),
                name.c_str(), who.c_str(), problem.c_str(), differential::CaseText(c).c_str(), g.prelude.c_str(),
                g.statement.c_str());
  }
  if (verbose) std::printf("seed %llu: %s\n", static_cast<unsigned long long>(seed), ok ? "same" : "DIFFERENT");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  int programs = 1000;
  uint64_t seed = 1;
  bool verbose = false;
  std::string engine_name = "postgres";
  bool via_duckdb = false;  // Spark's or Trino's SQL run in DuckDB where portable
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--programs" && i + 1 < argc) programs = std::atoi(argv[++i]);
    else if (arg == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--verbose") verbose = true;
    else if (arg == "--engine" && i + 1 < argc) engine_name = argv[++i];
    else if (arg == "--via-duckdb") via_duckdb = true;
    else {
      std::fprintf(
          stderr,
          "usage: sql_differential_test [--engine postgres|duckdb|clickhouse | --engine spark|trino --via-duckdb] "
          "[--programs N] [--seed S] [--verbose]\n");
      return 2;
    }
  }
  try {
    const sql::Dialect* dialect = sql::FindDialect(engine_name);
    const bool runs = engine_name == "postgres" || engine_name == "duckdb" || engine_name == "clickhouse";
    if (!dialect || runs == via_duckdb) throw std::runtime_error("no engine " + engine_name);
    const sql::Dialect* tables = via_duckdb ? sql::FindDialect("duckdb") : dialect;
    std::string tmpl = (fs::temp_directory_path() / "sam-sql-diff-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
    const fs::path dir = tmpl;
    std::unique_ptr<Engine> engine;
    if (engine_name == "postgres") engine = std::make_unique<PostgresEngine>(*dialect);
    else
      engine = std::make_unique<InProcessEngine>(
          engine_name == "clickhouse" ? test::NodeEngine::ClickHouse : test::NodeEngine::DuckDb, *tables, dir);
    Totals t;
    for (int k = 0; k < programs; ++k) {
      ++t.programs;
      if (!RunCase(seed + static_cast<uint64_t>(k), dir, *engine, *dialect, *tables, verbose, t)) ++t.failed;
    }
    fs::remove_all(dir);
    std::printf(
        "%s: %d random programs from seed %llu, %zu lets and segments compared with the interpreter "
        "(%zu stopped with an error in both, %zu by the interpreter alone on a value the engine did not need, %zu "
        "by the engine alone on a value past its ranges), %zu not expressible yet, %d programs skipped, %d failed%s\n",
        engine_name.c_str(), t.programs, static_cast<unsigned long long>(seed), t.compared, t.errors, t.not_needed,
        t.calendar, t.unsupported, t.skipped, t.failed,
        via_duckdb ? fmt::format("; run in DuckDB: {} not portable", t.not_portable).c_str() : "");
    for (const auto& [construct, n] : t.constructs) std::printf("  not expressible: %zu x %s\n", n, construct.c_str());
    return t.failed == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::printf("FAIL %s\n", e.what());
    return 1;
  }
}
