#include "cli/commands.hpp"

namespace sam::cli {
namespace {
int exit_code = 0;
}

int ExitCode() { return exit_code; }
void SetExitCode(int code) { exit_code = code; }

CLI::Validator DateOption() {
  return CLI::Validator([](const std::string& s) { return s.empty() ? std::string("an empty date: give YYYY-MM-DD") : std::string(); },
                        "YYYY-MM-DD");
}

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
