#pragma once

#include <CLI/CLI.hpp>

namespace sam::cli {

// Adds every subcommand to `app`; the chosen one runs from its callback and stores
// its exit code.
void RegisterCommands(CLI::App& app);
int ExitCode();
void SetExitCode(int code);
// For `--date` and `--today`: an empty value (an unset shell variable) is a usage
// error, not "today".
CLI::Validator DateOption();

void RegisterCheck(CLI::App& app);
void RegisterCompile(CLI::App& app);
void RegisterDump(CLI::App& app);
void RegisterExplain(CLI::App& app);
void RegisterGen(CLI::App& app);
void RegisterLoad(CLI::App& app);
void RegisterQuery(CLI::App& app);
void RegisterRepl(CLI::App& app);
void RegisterRun(CLI::App& app);
void RegisterWhy(CLI::App& app);
void RegisterMetrics(CLI::App& app);
void RegisterTest(CLI::App& app);

}  // namespace sam::cli
