// The IR's invariants, checked: what every backend may assume of an ir::Program.
// The compiler verifies every program it lowers (a failure is a compiler bug, never
// a user's error), and tests verify programs they build by hand.
#pragma once

#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace sam::ir {

// Every violation, as "node 12 (add): ..." lines; empty when the program is sound:
// operands exist and precede their users, each operation has its number of operands
// and operand types, table, field, let, aggregate and ranking references are in
// range, and lets, aggregates and queries refer to nodes that exist.
std::vector<std::string> Verify(const Program& program);

}  // namespace sam::ir
