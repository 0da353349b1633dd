// Parse tree -> AST. Decodes literals and reports what the grammar accepted but the
// language does not: reserved words as names, malformed literals, unknown text
// between declarations, clauses given twice.
#pragma once

#include "base/diagnostics.hpp"
#include "compiler/ast/ast.hpp"
#include "grammar/parse.hpp"

namespace sam::ast {

// Adds the declarations of one file to `tree`.
void BuildAst(const grammar::ParseNode& root, FileId file, Tree& tree, Diagnostics& diags);

}  // namespace sam::ast
