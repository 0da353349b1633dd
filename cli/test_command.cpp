// `sam test FILE... [--format text|json] [--filter SUBSTRING]`: runs the test blocks of
// programs (docs/language.md §17) on the reference interpreter.
#include <fmt/format.h>

#include "backends/registry.hpp"
#include "cli/backend_option.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/test_output.hpp"
#include "compiler/driver/frontend.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "testing/coverage.hpp"
#include "testing/engine_planner.hpp"
#include "testing/run_tests.hpp"

namespace sam::cli {
namespace {

struct TestCommandOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string filter;
  std::string color = "auto";
  std::string backend;
};

// What running one file came to, for the exit code.
enum class FileOutcome { Ran, ProgramErrors, IoError, RuntimeError };

FileOutcome RunFile(const TestCommandOptions& o, const std::string& file, TestTotals& totals,
                    std::vector<FileResults>& all) {
  Frontend fe;
  fe.diags.set_error_limit(kDefaultMaxErrors);
  CheckProgram(fe, {file});
  const Format format = o.format == "json" ? Format::Json : Format::Text;
  if (fe.io_error || !fe.ir || fe.diags.has_errors()) {
    // Like `sam query`: the program's warnings are `sam check`'s business.
    fe.diags.DropWarnings();
    int code = PrintDiagnostics(fe, {format, o.color, false, true});
    return code == 2 ? FileOutcome::IoError : FileOutcome::ProgramErrors;
  }
  testing::RunOptions options;
  options.filter = o.filter;
  options.sources = &fe.sources;
  // `expect contact`: the campaign engine, day by day on a fresh state (docs/engine.md).
  std::unique_ptr<backend::Backend> engine_backend = MakeNamedBackend(o.backend);
  testing::EnginePlanner planner(*engine_backend, &fe.sources);
  options.planner = &planner;
  FileResults r;
  r.file = file;
  try {
    r.results = testing::RunTests(
        *fe.ir, [&o] { return MakeNamedBackend(o.backend); }, options);
  } catch (const rt::RuntimeError& e) {
    PrintRuntimeError(fe.sources, e);
    return FileOutcome::RuntimeError;
  } catch (const std::runtime_error& e) {  // the engine's (engine::EngineError, state::StateError)
    fmt::print(stderr, "sam: error: {}: {}\n", file, e.what());
    return FileOutcome::RuntimeError;
  }
  std::vector<const ir::Test*> ran;
  for (const auto& t : r.results) ran.push_back(t.test);
  r.coverage = testing::NotExercised(*fe.ir, ran, [&fe](Span s) { return std::string(fe.sources.Text(s)); });
  totals.Add(r.results);
  if (format == Format::Json) {
    PrintTestsJson(fe.sources, r);
  } else {
    PrintTestsText(fe.sources, r, {UseColor(o.color)});
  }
  // The coverage is printed with the file's results; JSON keeps it for the summary.
  r.results.clear();
  all.push_back(std::move(r));
  return FileOutcome::Ran;
}

}  // namespace

void RegisterTest(CLI::App& app) {
  auto opts = std::make_shared<TestCommandOptions>();
  auto* cmd = app.add_subcommand("test", "Run the test blocks of programs");
  cmd->add_option("files", opts->files, "The .sam files whose tests to run (imports are followed)")->required();
  cmd->add_option("--format", opts->format, "Results as `text` (default) or `json` (one object per line)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--filter", opts->filter, "Run only the tests whose name contains SUBSTRING");
  AddBackendOption(cmd, &opts->backend);
  cmd->add_option("--color", opts->color, "Colours: auto (default: on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->callback([opts] {
    TestTotals totals;
    std::vector<FileResults> files;
    bool errors = false, io_error = false;
    for (const auto& file : opts->files) {
      switch (RunFile(*opts, file, totals, files)) {
        case FileOutcome::Ran: break;
        case FileOutcome::ProgramErrors:
        case FileOutcome::RuntimeError: errors = true; break;
        case FileOutcome::IoError: io_error = true; break;
      }
    }
    if (opts->format == "json") {
      PrintTotalsJson(totals, files);
    } else {
      PrintTotalsText(totals);
    }
    // A failure is never hidden behind the 2 of an unread file or of expectations
    // that could not run.
    if (errors || totals.failed) SetExitCode(1);
    else if (io_error || totals.not_run) SetExitCode(2);
    else SetExitCode(0);
  });
}

}  // namespace sam::cli
