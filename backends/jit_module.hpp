// The JIT backend as the program sees it: LLVM lives in a module of its own
// (libsam_jit.so, backends/jit/), loaded on first use, so that a process that does
// not use the JIT never pays for loading LLVM.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/jit/entry.hpp"

namespace sam::jit {

// A JIT backend that answers what it does not compile with `fallback`. Throws
// std::runtime_error when the module cannot be loaded (it names where it looked).
std::unique_ptr<backend::Backend> MakeBackend(std::unique_ptr<backend::Backend> fallback, const Options& options = {});

// What a JIT backend compiled and left to its fallback; empty for other backends.
Report ReportOf(const backend::Backend& backend);

// The optimized LLVM IR of the expression `root` (`sam dump llvm`), or why it is not
// compiled.
std::string DumpLLVM(const ir::Program& program, const rt::Database& db, ir::NodeId root);

}  // namespace sam::jit
