// The segment benchmark: SAM's segment queries against DuckDB and hand-written C++.
//
//   segment_bench --data DIR [--program bench/segments.sam] [--queries bench/queries.txt]
//                 [--today YYYY-MM-DD] [--runs R] [--threads N] [--smoke] [--db SNAPSHOT]
//                 [--no-fresh] [--no-duckdb] ...
//
// Over the CSV files of DIR (from `sam gen`): times SAM's CSV load against DuckDB's
// read_csv, a snapshot's write and open, then each query of the suite in SAM (in
// process, on the loaded data), in DuckDB (bench/duckdb/run.mjs, in-memory tables) and,
// for some, as hand-written kernels (bench/kernels.cpp); best of R runs each. Checks
// that every side gives the same answer (the count and the sum of the customers' ids)
// and prints per query the times and ratios, memory figures and a memory-bandwidth
// probe. Then each query again as a fresh process, start to exit: `sam query --db` on
// the snapshot, and node running DuckDB on a database file (bench/fresh_process.cpp).
// Exit code 1 when an answer differs or a side fails. docs/performance.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <malloc.h>  // malloc_trim
#include <unistd.h>  // sync

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backends/registry.hpp"
#include "base/render.hpp"
#include "bench/duckdb_side.hpp"
#include "bench/fresh_process.hpp"
#include "bench/kernels.hpp"
#include "bench/machine.hpp"
#include "bench/suite.hpp"
#include "bench/verify_cost.hpp"
#include "compiler/driver/frontend.hpp"
#include "ir/eval.hpp"
#include "query/query.hpp"
#include "runtime/load/load.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"
#include "tests/support/query_text.hpp"

namespace sam::bench {
namespace {

struct Options {
  std::string data_dir, program = "bench/segments.sam", queries = "bench/queries.txt";
  std::string duckdb_script = "bench/duckdb/run.mjs", snapshot, markdown, today = "2026-11-23";
  std::string fresh_script = "bench/duckdb/fresh.mjs", duckdb_file, sam;
  int runs = 5, threads = 0;
  size_t probe_mib = 1024;
  std::string db;  // an existing snapshot instead of the CSV load
  bool smoke = false, no_duckdb = false, no_fresh = false, no_jit = false;
};

struct Row {
  const SuiteQuery* q;
  std::optional<double> sam_s, duck_s, kernel_s, jit_s;
  std::optional<Answer> sam, sam_listed, duck, kernel, jit;
  std::string error;
};

std::string Ms(std::optional<double> s) { return s ? fmt::format("{:.1f}", *s * 1e3) : "-"; }
std::string Ratio(std::optional<double> a, std::optional<double> b) {
  return a && b && *b > 0 ? fmt::format("{:.1f}x", *a / *b) : "-";
}
std::string Mb(double bytes) { return fmt::format("{:.1f} MB", bytes / 1e6); }

// The bytes of the columns as plain values: 8 a number, timestamp or duration, 4 a
// date, 1 a bool or enum, a string a 4-byte code plus its distinct strings (and their
// 8-byte offsets); a bitmap for an optional column; 8 bytes a customer per event table.
size_t RawColumnBytes(const rt::Database& db) {
  size_t n = 0;
  for (const rt::Table& t : db.tables) {
    if (!t.offsets.empty()) n += (db.customer_count() + 1) * 8;
    for (const rt::Column& c : t.columns) {
      size_t width = 8;
      switch (c.type.kind) {
        case TypeKind::Date: width = 4; break;
        case TypeKind::Bool:
        case TypeKind::Enum: width = 1; break;
        case TypeKind::String: width = 4; n += c.dict_bytes.size() + c.dict_offsets.size(); break;
        default: break;
      }
      n += c.size * width;
      if (c.type.optional) n += (c.size + 63) / 64 * 8;
    }
  }
  return n;
}

std::string DateText(int64_t days) {
  CivilDate d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}
std::string TimestampText(int64_t micros) {
  int64_t secs = micros / 1'000'000;
  int64_t days = secs / 86400 - (secs % 86400 < 0);
  int64_t rest = secs - days * 86400;
  return fmt::format("{} {:02}:{:02}:{:02}", DateText(days), rest / 3600, rest / 60 % 60, rest % 60);
}

void PrintDiagnostics(Frontend& fe) {
  fe.diags.Sort();
  for (const auto& d : fe.diags.all()) fmt::print(stderr, "{}", RenderText(fe.sources, d, {false}));
}

// Ratios over the queries for a geometric mean, and the lowest.
struct Ratios {
  double log_sum = 0, lowest = 1e300;
  std::string lowest_name;
  int count = 0;
  void Add(const std::string& name, double r) {
    log_sum += std::log(r);
    ++count;
    if (r < lowest) lowest = r, lowest_name = name;
  }
  double Geomean() const { return count ? std::exp(log_sum / count) : 0; }
};

template <class F>
double Best(int runs, F&& f) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    double t0 = Seconds();
    f();
    best = std::min(best, Seconds() - t0);
  }
  return best;
}

// The sam binary of the build: BUILD/sam beside BUILD/bench/segment_bench.
std::string SamBinary(const Options& o) {
  namespace fs = std::filesystem;
  fs::path sam =
      o.sam.empty() ? fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "sam" : fs::path(o.sam);
  if (::access(sam.c_str(), X_OK) != 0)
    throw std::runtime_error(fmt::format("no sam binary at {} (--sam)", sam.string()));
  return sam.string();
}

// The fresh-process table: each query as a new process against its in-process answer.
std::string FreshProcesses(const Options& o, const FreshSetup& setup, const std::vector<SuiteQuery>& suite,
                           const std::vector<std::string>& sql, const std::vector<Row>& table, uint64_t customers,
                           bool& agree) {
  ReadIntoPageCache(setup.snapshot);
  if (!setup.node_script.empty()) ReadIntoPageCache(setup.duckdb_file);
  std::vector<FreshQuery> queries;
  for (size_t i = 0; i < suite.size(); ++i) {
    queries.push_back({suite[i].name, suite[i].sam, sql[i], table[i].sam, table[i].sam_s.value_or(0)});
  }
  fmt::print("measuring fresh processes: {} of each query as a new process ({}{})\n", setup.runs, setup.sam,
             o.no_duckdb ? "" : ", node " + setup.node_script);
  return FreshTable(MeasureFresh(setup, queries), customers, agree);
}

// Reads the CSV files once (so that SAM's load, first, and DuckDB's, second, both find
// them in the page cache), then loads them as SAM does; load_s and csv_bytes for the
// comparison with DuckDB's read_csv.
rt::Database LoadCsv(const Options& o, const ir::Program& program, int threads, double& load_s, uint64_t& csv_bytes) {
  {
    uint64_t bytes = 0;
    std::vector<char> block(1 << 20);
    for (const auto& entry : std::filesystem::directory_iterator(o.data_dir)) {
      if (entry.path().extension() != ".csv") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) bytes += static_cast<uint64_t>(in.gcount());
    }
    fmt::print("page cache: read {} of CSV once before the loads\n", Mb(static_cast<double>(bytes)));
  }
  rt::LoadOptions lo;
  lo.data_dir = o.data_dir;
  lo.threads = threads;
  lo.rejects_dir = std::filesystem::temp_directory_path().string();
  rt::LoadReport report;
  double t0 = Seconds();
  rt::Database db = rt::LoadDatabase(program, lo, report);
  load_s = Seconds() - t0;
  uint64_t rows = 0, rejected = 0;
  for (const auto& t : report.tables) {
    csv_bytes += t.bytes;
    rows += t.accepted;
    rejected += t.rejected;
  }
  fmt::print("SAM load: {} customers, {} rows ({} rejected), {} of CSV in {:.2f} s ({:.0f} MB/s)\n", db.customer_count(),
             rows, rejected, Mb(static_cast<double>(csv_bytes)), load_s, csv_bytes / load_s / 1e6);
  return db;
}

int Run(const Options& o) {
  const int threads = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const int runs = o.smoke ? 1 : o.runs;
  std::vector<SuiteQuery> suite = ReadSuite(o.queries);
  for (const SuiteQuery& q : suite) {
    if (!q.kernel.empty() && !FindKernel(q.kernel)) throw std::runtime_error(fmt::format("{}:{}: no kernel `{}`", o.queries, q.line, q.kernel));
  }

  const std::string sam_binary = SamBinary(o);  // before the long load: a missing one fails now

  Frontend fe;
  CheckProgram(fe, {o.program});
  if (!fe.ir) {
    PrintDiagnostics(fe);
    return 2;
  }
  const ir::Program& program = *fe.ir;
  std::optional<int64_t> today = ParseIsoDate(o.today);
  if (!today) throw std::runtime_error("--today: not a date: " + o.today);
  const int64_t now = StartOfDay(*today, program.timezone);
  std::vector<std::string> sql;  // DuckDB's SQL, {now} and {today} bound
  for (const SuiteQuery& q : suite) {
    sql.push_back(
        BindSql(q.sql, fmt::format("TIMESTAMP '{}'", TimestampText(now)), fmt::format("DATE '{}'", DateText(*today))));
  }
  fmt::print("segment_bench: {} ({} queries), data {}, today {} (now = {} UTC), {} threads, best of {}\n", o.program,
             suite.size(), o.data_dir, o.today, TimestampText(now), threads, runs);

  // The data: the CSV files loaded (timed against DuckDB's read_csv, then written as a
  // snapshot), or with --db an existing snapshot opened, which leaves the CSV load and
  // the snapshot's write out.
  const bool loaded = o.db.empty();
  const size_t rss_before = ResidentBytes();
  double load_s = 0;
  uint64_t csv_bytes = 0;
  rt::Database db = loaded ? LoadCsv(o, program, threads, load_s, csv_bytes) : rt::OpenSnapshot(program, o.db);
  const size_t rss_loaded = ResidentBytes();
  if (!loaded) {
    db.RequireAll();  // its checksums checked now, not in the first timed run of a side
    fmt::print("opened snapshot {}: {} customers\n", o.db, db.customer_count());
  }

  // Snapshot.
  std::string snap = !loaded ? o.db : o.snapshot.empty() ? o.data_dir + "/bench.samdb" : o.snapshot;
  std::optional<double> snap_write_s, snap_open_s;
  try {
    if (loaded) {
      snap_write_s = Best(1, [&] { rt::WriteSnapshot(db, snap); });
      // The kernel would otherwise write the snapshot's pages back while the queries run.
      ::sync();
    }
    snap_open_s = Best(runs, [&] { rt::Database s = rt::OpenSnapshot(program, snap); });
    fmt::print("snapshot: {}{}, opened in {:.2f} ms\n", Mb(static_cast<double>(std::filesystem::file_size(snap))),
               snap_write_s ? fmt::format(" written in {:.2f} s", *snap_write_s) : "", *snap_open_s * 1e3);
  } catch (const std::exception& e) {
    fmt::print("snapshot: failed: {}\n", e.what());
  }

  // SAM, then the kernels.
  query::QueryOptions qo;
  qo.today = *today;
  qo.threads = threads;
  std::unique_ptr<backend::Backend> backend = backend::MakeBackend("interp");
  // The JIT's kernels compiled in its first run (the best of `runs` is warm).
  std::unique_ptr<backend::Backend> jit = o.no_jit ? nullptr : backend::MakeBackend("jit");
  const std::string key = program.tables[db.customers].fields[db.key_field].name;
  std::vector<Row> table;
  for (const SuiteQuery& q : suite) {
    Row row{&q, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    // A count, its time, and the ids that `show` lists (their sum and number).
    auto run = [&](backend::Backend& on, std::optional<double>& seconds, std::optional<Answer>& answer,
                   std::optional<Answer>* listed_answer) {
      std::vector<query::QueryResult> results;
      bool ok = true;
      seconds = Best(runs, [&] {
        results.clear();
        ok = ok && testing::RunQueryText(fe, db, q.name, q.sam, on, qo, results);
      });
      if (!ok || results.size() != 1) {
        PrintDiagnostics(fe);
        seconds.reset();
        row.error = fmt::format("{} query failed", on.name());
        return;
      }
      std::vector<query::QueryResult> listed;
      if (testing::RunQueryText(fe, db, q.name, ShowQuery(q.sam, key, std::max<uint64_t>(1, db.customer_count())), on, qo,
                                listed) &&
          listed.size() == 1) {
        Answer a{listed[0].count, 0};
        for (const auto& r : listed[0].rows) a.id_sum += std::stoll(r.at(0));
        if (listed[0].rows.size() != a.count) row.error = "show listed fewer rows than it matched";
        if (listed_answer != nullptr) *listed_answer = a;
        answer = Answer{results[0].count, a.id_sum};
      } else {
        PrintDiagnostics(fe);
        row.error = fmt::format("{} show query failed", on.name());
      }
    };
    run(*backend, row.sam_s, row.sam, &row.sam_listed);
    if (jit) run(*jit, row.jit_s, row.jit, nullptr);
    if (!q.kernel.empty()) {
      Answer a;
      KernelInput in{program, db, now, *today, threads};
      row.kernel_s = Best(runs, [&] { a = FindKernel(q.kernel)(in); });
      row.kernel = a;
    }
    table.push_back(std::move(row));
  }
  const size_t peak = PeakResidentBytes();
  // DuckDB loads the same data in a process of its own: at 10M customers both copies
  // would not fit in memory together.
  const uint64_t customers = db.customer_count();
  const size_t db_bytes = db.bytes(), raw = RawColumnBytes(db), resident = rss_loaded > rss_before ? rss_loaded - rss_before : 0;
  db = rt::Database{};
  malloc_trim(0);

  // What verifying the snapshot's columns on first use costs.
  std::string verify_md;
  if (snap_open_s && !o.no_fresh) {
    verify_md = VerifyCostTable(MeasureVerifyCost(fe, snap, suite, qo, runs));
    fmt::print("\nsnapshot verification:\n{}\n", verify_md);
  }

  // DuckDB, in a process of its own.
  const std::string duckdb_file = o.duckdb_file.empty() ? o.data_dir + "/bench.duckdb" : o.duckdb_file;
  std::optional<DuckReport> duck;
  if (!o.no_duckdb) {
    DuckRun dr;
    dr.script = o.duckdb_script;
    dr.data_dir = std::filesystem::absolute(o.data_dir).string();
    dr.spec_path = (std::filesystem::temp_directory_path() / fmt::format("segment_bench_{}.json", getpid())).string();
    dr.threads = threads;
    dr.runs = runs;
    for (size_t i = 0; i < suite.size(); ++i) dr.queries.emplace_back(suite[i].name, sql[i]);
    // The fresh-process table's DuckDB database file, written once per data set.
    if (!o.no_fresh && DatabaseFileStale(duckdb_file, o.data_dir)) dr.save = std::filesystem::absolute(duckdb_file).string();
    duck = RunDuckDb(program, dr);
    std::filesystem::remove(dr.spec_path);
    if (!dr.save.empty()) {
      fmt::print("DuckDB database file: {} written in {:.2f} s\n", duckdb_file, duck->save_seconds);
      ::sync();  // its write-back would otherwise run beside the fresh processes
    }
    for (size_t i = 0; i < table.size() && i < duck->queries.size(); ++i) {
      table[i].duck_s = duck->queries[i].seconds;
      table[i].duck = Answer{duck->queries[i].count, duck->queries[i].id_sum};
    }
  }
  // Each query as a new process, on the snapshot and the DuckDB database file.
  std::string fresh_md;
  bool fresh_agree = true;
  if (snap_open_s && !o.no_fresh) {
    FreshSetup setup{sam_binary, o.program, snap, o.today, threads, runs, o.no_duckdb ? "" : o.fresh_script,
                     duckdb_file};
    fresh_md = FreshProcesses(o, setup, suite, sql, table, customers, fresh_agree);
  }
  const double bandwidth = MemoryBandwidth((o.smoke ? 64 : o.probe_mib) << 20, threads, o.smoke ? 1 : 3);

  // The table.
  std::string md =
      "| query | customers | SAM ms | JIT ms | DuckDB ms | DuckDB / SAM | DuckDB / JIT | hand-written ms | SAM / hand-written "
      "| JIT / hand-written | DuckDB / hand-written | answers |\n"
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
  bool all_agree = true;
  double log_sum = 0, min_speedup = 1e300, max_vs_kernel = 0;
  int speedups = 0;
  Ratios duck_vs_kernel;  // the ceiling: DuckDB / hand-written
  Ratios duck_vs_jit;
  double max_jit_vs_kernel = 0;
  for (Row& r : table) {
    std::optional<Answer> ref = r.sam ? r.sam : r.duck ? r.duck : r.kernel;
    bool agree = ref && r.error.empty();
    for (const auto& a : {r.sam, r.duck, r.kernel, r.jit}) agree = agree && (!a || *a == *ref);
    if (!o.no_jit && !r.jit) agree = false;
    if (r.sam_listed && r.sam_listed->count != r.sam->count) agree = false;
    if (!r.sam || (!o.no_duckdb && !r.duck)) agree = false;
    all_agree = all_agree && agree;
    if (r.sam_s && r.duck_s) {
      double s = *r.duck_s / *r.sam_s;
      log_sum += std::log(s);
      min_speedup = std::min(min_speedup, s);
      ++speedups;
    }
    if (r.sam_s && r.kernel_s) max_vs_kernel = std::max(max_vs_kernel, *r.sam_s / *r.kernel_s);
    if (r.duck_s && r.kernel_s) duck_vs_kernel.Add(r.q->name, *r.duck_s / *r.kernel_s);
    if (r.duck_s && r.jit_s) duck_vs_jit.Add(r.q->name, *r.duck_s / *r.jit_s);
    if (r.jit_s && r.kernel_s) max_jit_vs_kernel = std::max(max_jit_vs_kernel, *r.jit_s / *r.kernel_s);
    std::string verdict = agree ? "agree" : "DIFFER";
    if (!agree) {
      auto show = [](const char* who, const std::optional<Answer>& a) {
        return a ? fmt::format(" {} {}/{}", who, a->count, a->id_sum) : fmt::format(" {} -", who);
      };
      verdict += show("sam", r.sam) + show("jit", r.jit) + show("duckdb", r.duck) + show("kernel", r.kernel) +
                 (r.error.empty() ? "" : " (" + r.error + ")");
    }
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.q->name,
                      ref ? std::to_string(ref->count) : "-", Ms(r.sam_s), Ms(r.jit_s), Ms(r.duck_s), Ratio(r.duck_s, r.sam_s),
                      Ratio(r.duck_s, r.jit_s), Ms(r.kernel_s), Ratio(r.sam_s, r.kernel_s), Ratio(r.jit_s, r.kernel_s),
                      Ratio(r.duck_s, r.kernel_s), verdict);
  }
  fmt::print("\n{}\n", md);

  auto yes = [](bool b) { return b ? "met" : "NOT met"; };
  std::string sum;
  if (speedups) {
    double geo = std::exp(log_sum / speedups);
    sum += fmt::format("- DuckDB / SAM: geometric mean {:.1f}x (target 10x: {}), lowest {:.1f}x (target 3x each: {})\n", geo,
                       yes(geo >= 10), min_speedup, yes(min_speedup >= 3));
  }
  if (duck_vs_jit.count) {
    sum += fmt::format("- DuckDB / JIT: geometric mean {:.1f}x over {} queries (issue 17: 60x at 1M, 70x at 10M), lowest {:.1f}x ({})\n",
                       duck_vs_jit.Geomean(), duck_vs_jit.count, duck_vs_jit.lowest, duck_vs_jit.lowest_name);
  }
  if (max_jit_vs_kernel > 0) sum += fmt::format("- JIT / hand-written: at most {:.1f}x (issue 17: within 1.5x)\n", max_jit_vs_kernel);
  if (max_vs_kernel > 0) sum += fmt::format("- SAM / hand-written: at most {:.1f}x (target within 10x: {})\n", max_vs_kernel, yes(max_vs_kernel <= 10));
  if (duck_vs_kernel.count) {
    sum += fmt::format("- DuckDB / hand-written: geometric mean {:.1f}x over {} kernels (issue 17's ceiling, target 100x: {}), lowest {:.1f}x ({})\n",
                       duck_vs_kernel.Geomean(), duck_vs_kernel.count, yes(duck_vs_kernel.Geomean() >= 100), duck_vs_kernel.lowest,
                       duck_vs_kernel.lowest_name);
  }
  if (loaded) sum += fmt::format("- CSV load: SAM {:.2f} s ({:.0f} MB/s)", load_s, csv_bytes / load_s / 1e6);
  if (duck && loaded) {
    sum += fmt::format(", DuckDB read_csv {:.2f} s ({:.0f} MB/s): SAM {:.2f}x DuckDB's throughput (target 1x: {})", duck->load_seconds,
                       csv_bytes / duck->load_seconds / 1e6, duck->load_seconds / load_s, yes(load_s <= duck->load_seconds));
  }
  if (loaded) sum += "\n";
  if (snap_open_s && loaded) {
    sum += fmt::format("- snapshot open: {:.2f} ms = {:.3f}% of the CSV load (target under 5%: {})\n", *snap_open_s * 1e3,
                       *snap_open_s / load_s * 100, yes(*snap_open_s < 0.05 * load_s));
  }
  sum += fmt::format("- memory: loaded Database {} held, {} resident (RSS growth over the load), raw column bytes {}: resident {:.2f}x raw (target at most 1.5x: {}); peak RSS of the SAM process {}\n",
                     Mb(db_bytes), Mb(resident), Mb(raw), static_cast<double>(resident) / raw, yes(resident <= 1.5 * raw), Mb(peak));
  sum += fmt::format("- memory bandwidth: {:.1f} GB/s (sum of {} MiB of int64, {} threads)\n", bandwidth, o.smoke ? 64 : o.probe_mib, threads);
  if (duck) sum += fmt::format("- DuckDB {} ({} threads) through @duckdb/node-api\n", duck->version, duck->threads);
  fmt::print("{}", sum);
  if (!fresh_md.empty()) fmt::print("\nfresh processes:\n{}", fresh_md);
  if (!o.markdown.empty()) {
    std::ofstream out(o.markdown);
    out << md << "\n" << sum << "\n" << verify_md;
    if (!fresh_md.empty()) out << "\n" << fresh_md;
  }
  if (!all_agree || !fresh_agree) {
    fmt::print(stderr, "segment_bench: answers differ or a side failed\n");
    return 1;
  }
  fmt::print("all answers agree\n");
  return 0;
}

}  // namespace
}  // namespace sam::bench

int main(int argc, char** argv) {
  // As the sam binary does: the load is measured as `sam` runs it.
  sam::rt::KeepFreedMemory();
  sam::bench::Options o;
  CLI::App app{"SAM's segment queries against DuckDB and hand-written C++"};
  app.add_option("--data", o.data_dir, "the CSV folder (sam gen --out)")->required();
  app.add_option("--program", o.program, "the program the queries run against");
  app.add_option("--queries", o.queries, "the query suite");
  app.add_option("--duckdb-script", o.duckdb_script, "bench/duckdb/run.mjs");
  app.add_option("--duckdb-fresh-script", o.fresh_script, "bench/duckdb/fresh.mjs");
  app.add_option("--duckdb-file", o.duckdb_file,
                 "the DuckDB database file of the fresh processes (default DATA/bench.duckdb)");
  app.add_option("--sam", o.sam, "the sam binary of the fresh processes (default: BUILD/sam beside BUILD/bench)");
  app.add_option("--snapshot", o.snapshot, "where to write the snapshot (default DATA/bench.samdb)");
  app.add_option("--today", o.today, "the run date (default: sam gen's as-of date)");
  app.add_option("--runs", o.runs, "runs of each query; the best counts")->check(CLI::Range(1, 100));
  app.add_option("--threads", o.threads, "threads for every side (default: all)");
  app.add_option("--probe-mib", o.probe_mib, "size of the memory-bandwidth probe")->check(CLI::Range(1, 1 << 16));
  app.add_option("--markdown", o.markdown, "also write the table to this file");
  app.add_flag("--smoke", o.smoke, "each query once, small probe: checks that the answers agree");
  app.add_flag("--no-duckdb", o.no_duckdb, "skip DuckDB");
  app.add_option("--db", o.db,
                 "open this snapshot (of the same data) instead of loading the CSV files: no load or snapshot write figures");
  app.add_flag("--no-fresh", o.no_fresh, "skip the snapshot verification and fresh-process tables");
  app.add_flag("--no-jit", o.no_jit, "skip the JIT backend's column");
  CLI11_PARSE(app, argc, argv);
  try {
    return sam::bench::Run(o);
  } catch (const sam::rt::LoadError& e) {
    fmt::print(stderr, "segment_bench: {}\n", e.what());
    return e.exit_code;
  } catch (const std::exception& e) {
    fmt::print(stderr, "segment_bench: {}\n", e.what());
    return 2;
  }
}
