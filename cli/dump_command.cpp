#include <fmt/format.h>

#include "backends/jit_module.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
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

// `sam dump llvm`: the JIT's optimized LLVM IR of each segment (or the one named),
// compiled for the columns of the data given, or why it is not compiled.
void DumpLLVM(const std::string& file, const std::string& segment, const DataOptions& data) {
  Frontend fe;
  if (!CheckProgramForData(fe, file, /*warnings=*/true)) return;
  const ir::Program& program = *fe.ir;
  std::optional<rt::Database> db = OpenData(program, data);
  if (!db) return;
  db->RequireAll();
  bool found = false;
  try {
    for (const ir::Let& let : program.lets) {
      if (!let.segment || (!segment.empty() && let.name != segment)) continue;
      found = true;
      fmt::print("; segment {}\n{}", let.name, jit::DumpLLVM(program, *db, let.root));
    }
  } catch (const std::exception& e) {  // the JIT module cannot be loaded
    fmt::print(stderr, "sam: error: {}\n", e.what());
    SetExitCode(2);
    return;
  }
  if (!found) {
    fmt::print(stderr, "sam: error: no segment `{}` in {}\n", segment, file);
    SetExitCode(1);
    return;
  }
  SetExitCode(0);
}

}  // namespace

void RegisterDump(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto max_errors = std::make_shared<size_t>(kDefaultMaxErrors);
  auto segment = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("dump", "Print a stage of the compiler for a program: parse, ast, ir or llvm");
  cmd->add_option("what", *what, "parse | ast | ir | llvm (the JIT's code for the segments; needs data)")
      ->required()
      ->check(CLI::IsMember({"parse", "ast", "ir", "llvm"}));
  cmd->add_option("file", *file, "The .sam file")->required();
  cmd->add_option("--max-errors", *max_errors,
                  fmt::format("Show at most N errors (default {}; 0: all)", kDefaultMaxErrors))
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--segment", *segment, "llvm: only this segment");
  // llvm compiles for the data's columns (their stored widths): a snapshot or a folder.
  auto data = std::make_shared<DataOptions>();
  data->default_rejects_dir = "sam-rejects";
  cmd->add_option("--db", data->db, "llvm: the snapshot whose columns the code reads");
  cmd->add_option("--data", data->data_dir, "llvm: the folder of CSV files whose columns the code reads");
  cmd->callback([what, file, max_errors, segment, data] {
    if (*what == "llvm") {
      if (data->db.empty() == data->data_dir.empty()) {
        fmt::print(stderr, "sam: error: dump llvm needs the data its code reads: --db FILE or --data DIR\n");
        SetExitCode(2);
        return;
      }
      DumpLLVM(*file, *segment, *data);
      return;
    }
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
