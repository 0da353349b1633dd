#include "backends/registry.hpp"

#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"

namespace sam::backend {

std::vector<std::string> BackendNames() { return {"interp", "jit"}; }

std::unique_ptr<Backend> MakeBackend(std::string_view name) {
  if (name == "interp") return interp::MakeBackend();
  // The JIT answers with the interpreter what it does not compile.
  if (name == "jit") return jit::MakeBackend(interp::MakeBackend());
  return nullptr;
}

}  // namespace sam::backend
