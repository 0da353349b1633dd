// The SQL backend's benchmark: the segment suite (bench/queries.txt) in DuckDB, each
// query twice in one process on the same tables: the suite's hand-written SQL, and the
// SQL `sam compile --target duckdb` writes for the query's SAM text. Prints both times,
// their ratio (issue 19's target: SAM's SQL within 1.5x of the hand-written per
// query) and whether the answers (count and sum of ids) agree.
//
//   sql_bench --data DIR [--program bench/segments.sam] [--queries bench/queries.txt]
//             [--today 2026-11-23] [--runs 3] [--threads N] [--print-sql NAME]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <thread>

#include "backends/sql/sql.hpp"
#include "bench/duckdb_side.hpp"
#include "bench/suite.hpp"
#include "compiler/driver/frontend.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::bench {
namespace {

struct Options {
  std::string data_dir, program = "bench/segments.sam", queries = "bench/queries.txt", today = "2026-11-23";
  std::string script = "bench/duckdb/run.mjs", print_sql;
  int runs = 3, threads = 0;
};

// SAM's SQL for a `count` query of the suite, as a SELECT of the customers' ids.
std::string Compiled(const std::string& program, const SuiteQuery& q, int64_t today, std::string& key) {
  Frontend fe;
  CheckProgram(fe, {program});
  if (!fe.ir) throw std::runtime_error(program + " does not check");
  key = fe.ir->tables[fe.ir->customers].fields[fe.ir->tables[fe.ir->customers].key].name;
  const std::string text = "show " + q.sam.substr(q.sam.find(' ') + 1) + " { " + key + " }";
  std::optional<FileId> file = CompileQuery(fe, q.name + ".samq", text);
  if (!file) throw std::runtime_error(q.name + ": `" + text + "` does not compile");
  sql::Request r;
  r.dialect = sql::FindDialect("duckdb");
  r.today = today;
  r.query = static_cast<int>(fe.ir->queries.size()) - 1;
  r.ordered = false;  // the hand-written SQL gives its ids as a set: so does SAM's
  r.text = [&fe](const Span& span) { return std::string(fe.sources.Text(span)); };
  sql::Generated g = sql::Generate(*fe.ir, r);
  if (!g.unsupported.empty()) throw std::runtime_error(q.name + ": " + g.unsupported[0].construct + " has no SQL yet");
  std::string s = g.statement;
  while (!s.empty() && (s.back() == '\n' || s.back() == ';')) s.pop_back();
  return s;
}

int Run(const Options& o) {
  Frontend fe;
  CheckProgram(fe, {o.program});
  if (!fe.ir) throw std::runtime_error(o.program + " does not check");
  const int64_t today = std::get<int64_t>(DecodeDate(o.today));
  const int64_t now = StartOfDay(today, fe.ir->timezone);
  const std::vector<SuiteQuery> suite = ReadSuite(o.queries);
  DuckRun run;
  run.script = o.script;
  run.data_dir = std::filesystem::absolute(o.data_dir).string();
  run.spec_path = (std::filesystem::temp_directory_path() / fmt::format("sql_bench_{}.json", getpid())).string();
  run.threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  run.runs = o.runs;
  // The bench's tables keep timestamps as UTC TIMESTAMPs; SAM's SQL compares them with
  // UTC instants.
  run.setup = {"SET TimeZone = 'UTC'", sql::Helpers(*sql::FindDialect("duckdb"))};
  for (const SuiteQuery& q : suite) {
    std::string key;
    const std::string mine = Compiled(o.program, q, today, key);
    if (q.name == o.print_sql) fmt::print("-- {}: SAM's SQL\n{};\n", q.name, mine);
    const std::string now_literal = fmt::format("TIMESTAMP '{}'", FormatTimestamp(now).substr(0, 19));
    const std::string today_literal = fmt::format("DATE '{}'", o.today);
    run.queries.emplace_back(q.name, BindSql(q.sql, now_literal, today_literal));
    run.queries.emplace_back(q.name + " (SAM)", mine);
  }
  fmt::print("sql_bench: {} queries of {} on {}, DuckDB, best of {}\n", suite.size(), o.queries, o.data_dir, o.runs);
  const DuckReport report = RunDuckDb(*fe.ir, run);
  std::filesystem::remove(run.spec_path);
  fmt::print("DuckDB {}, {} threads\n\n", report.version, report.threads);
  fmt::print(
      "| query | customers | hand-written SQL ms | SAM's SQL ms | SAM's / hand-written | answers |\n"
      "| --- | ---: | ---: | ---: | ---: | --- |\n");
  double log_sum = 0, worst = 0;
  std::string worst_name;
  bool agree_all = true;
  for (size_t i = 0; i + 1 < report.queries.size(); i += 2) {
    const DuckQuery& hand = report.queries[i];
    const DuckQuery& mine = report.queries[i + 1];
    const bool agree = hand.count == mine.count && hand.id_sum == mine.id_sum;
    agree_all = agree_all && agree;
    const double ratio = mine.seconds / hand.seconds;
    log_sum += std::log(ratio);
    if (ratio > worst) worst = ratio, worst_name = hand.name;
    fmt::print("| {} | {} | {:.1f} | {:.1f} | {:.2f}x | {} |\n", hand.name, hand.count, hand.seconds * 1e3,
               mine.seconds * 1e3, ratio,
               agree ? "agree"
                     : fmt::format("DIFFER ({}/{} against {}/{})", mine.count, mine.id_sum, hand.count, hand.id_sum));
  }
  const size_t n = report.queries.size() / 2;
  fmt::print(
      "\n- SAM's SQL / hand-written SQL in DuckDB: geometric mean {:.2f}x over {} queries, at most {:.2f}x ({}); "
      "target at most 1.5x each: {}\n",
      std::exp(log_sum / static_cast<double>(n)), n, worst, worst_name, worst <= 1.5 ? "met" : "NOT met");
  fmt::print("- answers: {}\n", agree_all ? "all agree" : "SOME DIFFER");
  return agree_all ? 0 : 1;
}

}  // namespace
}  // namespace sam::bench

int main(int argc, char** argv) {
  sam::bench::Options o;
  CLI::App app{"SAM's SQL against the suite's hand-written SQL, in DuckDB"};
  app.add_option("--data", o.data_dir, "Folder of the CSV files (sam gen)")->required();
  app.add_option("--program", o.program, "The program the suite's queries use");
  app.add_option("--queries", o.queries, "The suite");
  app.add_option("--today", o.today, "The run date");
  app.add_option("--runs", o.runs, "Runs per query (the best counts)");
  app.add_option("--threads", o.threads, "DuckDB's threads (default: all)");
  app.add_option("--duckdb-script", o.script, "bench/duckdb/run.mjs");
  app.add_option("--print-sql", o.print_sql, "Print SAM's SQL of this query");
  CLI11_PARSE(app, argc, argv);
  try {
    return sam::bench::Run(o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "sql_bench: {}\n", e.what());
    return 2;
  }
}
