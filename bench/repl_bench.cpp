// The REPL as a person meets it (issue "sam repl", Speed): `sam repl` on a
// pseudo-terminal over a snapshot, typed into; times are from the program's start to
// its first prompt, and from the Enter key to the answer and the next prompt (typed
// text to printed answer), for each query of bench/queries.txt; and from Ctrl-C to
// "interrupted" during a long question. Targets: ready under 200 ms, a typical count
// under 50 ms at 1M customers (500 ms at 10M).
//
//   repl_bench --sam BUILD/sam --db SNAPSHOT [--program bench/segments.sam]
//              [--queries bench/queries.txt] [--today 2026-11-23] [--runs 5]
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/suite.hpp"

namespace sam::bench {
namespace {

using Clock = std::chrono::steady_clock;
double MsSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// One `sam repl` on a pseudo-terminal.
class Session {
 public:
  explicit Session(const std::vector<std::string>& argv) {
    winsize size{50, 200, 0, 0};
    start_ = Clock::now();
    pid_ = forkpty(&fd_, nullptr, nullptr, &size);
    if (pid_ < 0) throw std::runtime_error("forkpty failed");
    if (pid_ == 0) {
      setenv("TERM", "xterm", 1);
      setenv("SAM_HISTORY", "/dev/null", 1);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ~Session() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    close(fd_);
  }
  Clock::time_point started() const { return start_; }
  // Waits (30 s at most) until the output since the last call holds `text`.
  void WaitFor(const std::string& text) {
    const auto until = Clock::now() + std::chrono::seconds(120);
    while (seen_.find(text) == std::string::npos) {
      if (Clock::now() > until) throw std::runtime_error("sam repl: no `" + text + "` in: " + seen_);
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("sam repl ended: " + seen_);
      seen_.append(buf, static_cast<size_t>(n));
    }
    seen_.erase(0, seen_.find(text) + text.size());
  }
  void Type(const std::string& keys) {
    if (write(fd_, keys.data(), keys.size()) != static_cast<ssize_t>(keys.size())) throw std::runtime_error("typing");
  }
  void Forget() { seen_.clear(); }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
  Clock::time_point start_;
  std::string seen_;
};

struct Options {
  std::string sam, db, program = "bench/segments.sam", queries = "bench/queries.txt", today = "2026-11-23";
  int runs = 5;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

void Run(const Options& o) {
  const std::vector<SuiteQuery> suite = ReadSuite(o.queries);
  const std::vector<std::string> argv = {o.sam, "repl", o.program, "--db", o.db, "--today", o.today, "--quiet"};
  std::vector<double> ready, interrupt;
  std::vector<std::vector<double>> answer(suite.size());
  for (int r = 0; r < o.runs; ++r) {
    Session s(argv);
    s.WaitFor("sam> ");
    ready.push_back(MsSince(s.started()));
    for (size_t q = 0; q < suite.size(); ++q) {
      s.Type(suite[q].sam);
      s.WaitFor(suite[q].sam.substr(suite[q].sam.size() - std::min<size_t>(suite[q].sam.size(), 8)));  // echoed
      s.Forget();
      const auto enter = Clock::now();
      s.Type("\r");
      s.WaitFor("sam> ");
      answer[q].push_back(MsSince(enter));
    }
    // Ctrl-C a second into a long question (three nested aggregates: minutes at 1M).
    s.Type("count customers where any(web_events as a where count(web_events as b where count(web_events as x where "
           "x.occurred_at > b.occurred_at and x.occurred_at < a.occurred_at) > 0) > 5)\r");
    usleep(1000 * 1000);
    s.Forget();
    const auto stop = Clock::now();
    s.Type("\x03");
    s.WaitFor("interrupted");
    interrupt.push_back(MsSince(stop));
  }
  fmt::print("sam repl {} --db {} ({} runs; typed text to printed answer, the Enter key to the next prompt)\n\n",
             o.program, o.db, o.runs);
  fmt::print("| query | best ms | median ms |\n| --- | ---: | ---: |\n");
  std::vector<double> medians;
  for (size_t q = 0; q < suite.size(); ++q) {
    medians.push_back(Median(answer[q]));
    fmt::print("| {} | {:.1f} | {:.1f} |\n", suite[q].name, *std::min_element(answer[q].begin(), answer[q].end()),
               medians.back());
  }
  fmt::print("\n- ready (start to first prompt): best {:.1f} ms, median {:.1f} ms (target under 200 ms)\n",
             *std::min_element(ready.begin(), ready.end()), Median(ready));
  fmt::print("- answers: median of the queries' medians {:.1f} ms, slowest median {:.1f} ms\n", Median(medians),
             *std::max_element(medians.begin(), medians.end()));
  fmt::print("- Ctrl-C to `interrupted`: best {:.1f} ms, median {:.1f} ms (target under 100 ms)\n",
             *std::min_element(interrupt.begin(), interrupt.end()), Median(interrupt));
}

}  // namespace
}  // namespace sam::bench

int main(int argc, char** argv) {
  sam::bench::Options o;
  CLI::App app("The REPL on a pseudo-terminal: ready, answers and Ctrl-C times");
  app.add_option("--sam", o.sam, "the sam binary")->required();
  app.add_option("--db", o.db, "a snapshot loaded for the program")->required();
  app.add_option("--program", o.program, "the program (default bench/segments.sam)");
  app.add_option("--queries", o.queries, "the suite (default bench/queries.txt)");
  app.add_option("--today", o.today, "the run date");
  app.add_option("--runs", o.runs, "sessions (default 5)")->check(CLI::Range(1, 100));
  CLI11_PARSE(app, argc, argv);
  try {
    sam::bench::Run(o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "repl_bench: {}\n", e.what());
    return 1;
  }
  return 0;
}
