// `sam dump ast`: the declarations and expressions of a program as text, for
// debugging the front end. Not a stable format.
#pragma once

#include <string>

#include "compiler/ast/ast.hpp"

namespace sam::ast {

std::string Print(const Tree& tree, const SourceManager& sources);

}  // namespace sam::ast
