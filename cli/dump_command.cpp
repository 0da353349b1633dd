#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "compiler/ast/print.hpp"
#include "compiler/driver/frontend.hpp"
#include "compiler/driver/load.hpp"

namespace sam::cli {
namespace {

void DumpParse(const grammar::ParseNode& n, int depth) {
  bool leaf = n.children.empty();
  fmt::print("{}{}", std::string(depth * 2, ' '), grammar::NodeKindName(n.kind));
  if (leaf) fmt::print(" `{}`", n.text);
  fmt::print("\n");
  for (const auto& c : n.children) DumpParse(*c, depth + 1);
}

}  // namespace

void RegisterDump(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto max_errors = std::make_shared<size_t>(kDefaultMaxErrors);
  auto* cmd = app.add_subcommand("dump", "Print a stage of the compiler for a program: parse, ast or ir");
  cmd->add_option("what", *what, "parse | ast | ir")->required()->check(CLI::IsMember({"parse", "ast", "ir"}));
  cmd->add_option("file", *file, "The .sam file")->required();
  cmd->add_option("--max-errors", *max_errors,
                  fmt::format("Show at most N errors (default {}; 0: all)", kDefaultMaxErrors))
      ->check(CLI::NonNegativeNumber);
  cmd->callback([what, file, max_errors] {
    Frontend fe;
    fe.diags.set_error_limit(*max_errors);
    if (*what == "parse") {
      std::string error;
      auto id = ReadSource(fe.sources, *file, &error);
      if (!id) {
        fmt::print(stderr, "sam: error: {}\n", error);
        SetExitCode(2);
        return;
      }
      if (ValidateText(fe.sources.Get(*id), *id, fe.diags)) {
        auto root = grammar::Parse(fe.sources.Get(*id), *id, grammar::Entry::Program, fe.diags);
        DumpParse(*root, 0);
      }
      SetExitCode(PrintDiagnostics(fe, {}));
      return;
    }
    if (*what == "ast") {
      LoadProgram(fe, {*file});
      int code = PrintDiagnostics(fe, {});
      if (code == 0) fmt::print("{}", ast::Print(fe.tree, fe.sources));
      SetExitCode(code);
      return;
    }
    CheckProgram(fe, {*file});
    int code = PrintDiagnostics(fe, {});
    if (fe.ir) fmt::print("{}", ir::Print(*fe.ir));
    SetExitCode(code);
  });
}

}  // namespace sam::cli
