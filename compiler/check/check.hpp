// compiler/check/: name resolution, type checking and the marketing rules.
// Entry point: Check(). Errors go to `diags`; the returned Program is complete
// enough to lower to IR when `ok` is true.
#pragma once

#include <vector>

#include "base/diagnostics.hpp"
#include "compiler/ast/ast.hpp"
#include "compiler/check/sema.hpp"

namespace sam {

// `roots` are the files the user named; lints (unused definitions) apply to them only.
sema::Program Check(const ast::Tree& tree, const SourceManager& sources, const std::vector<FileId>& roots,
                    Diagnostics& diags);

}  // namespace sam
