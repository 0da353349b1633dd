// The `sam` command line. Each subcommand is a function in a file of its own.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "base/suggest.hpp"
#include "cli/commands.hpp"
#include "cli/malloc_pages.hpp"
#include "runtime/load/load.hpp"
#include "schema/time_zone.hpp"

int main(int argc, char** argv) {
  sam::cli::MallocOnHugePages(argc, argv);
  // Loading and querying allocate and free large vectors all the time.
  sam::rt::KeepFreedMemory();
  CLI::App app{"SAM: rule-driven customer marketing, compiled.\n"};
  app.footer(
      "Examples:\n"
      "  sam check examples/complete/program.sam      check a program and its imports\n"
      "  sam check --format=json a.sam b.sam          diagnostics as JSON lines, for tools\n"
      "  sam dump ir program.sam                      the typed IR of a program\n"
      "  sam explain optional-value                   what a diagnostic means and how to fix it\n"
      "\nExit codes: 0 clean, 1 the program has errors (or warnings, with --werror),\n"
      "2 usage or I/O errors.\n"
      "Docs: docs/language.md (the language), docs/cli.md (the commands).");
  app.set_version_flag("--version", std::string("sam ") + SAM_VERSION);
  app.require_subcommand(1);
  sam::cli::RegisterCommands(app);
  // An unknown command gets a suggestion rather than CLI11's "subcommand required".
  std::vector<std::string_view> names;
  for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end()) {
    std::string hint;
    if (auto best = sam::ClosestMatch(argv[1], names)) hint = fmt::format("; did you mean `{}`?", *best);
    fmt::print(stderr, "sam: error: unknown command `{}`{}\nRun `sam --help` for the commands.\n", argv[1], hint);
    return 2;
  }
  // Every command that reads a program looks up its time zone.
  std::optional<sam::TimeZonePreload> time_zones;
  if (argc > 1 && std::string_view(argv[1]) != "explain" && std::string_view(argv[1]) != "gen") time_zones.emplace();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return sam::cli::ExitCode();
}
