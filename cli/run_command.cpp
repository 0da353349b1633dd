// `sam run PROGRAM (--db FILE | --data DIR) --state FILE [--date D] [--out DIR]`: plan
// the contacts of a run date (and of every date skipped since the last run), commit
// them to the state, write the plan files and print a summary per campaign.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <tuple>

#include "backends/registry.hpp"
#include "cli/backend_option.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/engine_errors.hpp"
#include "cli/engine_query.hpp"
#include "cli/engine_run.hpp"
#include "cli/malloc_pages.hpp"
#include "cli/output.hpp"
#include "cli/plan_files.hpp"
#include "cli/progress_line.hpp"
#include "engine/candidates.hpp"
#include "engine/engine.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

struct RunCommandOptions {
  std::string program, state, date, out, format = "text";
  bool dry_run = false, quiet = false, timer = false;
  std::string backend;
  int64_t max_catch_up = 31;
  std::string engine;                  // --engine: the candidates come from a PostgreSQL server
  bool engine_given = false;           // --engine, even empty
  std::vector<std::string> row_order;  // --row-order TABLE=COLUMN, with --engine
};

std::optional<int64_t> RunDate(const RunCommandOptions& o, const ir::Program& program) {
  if (!o.date.empty()) {
    auto d = DecodeDate(o.date);
    if (auto* e = std::get_if<LiteralError>(&d)) {
      fmt::print(stderr, "sam: error: --date {}: {}\n", o.date, e->message);
      SetExitCode(2);
      return std::nullopt;
    }
    return std::get<int64_t>(d);
  }
  const std::string& zone = program.timezone;  // "UTC" unless the program names a valid zone
  const int64_t today = LocalToday(zone);
  if (!o.quiet)
    fmt::print(stderr, "sam: note: run date {} (today in {}); give --date DATE to fix it\n", FormatDate(today), zone);
  return today;
}

// Candidates stopped (by one rule or several) and held out, each counted once.
std::pair<size_t, size_t> Stopped(const engine::DayPlan& plan) {
  std::set<std::tuple<std::string, std::string, int>> stopped, held;
  for (const auto& s : plan.stops) (s.rule == "holdout" ? held : stopped).insert({s.customer, s.campaign, s.step});
  return {stopped.size(), held.size()};
}

void PrintSummary(const engine::DayPlan& plan) {
  const auto [stopped, held] = Stopped(plan);
  fmt::print("run {}: {}{} contacts planned, {} stopped, {} held out\n", FormatDate(plan.date),
             plan.replayed ? "already committed; the plan as recorded: " : "", plan.contacts.size(), stopped, held);
  size_t width = 8;
  for (const auto& c : plan.campaigns) width = std::max(width, c.campaign.size());
  fmt::print("  {:<{}}  {:>8}  {:>10}  {:>8}  {:>8}  {}\n", "campaign", width, "entered", "candidates", "held out",
             "planned", "stopped");
  for (const auto& c : plan.campaigns) {
    std::string stopped;
    for (const auto& [rule, n] : c.stopped) {
      if (rule != "holdout") stopped += fmt::format("{}{} {}", stopped.empty() ? "" : ", ", rule, n);
    }
    const std::string entered = plan.replayed ? "-" : std::to_string(c.entered);
    const std::string candidates = plan.replayed ? "-" : std::to_string(c.candidates);
    fmt::print("  {:<{}}  {:>8}  {:>10}  {:>8}  {:>8}  {}\n", c.campaign, width, entered, candidates, c.held_out,
               c.planned, stopped.empty() ? "-" : stopped);
  }
}

// The plan files of the dates being committed: written aside during the commit (on
// the engine's output thread), renamed into place after it, removed if it fails.
class AsideFiles {
 public:
  explicit AsideFiles(std::string dir) : dir_(std::move(dir)) {}
  ~AsideFiles() {
    if (date_) RemovePlanFilesAside(dir_, *date_);
  }
  AsideFiles(const AsideFiles&) = delete;
  AsideFiles& operator=(const AsideFiles&) = delete;

  void Wrote(int64_t date, bool ok) {
    date_ = date;
    ok_ = ok;
  }
  // After `plan` is committed: its files in place (written now for a replayed date);
  // false if they could not be, or `ok` is already false (an earlier date's failed).
  bool Publish(const engine::DayPlan& plan, bool ok) {
    if (date_ != plan.date) {
      seconds = 0;
      return ok && WritePlanFiles(dir_, plan);
    }
    const bool published = ok && ok_ && PublishPlanFiles(dir_, plan.date);
    if (!published) RemovePlanFilesAside(dir_, plan.date);
    date_.reset();
    return published;
  }

  double seconds = 0;  // writing the last date's files aside

 private:
  std::string dir_;
  std::optional<int64_t> date_;
  bool ok_ = false;
};

// `--timer`: the engine's phases of a date, then the plan files' writing: aside (during
// the state write, on another thread) and into place.
void PrintTimings(const engine::DayPlan& plan, double aside, double files) {
  double total = files;
  for (const auto& [phase, seconds] : plan.timings) total += seconds;
  fmt::print(stderr, "{} timings ({:.1f} ms):\n", FormatDate(plan.date), total * 1e3);
  for (const auto& [phase, seconds] : plan.timings) fmt::print(stderr, "  {:<40} {:8.1f} ms\n", phase, seconds * 1e3);
  if (aside > 0) fmt::print(stderr, "  {:<40} {:8.1f} ms\n", "plan files, during the state write", aside * 1e3);
  fmt::print(stderr, "  {:<40} {:8.1f} ms\n", "plan files", files * 1e3);
  fmt::print(stderr, "  malloc on huge pages: {}\n", MallocUsesHugePages() ? "yes" : "no");
}

// --engine: --table names the server's tables, and no files are read.
std::optional<EngineRun> EngineOptions(const RunCommandOptions& o, const DataOptions& data, const ir::Program& p) {
  EngineRun e;
  e.url = o.engine;
  e.quiet = o.quiet;
  if (o.engine.empty()) {
    fmt::print(stderr, "sam: error: --engine: give the server's URL (postgresql://... or host=... dbname=...)\n");
  } else if (!data.db.empty() || !data.data_dir.empty()) {
    fmt::print(stderr,
               "sam: error: --engine reads the customers from the server's tables: leave out --db and --data\n");
  } else if (data.delimiter != ",") {
    fmt::print(stderr, "sam: error: --delimiter is for CSV files: --engine reads no files\n");
  } else if (NamePairs(data.tables, "--table", "NAME=ENGINE_TABLE", e.tables) &&
             NamePairs(o.row_order, "--row-order", "TABLE=COLUMN", e.row_order) &&
             CheckTableOptions(p, e.tables, e.row_order)) {
    return e;
  }
  SetExitCode(2);
  return std::nullopt;
}

// --engine with rankings: one date at a time, each with the rankings as of that date
// (a dry run cannot go on from a date it did not commit).
std::optional<std::vector<int64_t>> EngineSteps(const RunCommandOptions& o, const ir::Program& program,
                                                const EngineProgram& ep, const engine::state::Store& store,
                                                int64_t date) {
  if (ep.rankings.empty()) return std::vector<int64_t>{date};
  const std::vector<int64_t> dates = engine::CandidatesOf(program, store, date).dates;
  if (dates.size() <= 1 || static_cast<int64_t>(dates.size()) > o.max_catch_up) return std::vector<int64_t>{date};
  if (!o.dry_run) return dates;
  fmt::print(stderr,
             "sam: error: --dry-run --engine: the program ranks customers, which the server does date by date, and a "
             "dry run of {} dates cannot go on from one it did not commit: run up to {} first\n",
             dates.size(), FormatDate(dates[dates.size() - 2]));
  SetExitCode(2);
  return std::nullopt;
}

void Run(const RunCommandOptions& o, const DataOptions& data) {
  Frontend fe;
  if (!CheckProgramForData(fe, o.program)) return;
  const ir::Program& program = *fe.ir;
  std::optional<EngineRun> engine_run;
  if (o.engine_given && !(engine_run = EngineOptions(o, data, program))) return;
  if (!o.engine_given && !o.row_order.empty()) {
    fmt::print(stderr, "sam: error: --row-order is for --engine: files and snapshots keep their rows' order\n");
    SetExitCode(2);
    return;
  }
  std::optional<int64_t> date = RunDate(o, program);
  if (!date) return;
  std::optional<rt::Database> db;
  if (!engine_run && !(db = OpenData(program, data))) return;
  if (db && db->customer_count() == 0) {
    // Every row rejected, or an empty export: a committed run is never planned again,
    // and it would record every segment as empty (the next run's `enters` would fire
    // for everyone).
    fmt::print(stderr, "sam: error: {}: no customers to plan for; nothing was committed (see the rejected rows)\n",
               db->source);
    SetExitCode(1);
    return;
  }
  // A dry run's files go to DIR/dry-run/: whatever takes DIR's plans to send must not
  // find a rehearsal among them (docs/cli.md).
  const std::string out = o.dry_run && !o.out.empty() ? (std::filesystem::path(o.out) / "dry-run").string() : o.out;
  // The plan's folder before anything is committed: a run whose files cannot be
  // written is refused, not committed and then reported (it would need a rerun).
  if (!out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    const bool folder = std::filesystem::is_directory(out, ec);
    if (!folder || ::access(out.c_str(), W_OK) != 0) {
      fmt::print(stderr, "sam: error: --out {}: {}; nothing was planned\n", out,
                 folder ? "the folder cannot be written" : "not a folder, and none can be made there");
      SetExitCode(2);
      return;
    }
  }
  WithEngineErrors(2, &fe.sources, [&] {
    // With --engine a new state file is made once the data is read: a run that cannot
    // read it leaves none, as with files. Until then, a state with nothing in it.
    std::optional<engine::state::Store> opened, empty;
    // A dry run on a state file that does not exist yet plans as a first run, in memory:
    // it leaves no file behind.
    const bool exists = std::filesystem::exists(o.state);
    if (o.dry_run && !exists) {
      opened.emplace(engine::state::Store::InMemory());
    } else if (!engine_run || exists) {
      opened.emplace(engine::state::Store::Open(o.state));
    } else {
      empty.emplace(engine::state::Store::InMemory());
    }
    auto known = [&]() -> engine::state::Store& { return opened ? *opened : *empty; };
    std::optional<EngineProgram> ep;
    if (engine_run) ep = ForEngine(program);
    const ir::Program& run_program = ep ? ep->program : program;
    std::optional<std::vector<int64_t>> steps = ep ? EngineSteps(o, program, *ep, known(), *date) : std::vector{*date};
    if (!steps) return;
    std::string source;
    auto load = [&](int64_t step) {
      db = LoadCandidates(fe, *engine_run, *ep, data, known(), step, o.max_catch_up, source);
      return db.has_value();
    };
    if (engine_run && !load(steps->front())) return;
    if (!opened) opened.emplace(engine::state::Store::Open(o.state));
    engine::state::Store& store = *opened;
    engine::RunOptions options;
    options.printed = &program;
    options.date = *date;
    options.dry_run = o.dry_run;
    options.max_dates = o.max_catch_up;
    options.threads = data.threads;
    options.data_fingerprint = engine_run ? source : db->source;
    ProgressLine progress(isatty(STDERR_FILENO) && !o.quiet ? stderr : nullptr);
    options.progress = [&progress](int64_t date, size_t index, size_t count) {
      progress.Set(fmt::format("planning {}{}", FormatDate(date),
                               count > 1 ? fmt::format(" ({} of {})", index + 1, count) : ""));
    };
    options.where = [&fe](Span s) { return fe.sources.Where(s); };
    options.text = [&fe](Span s) { return std::string(fe.sources.Text(s)); };
    bool written = true;
    std::unique_ptr<backend::Backend> backend = MakeNamedBackend(o.backend);
    // A run killed between committing a date and writing its files leaves that date, the
    // last committed one, without them; this run would start after it, so it writes them
    // first, from the state (the same bytes a replay writes).
    const std::optional<int64_t> last = store.LastRunDate();
    if (!o.out.empty() && !o.dry_run && last && *last < *date && !PlanFilesComplete(o.out, *last)) {
      engine::RunOptions replay;
      replay.date = *last;
      replay.committed = [&](const engine::DayPlan& plan) { written = WritePlanFiles(o.out, plan); };
      engine::Run(run_program, *db, *backend, store, replay);
      if (written && !o.quiet) {
        fmt::print(stderr, "sam: note: wrote the missing plan files of {} (committed before) to {}\n",
                   FormatDate(*last), o.out);
      }
    }
    // A date's files are written aside while it is committed, and renamed into place
    // after; those of a commit that failed are removed.
    AsideFiles aside(out);
    if (!out.empty()) {
      options.planned = [&](const engine::DayPlan& plan) {
        const auto start = std::chrono::steady_clock::now();
        aside.Wrote(plan.date, WritePlanFilesAside(out, plan));
        aside.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      };
    }
    options.committed = [&](const engine::DayPlan& plan) {
      progress.Pause();
      if (o.format == "json") {
        fmt::print("{}\n", SummaryJson(plan));
      } else {
        PrintSummary(plan);
      }
      if (!o.quiet) {
        for (const auto& note : plan.notes) fmt::print(stderr, "sam: note: {}\n", note);
      }
      const auto start = std::chrono::steady_clock::now();
      if (!out.empty()) written = aside.Publish(plan, written);
      if (o.timer) {
        PrintTimings(plan, aside.seconds,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
    };
    std::vector<engine::DayPlan> plans;
    for (int64_t step : *steps) {
      if (step != steps->front() && !load(step)) return;
      options.date = step;
      options.data_fingerprint = engine_run ? source : db->source;
      for (auto& plan : engine::Run(run_program, *db, *backend, store, options)) plans.push_back(std::move(plan));
    }
    if (o.timer) PrintBackendReport(*backend, program);
    if (plans.size() > 1 && !o.quiet) {
      fmt::print(stderr, "sam: note: planned {} dates, {} to {}: {} skipped since the last run, then {}\n",
                 plans.size(), FormatDate(plans.front().date), FormatDate(plans.back().date), plans.size() - 1,
                 FormatDate(plans.back().date));
    }
    if (!written) {
      fmt::print(stderr, "sam: error: the plans are committed to {}; run the same dates again to write their files\n",
                 o.state);
      SetExitCode(2);
      return;
    }
    if (o.dry_run && !o.quiet) fmt::print(stderr, "sam: note: --dry-run: nothing was committed to {}\n", o.state);
  });
}

}  // namespace

void RegisterRun(CLI::App& app) {
  auto opts = std::make_shared<RunCommandOptions>();
  auto* cmd = app.add_subcommand("run", "Plan a run date's contacts under the policy and commit them to the state");
  cmd->add_option("program", opts->program, "The .sam program whose campaigns and policy run")->required();
  cmd->add_option("--state", opts->state, "The state file (SQLite; created when missing)")->required();
  cmd->add_option("--date", opts->date,
                  "The run date, YYYY-MM-DD (default: today in the program's time zone, with a note)")
      ->check(DateOption());
  cmd->add_option("--out", opts->out, "Write plan-DATE.csv/.jsonl and stops-DATE.csv/.jsonl into this folder");
  cmd->add_option("--format", opts->format, "The summary as `text` (default) or `json` (one object per run date)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--dry-run", opts->dry_run, "Plan as a real run would, but commit nothing");
  cmd->add_option("--max-catch-up", opts->max_catch_up,
                  "Refuse to plan more dates than this in one run (default 31: a mistyped --date is caught)")
      ->check(CLI::Range(int64_t{1}, int64_t{100000}));
  cmd->add_flag("--quiet", opts->quiet, "No notes on standard error");
  cmd->add_flag(
      "--timer", opts->timer,
      "Print where each date's time went (phases, per campaign) on stderr; with --backend jit, what it compiled");
  AddBackendOption(cmd, &opts->backend);
  auto* engine =
      cmd->add_option("--engine", opts->engine,
                      "Find the candidates on a PostgreSQL server that holds the data (a libpq URL or connection "
                      "string) and plan them here; --table NAME=ENGINE_TABLE then names its tables");
  cmd->add_option("--row-order", opts->row_order,
                  "With --engine, TABLE=COLUMN: a column ordering an event table's rows as its files did (first/last)");
  auto data = AddDataOptions(cmd);
  cmd->callback([opts, data, engine] {
    opts->engine_given = engine->count() > 0;
    Run(*opts, *data);
  });
}

}  // namespace sam::cli
