// grammar/: source text -> parse tree (PEGTL). The only entry point is Parse().
// Syntax errors are reported to `diags`; parsing recovers at the next declaration,
// so the tree holds every declaration that parsed.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/source.hpp"

namespace sam::grammar {

enum class NodeKind : uint8_t {
  None,
#define SAM_NODE(k) k,
#include "grammar/node_kinds.def"
#undef SAM_NODE
};

std::string_view NodeKindName(NodeKind k);

// A node of the parse tree: its kind, its exact byte range in the file (leading
// trivia excluded), and its children in source order.
struct ParseNode {
  NodeKind kind = NodeKind::None;
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string_view text;  // the node's source text
  std::vector<std::unique_ptr<ParseNode>> children;
};

enum class Entry {
  Program,  // a .sam file
  Query,    // REPL / `sam query` input: declarations and query statements
};

// Expressions nest at most this deep; deeper input gets `nesting-too-deep`.
inline constexpr int kMaxNesting = 200;

std::unique_ptr<ParseNode> Parse(const SourceFile& file, FileId id, Entry entry, Diagnostics& diags);

// The words a user may not use as names (for docs and did-you-mean).
const std::vector<std::string_view>& ReservedWords();
const std::vector<std::string_view>& DeclarationWords();

}  // namespace sam::grammar
