#include "backends/registry.hpp"

#include "backends/auto/tiered.hpp"
#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"

namespace sam::backend {

namespace {

// The interpreter first; the JIT loaded and compiling in the background once
// interpreting takes long enough.
std::unique_ptr<Backend> MakeAuto(const tiered::Options& options) {
  return tiered::MakeBackend(interp::MakeBackend(), [] { return jit::MakeBackend(interp::MakeBackend()); }, options);
}

}  // namespace

std::vector<std::string> BackendNames() { return {"auto", "interp", "jit"}; }

std::unique_ptr<Backend> MakeBackend(std::string_view name) {
  if (name == "interp") return interp::MakeBackend();
  // The JIT answers with the interpreter what it does not compile.
  if (name == "jit") return jit::MakeBackend(interp::MakeBackend());
  if (name == "auto") return MakeAuto({});
  return nullptr;
}

std::unique_ptr<Backend> MakeSessionBackend(std::string_view name) {
  if (name != "auto") return MakeBackend(name);
  tiered::Options options;
  options.per_question = true;
  // A question compiles for itself alone, and its answer waits for the batch being
  // compiled: worth it only for a question of seconds.
  options.compile_after_ms = 2000;
  return MakeAuto(options);
}

}  // namespace sam::backend
