// `sam load PROGRAM --data DIR -o FILE`: load once, write a snapshot that later
// commands open in milliseconds with `--db FILE`. `sam load PROGRAM --check FILE`
// verifies a snapshot against the program, every checksum included.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "runtime/load/writable.hpp"
#include "runtime/snapshot/snapshot.hpp"

namespace sam::cli {
namespace {

struct LoadCommandOptions {
  std::string program;
  std::string out;
  std::string check;
};

void PrintReport(const rt::LoadReport& report) {
  fmt::print("{:<24} {:>12} {:>12} {:>10}\n", "table", "read", "accepted", "rejected");
  uint64_t read = 0, accepted = 0, rejected = 0;
  for (const auto& t : report.tables) {
    fmt::print("{:<24} {:>12} {:>12} {:>10}{}\n", t.table, t.read, t.accepted, t.rejected,
               t.rejects_path.empty() ? "" : "  (see " + t.rejects_path + ")");
    read += t.read;
    accepted += t.accepted;
    rejected += t.rejected;
  }
  fmt::print("{:<24} {:>12} {:>12} {:>10}\n", "total", read, accepted, rejected);
}

int Write(const ir::Program& program, const DataOptions& data, const std::string& out) {
  // Before any data is read: a path that cannot be written would waste the load.
  if (std::string problem = rt::load::FileProblem(out); !problem.empty()) {
    fmt::print(stderr, "sam: error: {}: cannot write the snapshot: {}\n", out, problem);
    return 2;
  }
  rt::LoadReport report;
  std::optional<rt::Database> db = OpenData(program, data, &report);
  if (!db) return ExitCode();
  PrintReport(report);
  auto start = std::chrono::steady_clock::now();
  try {
    rt::WriteSnapshot(*db, out);
  } catch (const rt::SnapshotError& e) {
    fmt::print(stderr, "sam: error: {}\n", e.what());
    return e.exit_code;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(out, ec);
  fmt::print("wrote {}: {} bytes ({}) in {:.2f} s; loading took {:.2f} s\n", out, size, HumanBytes(size), seconds,
             report.seconds);
  return 0;
}

int Check(const ir::Program& program, const std::string& path) {
  auto start = std::chrono::steady_clock::now();
  try {
    rt::Database db = rt::OpenSnapshot(program, path, rt::SnapshotVerify::All);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("{}: ok, every checksum verified in {:.2f} s\n", path, seconds);
    fmt::print("loaded {} from {}; schema fingerprint {}\n", UtcTime(db.loaded_at), db.source, db.fingerprint);
    for (const auto& t : db.tables) fmt::print("{:<24} {:>12} rows\n", t.name, t.rows);
    return 0;
  } catch (const rt::SnapshotError& e) {
    fmt::print(stderr, "sam: error: {}\n", e.what());
    return e.exit_code;
  }
}

}  // namespace

void RegisterLoad(CLI::App& app) {
  auto opts = std::make_shared<LoadCommandOptions>();
  auto* cmd = app.add_subcommand("load", "Load a program's data files and write them as a snapshot (--db FILE)");
  cmd->add_option("program", opts->program, "The .sam program whose schema describes the data")->required();
  auto data = AddDataOptions(cmd, false);
  auto* out = cmd->add_option("-o,--out", opts->out, "The snapshot file to write (replaced atomically)");
  auto* check = cmd->add_option("--check", opts->check, "Verify this snapshot (every checksum) instead of loading");
  out->excludes(check);
  cmd->callback([opts, data] {
    if (opts->out.empty() && opts->check.empty()) {
      fmt::print(stderr, "sam: error: sam load: give -o FILE for the snapshot to write (or --check FILE)\n");
      SetExitCode(2);
      return;
    }
    if (!opts->check.empty() && (!data->data_dir.empty() || !data->tables.empty())) {
      fmt::print(stderr, "sam: error: sam load: --check reads a snapshot; it takes no --data or --table\n");
      SetExitCode(2);
      return;
    }
    // Rejected rows go beside the snapshot unless --rejects says otherwise.
    if (!opts->out.empty()) data->default_rejects_dir = std::filesystem::path(opts->out).parent_path().string();
    Frontend fe;
    if (!CheckProgramForData(fe, opts->program)) return;
    SetExitCode(opts->check.empty() ? Write(*fe.ir, *data, opts->out) : Check(*fe.ir, opts->check));
  });
}

}  // namespace sam::cli
