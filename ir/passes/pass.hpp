// IR passes: each a small class with a name and one Run. The pipeline that runs them
// is assembled in one place, Compile() in compiler/driver/frontend.cpp.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "ir/ir.hpp"

namespace sam::ir {

class Pass {
 public:
  virtual ~Pass() = default;
  virtual std::string_view name() const = 0;
  virtual void Run(Program& program, Diagnostics& diags) = 0;
};

// Replaces operations on constants by their value and simplifies `and`, `or`, `if`
// with a constant side. Reports constant overflow.
std::unique_ptr<Pass> MakeFoldConstants();
// Warns about conditions that are constant after folding: an audience, step or
// trigger condition that is always false, an exit or `unless` that is always true.
std::unique_ptr<Pass> MakeConstantConditionLint();
// Marks lets that no segment, trigger, campaign or policy rule reaches as unused.
std::unique_ptr<Pass> MakeMarkUnusedLets();

}  // namespace sam::ir
