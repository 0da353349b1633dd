// `sam query PROGRAM (--data DIR | --db FILE) -e 'QUERY'`: count and show segments on
// real data.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "backends/registry.hpp"
#include "base/render.hpp"
#include "cli/backend_option.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/engine_errors.hpp"
#include "cli/engine_query.hpp"
#include "cli/output.hpp"
#include "cli/why_output.hpp"
#include "engine/engine.hpp"
#include "engine/why.hpp"
#include "query/format.hpp"
#include "query/query.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/load/writable.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

struct QueryCommandOptions {
  std::string program;
  std::vector<std::string> exprs;  // -e
  std::string file;                // -f
  std::string format = "table";
  bool format_given = false;
  std::string output_dir;  // --output-dir: one CSV file per query
  std::string today;
  std::string state;  // --state: `why` explains from this state file of `sam run`
  bool timer = false;
  std::string backend;
  bool quiet = false;
  int repeat = 1;
  std::string engine;                  // --engine: a PostgreSQL server answers
  std::vector<std::string> row_order;  // --row-order TABLE=COLUMN, with --engine
};

// --output-dir: `query-N.csv` for the Nth query, N padded with zeros to the width of
// the number of queries (query-01.csv ... query-12.csv), so that the names sort in
// query order.
bool WriteCsvFiles(const std::string& dir, const std::vector<query::QueryResult>& results, bool verbose) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const size_t width = fmt::format("{}", results.size()).size();
  for (size_t q = 0; q < results.size(); ++q) {
    std::string path = (std::filesystem::path(dir) / fmt::format("query-{:0{}}.csv", q + 1, width)).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << query::Format(results[q], query::Mode::Csv, 0, false);
    out.flush();
    if (!out) {
      fmt::print(stderr, "sam: error: {}: cannot write the answer of `{}`\n", path, results[q].text);
      return false;
    }
    if (verbose) fmt::print(stderr, "sam: wrote {}: {}\n", path, results[q].text);
  }
  return true;
}

// A CSV stream holds one table: several answers (each with its own header) go to
// files of their own. Checked before any data is read.
bool CheckCsvOutput(const QueryCommandOptions& o, size_t queries) {
  if (!o.output_dir.empty()) {
    if (o.format_given && o.format != "csv") {
      fmt::print(stderr, "sam: error: --output-dir writes CSV files; it cannot be combined with --format {}\n",
                 o.format);
      return false;
    }
    if (std::string problem = rt::load::FolderProblem(o.output_dir, true); !problem.empty()) {
      fmt::print(stderr, "sam: error: {}: the output folder cannot be written: {}\n", o.output_dir, problem);
      return false;
    }
  } else if (o.format == "csv" && queries > 1) {
    fmt::print(stderr,
               "sam: error: --format csv prints one table, and the query text has {} queries: give --output-dir DIR "
               "for one CSV file per query, or --format json\n",
               queries);
    return false;
  }
  return true;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The run date every answer depends on: --today, else the query text's `today DATE`,
// else the machine's date in the program's time zone, said in `*note` (unless --quiet)
// so that it is never silent. The caller prints the note once the data has opened: an
// error opening it should stand alone. Nothing, with the exit code set, for a bad --today.
std::optional<int64_t> RunDate(const QueryCommandOptions& o, const ir::Program& program, FileId file,
                               std::string* note) {
  const std::optional<int64_t> stated = program.RunDateOf(file);
  if (!o.today.empty()) {
    auto d = DecodeDate(o.today);
    if (auto* e = std::get_if<LiteralError>(&d)) {
      fmt::print(stderr, "sam: error: --today: {}\n", e->message);
      SetExitCode(2);
      return std::nullopt;
    }
    const int64_t today = std::get<int64_t>(d);
    if (stated && *stated != today && !o.quiet) {
      *note = fmt::format("sam: note: --today {} overrides the query text's `today {}`\n", FormatDate(today),
                          FormatDate(*stated));
    }
    return today;
  }
  if (stated) return stated;
  const int64_t today = LocalToday(program.timezone);
  if (!o.quiet) {
    *note = fmt::format("sam: note: run date {} (today in {}); give --today DATE or a `today DATE` line to fix it\n",
                        FormatDate(today), program.timezone);
  }
  return today;
}

// The text of -f FILE, or nothing after saying why it cannot be read (as for a
// program: the reason from the system, or that it is a directory).
std::optional<std::string> ReadQueryFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    fmt::print(stderr, "sam: error: cannot read `{}`: it is a directory\n", path);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "sam: error: cannot read `{}`: {}\n", path, std::strerror(errno));
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void PrintResults(const QueryCommandOptions& o, const std::vector<query::QueryResult>& results, int64_t today) {
  for (const auto& r : results) {
    query::Mode mode = query::Mode::Table;
    query::ParseMode(o.format, &mode);
    fmt::print("{}", query::Format(r, mode, today, results.size() > 1));
  }
}

// --engine: the queries as SQL on the server (docs/sql.md); --table names its tables.
void RunEngine(const QueryCommandOptions& o, const DataOptions& data, Frontend& fe, FileId file, int64_t today,
               const std::string& note) {
  if (!data.db.empty() || !data.data_dir.empty() || !o.state.empty()) {
    fmt::print(stderr, "sam: error: --engine answers from the server's tables: leave out --db, --data and --state\n");
    SetExitCode(2);
    return;
  }
  EngineQuery e;
  e.url = o.engine;
  e.today = today;
  e.quiet = o.quiet;
  if (!NamePairs(data.tables, "--table", "NAME=ENGINE_TABLE", e.tables) ||
      !NamePairs(o.row_order, "--row-order", "TABLE=COLUMN", e.row_order) ||
      !CheckTableOptions(*fe.ir, e.tables, e.row_order)) {
    SetExitCode(2);
    return;
  }
  fmt::print(stderr, "{}", note);
  std::vector<query::QueryResult> results;
  const auto t0 = std::chrono::steady_clock::now();
  const int code = RunOnEngine(fe, file, e, results);
  if (!fe.diags.all().empty()) PrintDiagnostics(fe, {});  // errors, or warnings (ties) above the answers
  if (code != 0) {
    SetExitCode(code);
    return;
  }
  if (!o.output_dir.empty() && !WriteCsvFiles(o.output_dir, results, data.verbose)) {
    SetExitCode(2);
    return;
  }
  if (o.output_dir.empty()) PrintResults(o, results, today);
  if (o.timer) {
    fmt::print(stderr, "run date {}\nqueries on the engine {:.3f} s\n", FormatDate(today), Since(t0));
    for (const auto& r : results) fmt::print(stderr, "  {:.4f} s  {}\n", r.seconds, r.text);
  }
  SetExitCode(0);
}

void Run(const QueryCommandOptions& o, const DataOptions& data) {
  std::string text;
  std::string name = "<query>";
  if (!o.file.empty()) {
    std::optional<std::string> read = ReadQueryFile(o.file);
    if (!read) {
      SetExitCode(2);
      return;
    }
    text = std::move(*read);
    name = o.file;
  }
  for (const auto& e : o.exprs) text += (text.empty() || text.back() == '\n' ? "" : "\n") + e;
  if (text.empty()) {
    fmt::print(stderr, "sam: error: no query: give one with -e 'count SEGMENT' or -f FILE\n");
    SetExitCode(2);
    return;
  }

  // One pass forward: compile the program and the query text, open the data for the
  // program's schema, run the compiled queries on a backend.
  auto t0 = std::chrono::steady_clock::now();
  Frontend fe;
  // --max-errors counts rejected data rows here; program errors get the default limit.
  fe.diags.set_error_limit(kDefaultMaxErrors);
  CheckProgram(fe, {o.program});
  if (fe.io_error || !fe.ir || fe.diags.has_errors()) {
    // The program's warnings are `sam check`'s business; only errors stop a query.
    fe.diags.DropWarnings();
    OutputOptions out;
    out.max_errors_option = false;
    int code = PrintDiagnostics(fe, out);
    SetExitCode(code != 0 ? code : 1);
    return;
  }
  fe.diags = Diagnostics{};
  std::optional<FileId> file = CompileQuery(fe, name, text);
  if (!file) {
    SetExitCode(std::max(1, PrintDiagnostics(fe, {})));
    return;
  }
  // The query text's own warnings (`signup_at between 2026-06-01 and 2026-01-01` is
  // false for everyone), above its answers.
  if (fe.diags.warning_count() > 0) {
    PrintDiagnostics(fe, {});
    fe.diags = Diagnostics{};
  }
  const ir::Program& program = *fe.ir;
  double check_s = Since(t0);
  size_t queries = 0;
  for (const auto& q : program.queries) queries += q.span.file == *file;
  if (!CheckCsvOutput(o, queries)) {
    SetExitCode(2);
    return;
  }
  std::string note;
  std::optional<int64_t> today = RunDate(o, program, *file, &note);
  if (!today) return;
  // Only `why` with a state: the run date is the state's last run, not the machine's.
  bool only_why = !o.state.empty();
  for (const auto& q : program.queries) only_why &= q.span.file != *file || q.kind == ir::QueryKind::Why;
  if (only_why) note.clear();

  if (!o.engine.empty()) {
    RunEngine(o, data, fe, *file, *today, note);
    return;
  }
  if (!o.row_order.empty()) {
    fmt::print(stderr, "sam: error: --row-order is for --engine: a snapshot and CSV files keep their rows' order\n");
    SetExitCode(2);
    return;
  }
  auto t1 = std::chrono::steady_clock::now();
  DataOptions data_options = data;
  data_options.verbose |= o.timer;  // --timer shows what was loaded or opened too
  std::optional<rt::Database> db = OpenData(program, data_options);
  if (!db) return;
  fmt::print(stderr, "{}", note);
  double load_s = Since(t1);

  std::optional<engine::state::Store> store;
  if (!o.state.empty() && !WithEngineErrors(1, [&] { store = OpenExistingState(o.state); })) return;

  std::vector<query::QueryResult> results;
  auto t2 = std::chrono::steady_clock::now();
  std::unique_ptr<backend::Backend> backend = MakeNamedBackend(o.backend);
  double setup_s = 0;  // the program's preparation for the queries (RunQueries)
  try {
    query::QueryOptions qo;
    qo.today = *today;
    qo.threads = data.threads;
    if (store) {
      // `why` without a stated run date explains the state's last run, as `sam why` does.
      const bool dated = !o.today.empty() || program.RunDateOf(*file).has_value();
      qo.explain = [&, dated](const ir::Query& q, uint64_t, query::QueryResult& out) {
        const std::optional<int64_t> last = store->LastRunDate();
        if (!dated && !last) throw engine::EngineError(o.state + ": no run committed yet: nothing to explain");
        ExplainInto(fe, *db, *backend, *store, q, dated ? *today : *last, out);
      };
    }
    std::string_view source = fe.sources.Get(*file).text();
    // With --repeat, every run starts from scratch (the backend prepares the program
    // again: nothing computed is reused) and each query's best time is kept.
    for (int k = 0; k < std::max(1, o.repeat); ++k) {
      double setup = 0;
      std::vector<query::QueryResult> run = query::RunQueries(program, *file, source, *db, *backend, qo, &setup);
      setup_s = k == 0 ? setup : std::min(setup_s, setup);
      for (size_t q = 0; q < run.size() && !results.empty(); ++q)
        run[q].seconds = std::min(run[q].seconds, results[q].seconds);
      results = std::move(run);
    }
  } catch (const rt::SnapshotError& e) {
    // A column of the snapshot failed its checksum when the queries first read it.
    fmt::print(stderr, "sam: error: {}\n", e.what());
    SetExitCode(e.exit_code);
    return;
  } catch (const rt::RuntimeError& e) {
    // A runtime error names the expression by its place in the program or query.
    PrintRuntimeError(fe.sources, e);
    SetExitCode(1);
    return;
  } catch (const engine::state::StateError& e) {  // `why`: the state file
    fmt::print(stderr, "sam: error: {}\n", e.what());
    SetExitCode(e.exit_code);
    return;
  } catch (const engine::EngineError& e) {
    fmt::print(stderr, "sam: error: {}\n", e.what());
    SetExitCode(1);
    return;
  }
  double run_s = Since(t2);
  if (!o.output_dir.empty() && !WriteCsvFiles(o.output_dir, results, data_options.verbose)) {
    SetExitCode(2);
    return;
  }
  if (o.output_dir.empty()) PrintResults(o, results, *today);
  if (o.timer) {
    fmt::print(stderr, "run date {}\n", FormatDate(*today));
    fmt::print(stderr, "check {:.3f} s, load {:.3f} s, queries {:.3f} s (of which preparing {:.4f} s)\n", check_s,
               load_s, run_s, setup_s);
    for (const auto& r : results) fmt::print(stderr, "  {:.4f} s  {}\n", r.seconds, r.text);
    PrintBackendReport(*backend, program);
  }
  SetExitCode(0);
}

}  // namespace

void RegisterQuery(CLI::App& app) {
  auto opts = std::make_shared<QueryCommandOptions>();
  auto* cmd = app.add_subcommand("query", "Count and show a program's segments on customer data");
  cmd->add_option("program", opts->program, "The .sam program whose schema and segments the queries use")->required();
  cmd->add_option("-e,--execute", opts->exprs,
                  "Query text: `count SEGMENT`, `show SEGMENT limit 10 { id }` (repeatable)");
  cmd->add_option("-f,--file", opts->file, "A file of queries (and declarations), by convention FILE.samq");
  auto* format = cmd->add_option("--format", opts->format,
                                 "Results as `table` (default), `csv` (one query; see --output-dir) or `json` (one "
                                 "object per query)")
                     ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--output-dir", opts->output_dir,
                  "Write each query's answer as CSV to DIR/query-N.csv (created when missing) instead of stdout");
  cmd->add_option("--today", opts->today,
                  "The run date, YYYY-MM-DD (default: the query text's `today DATE`, else today in the program's "
                  "time zone, with a note)")
      ->check(DateOption());
  cmd->add_option("--state", opts->state, "The state file of `sam run`, from which `why` explains its decisions");
  cmd->add_flag("--quiet", opts->quiet, "No notes on standard error (the run date when it is the machine's date)");
  cmd->add_flag("--timer", opts->timer, "Print check, load and query times on stderr");
  cmd->add_option("--repeat", opts->repeat, "Run the queries N times from scratch; --timer shows each one's best time")
      ->check(CLI::Range(1, 1000));
  AddBackendOption(cmd, &opts->backend);
  cmd->add_option(
      "--engine", opts->engine,
      "Answer on a PostgreSQL server instead (postgresql://...; --table NAME=ENGINE_TABLE names its tables)");
  cmd->add_option("--row-order", opts->row_order,
                  "With --engine, TABLE=COLUMN: a column ordering an event table's rows as its files did (first/last)");
  auto data = AddDataOptions(cmd);
  cmd->callback([opts, data, format] {
    opts->format_given = format->count() > 0;
    Run(*opts, *data);
  });
}

}  // namespace sam::cli
