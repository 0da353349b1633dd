// What the REPL reads: whether the text typed so far is a whole statement (or more
// lines are to come), and the words a name typed so far may complete to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.hpp"

namespace sam::repl {

// Whether `text` can be run as it is: every bracket and block comment closed, and no
// syntax error at its very end (`a and`, `segment x =`, `count`, `show x limit`,
// `if a then b`: the parser wanted more). A text that is complete but wrong is run
// and gets its diagnostic: only unfinished text waits for another line. A string or
// quoted name cannot go on over lines: left open, the text is run (and its error
// reported).
bool Complete(std::string_view text);

// Whether a line is a dot command (`.mode csv`): a dot and a letter at its start.
bool IsCommand(std::string_view line);

// Whether a line starts a statement of its own, at the start of the line: a dot
// command, or `segment`, `let`, `campaign`, `trigger`, `count`, `show`, `why`,
// `today` and a space. Such a line ends an unfinished input (which is run as it is)
// instead of continuing it, so that one bracket left open does not swallow a script.
bool StartsStatement(std::string_view line);

// Whether a line continues the input before it, which was complete without it: it
// starts with an operator or a word that joins (`and`, `or`, `else`, `then`,
// `where`, `within`, `+`, `==`, `)` ...), as definitions pasted from a program do.
bool ContinuesInput(std::string_view line);

// Lines gathered into whole inputs (typed, piped or read from a file).
class Gatherer {
 public:
  struct Input {
    std::string text;
    int line = 1;          // of its first line
    bool command = false;  // a dot command (one line)
  };
  // Adds line number `number`; returns the inputs it completes, in order (none, one,
  // or an unfinished one that the line ended and the line's own).
  std::vector<Input> Add(std::string_view line, int number);
  // What is left at the end of the text, run as it is.
  std::optional<Input> Finish();
  bool pending() const { return !pending_.empty(); }
  void Drop() { pending_.clear(); }

 private:
  std::string pending_;
  int first_ = 1;
};

// The completions of the word that ends `line` (everything after the last character
// that cannot be in a name): fields of a table after `TABLE.`, else the program's
// segments, lets, tables, campaigns, built-ins and the language's words, in order,
// without duplicates. At the start of a line, also the REPL's dot commands.
std::vector<std::string> Completions(const ir::Program* program, std::string_view line);

}  // namespace sam::repl
