#include "cli/backend_option.hpp"

#include <fmt/format.h>

#include "backends/auto/tiered.hpp"
#include "backends/jit_module.hpp"
#include "backends/registry.hpp"

namespace sam::cli {

void AddBackendOption(CLI::App* cmd, std::string* name, std::string_view timer) {
  *name = "auto";
  cmd->add_option("--backend", *name,
                  fmt::format("What executes the program: `auto` (default: the interpreter, with compiled code taking "
                              "over once interpreting takes long enough), `interp` (the interpreter only) or `jit` "
                              "(compiled with LLVM first; what it does not compile yet runs in the interpreter, see {})",
                              timer))
      ->check(CLI::IsMember(backend::BackendNames()));
}

std::unique_ptr<backend::Backend> MakeNamedBackend(const std::string& name) {
  std::unique_ptr<backend::Backend> b = backend::MakeBackend(name);
  if (!b) throw std::logic_error("no backend named " + name);
  return b;
}

namespace {

void PrintJitReport(const backend::Backend& backend, const ir::Program& program) {
  const jit::Report report = jit::ReportOf(backend);
  const std::vector<jit::ExpressionReport>& reports = report.expressions;
  size_t compiled = 0, cached = 0, reused = 0;
  for (const auto& r : reports) {
    compiled += r.compiled;
    cached += r.cached;
    reused += r.reused;
  }
  std::vector<std::string> how;
  if (cached > 0) how.push_back(fmt::format("{} from the object cache", cached));
  if (reused > 0) how.push_back(fmt::format("{} equal to one compiled before", reused));
  fmt::print(stderr, "jit: {} of {} expressions compiled in {:.1f} ms{}\n", compiled, reports.size(), report.compile_ms,
             how.empty() ? "" : fmt::format(" ({})", fmt::join(how, ", ")));
  for (const auto& r : reports) {
    if (r.compiled) continue;
    std::string what;
    for (ir::NodeId id : {r.root, r.where}) {
      if (id != ir::kNone) what += (what.empty() ? "" : " where ") + ir::PrintExpr(program, id);
    }
    fmt::print(stderr, "  interpreted: {} (the JIT does not compile {} yet)\n", what, r.reason);
  }
}

}  // namespace

void PrintBackendReport(const backend::Backend& backend, const ir::Program& program) {
  if (backend.name() == "jit") return PrintJitReport(backend, program);
  if (backend.name() != "auto") return;
  const tiered::Report r = tiered::ReportOf(backend);
  fmt::print(stderr, "auto: {} answered by the interpreter, {} by compiled code, {} by both; {}\n", r.interpreted,
             r.compiled, r.switched,
             !r.started ? (r.interpreted + r.switched + r.compiled <= 1
                               ? "the JIT was not started (a command's first question is interpreted: its answer comes "
                                 "as soon as the interpreter's)"
                               : "the JIT was not started (interpreting was quick)")
                        : fmt::format("the JIT started {:.0f} ms after the first question", r.start_ms));
  if (!r.failure.empty()) fmt::print(stderr, "  the JIT could not be used: {}\n", r.failure);
  if (r.jit != nullptr) PrintJitReport(*r.jit, program);
}

}  // namespace sam::cli
