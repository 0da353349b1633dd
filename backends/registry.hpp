// Every backend by name, for the commands' `--backend` and the tests that run each
// program on every backend.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"

namespace sam::backend {

// "auto" (the default: the interpreter, with the JIT taking over in the background
// once interpreting takes long enough), "interp" (the reference interpreter) and
// "jit" (LLVM, falling back to the interpreter for what it does not compile).
std::vector<std::string> BackendNames();
// Null for a name that is not in BackendNames().
std::unique_ptr<Backend> MakeBackend(std::string_view name);
// The same for a session whose every question is a program of its own (the REPL):
// `auto` compiles only for a question that is long by itself (tiered::Options).
std::unique_ptr<Backend> MakeSessionBackend(std::string_view name);

}  // namespace sam::backend
