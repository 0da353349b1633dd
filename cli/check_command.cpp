#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "compiler/driver/frontend.hpp"

namespace sam::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string color = "auto";
  bool werror = false;
  bool summary = false;
  bool timer = false;
  size_t max_errors = kDefaultMaxErrors;
};

void PrintSummary(const Frontend& fe) {
  const ast::Tree& t = fe.tree;
  auto names = [](const auto& decls, auto pred) {
    std::string out;
    for (const auto& d : decls) {
      if (!pred(d)) continue;
      if (!out.empty()) out += ", ";
      out += std::string(d.name.text);
    }
    return out.empty() ? std::string("-") : out;
  };
  auto all = [](const auto&) { return true; };
  fmt::print("  tables:    {}\n", names(t.tables, all));
  fmt::print("  lets:      {}\n", names(t.lets, [](const ast::LetDecl& l) { return !l.segment; }));
  fmt::print("  segments:  {}\n", names(t.lets, [](const ast::LetDecl& l) { return l.segment; }));
  fmt::print("  triggers:  {}\n", names(t.triggers, all));
  fmt::print("  campaigns: {}\n", names(t.campaigns, all));
  size_t rules = 0;
  for (const auto& p : t.policies) {
    rules += p.caps.size() + p.quiet.size() + p.consents.size() + p.suppressions.size() + p.portfolios.size() +
             p.addresses.size() + p.allows.size() + p.suggestions.size() + p.rates.size() + p.histories.size() + (p.timezone != ast::kNoExpr);
  }
  fmt::print("  policy:    {} rules\n", rules);
  fmt::print("  tests:     {}\n", t.tests.size());
}

}  // namespace

void RegisterCheck(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Check programs: syntax, names, types and marketing rules");
  cmd->add_option("files", opts->files, "The .sam files to check (imports are followed)")->required();
  cmd->add_option("--format", opts->format, "Diagnostics as `text` (default) or `json` (one object per line)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", opts->color, "Colours: auto (default: on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("--werror", opts->werror, "Treat warnings as errors (exit code 1)");
  cmd->add_option("--max-errors", opts->max_errors,
                  fmt::format("Show at most N errors, then how many more there were (default {}; 0: all)",
                              kDefaultMaxErrors))
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--summary", opts->summary, "Also print what each program declares");
  cmd->add_flag("--timer", opts->timer, "Print the time each compiler stage took");
  cmd->callback([opts] {
    int worst = 0;
    for (const auto& file : opts->files) {
      Frontend fe;
      fe.diags.set_error_limit(opts->max_errors);
      CheckProgram(fe, {file});
      if (opts->summary) {
        fmt::print("{}\n", file);
        if (!fe.io_error) PrintSummary(fe);
      }
      int code = PrintDiagnostics(fe, {opts->format == "json" ? Format::Json : Format::Text, opts->color, opts->werror});
      if (opts->timer) {
        for (const auto& [stage, seconds] : fe.timings) fmt::print(stderr, "{:<16} {:8.1f} ms\n", stage, seconds * 1e3);
      }
      worst = std::max(worst, code);
    }
    SetExitCode(worst);
  });
}

}  // namespace sam::cli
