// `sam run --engine` against `sam run --data` on random campaign programs: the
// reference test's generator (tests/reference/random_program.hpp) gives a program,
// its data and a sequence of run dates with gaps; the data goes into a PostgreSQL
// server (tests/sql/with_postgres.sh starts one), and the `sam` binary plans every
// date twice, from the files and from the server, with states of their own. The plan
// and stop files must be the same bytes, and so must the summaries.
//
//   engine_run_test SAM [--programs N] [--seed S]
//
// A failure prints the seed and the first difference; `--seed S --programs 1`
// replays it. A program whose candidates SQL cannot find (unsupported-in-sql) is
// counted, never compared.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/sql/sql.hpp"
#include "compiler/driver/frontend.hpp"
#include "schema/value_text.hpp"
#include "tests/reference/random_program.hpp"
#include "tests/sql/postgres.hpp"

namespace {

using namespace sam;
namespace fs = std::filesystem;

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// Runs `command`, its output in `out`: the exit code.
int Shell(const std::string& command, const fs::path& out) {
  const int status = std::system((command + " > " + Quoted(out.string()) + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// The first file of `a` that `b` lacks or holds other bytes of, or "".
std::string FirstDifference(const fs::path& a, const fs::path& b) {
  for (const auto& entry : fs::directory_iterator(a)) {
    const fs::path other = b / entry.path().filename();
    if (!fs::exists(other)) return fmt::format("{} only from files", entry.path().filename().string());
    if (test::ReadFile(entry.path().string()) != test::ReadFile(other.string())) {
      return fmt::format("{} differs:\n--- files\n{}--- engine\n{}", entry.path().filename().string(),
                         test::ReadFile(entry.path().string()), test::ReadFile(other.string()));
    }
  }
  for (const auto& entry : fs::directory_iterator(b)) {
    if (!fs::exists(a / entry.path().filename())) return entry.path().filename().string() + " only from the engine";
  }
  return "";
}

struct Totals {
  int compared = 0, unsupported = 0, failed = 0, dates = 0;
};

// One random case: loaded into the server's `public` schema, planned both ways.
void RunCase(const std::string& sam, uint64_t seed, test::Postgres& pg, const fs::path& work, Totals& totals) {
  const reference::RandomCase c = reference::MakeCase(seed);
  const fs::path dir = work / fmt::format("case-{}", seed);
  fs::remove_all(dir);
  for (const char* sub : {"data", "files", "engine"}) fs::create_directories(dir / sub);
  std::ofstream(dir / "program.sam") << c.program;
  for (const auto& [name, text] : c.files) std::ofstream(dir / "data" / name, std::ios::binary) << text;
  Frontend fe;
  CheckText(fe, (dir / "program.sam").string(), c.program);
  if (fe.diags.has_errors() || !fe.ir)
    throw std::runtime_error(fmt::format("seed {}: the program does not check", seed));
  const ir::Program& p = *fe.ir;
  pg.Run("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  pg.Run(sql::CreateTables(p, *sql::FindDialect("postgres")) + test::RowOrderColumns(p));
  std::string row_order;
  for (const TableInfo& t : p.tables) {
    if (t.kind == TableKind::Events) row_order += fmt::format(" --row-order {}=sam_row", t.name);
    auto f = c.files.find(t.name + ".csv");
    if (f == c.files.end()) continue;
    pg.Run(fmt::format("SET TimeZone = '{}'", p.timezone));  // a time without an offset: the program's zone
    pg.Copy("\"" + t.name + "\"", test::EngineCsv(f->second, t));
  }
  const std::string url = fmt::format("host={} user={} dbname=postgres", std::getenv("PGHOST"), std::getenv("PGUSER"));
  const std::string program = Quoted((dir / "program.sam").string());
  for (int64_t date : c.run_dates) {
    const std::string d = FormatDate(date);
    const std::string common = fmt::format("{} run {} --date {} --quiet", sam, program, d);
    const int a = Shell(fmt::format("{} --data {} --state {} --out {}", common, Quoted((dir / "data").string()),
                                    Quoted((dir / "files.state").string()), Quoted((dir / "files").string())),
                        dir / fmt::format("files-{}.txt", d));
    const int b =
        Shell(fmt::format("{} --engine {} --state {} --out {}{}", common, Quoted(url),
                          Quoted((dir / "engine.state").string()), Quoted((dir / "engine").string()), row_order),
              dir / fmt::format("engine-{}.txt", d));
    const std::string said = test::ReadFile((dir / fmt::format("engine-{}.txt", d)).string());
    if (b == 1 && said.find("unsupported-in-sql") != std::string::npos) {
      ++totals.unsupported;
      return;
    }
    std::string problem;
    if (a != b) {
      problem = fmt::format("exit {} from files, {} from the engine:\n{}", a, b, said);
    } else if (std::string f = test::ReadFile((dir / fmt::format("files-{}.txt", d)).string()); f != said) {
      problem = fmt::format("the summaries differ:\n--- files\n{}--- engine\n{}", f, said);
    } else {
      problem = FirstDifference(dir / "files", dir / "engine");
    }
    if (!problem.empty()) {
      ++totals.failed;
      fmt::print("FAILED seed {} on {} (replay: engine_run_test SAM --seed {} --programs 1; files in {})\n{}\n", seed,
                 d, seed, dir.string(), problem);
      return;
    }
    ++totals.dates;
  }
  ++totals.compared;
  fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: engine_run_test SAM [--programs N] [--seed S]\n");
    return 2;
  }
  const std::string sam = argv[1];
  int programs = 30;
  uint64_t seed = 1;
  for (int a = 2; a + 1 < argc; a += 2) {
    const std::string flag = argv[a];
    if (flag == "--programs") programs = std::atoi(argv[a + 1]);
    if (flag == "--seed") seed = std::strtoull(argv[a + 1], nullptr, 10);
  }
  try {
    test::Postgres pg;
    const fs::path work = fs::temp_directory_path() / fmt::format("sam-engine-run-{}", getpid());
    Totals totals;
    for (int k = 0; k < programs; ++k) RunCase(sam, seed + static_cast<uint64_t>(k), pg, work, totals);
    if (totals.failed == 0) fs::remove_all(work);
    fmt::print("{} programs: {} compared over {} run dates, {} not expressible in SQL, {} failed\n", programs,
               totals.compared, totals.dates, totals.unsupported, totals.failed);
    // A test that compares nothing proves nothing.
    if (totals.compared < programs / 2) {
      fmt::print("FAILED: fewer than half the programs compared\n");
      return 1;
    }
    return totals.failed == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print("FAILED: {}\n", e.what());
    return 1;
  }
}
