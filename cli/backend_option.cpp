#include "cli/backend_option.hpp"

#include <fmt/format.h>

#include "backends/jit_module.hpp"
#include "backends/registry.hpp"

namespace sam::cli {

void AddBackendOption(CLI::App* cmd, std::string* name) {
  *name = "interp";
  cmd->add_option("--backend", *name,
                  "What executes the program: `interp` (the interpreter, default) or `jit` (compiled with LLVM; "
                  "what it does not compile yet runs in the interpreter, see --timer)")
      ->check(CLI::IsMember(backend::BackendNames()));
}

std::unique_ptr<backend::Backend> MakeNamedBackend(const std::string& name) {
  std::unique_ptr<backend::Backend> b = backend::MakeBackend(name);
  if (!b) throw std::logic_error("no backend named " + name);
  return b;
}

void PrintBackendReport(const backend::Backend& backend, const ir::Program& program) {
  if (backend.name() != "jit") return;
  const jit::Report report = jit::ReportOf(backend);
  const std::vector<jit::ExpressionReport>& reports = report.expressions;
  size_t compiled = 0, cached = 0;
  for (const auto& r : reports) {
    compiled += r.compiled;
    cached += r.cached;
  }
  fmt::print(stderr, "jit: {} of {} expressions compiled in {:.1f} ms{}\n", compiled, reports.size(), report.compile_ms,
             cached > 0 ? fmt::format(" ({} from the object cache)", cached) : "");
  for (const auto& r : reports) {
    if (r.compiled) continue;
    std::string what;
    for (ir::NodeId id : {r.root, r.where}) {
      if (id != ir::kNone) what += (what.empty() ? "" : " where ") + ir::PrintExpr(program, id);
    }
    fmt::print(stderr, "  interpreted: {} (the JIT does not compile {} yet)\n", what, r.reason);
  }
}

}  // namespace sam::cli
