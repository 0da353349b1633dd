// The differential test: random well-typed programs over random schemas and data
// (random_program.hpp), each answered by the reference interpreter and by the JIT
// (`jit`, which scans a customer's few events, and `jit-search`, which searches every
// window), which must give the same answers exactly: the same members, the same
// values, and an error exactly when the interpreter stops with one (with the same
// message when only one customer can fail).
//
//   differential_test [--programs N] [--seed S] [--verbose]   (or SAM_DIFFERENTIAL_PROGRAMS=N)
//
// A failure prints the seed, the program, the data and both answers; `--seed S
// --programs 1` replays it. At the end: the programs and questions compared, and the
// share of expressions the JIT compiled (the rest ran in its fallback, the
// interpreter), with the most common reasons.
#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backends/auto/tiered.hpp"
#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"
#include "runtime/load/load.hpp"
#include "tests/differential/answers.hpp"
#include "tests/differential/random_program.hpp"
#include "tests/support/temp_dir.hpp"

namespace sam::differential {
namespace {

namespace fs = std::filesystem;

#ifdef SAM_SANITIZED
constexpr int kDefaultPrograms = 100;
#else
constexpr int kDefaultPrograms = 1000;
#endif
constexpr int kMaxReports = 5;  // differences printed in full

struct Variant {
  const char* name;
  std::unique_ptr<backend::Backend> (*make)();
};
// The JIT as `--backend jit` makes it, and searching every window (Options::scan_events = 0).
const Variant kVariants[] = {
    {"jit", [] { return backend::MakeBackend("jit"); }},
    {"jit-search", [] { return jit::MakeBackend(interp::MakeBackend(), {0}); }},
    // `auto` compiling from the first question on, its first morsel waiting for the
    // compiled code (the data are one morsel): every answer through the switch.
    {"auto-switch",
     [] {
       return tiered::MakeBackend(
           interp::MakeBackend(), [] { return jit::MakeBackend(interp::MakeBackend()); }, {0, 0, 0, false});
     }},
};

struct Totals {
  int programs = 0, failed = 0;
  size_t questions = 0, errors = 0, differences = 0;
  size_t morsel_errors = 0;  // the interpreter stopped for a customer not asked about
  size_t asked = 0, compiled = 0;
  double compile_ms = 0;  // LLVM's time, summed over threads
  std::map<std::string, size_t> reasons;  // why an expression was not compiled
  int reports = 0;
  void Add(const Totals& o) {
    programs += o.programs, failed += o.failed, questions += o.questions, errors += o.errors;
    differences += o.differences, morsel_errors += o.morsel_errors, asked += o.asked,
        compiled += o.compiled, compile_ms += o.compile_ms;
    for (const auto& [why, n] : o.reasons) reasons[why] += n;
  }
};


void CountReports(const backend::Backend& b, Totals& t) {
  for (const jit::ExpressionReport& r : jit::ReportOf(b).expressions) {
    t.compile_ms += r.compile_ms;
    ++t.asked;
    t.compiled += r.compiled;
    if (!r.compiled) {
      // The construct, without the explanation in parentheses.
      std::string why = r.reason.substr(0, r.reason.find(" ("));
      ++t.reasons[why];
    }
  }
}

// A case ready to be asked: its program checked, its data loaded, the reference's
// answers. Kept until the batch's backends are gone (they hold kernels for it).
struct Prepared {
  RandomCase c;
  Frontend fe;
  std::optional<rt::Database> db;
  backend::Context context;
  std::vector<Question> questions;
  std::vector<Answer> expected;
  std::string report;  // what went wrong, to print
};

// Generates, checks and loads case `seed`, and asks the interpreter; false when the
// case cannot run (a generator bug: its program does not check or its data is rejected).
bool PrepareCase(uint64_t seed, const fs::path& dir, Prepared& out) {
  out.c = MakeCase(seed);
  const RandomCase& c = out.c;
  CheckText(out.fe, "differential.sam", c.program);
  if (!out.fe.ir) {
    std::string all;
    for (const auto& d : out.fe.diags.all()) {
      if (d.severity == Severity::Error) all += RenderText(out.fe.sources, d, RenderOptions{false});
    }
    out.report = fmt::format("GENERATOR seed {}: the program does not check:\n{}{}\n", seed, all, CaseText(c));
    return false;
  }
  std::string error;
  try {
    out.db = LoadCase(c, *out.fe.ir, dir, error);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!out.db) {
    out.report = fmt::format("GENERATOR seed {}: the data does not load: {}\n{}\n", seed, error, CaseText(c));
    return false;
  }
  out.context.today = c.today;
  out.context.threads = 1;
  out.questions = MakeQuestions(*out.fe.ir, *out.db, c.names, seed);
  std::unique_ptr<backend::Backend> reference = interp::MakeBackend();
  out.expected = Ask(*reference, *out.fe.ir, *out.db, out.context, out.questions);
  return true;
}

// Whether the customer an error message names ("... for customer KEY") is one of the
// question's rows.
bool Asked(const rt::Database& db, const Question& q, const std::string& message) {
  const std::string mark = "for customer ";
  const size_t at = message.rfind(mark);
  if (at == std::string::npos) return true;
  const std::string key = message.substr(at + mark.size(), message.find(' ', at + mark.size()) - at - mark.size());
  const rt::Column& keys = db.customer_table().columns[db.key_field];
  for (uint32_t r : q.rows) {
    if (std::to_string(keys.Int(r)) == key) return true;
  }
  return false;
}

// Asks one JIT variant the case's questions (jit-search only those that read events:
// elsewhere its code is jit's) and compares; false on a difference.
bool Compare(Prepared& x, const Variant& v, backend::Backend& b, Totals& t, std::map<size_t, bool>& single) {
  const ir::Program& p = *x.fe.ir;
  std::vector<Question> questions;
  std::vector<size_t> index;
  for (size_t k = 0; k < x.questions.size(); ++k) {
    if (std::string_view(v.name) == "jit" || ReadsEvents(p, x.questions[k])) questions.push_back(x.questions[k]), index.push_back(k);
  }
  const std::vector<Answer> got = Ask(b, p, *x.db, x.context, questions);
  bool ok = true;
  for (size_t q = 0; q < questions.size(); ++q) {
    const size_t k = index[q];
    const Answer& expected = x.expected[k];
    bool messages = false;
    if (expected.error && got[q].error) {
      // One customer at a time through the JIT, which computes only the rows asked
      // (the interpreter computes their whole morsel).
      if (!single.count(k)) single[k] = FailingCustomers(b, p, *x.db, x.context, x.questions[k]) == 1;
      messages = single[k];
    }
    const std::string diff = Difference(expected, got[q], messages);
    if (diff.empty()) continue;
    // The interpreter computes whole morsels of customers for a few asked rows
    // (Interpreter::EvaluateRows), so it stops on an overflow of a customer nobody
    // asked about; the JIT computes the asked rows only. Known, reported, not failed.
    if (expected.error && !got[q].error && !x.questions[k].members && !Asked(*x.db, x.questions[k], expected.message)) {
      ++t.morsel_errors;
      continue;
    }
    ok = false;
    ++t.differences;
    if (t.reports++ >= kMaxReports) continue;
    x.report += fmt::format(
        "DIFFERENCE seed {} [{}] `{}`: {}\n  interp: {}\n  {}: {}\n{}(replay: differential_test --seed {} --programs 1)\n\n",
        x.c.seed, v.name, x.questions[k].text, diff, Describe(*x.db, x.questions[k], expected), v.name,
        Describe(*x.db, x.questions[k], got[q]), CaseText(x.c), x.c.seed);
  }
  return ok;
}

// Runs the cases `seeds` with one backend per JIT variant for all of them (as a
// REPL would keep one), adding to the totals. Each case's program and data are freed
// before the next is made, as a REPL frees a query's: the next is often allocated
// where they were (what a backend keeps must not be found by address; the unit test
// backend_reuse_test makes the node ids collide too, which random programs rarely do).
void RunBatch(const std::vector<uint64_t>& seeds, const fs::path& dir, Totals& shared, std::mutex& lock, bool verbose) {
  Totals t;
  std::vector<std::string> reports;
  std::vector<std::unique_ptr<backend::Backend>> backends;
  for (const Variant& v : kVariants) backends.push_back(v.make());
  for (uint64_t seed : seeds) {
    auto case_ = std::make_unique<Prepared>();
    Prepared& x = *case_;
    ++t.programs;
    if (!PrepareCase(seed, dir, x)) {
      ++t.failed;
      reports.push_back(std::move(x.report));
      continue;
    }
    t.questions += x.questions.size();
    for (const Answer& a : x.expected) t.errors += a.error;
    std::map<size_t, bool> single;  // question -> only one customer can fail
    bool ok = true;
    for (size_t k = 0; k < std::size(kVariants); ++k) ok &= Compare(x, kVariants[k], *backends[k], t, single);
    t.failed += !ok;
    if (verbose) x.report += fmt::format("seed {}: {} questions{}\n{}\n", seed, x.questions.size(), ok ? "" : " DIFFER", x.c.program);
    reports.push_back(std::move(x.report));
  }
  for (const auto& b : backends) CountReports(*b, t);
  backends.clear();
  std::lock_guard guard(lock);
  for (const std::string& report : reports) {
    if (!report.empty() && (shared.reports < kMaxReports || verbose)) fmt::print("{}", report), ++shared.reports;
  }
  shared.Add(t);
}

int Main(int argc, char** argv) {
  int programs = kDefaultPrograms;
  uint64_t seed = 1;
  bool verbose = false;
  if (const char* env = std::getenv("SAM_DIFFERENTIAL_PROGRAMS")) programs = std::atoi(env);
  for (int a = 1; a < argc; ++a) {
    const std::string flag = argv[a];
    if (flag == "--programs" && a + 1 < argc) {
      programs = std::atoi(argv[++a]);
    } else if (flag == "--seed" && a + 1 < argc) {
      seed = std::strtoull(argv[++a], nullptr, 10);
    } else if (flag == "--verbose") {
      verbose = true;
    } else {
      fmt::print(stderr, "usage: differential_test [--programs N] [--seed S] [--verbose]\n");
      return 2;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  // Batches of cases on two threads: the JIT's compilations are most of the time.
  constexpr int kBatch = 25, kThreads = 2;
  Totals t;
  std::mutex lock;
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kThreads; ++w) {
    workers.emplace_back([&] {
      testing::TempDir dir("sam-differential");
      for (int b; (b = next.fetch_add(kBatch)) < programs;) {
        std::vector<uint64_t> seeds;
        for (int k = b; k < std::min(programs, b + kBatch); ++k) seeds.push_back(seed + static_cast<uint64_t>(k));
        RunBatch(seeds, dir.path, t, lock, verbose);
      }
    });
  }
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("differential: {} programs from seed {}, {} questions ({} stopped with an error in the interpreter), "
             "{} differences, {} programs failed, {:.1f} s\n",
             t.programs, seed, t.questions, t.errors, t.differences, t.failed, seconds);
  if (t.morsel_errors != 0) {
    fmt::print("differential: {} answers for a few customers where only the interpreter stopped, on an error of a "
               "customer not asked about (it computes whole morsels; not counted as differences)\n",
               t.morsel_errors);
  }
  fmt::print("differential: LLVM compiled kernels for {:.1f} s\n", t.compile_ms / 1000);
  fmt::print("differential: the JIT compiled {} of {} expressions ({:.1f}%); not compiled:\n", t.compiled, t.asked,
             t.asked ? 100.0 * static_cast<double>(t.compiled) / static_cast<double>(t.asked) : 0.0);
  std::vector<std::pair<size_t, std::string>> reasons;
  for (const auto& [why, n] : t.reasons) reasons.push_back({n, why});
  std::sort(reasons.rbegin(), reasons.rend());
  for (const auto& [n, why] : reasons) fmt::print("  {:6} {}\n", n, why);
  return t.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace sam::differential

int main(int argc, char** argv) { return sam::differential::Main(argc, argv); }
