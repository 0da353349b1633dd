#include "backends/registry.hpp"

#include "backends/interp/backend.hpp"

namespace sam::backend {

std::vector<std::string> BackendNames() { return {"interp"}; }

std::unique_ptr<Backend> MakeBackend(std::string_view name) {
  if (name == "interp") return interp::MakeBackend();
  return nullptr;
}

}  // namespace sam::backend
