// Lowering: a checked program's AST and the checker's findings -> the typed IR. The
// only code that sees the AST and the IR together.
#pragma once

#include "compiler/ast/ast.hpp"
#include "compiler/check/sema.hpp"
#include "ir/ir.hpp"

namespace sam {

// Lowers a checked program (sema.ok must be true).
ir::Program Lower(const ast::Tree& tree, const sema::Program& sema);

}  // namespace sam
