// The reference comparison (tests/README.md): random programs with random data, run by
// `sam run`'s engine over 30 days of run dates with gaps (catch-up) and by the naive
// reference planner day by day; plans and stops must be equal exactly. On the engine's
// output the properties of properties.hpp are checked, and the plan must be the same
// day by day as with catch-up, and with one thread as with two.
//
//   reference_test [--programs N] [--seed S] [--backend interp|jit]   (or SAM_REFERENCE_PROGRAMS=N)
//
// A failure prints the seed and the program; `--seed S --programs 1` replays it.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "engine/engine.hpp"
#include "runtime/load/load.hpp"
#include "tests/reference/properties.hpp"
#include "tests/reference/random_program.hpp"
#include "tests/reference/reference_planner.hpp"

namespace sam::reference {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

#ifdef SAM_SANITIZED
constexpr int kDefaultPrograms = 120;  // ASan+UBSan: about 10x slower
#else
constexpr int kDefaultPrograms = 1000;
#endif

std::string Micros(int64_t t) { return std::to_string(t); }

Lines EngineLines(const engine::DayPlan& plan) {
  Lines out;
  for (const auto& c : plan.contacts) {
    out.push_back(fmt::format("contact {} {} {} step {} {} at {}", c.customer, c.campaign_name, c.message, c.step,
                              c.channel, Micros(c.send_at)));
  }
  for (const auto& s : plan.stops) out.push_back(fmt::format("stop {} {} {} step {} {}", s.customer, s.campaign, s.message, s.step, s.rule));
  std::sort(out.begin(), out.end());
  return out;
}

Lines ReferenceLines(const DayOutcome& day) {
  Lines out;
  for (const auto& c : day.contacts) {
    out.push_back(fmt::format("contact {} {} {} step {} {} at {}", c.customer, c.campaign, c.message, c.step, c.channel,
                              Micros(c.send_at)));
  }
  for (const auto& s : day.stops) out.push_back(fmt::format("stop {} {} {} step {} {}", s.customer, s.campaign, s.message, s.step, s.rule));
  std::sort(out.begin(), out.end());
  return out;
}

struct Totals {
  int programs = 0, failed = 0;
  int64_t plan_days = 0, contacts = 0, stops = 0, customer_days = 0, property_contacts = 0;
  double engine_seconds = 0, reference_seconds = 0;
  int64_t jit_asked = 0, jit_compiled = 0;  // --backend jit: the JIT's share of the engine's expressions
  std::map<std::string, int64_t> rules;  // stops per rule: what the programs exercised
};

struct Case {
  RandomCase rc;
  Frontend fe;
  rt::Database db;
  // The engine's backend (--backend); the reference planner and the property checks
  // always use the interpreter, so that a JIT run is compared with it.
  std::unique_ptr<backend::Backend> backend;
  std::unique_ptr<backend::Backend> interp = backend::MakeBackend("interp");
  std::vector<std::string> failures;

  void Fail(std::string what) { failures.push_back(std::move(what)); }

  bool Load(const fs::path& dir) {
    CheckText(fe, "random.sam", rc.program);
    if (!fe.ir) {
      for (const auto& d : fe.diags.all()) Fail("does not check: " + d.message);
      return false;
    }
    fs::create_directories(dir);
    for (const auto& [name, text] : rc.files) std::ofstream(dir / name) << text;
    rt::LoadOptions options;
    options.data_dir = dir.string();
    options.rejects_dir = dir.string();
    options.threads = 1;
    rt::LoadReport report;
    db = rt::LoadDatabase(*fe.ir, options, report);
    for (const auto& t : report.tables) {
      if (t.rejected != 0) Fail(fmt::format("{} rows of {} rejected", t.rejected, t.table));
    }
    return failures.empty();
  }

  // The engine over `dates` (each run plans every date since the last), date by date.
  std::vector<Lines> RunEngine(const std::vector<int64_t>& dates, int threads, engine::state::Store& store) {
    std::vector<Lines> out;
    for (int64_t date : dates) {
      engine::RunOptions o;
      o.date = date;
      o.threads = threads;
      for (const engine::DayPlan& plan : engine::Run(*fe.ir, db, *backend, store, o)) out.push_back(EngineLines(plan));
    }
    return out;
  }

  std::vector<Lines> RunReference() {
    ReferencePlanner planner(*fe.ir, db, *interp);
    std::vector<Lines> out;
    for (int64_t date = rc.first; date <= rc.last; ++date) out.push_back(ReferenceLines(planner.Plan(date)));
    return out;
  }

  void Compare(const std::string& what, const std::vector<Lines>& a, const std::vector<Lines>& b) {
    if (a.size() != b.size()) return Fail(fmt::format("{}: {} dates against {}", what, a.size(), b.size()));
    for (size_t d = 0; d < a.size(); ++d) {
      if (a[d] == b[d]) continue;
      std::string diff = fmt::format("{}: day {} (date {}) differs:", what, d, rc.first + static_cast<int64_t>(d));
      for (const auto& l : a[d]) {
        if (std::find(b[d].begin(), b[d].end(), l) == b[d].end()) diff += "\n  only first:  " + l;
      }
      for (const auto& l : b[d]) {
        if (std::find(a[d].begin(), a[d].end(), l) == a[d].end()) diff += "\n  only second: " + l;
      }
      return Fail(diff);
    }
  }

  void Run(bool every_variant, Totals& totals) {
    engine::state::Store caught = engine::state::Store::InMemory();
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<Lines> engine = RunEngine(rc.run_dates, 2, caught);
    const auto t1 = std::chrono::steady_clock::now();
    const std::vector<Lines> reference = RunReference();
    totals.engine_seconds += std::chrono::duration<double>(t1 - t0).count();
    totals.reference_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    Compare("engine (catch-up, 2 threads) vs reference", engine, reference);
    std::vector<engine::state::Contact> contacts;
    for (int64_t date = rc.first; date <= rc.last; ++date) {
      for (auto& c : caught.ContactsOf(date)) contacts.push_back(std::move(c));
    }
    for (const std::string& bad : CheckProperties(*fe.ir, db, *interp, rc.last, contacts)) Fail("property: " + bad);
    for (const Lines& day : engine) {
      for (const auto& l : day) {
        (l.starts_with("contact") ? totals.contacts : totals.stops)++;
        if (l.starts_with("stop")) ++totals.rules[l.substr(l.rfind(' ') + 1)];
      }
    }
    totals.plan_days += static_cast<int64_t>(engine.size());
    totals.customer_days += static_cast<int64_t>(engine.size()) * rc.customers;
    totals.property_contacts += static_cast<int64_t>(contacts.size());
    if (!every_variant) return;
    std::vector<int64_t> every_day;
    for (int64_t d = rc.first; d <= rc.last; ++d) every_day.push_back(d);
    engine::state::Store one = engine::state::Store::InMemory(), two = engine::state::Store::InMemory();
    const std::vector<Lines> daily1 = RunEngine(every_day, 1, one);
    Compare("engine day by day 1 thread vs catch-up 2 threads", daily1, engine);
    Compare("engine day by day 1 thread vs 2 threads", daily1, RunEngine(every_day, 2, two));
  }
};

int Main(int argc, char** argv) {
  int programs = kDefaultPrograms;
  if (const char* env = std::getenv("SAM_REFERENCE_PROGRAMS")) programs = std::atoi(env);
  uint64_t seed = 1;
  std::string backend_name = "interp";
  for (int a = 1; a + 1 < argc; a += 2) {
    const std::string flag = argv[a];
    if (flag == "--programs") programs = std::atoi(argv[a + 1]);
    if (flag == "--seed") seed = std::strtoull(argv[a + 1], nullptr, 10);
    if (flag == "--backend") backend_name = argv[a + 1];
  }
  if (!backend::MakeBackend(backend_name)) {
    std::cerr << "reference_test: no backend " << backend_name << "\n";
    return 2;
  }
  const fs::path root = fs::temp_directory_path() / fmt::format("sam_reference_{}", ::getpid());
  const auto start = std::chrono::steady_clock::now();
  Totals totals;
  for (int k = 0; k < programs; ++k, ++seed) {
    Case c;
    c.backend = backend::MakeBackend(backend_name);
    c.rc = MakeCase(seed);
    const fs::path dir = root / std::to_string(seed);
    try {
      if (c.Load(dir)) c.Run(k % 5 == 0, totals);
    } catch (const std::exception& e) {
      c.Fail(std::string("exception: ") + e.what());
    }
    fs::remove_all(dir);
    for (const jit::ExpressionReport& r : jit::ReportOf(*c.backend).expressions) ++totals.jit_asked, totals.jit_compiled += r.compiled;
    ++totals.programs;
    if (c.failures.empty()) continue;
    ++totals.failed;
    std::cout << fmt::format("FAILED seed {} (replay: reference_test --seed {} --programs 1)\n", seed, seed);
    for (const auto& f : c.failures) std::cout << f << "\n";
    std::cout << "--- program\n" << c.rc.program << "---\n";
    if (totals.failed >= 5) break;
  }
  fs::remove_all(root);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format(
      "reference: {} programs ({} failed), {} run dates, {} contacts and {} stops compared; properties over {} "
      "customer-days and {} contacts; {:.1f} s (engine {:.1f} s, reference {:.1f} s)\n",
      totals.programs, totals.failed, totals.plan_days, totals.contacts, totals.stops, totals.customer_days,
      totals.property_contacts, seconds, totals.engine_seconds, totals.reference_seconds);
  for (const auto& [rule, n] : totals.rules) std::cout << fmt::format("  stopped by {}: {}\n", rule, n);
  if (totals.jit_asked > 0) {
    std::cout << fmt::format("  jit: compiled {} of the {} expressions the engine asked for\n", totals.jit_compiled,
                             totals.jit_asked);
  }
  return totals.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace sam::reference

int main(int argc, char** argv) { return sam::reference::Main(argc, argv); }
