// `sam repl PROGRAM [--db FILE | --data DIR] [--today D]`: ad-hoc questions, typed or
// piped. On a terminal: line editing, history across sessions and tab completion
// (libedit); otherwise statements are read from standard input without prompts, as
// `sqlite3` and `duckdb` read a script. What an input does is repl::Session's.
#include <editline/readline.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

#include "backends/auto/tiered.hpp"
#include "backends/registry.hpp"
#include "cli/backend_option.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/engine_errors.hpp"
#include "cli/output.hpp"
#include "cli/progress_line.hpp"
#include "cli/why_output.hpp"
#include "engine/state/store.hpp"
#include "repl/input.hpp"
#include "repl/session.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

struct ReplOptions {
  std::string program;
  std::string today;
  std::string backend;
  std::string state;  // --state: `why` explains from this state file of `sam run`
  bool quiet = false;
};

// The history file: $SAM_HISTORY, else ~/.sam_history; none without a home.
std::string HistoryPath() {
  if (const char* p = std::getenv("SAM_HISTORY"); p && *p) return p;
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.sam_history";
  return "";
}

// Ctrl-C on a terminal: stops the query running (repl::SessionOptions::interrupt), or
// drops the input being typed; never ends the session.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
bool drop_input = false;

void OnInterrupt(int) { interrupted.store(true, std::memory_order_relaxed); }

// The character that starts with byte `lead`: libedit takes what this source returns
// as one wide character, so a UTF-8 sequence is read whole and decoded (a byte at a
// time, `ë` became two wrong characters, which the editor dropped). A malformed
// sequence is U+FFFD, which the checker then reports as the invalid text it is.
int Character(int fd, unsigned char lead) {
  if (lead < 0x80) return lead;
  const int more = (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : (lead & 0xF8) == 0xF0 ? 3 : -1;
  if (more < 0) return 0xFFFD;
  int code = lead & (0x3F >> more);
  for (int k = 0; k < more; ++k) {
    unsigned char c = 0;
    ssize_t n;
    while ((n = read(fd, &c, 1)) < 0 && errno == EINTR) {
    }
    if (n != 1 || (c & 0xC0) != 0x80) return 0xFFFD;
    code = (code << 6) | (c & 0x3F);
  }
  return code;
}

// libedit's character source while it reads a line: waits for a key in slices of
// 50 ms, so that a Ctrl-C (which a restarted read would not report) ends the line
// at once, to be dropped.
int ReadKey(FILE* in) {
  for (;;) {
    if (interrupted.exchange(false)) {
      drop_input = true;
      return '\n';
    }
    pollfd p{fileno(in), POLLIN, 0};
    const int ready = poll(&p, 1, 50);
    if (ready < 0 && errno != EINTR) return EOF;
    if (ready <= 0) continue;
    unsigned char c = 0;
    const ssize_t n = read(fileno(in), &c, 1);
    if (n == 1) return Character(fileno(in), c);
    if (n < 0 && errno == EINTR) continue;
    return EOF;
  }
}

// How many questions `auto` answered by the interpreter, compiled code and both.
std::array<uint64_t, 3> AnsweredCounts(const backend::Backend& backend) {
  if (backend.name() != "auto") return {0, 0, 0};
  const tiered::Report r = tiered::ReportOf(backend);
  return {r.interpreted, r.compiled, r.switched};
}

// Completion (libedit's readline interface holds plain function pointers).
const repl::Session* completing = nullptr;
std::vector<std::string> candidates;

char* NextCandidate(const char*, int state) {
  static size_t next = 0;
  if (state == 0) next = 0;
  return next < candidates.size() ? strdup(candidates[next++].c_str()) : nullptr;
}

char** CompleteWord(const char* text, int start, int end) {
  const std::string_view line(rl_line_buffer, static_cast<size_t>(end));
  rl_attempted_completion_over = 1;  // never file names (`.` and `/` end words here)
  // A field after `table.` is followed by what comes next (`)`, `,`), not a space.
  rl_completion_append_character = start > 0 && rl_line_buffer[start - 1] == '.' ? '\0' : ' ';
  candidates = repl::Completions(completing ? completing->program() : nullptr, line);
  if (candidates.empty()) return nullptr;
  return rl_completion_matches(text, NextCandidate);
}

// Typed: prompts, a continuation prompt while the input is unfinished, each whole
// input one history entry.
void Interactive(repl::Session& session) {
  // The terminal's text is UTF-8 (libedit edits wide characters by the locale's
  // rules; only the character type is taken from the environment, never numbers).
  if (setlocale(LC_CTYPE, "") == nullptr || MB_CUR_MAX == 1) setlocale(LC_CTYPE, "C.UTF-8");
  // Signals are SAM's, not libedit's: Ctrl-C sets `interrupted` and nothing else.
  // Set before libedit starts (using_history starts it).
  rl_catch_signals = 0;
  rl_getc_function = ReadKey;
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  const std::string history = HistoryPath();
  using_history();
  stifle_history(2000);
  if (!history.empty()) read_history(history.c_str());
  completing = &session;
  rl_attempted_completion_function = CompleteWord;
  // A name ends at these: `orders.am` completes `am` among the fields of orders.
  static char breaks[] = " \t\n\"\\'`@$><=;|&{(,.)}[]+-*/!?:";
  rl_basic_word_break_characters = breaks;
  repl::Gatherer gather;
  int number = 0;
  bool go_on = true;
  bool warned = false;
  auto run = [&](const repl::Gatherer::Input& in) {
    std::string entry = in.text;
    while (!entry.empty() && entry.back() == '\n') entry.pop_back();
    add_history(entry.c_str());
    // Written after every input: a session that ends badly keeps its history.
    if (!history.empty() && write_history(history.c_str()) != 0 && !warned) {
      warned = true;
      fmt::print(stderr, "sam: note: cannot write the history to {}: {}\n", history, std::strerror(errno));
    }
    interrupted.store(false);
    go_on = session.Run(in.text);
    interrupted.store(false);  // a Ctrl-C that stopped a question is spent
  };
  while (go_on) {
    char* raw = readline(gather.pending() ? "...> " : "sam> ");
    if (raw == nullptr) {  // Ctrl-D: what was typed so far runs, then the session ends
      if (std::optional<repl::Gatherer::Input> rest = gather.Finish()) {
        fmt::print("\n");
        run(*rest);
      }
      break;
    }
    std::string line(raw);
    std::free(raw);
    if (drop_input) {  // Ctrl-C while typing: the input so far is dropped
      drop_input = false;
      gather.Drop();
      continue;
    }
    for (const repl::Gatherer::Input& in : gather.Add(line, ++number)) {
      run(in);
      if (!go_on) break;
    }
  }
  completing = nullptr;
}

// Piped: no prompts; the exit code says whether any input failed.
bool Piped(repl::Session& session) {
  bool failed = false;
  auto run = [&](const repl::Gatherer::Input& in) {
    const bool go_on = session.Run(in.text, "<stdin>", in.line);
    failed |= session.failed();
    return go_on;
  };
  repl::Gatherer gather;
  int number = 0;
  for (std::string line; std::getline(std::cin, line);) {
    for (const repl::Gatherer::Input& in : gather.Add(line, ++number)) {
      if (!run(in)) return !failed;
    }
  }
  if (std::optional<repl::Gatherer::Input> rest = gather.Finish()) run(*rest);
  return !failed;
}

void Run(const ReplOptions& o, const DataOptions& data) {
  Frontend fe;
  if (!CheckProgramForData(fe, o.program)) return;
  const ir::Program& program = *fe.ir;
  int64_t today = LocalToday(program.timezone);
  bool dated = false;
  if (!o.today.empty()) {
    auto d = DecodeDate(o.today);
    if (auto* e = std::get_if<LiteralError>(&d)) {
      fmt::print(stderr, "sam: error: --today: {}\n", e->message);
      SetExitCode(2);
      return;
    }
    today = std::get<int64_t>(d);
    dated = true;
  }
  std::optional<rt::Database> db;
  if (!data.db.empty() || !data.data_dir.empty() || !data.tables.empty()) {
    db = OpenData(program, data);
    if (!db) return;
  }
  std::optional<engine::state::Store> store;
  if (!o.state.empty()) {
    if (!db) {
      fmt::print(stderr, "sam: error: --state explains decisions about customers: give --db FILE or --data DIR too\n");
      SetExitCode(2);
      return;
    }
    if (!WithEngineErrors(1, [&] { store = OpenExistingState(o.state); })) return;
    // Without --today, `why` and every question are as of the state's last run.
    if (!dated) {
      if (std::optional<int64_t> last = store->LastRunDate()) {
        today = *last;
        if (!o.quiet) fmt::print(stderr, "sam: note: run date {}, the state's last run\n", FormatDate(today));
        dated = true;
      }
    }
  }
  const bool terminal = isatty(fileno(stdin)) && isatty(fileno(stdout));
  if (!dated && !o.quiet) {
    fmt::print(stderr, "sam: note: run date {} (today in {}); `.date YYYY-MM-DD` or --today changes it\n",
               FormatDate(today), program.timezone);
  }
  if (terminal && !o.quiet) {
    fmt::print(stderr, "sam repl: {} ({}). `.help` for help, Ctrl-D to leave.\n", o.program,
               db ? fmt::format("{} customers", db->customer_count()) : std::string("no data: definitions only"));
  }
  // Every input is a program of its own: `auto` compiles only for a long question.
  std::unique_ptr<backend::Backend> backend = backend::MakeSessionBackend(o.backend);
  repl::SessionOptions so;
  so.program_path = o.program;
  so.today = today;
  so.threads = data.threads;
  so.color = UseColor("auto");
  so.interrupt = &interrupted;
  if (store) {
    so.explain = [&](const ir::Query& q, uint64_t, int64_t date, query::QueryResult& out) {
      ExplainInto(fe, *db, *backend, *store, q, date, out);
    };
  }
  std::unique_ptr<ProgressLine> progress;
  if (terminal) {
    so.fit = [] {
      winsize size{};
      if (ioctl(fileno(stdout), TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return query::Fit{};
      // 40 rows at most, fewer on a short terminal (the header, rule and footer too).
      return query::Fit{size.ws_col, std::clamp<size_t>(size.ws_row > 6 ? size.ws_row - 6u : 10u, 10, 40)};
    };
    so.progress = [&](const std::string& what) {
      progress.reset();  // erases the line
      if (!what.empty()) {
        progress = std::make_unique<ProgressLine>(stderr);
        progress->Set("asking (Ctrl-C stops it) " + what);
      }
    };
  }
  so.answered_by = [&, before = AnsweredCounts(*backend)]() mutable {
    const std::array<uint64_t, 3> now = AnsweredCounts(*backend);
    std::string by = std::string(backend->name());
    if (backend->name() == "auto") {
      by = now[1] > before[1]   ? "compiled code"
           : now[2] > before[2] ? "the interpreter, then compiled code"
                                : "the interpreter";
    }
    before = now;
    return by;
  };
  repl::Session session(fe, db ? &*db : nullptr, *backend, so, stdout, stderr);
  if (terminal) {
    Interactive(session);
    SetExitCode(0);
  } else {
    SetExitCode(Piped(session) ? 0 : 1);
  }
  // Answers that could not be written: an I/O error, whatever else happened.
  if (session.write_failed() || std::fflush(stdout) != 0 || std::ferror(stdout)) SetExitCode(2);
}

}  // namespace

void RegisterRepl(CLI::App& app) {
  auto opts = std::make_shared<ReplOptions>();
  auto* cmd = app.add_subcommand("repl", "Ask questions of a program's data interactively (or from a piped script)");
  cmd->add_option("program", opts->program, "The .sam program whose schema and segments the session uses")->required();
  cmd->add_option("--today", opts->today,
                  "The run date, YYYY-MM-DD (default: today in the program's time zone, with a note)")
      ->check(DateOption());
  cmd->add_option("--state", opts->state, "The state file of `sam run`, from which `why` explains its decisions");
  cmd->add_flag("--quiet", opts->quiet, "No banner and no note of the run date");
  AddBackendOption(cmd, &opts->backend, "`.timer`");
  auto data = AddDataOptions(cmd);
  cmd->callback([opts, data] { Run(*opts, *data); });
}

}  // namespace sam::cli
