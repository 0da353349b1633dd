// What the REPL reads: whether the text typed so far is a whole statement (or more
// lines are to come), and the words a name typed so far may complete to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.hpp"

namespace sam::repl {

// Whether `text` can be run as it is: every bracket closed, no string, quoted name or
// block comment open, and the last word not one that needs more after it (`and`,
// `where`, `=`, `,`, `if` ...). A text that is complete but wrong is run and gets its
// diagnostic: only unfinished text waits for another line.
bool Complete(std::string_view text);

// The completions of the word that ends `line` (everything after the last character
// that cannot be in a name): fields of a table after `TABLE.`, else the program's
// segments, lets, tables, campaigns, built-ins and the language's words, in order,
// without duplicates. At the start of a line, also the REPL's dot commands.
std::vector<std::string> Completions(const ir::Program* program, std::string_view line);

}  // namespace sam::repl
