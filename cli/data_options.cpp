#include "cli/data_options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <mutex>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "runtime/snapshot/snapshot.hpp"

namespace sam::cli {
namespace {

using Clock = std::chrono::steady_clock;

// A one-line bar on stderr, drawn only on a terminal and only once loading has taken a
// second, at most ten times a second. The loader may call it from several threads.
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(fileno(stderr)) != 0), start_(Clock::now()) {}
  void Update(uint64_t done, uint64_t total) {
    if (!tty_ || total == 0) return;
    std::lock_guard lock(mu_);
    auto now = Clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    done = std::min(done, total);
    constexpr int kWidth = 30;
    int filled = static_cast<int>(done * kWidth / total);
    fmt::print(stderr, "\rloading [{}{}] {:3}%  {} of {}\x1b[K", std::string(filled, '#'),
               std::string(kWidth - filled, ' '), done * 100 / total, HumanBytes(done), HumanBytes(total));
    std::fflush(stderr);
    shown_ = true;
  }
  void Clear() {
    std::lock_guard lock(mu_);
    if (shown_) fmt::print(stderr, "\r\x1b[K");
    shown_ = false;
  }

 private:
  bool tty_;
  Clock::time_point start_, last_{};
  std::mutex mu_;
  bool shown_ = false;
};

[[noreturn]] void UsageError(const std::string& message) { throw rt::LoadError(message, 2); }

rt::LoadOptions ToLoadOptions(const DataOptions& opts) {
  rt::LoadOptions lo;
  lo.data_dir = opts.data_dir;
  for (const std::string& t : opts.tables) {
    size_t eq = t.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == t.size())
      UsageError(fmt::format("--table {}: expected NAME=PATH", t));
    const auto [it, added] = lo.paths.emplace(t.substr(0, eq), t.substr(eq + 1));
    if (!added) UsageError(fmt::format("--table {}: table `{}` is given twice ({})", t, it->first, it->second));
  }
  if (opts.delimiter == "\\t" || opts.delimiter == "tab") {
    lo.delimiter = '\t';
  } else if (opts.delimiter.size() == 1 && opts.delimiter[0] != '"' && opts.delimiter[0] != '\n' &&
             opts.delimiter[0] != '\r') {
    lo.delimiter = opts.delimiter[0];
  } else {
    UsageError(
        fmt::format("--delimiter `{}`: expected one character (or `tab`), not a quote or line break", opts.delimiter));
  }
  lo.max_errors = opts.max_errors;
  lo.rejects_dir = !opts.rejects_dir.empty()           ? opts.rejects_dir
                   : !opts.default_rejects_dir.empty() ? opts.default_rejects_dir
                                                       : ".";
  lo.threads = opts.threads;
  lo.strict = opts.strict;
  return lo;
}

uint64_t AllRows(const rt::Database& db) {
  uint64_t n = 0;
  for (const auto& t : db.tables) n += t.rows;
  return n;
}

rt::Database Load(const Schema& schema, const DataOptions& opts, rt::LoadReport& report) {
  if (opts.data_dir.empty() && opts.tables.empty()) {
    UsageError(opts.snapshots ? "no data: give --data DIR (or --table NAME=PATH), or --db FILE for a snapshot"
                              : "no data: give --data DIR (or --table NAME=PATH)");
  }
  rt::LoadOptions lo = ToLoadOptions(opts);
  auto bar = std::make_shared<ProgressBar>();
  lo.progress = [bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
  rt::Database db;
  try {
    db = rt::LoadDatabase(schema, lo, report);
  } catch (...) {
    bar->Clear();
    throw;
  }
  bar->Clear();
  if (opts.verbose) {
    for (const std::string& note : report.notes) fmt::print(stderr, "sam: note: {}\n", note);
  }
  if (opts.no_customers_ok && db.customer_count() == 0) report.warnings.clear();
  for (const std::string& warning : report.warnings) fmt::print(stderr, "sam: warning: {}\n", warning);
  uint64_t rejected = 0;
  std::string rejects_files;
  for (const auto& t : report.tables) {
    rejected += t.rejected;
    if (!t.rejects_path.empty()) rejects_files += (rejects_files.empty() ? "" : ", ") + t.rejects_path;
  }
  const size_t warnings = report.warnings.size();
  // Informational unless rows were left out or something looks wrong.
  if (!opts.verbose && rejected == 0 && warnings == 0) return db;
  fmt::print(
      stderr, "sam: loaded {} customers and {} rows in all from {} in {:.2f} s ({} in memory){}{}\n",
      db.customer_count(), AllRows(db), db.source, report.seconds, HumanBytes(db.bytes()),
      rejected ? fmt::format("; rejected rows: {} (in {})", rejected, rejects_files) : "",
      warnings ? fmt::format("; {} warning{} (--strict makes them errors)", warnings, warnings == 1 ? "" : "s") : "");
  return db;
}

rt::Database Open(const Schema& schema, const DataOptions& opts) {
  if (!opts.data_dir.empty() || !opts.tables.empty()) UsageError("--db cannot be combined with --data or --table");
  auto start = Clock::now();
  rt::SnapshotVerify verify = opts.verify      ? rt::SnapshotVerify::All
                              : opts.no_verify ? rt::SnapshotVerify::None
                                               : rt::SnapshotVerify::OnUse;
  rt::Database db = rt::OpenSnapshot(schema, opts.db, verify, rt::DefaultCheckedRecords());
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!opts.verbose) return db;
  fmt::print(stderr, "sam: opened {} ({} customers, {} rows in all; loaded {} from {}) in {:.1f} ms{}\n", opts.db,
             db.customer_count(), AllRows(db), UtcTime(db.loaded_at), db.source, ms, opts.verify ? ", verified" : "");
  return db;
}

}  // namespace

std::shared_ptr<DataOptions> AddDataOptions(CLI::App* cmd, bool snapshots) {
  auto opts = std::make_shared<DataOptions>();
  opts->snapshots = snapshots;
  // A command that loads to answer (sam query) keeps rejects in a folder of their own;
  // `sam load` puts them beside the snapshot it writes.
  if (snapshots) opts->default_rejects_dir = "sam-rejects";
  cmd->add_option("--data", opts->data_dir, "Directory of the data files: DIR/<table>.csv or DIR/<table>.jsonl");
  cmd->add_option("--table", opts->tables, "NAME=PATH: the file of one table (repeatable; overrides --data)");
  if (snapshots) {
    cmd->add_option("--db", opts->db, "A snapshot written by `sam load` (instead of --data)");
    auto* verify = cmd->add_flag("--verify", opts->verify,
                                 "With --db: check every checksum now (reads the whole file); by default each "
                                 "column is checked when first read");
    cmd->add_flag("--no-verify", opts->no_verify,
                  "With --db: do not check the columns' checksums (a damaged file gives wrong answers)")
        ->excludes(verify);
  }
  cmd->add_option("--delimiter", opts->delimiter, "CSV field delimiter: one character, or `tab` (default `,`)");
  cmd->add_option("--max-errors", opts->max_errors,
                  "Fail (exit code 1) if more than this many rows are rejected (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--rejects", opts->rejects_dir,
                  snapshots
                      ? "Directory for <table>.rejects.csv (default: ./sam-rejects, created when rows are rejected)"
                      : "Directory for <table>.rejects.csv (default: the snapshot's folder)");
  cmd->add_option("--threads", opts->threads,
                  snapshots ? "Worker threads for loading and for the queries (default: one per hardware thread)"
                            : "Loader threads (default: one per hardware thread)");
  cmd->add_flag("--strict", opts->strict,
                "Load warnings (a missing optional column, no customers, a table of only rejected rows) are errors");
  cmd->add_flag("-v,--verbose", opts->verbose,
                "Print informational lines on stderr: the load summary, the loader's notes, the snapshot opened "
                "(errors and warnings are always printed)");
  return opts;
}

bool CheckProgramForData(Frontend& fe, const std::string& path, bool warnings) {
  // Here --max-errors counts rejected rows; program errors get the default limit.
  fe.diags.set_error_limit(kDefaultMaxErrors);
  CheckProgram(fe, {path});
  if (!warnings) fe.diags.DropWarnings();  // `sam check`'s business: a daily run stays quiet
  OutputOptions out;
  out.max_errors_option = false;
  int code = PrintDiagnostics(fe, out);
  if (code != 0 || !fe.ir) {
    SetExitCode(code != 0 ? code : 1);
    return false;
  }
  return true;
}

std::optional<rt::Database> OpenData(const Schema& schema, const DataOptions& opts, rt::LoadReport* report) {
  try {
    if (!opts.db.empty()) return Open(schema, opts);
    rt::LoadReport local;
    return Load(schema, opts, report ? *report : local);
  } catch (const rt::LoadError& e) {
    fmt::print(stderr, "sam: error: {}\n", e.what());
    SetExitCode(e.exit_code);
  } catch (const rt::SnapshotError& e) {
    fmt::print(stderr, "sam: error: {}\n", e.what());
    SetExitCode(e.exit_code);
  }
  return std::nullopt;
}

std::string HumanBytes(uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{} bytes", bytes);
  static const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes) / 1000;
  int u = 0;
  while (v >= 1000 && u < 3) {
    v /= 1000;
    ++u;
  }
  return fmt::format("{:.1f} {}", v, kUnits[u]);
}

std::string UtcTime(int64_t micros) {
  std::time_t secs = static_cast<std::time_t>(micros / 1'000'000 - (micros % 1'000'000 < 0));
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return fmt::format("{} us", micros);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

}  // namespace sam::cli
