// The `auto` backend: the interpreter answers at once while the JIT loads and
// compiles in the background, and compiled code takes over for the morsels not yet
// processed (adaptive execution, Kohn/Leis/Neumann ICDE 2018). The JIT is started only
// once interpreting has taken long enough for compiling to pay: a short query never
// waits for LLVM to load (about 55 ms), nor shares the processor with it.
//
// It combines two backends through the backend interface only: the interpreter and
// a compiling backend made on demand (backend::Prepared::Compiled, MembersCompiled).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>

#include "backends/backend.hpp"

namespace sam::tiered {

struct Options {
  // Interpreted time (ms: the questions answered so far, and the current one's
  // extrapolated from its first morsels) from which the JIT is started.
  double compile_after_ms = 500;
  // The same for the first question (ms extrapolated from its first morsels). By
  // default it never starts the JIT: the time to the first answer is the
  // interpreter's (measured at 10M: the JIT started during a 0.7 s first question
  // gained nothing, the interpreter holding both cores, and slowed the next ones).
  double first_after_ms = std::numeric_limits<double>::infinity();
  // Tests: the morsel of every Members question (0: the first) at which the
  // interpreter waits for the compiled code, so that both run in one question. -1:
  // never wait.
  int wait_at_morsel = -1;
  // The JIT loads and compiles at idle priority, on what the interpreter leaves of the
  // processor. Tests that wait for it beside other busy processes turn it off.
  bool idle_priority = true;
  // Each question comes in a program of its own (the REPL's inputs), so what is
  // compiled for one is never asked again: only a question whose own interpretation
  // is expected to take compile_after_ms starts the JIT (for the rest of its morsels),
  // whatever was interpreted before.
  bool per_question = false;
};

// What the backend did so far (`--timer`).
struct Report {
  uint64_t interpreted = 0;  // questions answered by the interpreter alone
  uint64_t compiled = 0;     // ... by compiled code alone
  uint64_t switched = 0;     // ... by both: compiled code took over part of the morsels
  bool started = false;      // the JIT was started
  double start_ms = 0;       // when, after the first question (ms)
  std::string failure;       // the JIT could not be loaded (answers stay interpreted)
  const backend::Backend* jit = nullptr;  // the JIT backend, once loaded
};

using MakeJit = std::function<std::unique_ptr<backend::Backend>()>;

// `interp` answers; `make_jit` makes the compiling backend (called once, on a
// background thread; it may throw std::exception, after which everything stays
// interpreted).
std::unique_ptr<backend::Backend> MakeBackend(std::unique_ptr<backend::Backend> interp, MakeJit make_jit,
                                              const Options& options = {});

// The report of a backend made by MakeBackend; empty for other backends.
Report ReportOf(const backend::Backend& backend);

}  // namespace sam::tiered
