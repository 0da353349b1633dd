// The reference interpreter as a backend (backends/backend.hpp).
#pragma once

#include <memory>

#include "backends/backend.hpp"

namespace sam::interp {

// `direct` false: every aggregate through the general event scopes, never straight
// from the columns (the "interp-scopes" configuration the tests compare with).
std::unique_ptr<backend::Backend> MakeBackend(bool direct = true);

}  // namespace sam::interp
