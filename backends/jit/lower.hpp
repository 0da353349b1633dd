// Lowering: the typed IR to LLVM IR, one fused loop per kernel (kernel.hpp). Each
// customer's value is computed by straight-line code over its columns; an aggregate
// is a loop over the customer's events in its window (CSR range), whose ends are
// found stepping back from the customer's latest events or, with many, by search; an
// aggregate in another's `where` is a loop inside the enclosing event's, with its
// window found again for each enclosing event. Every operand is computed for every customer, as the language's
// runtime-error rule asks.
//
// Strings are never made: a column's or constant's string is compared or measured
// where it is stored, with `lower`, `upper` and `trim` applied as it is read
// (lower_strings.cpp). What is not compiled yet (other computed strings: `if`, `??`,
// first/last of strings, lookups; `bucket`, rankings, the engine's trigger and entry
// values, count(distinct) of floats or plain strings, event-level arithmetic that can
// overflow) is reported by Support::Why, and the backend leaves that expression to
// its fallback.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "backends/jit/entry.hpp"
#include "backends/jit/kernel.hpp"
#include "backends/jit/orc.hpp"
#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::jit {

// What the JIT compiles of a program over a database (supported.cpp). One checker
// serves every expression of a batch: what it learns of the program (which nodes can
// overflow) is computed once.
class Support {
 public:
  Support(const ir::Program& program, const rt::Database& db);
  ~Support();
  // Why `root` cannot be compiled: the first construct found that the JIT does not
  // compile, as "`op` ..." text; empty when it can.
  std::string Why(ir::NodeId root);
  // Per node: whether its own operation may overflow for some customer, on the data's
  // stored ranges (ir::CanFail); a node that cannot needs no check in the kernel.
  const std::vector<bool>& NeedsCheck();

 private:
  class Check;
  std::unique_ptr<Check> check_;
  bool customers_;
};

// A kernel lowered and built (Orc::Build) but not linked yet: Link sets kernel.fn.
struct Built {
  Kernel kernel;
  Orc::Object object;
};

// Lowers and builds a kernel whose roots Support::Why accepted. Members: `a` (a
// segment's root, or kNone) and `b` (a condition, or kNone); Values: `a`. Safe to
// call from several threads at once. `needs_check`: Support::NeedsCheck of the program.
Built Build(Orc& orc, const Options& options, const ir::Program& program, const rt::Database& db, KernelMode mode,
            ir::NodeId a, ir::NodeId b, const std::vector<bool>& needs_check);
// Links kernels built, in one link.
void Link(Orc& orc, std::span<Built> built);

}  // namespace sam::jit
