// The crash-safety test of `sam run` (docs/engine.md "Exactly once"): a catch-up run is
// killed with SIGKILL at random moments, again and again, and run again until it
// completes; the state must then equal that of an uninterrupted run, table by table,
// with no contact lost or doubled, and the plan files must be those of the
// uninterrupted run, byte for byte.
//
//   kill_run_test SAM ROOT [--kills N] [--seed S]
//
// Data: `sam gen` customers loaded with `sam load`; program examples/complete/program.sam.
// The reference: a run for 2026-11-01, then one for 2026-12-01 that catches up 30 dates.
// Each round repeats both commands on a fresh state, and kills attempt after attempt of
// each, every one after it has committed a random few of the dates still to plan and a
// random moment more (so that the kills spread over the start-up, every date's planning,
// its commit and the writing of its files, and the last date too); a third of the kills
// then wait for the state's WAL to be written, so that more land inside a commit or
// between a commit and its plan files. After each kill the state (a copy) must pass
// SQLite's integrity check. Rounds go on until at least N kills (100; 25 and 1,000
// customers under the sanitizers, where SAM_SANITIZED is set).
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "child.hpp"
#include "state_view.hpp"

namespace fs = std::filesystem;
using namespace sam::killtest;

namespace {

constexpr const char* kFirst = "2026-11-01";
constexpr const char* kLast = "2026-12-01";

int64_t Days(const char* iso) {
  int y = 0, m = 0, d = 0;
  std::sscanf(iso, "%d-%d-%d", &y, &m, &d);
  using namespace std::chrono;
  return sys_days(year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}).time_since_epoch().count();
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int failures = 0;
void Fail(const std::string& what) {
  std::fprintf(stderr, "FAIL: %s\n", what.c_str());
  ++failures;
}

struct Setup {
  std::string sam, program, db;
  fs::path work;

  std::vector<std::string> Run(const fs::path& dir, const char* date) const {
    return {sam,
            "run",
            program,
            "--db",
            db,
            "--state",
            (dir / "state.db").string(),
            "--date",
            date,
            "--out",
            (dir / "out").string(),
            "--quiet"};
  }
  // Runs a command to its end; a non-zero exit code is fatal (the test cannot go on).
  double Must(const std::vector<std::string>& argv) const {
    const Ended e = Wait(Spawn(argv, (work / "stdout").string(), (work / "stderr").string()));
    if (e.exit_code != 0) {
      std::fprintf(stderr, "FAIL: %s: exit code %d\n%s", CommandLine(argv).c_str(), e.exit_code,
                   Slurp(work / "stderr").c_str());
      std::exit(1);
    }
    return e.seconds;
  }
};

// YYYY-MM-DD of a date in days since 1970-01-01.
std::string Iso(int64_t date) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{date}}};
  char iso[16];
  std::snprintf(iso, sizeof iso, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return iso;
}

bool PlanFilesExist(const fs::path& out, int64_t date) {
  for (const char* f : {"plan-", "stops-"}) {
    for (const char* ext : {".csv", ".jsonl"}) {
      if (!fs::exists(out / (f + Iso(date) + ext))) return false;
    }
  }
  return true;
}

// Every table equal, row by row; the first difference of each table is shown.
void CompareStates(const StateDump& want, const StateDump& got, int round) {
  for (const auto& [table, rows] : want) {
    auto it = got.find(table);
    const std::vector<std::string> none;
    const std::vector<std::string>& have = it == got.end() ? none : it->second;
    if (have == rows) continue;
    size_t i = 0;
    while (i < rows.size() && i < have.size() && rows[i] == have[i]) ++i;
    Fail("round " + std::to_string(round) + ": table " + table + " differs from the uninterrupted run's (" +
         std::to_string(rows.size()) + " rows there, " + std::to_string(have.size()) + " here); first at row " +
         std::to_string(i) + ":\n  want " + (i < rows.size() ? rows[i].substr(0, 300) : "(none)") + "\n  got  " +
         (i < have.size() ? have[i].substr(0, 300) : "(none)"));
  }
  for (const auto& [table, rows] : got) {
    if (!want.count(table))
      Fail("round " + std::to_string(round) + ": a table the uninterrupted run does not have: " + table);
  }
}

// Contacts by (customer, campaign, instance, step, run date): how many of the
// uninterrupted run's are missing, and how many are there more often than there.
void CountContacts(const std::vector<std::string>& want, const std::vector<std::string>& got, size_t& lost,
                   size_t& doubled) {
  std::map<std::string, long> n;
  for (const auto& k : want) ++n[k];
  for (const auto& k : got) --n[k];
  for (const auto& [k, d] : n) {
    if (d > 0) lost += static_cast<size_t>(d);
    if (d < 0) doubled += static_cast<size_t>(-d);
  }
}

// The same file names in both folders, with the same bytes.
void CompareFiles(const fs::path& want, const fs::path& got, int round) {
  std::set<std::string> names;
  for (const fs::path& dir : {want, got}) {
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  }
  for (const std::string& name : names) {
    const std::string where = "round " + std::to_string(round) + ": plan file " + name;
    if (!fs::exists(want / name)) {
      Fail(where + ": not written by the uninterrupted run");
    } else if (!fs::exists(got / name)) {
      Fail(where + ": missing after the killed runs completed");
    } else if (Slurp(want / name) != Slurp(got / name)) {
      Fail(where + ": differs from the uninterrupted run's");
    }
  }
}

int Main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: kill_run_test SAM ROOT [--kills N] [--seed S]\n");
    return 2;
  }
  // Under the sanitizers sam runs several times slower: fewer kills and customers there.
  const bool sanitized = std::getenv("SAM_SANITIZED") != nullptr;
  int want_kills = sanitized ? 25 : 100;
  uint64_t seed = std::random_device{}();
  for (int i = 3; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--kills") want_kills = std::atoi(argv[i + 1]);
    if (std::string(argv[i]) == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  std::mt19937_64 rng(seed);
  const auto begun = std::chrono::steady_clock::now();

  Setup s;
  s.sam = fs::absolute(argv[1]).string();
  s.program = (fs::path(argv[2]) / "examples/complete/program.sam").string();
  std::string pattern = (fs::temp_directory_path() / "sam-kill-XXXXXX").string();  // $TMPDIR or /tmp
  if (!mkdtemp(pattern.data())) return 2;
  s.work = pattern;
  s.db = (s.work / "customers.samdb").string();
  s.Must({s.sam, "gen", "--customers", sanitized ? "1000" : "2000", "--seed", "7", "--out", (s.work / "csv").string()});
  s.Must({s.sam, "load", s.program, "--data", (s.work / "csv").string(), "--rejects", s.work.string(), "-o", s.db});

  // The reference, uninterrupted; its times size the kills' delays.
  const fs::path ref = s.work / "reference";
  fs::create_directories(ref);
  const double first_seconds = s.Must(s.Run(ref, kFirst));
  const double catch_up_seconds = s.Must(s.Run(ref, kLast));
  const double startup_seconds = s.Must(s.Run(ref, kLast));  // a replay: starting up, little more
  const int64_t first = Days(kFirst), last = Days(kLast);
  const double per_date = std::max(0.001, (catch_up_seconds - startup_seconds) / static_cast<double>(last - first));
  const StateDump want = DumpState((ref / "state.db").string());
  const std::vector<std::string> want_contacts = ContactKeys((ref / "state.db").string());

  int kills = 0, first_run = 0, mid_commit = 0, before_files = 0, wal_triggered = 0, attempts = 0, rounds = 0;
  std::set<int64_t> dates_reached;  // the last committed date after each kill
  size_t contacts = 0, lost = 0, doubled = 0;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  while (kills < want_kills) {
    const fs::path dir = s.work / ("round-" + std::to_string(++rounds));
    fs::create_directories(dir);
    const std::string state = (dir / "state.db").string();
    std::optional<int64_t> committed;
    for (const char* date : {kFirst, kLast}) {
      for (;;) {
        ++attempts;
        // Where this attempt is killed. Kills are placed by progress, not by time alone, so
        // that a machine busier or idler than when the reference was timed moves them
        // little: the attempt is let through 0 to 2 of the dates still to plan (waiting
        // for each one's plan files, written after its commit), then killed at a random
        // moment within about one date's time: in the start-up or the planning, in a
        // commit or between a commit and its files. So a round is killed again and again
        // as it progresses through every date. A run that makes no progress until it
        // ends (the first run: one date, the state created; a replay of the last date,
        // whose files may be missing) is spared half the time, or it could be killed
        // again and again on a machine slower than when it was timed; otherwise it is
        // killed at a random moment within its time.
        const int64_t done = committed.value_or(first);
        int64_t after = done;  // the date whose files the kill waits for (none when done)
        double window = 0;
        bool spare = false;
        if (date == kFirst) {
          window = first_seconds;
          spare = unit(rng) < 0.5;
        } else if (done == last) {
          window = startup_seconds;
          spare = unit(rng) < 0.5;
        } else {
          after = done + std::uniform_int_distribution<int64_t>(0, std::min<int64_t>(2, last - done))(rng);
          window = after == done ? startup_seconds + 1.2 * per_date : 1.2 * per_date;
        }
        const auto delay = std::chrono::microseconds(static_cast<int64_t>(unit(rng) * window * 1e6));
        const fs::path marker = dir / "out" / ("stops-" + Iso(after) + ".jsonl");  // a date's last file
        auto date_written = [&] { return fs::exists(marker); };
        const bool on_wal = unit(rng) < 1.0 / 3;
        std::optional<std::pair<off_t, int64_t>> base;
        auto wal_written = [&] {
          struct stat st;
          std::pair<off_t, int64_t> now{-1, 0};
          if (stat((state + "-wal").c_str(), &st) == 0)
            now = {st.st_size, st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec};
          if (!base) base = now;
          return now != *base;
        };
        const std::vector<std::string> args = s.Run(dir, date);
        const Child c = Spawn(args, (dir / "stdout").string(), (dir / "stderr").string());
        const Ended e = kills < want_kills && !spare
                            ? KillAfter(c, after > done ? std::function<bool()>(date_written) : nullptr, delay,
                                        on_wal ? std::function<bool()>(wal_written) : nullptr)
                            : Wait(c);
        if (!e.killed) {
          if (e.exit_code != 0) {
            Fail(CommandLine(args) + " after " + std::to_string(kills) + " kills: exit code " +
                 std::to_string(e.exit_code) + "\n" + Slurp(dir / "stderr"));
            return 1;
          }
          break;
        }
        ++kills;
        first_run += date == kFirst;
        wal_triggered += on_wal;
        if (ReadWal(state).uncommitted > 0) ++mid_commit;
        const Peek peek = PeekState(state, (s.work / "peek.db").string());
        if (peek.integrity != "ok") {
          Fail("after kill " + std::to_string(kills) + ": integrity check: " + peek.integrity);
        }
        committed = peek.last;
        if (committed) {
          dates_reached.insert(*committed);
          if (!PlanFilesExist(dir / "out", *committed)) ++before_files;
        }
      }
    }
    const StateDump got = DumpState(state);
    CompareStates(want, got, rounds);
    const std::vector<std::string> got_contacts = ContactKeys(state);
    contacts += got_contacts.size();
    CountContacts(want_contacts, got_contacts, lost, doubled);
    CompareFiles(ref / "out", dir / "out", rounds);
    if (failures) break;  // the first failing round's state is kept for a look
    fs::remove_all(dir);
  }
  if (lost || doubled) Fail(std::to_string(lost) + " contacts lost, " + std::to_string(doubled) + " doubled");

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
  std::printf(
      "kill_run: seed %llu, %d kills in %d attempts over %d rounds, %.1f s (an uninterrupted catch-up: %.2f s)\n",
      static_cast<unsigned long long>(seed), kills, attempts, rounds, seconds, catch_up_seconds);
  std::printf(
      "kill_run: kills in the first run %d, after the WAL was written %d, inside a commit (the WAL ending in "
      "uncommitted frames) %d, between a commit and its plan files %d; last committed dates seen %zu\n",
      first_run, wal_triggered, mid_commit, before_files, dates_reached.size());
  std::printf("kill_run: contacts compared %zu (%zu per round), lost %zu, doubled %zu\n", contacts,
              want_contacts.size(), lost, doubled);
  if (failures) {
    std::printf("kill_run: %d failures; the files are in %s\n", failures, s.work.c_str());
    return 1;
  }
  fs::remove_all(s.work);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FAIL: %s\n", e.what());
    return 1;
  }
}
