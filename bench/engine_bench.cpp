// The engine benchmark: the campaign engine as a user runs it, each command a fresh
// `sam` process on a snapshot (docs/performance.md, "The campaign engine").
//
//   engine_bench --sam BUILD/sam --db SNAPSHOT [--program examples/complete/program.sam]
//                [--date 2026-11-23] [--days 30] [--runs 3] [--threads N] [--work DIR]
//
// 1. Segments alone: every segment the program declares, counted in one `sam query`
//    process (`-e 'count SEG'` for each), best of R.
// 2. One daily run: `sam run --date D --out DIR` on an empty state, best of R, and its
//    ratio to (1) (target: at most 2x).
// 3. Day by day from an empty state: a run for D, D+1, ..., D+days-1; the total, per
//    day, and the state file's size after the last.
// 4. Catch-up: a first run for D, then one run for D+days that plans every date in
//    between; its plan files must equal the day-by-day ones byte for byte (exit code 1
//    otherwise).
// 5. `sam why` for a planned and a stopped customer of D, on the day-by-day state:
//    best and median of 5 (target: under 100 ms).
// Wall time and CPU time (user + system) of each process: on a busy machine the CPU
// time varies less.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/engine_commands.hpp"
#include "compiler/driver/frontend.hpp"
#include "schema/calendar.hpp"
#include "schema/value_text.hpp"

namespace sam::bench {
namespace {

struct Options {
  std::string sam, db, program = "examples/complete/program.sam", date = "2026-11-23", work;
  int days = 30, runs = 3, threads = 0;
};

struct ProgramFacts {
  std::vector<std::string> segments;
  std::vector<std::string> audience_campaigns;  // `sam why` shows their audience
};

ProgramFacts Facts(const std::string& program) {
  Frontend fe;
  CheckProgram(fe, {program});
  if (!fe.ir) throw std::runtime_error(program + ": does not compile (run `sam check` on it)");
  ProgramFacts f;
  for (const ir::Let& l : fe.ir->lets) {
    if (l.segment) f.segments.push_back(l.name);
  }
  for (const ir::Campaign& c : fe.ir->campaigns) {
    if (c.audience != ir::kNone) f.audience_campaigns.push_back(c.name);
  }
  return f;
}

Timed Best(const std::vector<Timed>& runs) {
  return *std::min_element(runs.begin(), runs.end(), [](const Timed& a, const Timed& b) { return a.wall < b.wall; });
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string DateAfter(const std::string& date, int days) {
  return FormatDate(*ParseIsoDate(date) + days);
}

class Bench {
 public:
  explicit Bench(const Options& o) : o_(o), facts_(Facts(o.program)) {
    std::filesystem::create_directories(o_.work);
  }

  int Run() {
    fmt::print("engine_bench: {} on {}, first run date {}, {} days, best of {}\n", o_.program, o_.db, o_.date, o_.days, o_.runs);
    const Timed segments = SegmentsAlone();
    const Timed daily = Daily();
    const std::vector<Timed> days = DayByDay();
    const uint64_t state_bytes = StateBytes(Path("days.db"));
    const Timed catch_up = CatchUp();
    std::vector<std::string> dates;
    for (int k = 1; k < o_.days; ++k) dates.push_back(DateAfter(o_.date, k));
    const std::vector<std::string> differ = DifferingPlans(Path("days-plans"), Path("catch-up-plans"), dates);
    Table(segments, daily, days, state_bytes, catch_up, differ);
    Why();
    return differ.empty() ? 0 : 1;
  }

 private:
  std::string Path(const std::string& name) const { return o_.work + "/" + name; }

  std::vector<std::string> Sam(std::vector<std::string> args) const {
    args.insert(args.begin(), o_.sam);
    if (o_.threads > 0) args.insert(args.end(), {"--threads", std::to_string(o_.threads)});
    return args;
  }

  std::vector<std::string> RunArgs(const std::string& state, const std::string& date, const std::string& out) const {
    return Sam({"run", o_.program, "--db", o_.db, "--state", state, "--date", date, "--out", out, "--quiet",
                "--max-catch-up", std::to_string(o_.days + 1)});
  }

  Timed SegmentsAlone() {
    std::vector<std::string> args = {"query", o_.program, "--db", o_.db, "--today", o_.date};
    for (const std::string& s : facts_.segments) args.insert(args.end(), {"-e", "count " + s});
    std::vector<Timed> runs;
    for (int r = 0; r < o_.runs; ++r) runs.push_back(RunTimed(Sam(args)));
    return Best(runs);
  }

  Timed Daily() {
    std::vector<Timed> runs;
    for (int r = 0; r < o_.runs; ++r) {
      RemoveState(Path("daily.db"));
      runs.push_back(RunTimed(RunArgs(Path("daily.db"), o_.date, Path("daily-plans"))));
    }
    return Best(runs);
  }

  std::vector<Timed> DayByDay() {
    RemoveState(Path("days.db"));
    std::vector<Timed> days;
    for (int k = 0; k < o_.days; ++k) {
      const std::string date = DateAfter(o_.date, k);
      days.push_back(RunTimed(RunArgs(Path("days.db"), date, Path("days-plans"))));
      fmt::print("  day {:2} {}: {:.2f} s (CPU {:.2f} s)\n", k + 1, date, days.back().wall, days.back().cpu);
      std::fflush(stdout);
    }
    return days;
  }

  // The first run is not part of the catch-up: a first run plans its date alone.
  Timed CatchUp() {
    RemoveState(Path("catch-up.db"));
    RunTimed(RunArgs(Path("catch-up.db"), o_.date, Path("catch-up-plans")));
    return RunTimed(RunArgs(Path("catch-up.db"), DateAfter(o_.date, o_.days), Path("catch-up-plans")));
  }

  void Table(const Timed& segments, const Timed& daily, const std::vector<Timed>& days, uint64_t state_bytes,
             const Timed& catch_up, const std::vector<std::string>& differ) const {
    double wall = 0, cpu = 0;
    size_t slowest = 0;
    for (size_t k = 0; k < days.size(); ++k) {
      wall += days[k].wall, cpu += days[k].cpu;
      if (days[k].wall > days[slowest].wall) slowest = k;
    }
    const double n = static_cast<double>(days.size());
    const double ratio = daily.wall / segments.wall;
    fmt::print("\n| measure | wall | CPU | note |\n| --- | ---: | ---: | --- |\n");
    fmt::print("| segments alone: {} segments, one `sam query` | {:.2f} s | {:.2f} s | best of {} |\n", facts_.segments.size(),
               segments.wall, segments.cpu, o_.runs);
    fmt::print("| one daily run, empty state, plan files written | {:.2f} s | {:.2f} s | best of {}; {:.1f}x the segments "
               "alone (target at most 2x: {}) |\n",
               daily.wall, daily.cpu, o_.runs, ratio, ratio <= 2 ? "met" : "not met");
    fmt::print("| {} days from an empty state, a run per day | {:.1f} s | {:.1f} s | {:.2f} s per day; slowest {} {:.2f} s |\n",
               days.size(), wall, cpu, wall / n, DateAfter(o_.date, static_cast<int>(slowest)), days[slowest].wall);
    fmt::print("| catch-up: one run planning {} dates | {:.1f} s | {:.1f} s | {:.2f} s per date; plans {} |\n", o_.days,
               catch_up.wall, catch_up.cpu, catch_up.wall / o_.days,
               differ.empty() ? "identical to the day-by-day runs" : "DIFFER: " + differ.front());
    fmt::print("| state file after {} days | {:.1f} MB | | |\n", days.size(), static_cast<double>(state_bytes) / 1e6);
  }

  void Why() const {
    const std::string plan = Path("days-plans/plan-" + o_.date + ".csv");
    const std::string stops = Path("days-plans/stops-" + o_.date + ".csv");
    for (const auto& [what, csv] : {std::pair{"planned", plan}, std::pair{"stopped", stops}}) {
      const auto row = FirstRow(csv, facts_.audience_campaigns);
      if (!row) continue;
      std::vector<double> wall;
      for (int r = 0; r < 5; ++r) {
        wall.push_back(RunTimed(Sam({"why", o_.program, row->first, row->second, "--db", o_.db, "--state",
                                     Path("days.db"), "--date", o_.date}))
                           .wall);
      }
      const double best = *std::min_element(wall.begin(), wall.end());
      fmt::print("| `sam why`, {} (customer {}, {}) | {:.0f} ms | | median of 5 {:.0f} ms (target under 100 ms: {}) |\n",
                 what, row->first, row->second, best * 1e3, Median(wall) * 1e3, best < 0.1 ? "met" : "not met");
    }
  }

  const Options& o_;
  ProgramFacts facts_;
};

}  // namespace
}  // namespace sam::bench

int main(int argc, char** argv) {
  sam::bench::Options o;
  CLI::App app{"The campaign engine's benchmark (docs/performance.md)"};
  app.add_option("--sam", o.sam, "The sam binary")->required();
  app.add_option("--db", o.db, "The snapshot (sam load) the runs read")->required();
  app.add_option("--program", o.program, "The program whose campaigns run");
  app.add_option("--date", o.date, "The first run date (the day after the data's last)");
  app.add_option("--days", o.days, "Days planned from an empty state, and dates of the catch-up");
  app.add_option("--runs", o.runs, "Runs of the segments and of the daily run (the best counts)");
  app.add_option("--threads", o.threads, "Threads of each sam process (default: all)");
  app.add_option("--work", o.work, "Folder for the state files and plans (default: a temporary one)");
  CLI11_PARSE(app, argc, argv);
  if (o.work.empty()) o.work = (std::filesystem::temp_directory_path() / "sam-engine-bench").string();
  if (!sam::ParseIsoDate(o.date) || o.days < 1 || o.runs < 1) {
    fmt::print(stderr, "engine_bench: --date must be YYYY-MM-DD, --days and --runs at least 1\n");
    return 2;
  }
  try {
    return sam::bench::Bench(o).Run();
  } catch (const std::exception& e) {
    fmt::print(stderr, "engine_bench: {}\n", e.what());
    return 2;
  }
}
