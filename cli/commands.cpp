#include "cli/commands.hpp"

namespace sam::cli {
namespace {
int exit_code = 0;
}

int ExitCode() { return exit_code; }
void SetExitCode(int code) { exit_code = code; }

void RegisterCommands(CLI::App& app) {
  RegisterCheck(app);
  RegisterCompile(app);
  RegisterDump(app);
  RegisterExplain(app);
  RegisterGen(app);
  RegisterLoad(app);
  RegisterMetrics(app);
  RegisterQuery(app);
  RegisterRepl(app);
  RegisterRun(app);
  RegisterTest(app);
  RegisterWhy(app);
}

}  // namespace sam::cli
