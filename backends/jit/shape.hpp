// A kernel's shape: everything of the program that decides the code Build makes for
// it, so that a kernel compiled for one program serves an equal expression of the
// next one over the same data (a repeated query, the REPL's next line), without
// lowering it again. The kernel embeds node ids only to name the node that overflowed;
// `order` maps them from one program to the other.
#pragma once

#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace sam::jit {

struct Shape {
  // The trees of the roots, each node once, numbered by first visit: its operation,
  // type, constant, a/b/c (a let, aggregate or ranking by its own number, with its
  // definition at first use) and its operands' numbers. Equal keys over one schema
  // make equal code.
  std::string key;
  std::vector<ir::NodeId> order;  // the node of each number
};

// The shape of the expression with roots `a` and `b` (either may be kNone).
Shape ShapeOf(const ir::Program& p, ir::NodeId a, ir::NodeId b);

}  // namespace sam::jit
