// The oracle test: every query of tests/oracle/queries.txt is answered twice, by SAM
// (`sam gen` data, the loader, the query runner and the reference interpreter, all
// in-process) and by hand-written SQL over the same CSV files loaded into SQLite by
// the oracle's own code (oracle_db.cpp). On small data the answers must be the same
// customers; on larger data the same count and sum of customer ids.
//
//   oracle_test [--small N] [--large N] [--only NAME] [--seed S]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <fmt/format.h>
#include <numeric>
#include <string>
#include <vector>

#include "backends/auto/tiered.hpp"
#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "runtime/load/load.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "tests/oracle/oracle_db.hpp"
#include "tests/oracle/query_file.hpp"
#include "tests/support/query_text.hpp"
#include "tools/gen/gen.hpp"

namespace {

using namespace sam;
using oracle::QueryCase;

const std::string kSchema = std::string(SAM_SOURCE_DIR) + "/examples/common/schema.sam";
const std::string kQueries = std::string(SAM_SOURCE_DIR) + "/tests/oracle/queries.txt";
const std::string kZone = "Europe/Amsterdam";  // the schema's `timezone`
// The run date: the day `sam gen` data ends (GenOptions::as_of). Its `now` is
// 2026-11-22 23:00 UTC, so the last hour of generated events lies after `now`.
const std::string kToday = "2026-11-23";
constexpr size_t kMinQueries = 40;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct DataSet {
  std::string label;
  int64_t customers = 0;
  bool exact = false;  // compare member sets, else (count, sum of ids)
  std::filesystem::path dir;
  rt::Database db;
  std::string snapshot;  // exact data: the data written by `sam load`
  const ir::Program* program = nullptr;
  std::unique_ptr<oracle::OracleDb> sql;
};

void Prepare(DataSet& d, const ir::Program& program, uint64_t seed) {
  d.program = &program;
  auto start = std::chrono::steady_clock::now();
  std::string tmpl = (std::filesystem::temp_directory_path() / "sam-oracle-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
  d.dir = tmpl;
  gen::GenOptions g;
  g.customers = d.customers;
  g.out_dir = d.dir.string();
  g.seed = seed;
  g.threads = 2;
  gen::GenReport gr = gen::GenerateDemoData(g);
  if (!gr.ok()) throw std::runtime_error("sam gen: " + gr.error);

  rt::LoadOptions lo;
  lo.data_dir = d.dir.string();
  lo.rejects_dir = d.dir.string();
  lo.threads = 2;
  rt::LoadReport lr;
  d.db = rt::LoadDatabase(program, lo, lr);
  for (const auto& t : lr.tables) {
    if (t.rejected != 0) throw std::runtime_error(fmt::format("the loader rejected {} rows of {}", t.rejected, t.table));
  }
  if (d.exact) {
    d.snapshot = (d.dir / "data.samdb").string();
    rt::WriteSnapshot(d.db, d.snapshot);
  }
  double sam_seconds = Seconds(start);

  auto sql_start = std::chrono::steady_clock::now();
  d.sql = std::make_unique<oracle::OracleDb>(kZone);
  d.sql->LoadDemoData(d.dir.string());
  // Both sides must have read every generated row.
  for (const auto& t : gr.tables) {
    int64_t rows = d.sql->CountRows(t.name);
    if (rows != t.rows) throw std::runtime_error(fmt::format("sqlite has {} rows of {}, sam gen wrote {}", rows, t.name, t.rows));
  }
  for (const auto& t : lr.tables) {
    if (static_cast<int64_t>(t.accepted) != d.sql->CountRows(t.table)) {
      throw std::runtime_error(fmt::format("the loader accepted {} rows of {}, sqlite has {}", t.accepted, t.table,
                                           d.sql->CountRows(t.table)));
    }
  }
  std::printf("%s data: %lld customers in %s (gen+load %.2f s, sqlite %.2f s)\n", d.label.c_str(),
              static_cast<long long>(d.customers), d.dir.c_str(), sam_seconds, Seconds(sql_start));
}

std::string Indent(const std::string& text) {
  std::string out = "    ";
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size()) out += "    ";
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

struct Answer {
  bool ok = false;
  std::string error;
  std::vector<int64_t> ids;
  int64_t count = -1;  // from `count customers where q`, when run
};

// The backends the oracle runs every query on (`--backend` chooses): each one's answer
// is compared with SQLite's, never with another backend's.
struct BackendCase {
  std::string name;
  std::unique_ptr<backend::Backend> (*make)();
};
const std::vector<BackendCase>& AllBackends() {
  static const std::vector<BackendCase> all = {
      {"interp", [] { return interp::MakeBackend(true); }},
      // The interpreter without its straight-from-the-columns aggregates.
      {"interp-scopes", [] { return interp::MakeBackend(false); }},
      // LLVM's code for what the JIT compiles, the interpreter for the rest.
      {"jit", [] { return backend::MakeBackend("jit"); }},
      // The JIT searching every customer's window (it scans a few events otherwise).
      {"jit-search", [] { return jit::MakeBackend(interp::MakeBackend(), {0}); }},
      // `auto` switching in the middle of each question: the interpreter's first morsels
      // (and whichever run beside the fourth), then compiled code for the rest.
      {"auto-switch",
       [] {
         return tiered::MakeBackend(
             interp::MakeBackend(), [] { return jit::MakeBackend(interp::MakeBackend()); }, {0, 0, 3, false});
       }},
  };
  return all;
}

// How many of the expressions the JIT was asked for it compiled (the rest ran in
// the interpreter): printed at the end, so that the JIT's share of the oracle shows.
size_t jit_asked = 0, jit_compiled = 0;
void CountCompiled(const backend::Backend& b) {
  for (const jit::ExpressionReport& r : jit::ReportOf(b).expressions) ++jit_asked, jit_compiled += r.compiled;
}

Answer RunSam(const QueryCase& c, const rt::Database& db, int64_t today, const BackendCase& backend) {
  Answer a;
  Frontend fe;
  CheckProgram(fe, {kSchema});
  if (!fe.ir) {
    a.error = "the schema does not check";
    return a;
  }
  bool with_count = c.show == "show customers where q { id }";
  std::string text = c.sam + (with_count ? "count customers where q\n" : "") + c.show + "\n";
  query::QueryOptions options;
  options.today = today;
  options.threads = 2;
  std::vector<query::QueryResult> results;
  bool ran = false;
  try {
    std::unique_ptr<backend::Backend> b = backend.make();
    ran = testing::RunQueryText(fe, db, c.name + ".samq", text, *b, options, results);
    CountCompiled(*b);
  } catch (const std::exception& e) {
    a.error = std::string("exception: ") + e.what();
    return a;
  }
  if (!ran) {
    for (const auto& diag : fe.diags.all()) a.error += RenderText(fe.sources, diag, RenderOptions{false});
    if (a.error.empty()) a.error = "RunQueries failed without a diagnostic";
    return a;
  }
  if (results.empty() || results.back().columns.size() != 1) {
    a.error = "the query gave no `show` result with one column";
    return a;
  }
  for (const auto& row : results.back().rows) {
    try {
      a.ids.push_back(std::stoll(row.at(0)));
    } catch (const std::exception&) {
      a.error = "not a customer id: `" + (row.empty() ? std::string() : row[0]) + "`";
      return a;
    }
  }
  std::sort(a.ids.begin(), a.ids.end());
  if (with_count && results.size() >= 2) a.count = static_cast<int64_t>(results[results.size() - 2].count);
  a.ok = true;
  return a;
}

// The oracle's own time arithmetic against values worked out by hand: Amsterdam is
// UTC+1 in winter and UTC+2 in summer, and 2026-03-29 has 23 hours.
void SelfCheck() {
  constexpr int64_t kHour = 3'600'000'000, kDay = 24 * kHour;
  struct {
    const char* what;
    int64_t got, want;
  } checks[] = {
      {"day number of 2026-11-23", oracle::DaysFromIso("2026-11-23"), 20780},
      {"now of 2026-11-23", oracle::LocalMidnight(20780, kZone), 20780 * kDay - kHour},
      {"start of 2026-03-29", oracle::LocalMidnight(20541, kZone), 20541 * kDay - kHour},
      {"start of 2026-03-30", oracle::LocalMidnight(20542, kZone), 20542 * kDay - 2 * kHour},
      {"local date of 2026-03-29T22:30Z", oracle::LocalDay(20541 * kDay + 22 * kHour + kHour / 2, kZone), 20542},
      {"local date of 2026-11-22T22:59Z", oracle::LocalDay(20780 * kDay - kHour - 60'000'000, kZone), 20779},
  };
  for (const auto& c : checks) {
    if (c.got != c.want) throw std::runtime_error(fmt::format("oracle self-check: {} is {}, not {}", c.what, c.got, c.want));
  }
}

int64_t Sum(const std::vector<int64_t>& ids) { return std::accumulate(ids.begin(), ids.end(), int64_t{0}); }

std::string FirstDifferences(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int64_t> only;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only));
  std::string out;
  for (size_t i = 0; i < only.size() && i < 10; ++i) out += fmt::format("{}{}", i ? ", " : "", only[i]);
  if (only.size() > 10) out += fmt::format(", ... ({} in all)", only.size());
  return out.empty() ? "none" : out;
}

// The bytes of every column that a query did not have verified, overwritten with
// noise: if the interpreter read one of them anyway, a damaged snapshot could answer
// wrongly without an error. Returns how many columns were overwritten.
int OverwriteUnchecked(const rt::Database& db, std::string& bytes) {
  std::vector<const rt::Buffer*> all;
  for (const rt::Table& t : db.tables) {
    for (const rt::Column& col : t.columns) all.insert(all.end(), {&col.values, &col.validity, &col.dict_offsets, &col.dict_bytes});
  }
  const uint8_t* first = nullptr;
  for (const rt::Buffer* b : all) {
    if (!b->empty() && (!first || b->data() < first)) first = b->data();
  }
  const uint8_t* file = first - 128;  // the first section follows the 128-byte header
  std::vector<rt::ColumnRef> checked = db.checks->Checked();
  uint64_t noise = 0x9E3779B97F4A7C15ull;
  int overwritten = 0;
  for (size_t ti = 0; ti < db.tables.size(); ++ti) {
    for (size_t ci = 0; ci < db.tables[ti].columns.size(); ++ci) {
      auto is = [&](const rt::ColumnRef& r) { return r.table == static_cast<int>(ti) && r.column == static_cast<int>(ci); };
      if (std::any_of(checked.begin(), checked.end(), is)) continue;
      const rt::Column& col = db.tables[ti].columns[ci];
      for (const rt::Buffer* b : {&col.values, &col.validity, &col.dict_offsets, &col.dict_bytes}) {
        for (size_t i = 0; i < b->size(); ++i) {
          noise ^= noise << 13, noise ^= noise >> 7, noise ^= noise << 17;
          bytes[static_cast<size_t>(b->data() - file) + i] = static_cast<char>(noise);
        }
      }
      ++overwritten;
    }
  }
  return overwritten;
}

// The query on the snapshot of the data, opened as `sam query --db` opens it (columns
// verified on first use), and again on a copy whose unverified columns are noise: both
// answers must be the in-memory one. Returns what went wrong, or "".
std::string CheckSnapshotReads(const QueryCase& c, const DataSet& d, int64_t today, const BackendCase& backend,
                               const Answer& want) {
  try {
    rt::Database db = rt::OpenSnapshot(*d.program, d.snapshot);
    Answer clean = RunSam(c, db, today, backend);
    if (!clean.ok || clean.ids != want.ids) return "the snapshot's answer differs: " + (clean.ok ? "other customers" : clean.error);
    std::string bytes;
    {
      std::ifstream in(d.snapshot, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (OverwriteUnchecked(db, bytes) == 0) return "";  // the query reads every column
    std::string damaged = (d.dir / "damaged.samdb").string();
    std::ofstream(damaged, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    rt::Database bad = rt::OpenSnapshot(*d.program, damaged);
    Answer after = RunSam(c, bad, today, backend);
    if (!after.ok) return "a column the query did not verify was read: " + after.error;
    if (after.ids != want.ids) return "a column the query did not verify was read: the answer changed";
    return "";
  } catch (const std::exception& e) {
    return std::string("snapshot: ") + e.what();
  }
}

// What is wrong with one backend's answer to one case on one data set ("" if nothing).
std::string Compare(const QueryCase& c, const DataSet& d, int64_t today, const BackendCase& backend, const Answer& sam,
                    const std::vector<int64_t>& sql) {
  if (!sam.ok) return fmt::format("{} failed (SQL: {} customers):\n{}", backend.name, sql.size(), Indent(sam.error));
  if (d.exact ? sam.ids != sql : (sam.ids.size() != sql.size() || Sum(sam.ids) != Sum(sql))) {
    return fmt::format(
        "answers differ on the {} data ({} customers), backend {}:\n"
        "    SAM: {} customers, sum of ids {}\n    SQL: {} customers, sum of ids {}\n"
        "    only in SAM: {}\n    only in SQL: {}",
        d.label, d.customers, backend.name, sam.ids.size(), Sum(sam.ids), sql.size(), Sum(sql),
        FirstDifferences(sam.ids, sql), FirstDifferences(sql, sam.ids));
  }
  if (sam.count >= 0 && static_cast<size_t>(sam.count) != sam.ids.size()) {
    return fmt::format("{}: `count customers where q` is {}, but `show` listed {} customers", backend.name, sam.count,
                       sam.ids.size());
  }
  if (d.exact) return CheckSnapshotReads(c, d, today, backend, sam);
  return "";
}

// Runs one case on one data set on every chosen backend; returns false (after printing
// why) on a difference.
bool Check(const QueryCase& c, const DataSet& d, const std::vector<const BackendCase*>& backends, std::string& summary) {
  int64_t today = oracle::DaysFromIso(c.today.empty() ? kToday : c.today);
  int64_t now = oracle::LocalMidnight(today, kZone);
  std::vector<Answer> answers;
  double sam_seconds = 0;
  for (const BackendCase* b : backends) {
    auto start = std::chrono::steady_clock::now();
    answers.push_back(RunSam(c, d.db, today, *b));
    if (answers.size() == 1) sam_seconds = Seconds(start);
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<int64_t> sql;
  std::string sql_error;
  try {
    sql = d.sql->SelectIds(c.sql, today, now);
  } catch (const std::exception& e) {
    sql_error = e.what();
  }
  double sql_seconds = Seconds(start);
  summary += fmt::format(" {}={} ({:.2f}s/{:.2f}s)", d.label, sql.size(), sam_seconds, sql_seconds);

  std::string problem;
  if (!sql_error.empty()) problem = "the SQL failed: " + sql_error;
  for (size_t b = 0; b < backends.size() && problem.empty(); ++b) {
    problem = Compare(c, d, today, *backends[b], answers[b], sql);
  }
  if (problem.empty() && !d.exact && sql.empty() && !c.empty_ok) {
    problem = "no customer matches on the large data: the query tests nothing (mark it `empty-ok` if meant)";
  }
  if (problem.empty()) return true;
  std::printf("FAIL (queries.txt:%d, today %s)\n  %s\n  SAM:\n%s%s  SQL:\n%s", c.line,
              (c.today.empty() ? kToday : c.today).c_str(), problem.c_str(), Indent(c.sam).c_str(),
              Indent(c.show).c_str(), Indent(c.sql).c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // a crash must not swallow the lines before it
  int64_t small = 2000, large = 20000;
  uint64_t seed = 1;
  std::string only;
  std::vector<const BackendCase*> backends;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "oracle_test: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--small") small = std::stoll(value());
    else if (arg == "--large") large = std::stoll(value());
    else if (arg == "--seed") seed = std::stoull(value());
    else if (arg == "--only") only = value();
    else if (arg == "--backend") {
      std::string name = value();
      auto it = std::find_if(AllBackends().begin(), AllBackends().end(), [&](const BackendCase& b) { return b.name == name; });
      if (it == AllBackends().end()) {
        std::fprintf(stderr, "oracle_test: no backend `%s`\n", name.c_str());
        return 2;
      }
      backends.push_back(&*it);
    } else {
      std::fprintf(stderr, "usage: oracle_test [--small N] [--large N] [--seed S] [--only NAME] [--backend NAME]...\n");
      return 2;
    }
  }
  if (backends.empty()) {
    for (const BackendCase& b : AllBackends()) backends.push_back(&b);
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<DataSet> sets(2);
  int failures = 0;
  try {
    std::vector<QueryCase> cases = oracle::ReadQueryFile(kQueries);
    if (cases.size() < kMinQueries) {
      std::printf("FAIL queries.txt has %zu queries, fewer than %zu\n", cases.size(), kMinQueries);
      ++failures;
    }
    SelfCheck();
    Frontend fe;
    CheckProgram(fe, {kSchema});
    if (!fe.ir) throw std::runtime_error("the example schema does not check");
    sets[0].label = "small";
    sets[0].customers = small;
    sets[0].exact = true;
    sets[1].label = "large";
    sets[1].customers = large;
    for (DataSet& d : sets) {
      if (d.customers > 0) Prepare(d, *fe.ir, seed);
    }
    size_t ran = 0;
    for (const QueryCase& c : cases) {
      if (!only.empty() && c.name != only) continue;
      ++ran;
      // The name first: if SAM crashes, the last line names the query that crashed it.
      std::printf("%-34s", c.name.c_str());
      std::fflush(stdout);
      std::string summary;
      bool ok = true;
      for (const DataSet& d : sets) {
        if (d.customers > 0 && ok) ok = Check(c, d, backends, summary);
      }
      if (ok) std::printf("ok  %s\n", summary.c_str());
      else ++failures;
    }
    if (!only.empty() && ran == 0) throw std::runtime_error("no query named " + only);
    std::printf("%zu queries, %d failed, %.1f s\n", ran, failures, Seconds(start));
    if (jit_asked > 0) std::printf("jit: compiled %zu of %zu expressions asked for\n", jit_compiled, jit_asked);
  } catch (const std::exception& e) {
    std::printf("FAIL oracle_test: %s\n", e.what());
    ++failures;
  }
  for (DataSet& d : sets) {
    std::error_code ec;
    if (!d.dir.empty()) std::filesystem::remove_all(d.dir, ec);
  }
  return failures == 0 ? 0 : 1;
}
