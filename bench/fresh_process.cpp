#include "bench/fresh_process.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "bench/child_process.hpp"

namespace sam::bench {
namespace {

double Min(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

ChildRun Checked(const std::vector<std::string>& argv) {
  ChildRun run = RunChild(argv);
  if (run.exit_code != 0) {
    throw std::runtime_error(fmt::format("`{}` failed (exit code {}): {}", CommandLine(argv), run.exit_code, run.err));
  }
  return run;
}

std::vector<std::string> SamQuery(const FreshSetup& s, const FreshQuery& q, int times) {
  std::vector<std::string> argv = {
      s.sam, "query", s.program, "--db", s.snapshot, "--today", s.today, "--threads", std::to_string(s.threads)};
  for (int i = 0; i < times; ++i) argv.insert(argv.end(), {"-e", q.sam});
  argv.insert(argv.end(), {"--timer", "-v"});
  return argv;
}

// The query times of `sam query --timer` on stderr, in order: lines such as
// "  0.0113 s  count customers where ...".
std::vector<double> QueryTimes(const std::string& err) {
  std::vector<double> times;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  ", 0) != 0) continue;
    double t = 0;
    auto [end, ec] = std::from_chars(line.data() + 2, line.data() + line.size(), t);
    if (ec == std::errc{} && std::string_view(end, line.data() + line.size()).starts_with(" s  ")) times.push_back(t);
  }
  return times;
}

// The program's preparation before the first query, from `sam query --timer`'s line
// "check ... s, load ... s, queries ... s (of which preparing X s)"; 0 without it.
double PrepareTime(const std::string& err) {
  constexpr std::string_view kMark = "(of which preparing ";
  const size_t at = err.find(kMark);
  double t = 0;
  if (at != std::string::npos) std::from_chars(err.data() + at + kMark.size(), err.data() + err.size(), t);
  return t;
}

// One `sam query -e Q` process: its wall time; the count it printed goes to the row.
double SamFresh(const FreshSetup& s, const FreshQuery& q, FreshRow& row) {
  ChildRun run = Checked(SamQuery(s, q, 1));
  try {
    row.sam_count = std::stoull(run.out);
  } catch (const std::exception&) {
    throw std::runtime_error(fmt::format("sam query {}: no count on stdout: {}", q.name, run.out));
  }
  return run.seconds;
}

// One `sam query -e Q -e Q` process: the two query times, each kept at its best.
void SamTwice(const FreshSetup& s, const FreshQuery& q, FreshRow& row, bool first_run) {
  const std::string err = Checked(SamQuery(s, q, 2)).err;
  std::vector<double> t = QueryTimes(err);
  if (t.size() != 2)
    throw std::runtime_error(fmt::format("sam query {}: {} query times on stderr, not 2", q.name, t.size()));
  row.first = first_run ? t[0] : std::min(row.first, t[0]);
  row.second = first_run ? t[1] : std::min(row.second, t[1]);
  row.prepare = first_run ? PrepareTime(err) : std::min(row.prepare, PrepareTime(err));
}

// One `node fresh.mjs` process: its wall time; its answer and figures go to the row.
double DuckFresh(const FreshSetup& s, const FreshQuery& q, FreshRow& row, bool first_run) {
  ChildRun run = Checked({"node", s.node_script, s.duckdb_file, q.sql, std::to_string(s.threads)});
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(run.out).get(doc)) throw std::runtime_error("fresh.mjs: unreadable report: " + run.out);
  try {
    row.duck = Answer{std::stoull(std::string(std::string_view(doc["count"]))),
                      std::stoll(std::string(std::string_view(doc["id_sum"])))};
    double ready = double(doc["ready_seconds"]), open = double(doc["open_seconds"]), statement = double(doc["seconds"]);
    row.duck_ready = first_run ? ready : std::min(row.duck_ready, ready);
    row.duck_open = first_run ? open : std::min(row.duck_open, open);
    row.duck_statement = first_run ? statement : std::min(row.duck_statement, statement);
  } catch (const simdjson::simdjson_error& e) {
    throw std::runtime_error(std::string("fresh.mjs: unexpected report: ") + e.what());
  }
  return run.seconds;
}

FreshRow MeasureOne(const FreshSetup& s, const FreshQuery& q) {
  FreshRow row;
  row.query = q.name;
  row.expected = q.expected;
  row.warm = q.warm;
  std::vector<double> sam, duck;
  try {
    // The three kinds of process alternate, so that all see the machine alike.
    for (int r = 0; r < s.runs; ++r) {
      sam.push_back(SamFresh(s, q, row));
      SamTwice(s, q, row, r == 0);
      if (!s.node_script.empty()) duck.push_back(DuckFresh(s, q, row, r == 0));
    }
  } catch (const std::exception& e) {
    row.error = e.what();
  }
  row.sam_best = Min(sam);
  row.sam_median = Median(sam);
  row.duck_best = Min(duck);
  row.duck_median = Median(duck);
  return row;
}

std::string Ms(double s) { return fmt::format("{:.1f}", s * 1e3); }
std::string Times(double a, double b) { return b > 0 ? fmt::format("{:.1f}x", a / b) : "-"; }

bool Agrees(const FreshRow& r, bool duck) {
  if (!r.error.empty() || !r.expected || !r.sam_count || *r.sam_count != r.expected->count) return false;
  return !duck || (r.duck && *r.duck == *r.expected);
}

std::string Verdict(const FreshRow& r, bool duck) {
  if (Agrees(r, duck)) return "agree";
  auto show = [](const std::optional<Answer>& a) {
    return a ? fmt::format("{}/{}", a->count, a->id_sum) : std::string("-");
  };
  std::string v =
      fmt::format("DIFFER in process {} sam {}", show(r.expected), r.sam_count ? std::to_string(*r.sam_count) : "-");
  if (duck) v += " duckdb " + show(r.duck);
  return r.error.empty() ? v : v + " (" + r.error + ")";
}

std::string Row(const FreshRow& r, const std::optional<double>& node_start) {
  const uint64_t customers = r.expected ? r.expected->count : r.sam_count.value_or(0);
  std::string row = fmt::format("| {} | {} | {} | {} | {:.2f} | {} | {} | {} |", r.query, customers, Ms(r.sam_best),
                                Ms(r.sam_median), r.prepare * 1e3, Ms(r.first), Ms(r.second), Times(r.first, r.second));
  row += fmt::format(" {} |", Times(r.first, r.warm));
  if (node_start) {
    row +=
        fmt::format(" {} | {} | {} | {} | {} | {} |", Ms(r.duck_best), Ms(r.duck_best - *node_start), Ms(r.duck_open),
                    Ms(r.duck_statement), Times(r.duck_best, r.sam_best), Times(r.duck_statement, r.first));
  }
  return row + fmt::format(" {} |\n", Verdict(r, node_start.has_value()));
}

std::string Header(bool duck) {
  std::string h =
      "| query | customers | SAM fresh ms | SAM fresh median ms | SAM preparing ms | SAM 1st query ms | SAM 2nd query ms |"
      " 1st / 2nd | 1st / in-process |";
  std::string rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
  if (duck) {
    h += " DuckDB fresh ms | DuckDB fresh minus node start ms | DuckDB open ms | DuckDB 1st statement ms | DuckDB / "
         "SAM fresh |"
         " DuckDB / SAM 1st query |";
    rule += " ---: | ---: | ---: | ---: | ---: | ---: |";
  }
  return h + " answers |\n" + rule + " --- |\n";
}

double GeoMean(const std::vector<double>& v) {
  double logs = 0;
  for (double x : v) logs += std::log(x);
  return v.empty() ? 0 : std::exp(logs / static_cast<double>(v.size()));
}

std::string DuckSummary(const FreshReport& report) {
  std::vector<double> fresh, first;
  double ready = 1e300;
  for (const FreshRow& r : report.rows) {
    if (!r.error.empty()) continue;
    fresh.push_back(r.duck_best / r.sam_best);
    first.push_back(r.duck_statement / r.first);
    ready = std::min(ready, r.duck_ready);
  }
  if (fresh.empty()) return "";
  return fmt::format(
      "- DuckDB / SAM, fresh process (whole processes, best of {}): geometric mean {:.1f}x; first query (DuckDB's "
      "first "
      "statement / SAM's first query): geometric mean {:.1f}x; over {} queries\n"
      "- node start-up (`node -e \"\"`, best of {}): {:.1f} ms of every DuckDB fresh process; node start-up and the "
      "import "
      "of DuckDB, as fresh.mjs sees it: {:.1f} ms (best)\n",
      report.runs, GeoMean(fresh), GeoMean(first), fresh.size(), report.runs, *report.node_start * 1e3, ready * 1e3);
}

// The targets (issue "Real exports, first answers", point 5): one count at 1M customers
// under 30 ms end to end, and the first query of a process within 1.5x of the same
// query warm. A process cannot be faster than its query, so the first target is the
// suite's first query (a windowed count and sum over orders); the process overhead
// (fresh minus warm) is shown for all. The second query of a process may reuse what
// the first computed (a ranking), so the first is compared with the in-process time:
// the same query on data already in memory, nothing reused.
std::string SamSummary(const FreshReport& report, uint64_t customers) {
  const FreshRow* one = nullptr;
  const FreshRow* worst = nullptr;        // first / warm, of queries of 5 ms or more warm
  const FreshRow* worst_small = nullptr;  // the same, of the faster ones
  std::vector<double> overhead;
  for (const FreshRow& r : report.rows) {
    if (!r.error.empty() || r.warm <= 0) continue;
    if (!one) one = &r;
    overhead.push_back(r.sam_median - r.warm);
    const FreshRow*& w = r.warm >= 0.005 ? worst : worst_small;
    if (!w || r.first / r.warm > w->first / w->warm) w = &r;
  }
  if (!one) return "";
  std::sort(overhead.begin(), overhead.end());
  auto yes = [](bool b) { return b ? "met" : "NOT met"; };
  std::string s = fmt::format(
      "- SAM one count end to end ({}, a whole `sam query --db` process): {} ms median, {} ms best; target under 30 ms at "
      "1M customers: {}{}\n"
      "- SAM process overhead (fresh process median minus the warm in-process query): median {} ms, at most {} ms\n",
      one->query, Ms(one->sam_median), Ms(one->sam_best), yes(one->sam_median < 0.030),
      customers == 1'000'000 ? "" : fmt::format(" (measured at {} customers)", customers), Ms(overhead[overhead.size() / 2]),
      Ms(overhead.back()));
  if (worst) {
    s += fmt::format("- SAM first query of a process / the same query warm, queries of 5 ms or more: worst {:.1f}x, {} "
                     "(target at most 1.5x: {})",
                     worst->first / worst->warm, worst->query, yes(worst->first <= 1.5 * worst->warm));
  }
  if (worst_small) {
    s += fmt::format("{}faster queries: worst {:.1f}x, {} ({} ms against {} ms)", worst ? "; " : "- ",
                     worst_small->first / worst_small->warm, worst_small->query, Ms(worst_small->first),
                     Ms(worst_small->warm));
  }
  return s + "\n";
}

}  // namespace

FreshReport MeasureFresh(const FreshSetup& setup, const std::vector<FreshQuery>& queries) {
  FreshReport report;
  report.runs = setup.runs;
  if (!setup.node_script.empty()) {
    std::vector<double> node;
    for (int r = 0; r < setup.runs; ++r) node.push_back(Checked({"node", "-e", ""}).seconds);
    report.node_start = Min(node);
  }
  for (const FreshQuery& q : queries) report.rows.push_back(MeasureOne(setup, q));
  return report;
}

std::string FreshTable(const FreshReport& report, uint64_t customers, bool& agree) {
  std::string md = Header(report.node_start.has_value());
  agree = true;
  for (const FreshRow& r : report.rows) {
    md += Row(r, report.node_start);
    agree = agree && Agrees(r, report.node_start.has_value());
  }
  md += "\n" + SamSummary(report, customers);
  if (report.node_start) md += DuckSummary(report);
  return md;
}

void ReadIntoPageCache(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> block(1 << 20);
  while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
  }
}

}  // namespace sam::bench
