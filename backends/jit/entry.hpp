// The JIT module's entry points (libsam_jit.so, loaded by backends/jit_module.cpp
// when a command first uses the JIT): C symbols, looked up by name, so that the
// program itself never links LLVM.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "ir/ir.hpp"

namespace sam::jit {

// What a JIT backend did so far (`--timer`): per expression asked for, whether it
// was compiled (and in how long) or left to the fallback, and why.
struct ExpressionReport {
  ir::NodeId root = ir::kNone;  // the segment's root or the expression
  ir::NodeId where = ir::kNone;
  bool compiled = false;
  std::string reason;     // not compiled: the construct the JIT does not compile
  double compile_ms = 0;  // compiled: its lowering, optimization and code generation, on one thread
  bool cached = false;    // compiled: taken from the object cache instead
  bool reused = false;    // compiled: the kernel of an equal expression compiled before (none of the above)
};

struct Report {
  std::vector<ExpressionReport> expressions;
  // The wall time spent compiling: kernels asked for together are compiled on
  // several threads at once and linked together.
  double compile_ms = 0;
};

// How the JIT generates code; tests vary what data alone would not.
struct Options {
  // An aggregate scans a customer's events with each time tested against the window
  // when they are at most this many, and searches for the window otherwise (0: always
  // search; the tests run both ways).
  int64_t scan_events = 64;
};

// The entry points' signatures and names.
using MakeBackendFn = backend::Backend* (*)(backend::Backend* fallback, const Options* options);
using ReportFn = void (*)(const backend::Backend* jit, Report* out);
using DumpLLVMFn = void (*)(const ir::Program* program, const rt::Database* db, ir::NodeId root, std::string* out);
inline constexpr const char* kMakeBackend = "sam_jit_make_backend";
inline constexpr const char* kReport = "sam_jit_report";
inline constexpr const char* kDumpLLVM = "sam_jit_dump_llvm";

}  // namespace sam::jit

extern "C" {
// A JIT backend that answers what it does not compile with `fallback` (owned).
sam::backend::Backend* sam_jit_make_backend(sam::backend::Backend* fallback, const sam::jit::Options* options);
// The reports of a backend made by sam_jit_make_backend.
void sam_jit_report(const sam::backend::Backend* jit, sam::jit::Report* out);
// The optimized LLVM IR of `root`'s kernel, or why it is not compiled.
void sam_jit_dump_llvm(const sam::ir::Program* program, const sam::rt::Database* db, sam::ir::NodeId root,
                       std::string* out);
}
