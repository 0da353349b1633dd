#include "repl/commands.hpp"

namespace sam::repl {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {".help", "", "this list"},
      {".mode", "table|csv|json|markdown|line", "how answers are printed (default: table)"},
      {".timer", "[on|off]", "after each question: check and run times, and which backend answered"},
      {".output", "[FILE]", "answers to FILE (replaced) until `.output` alone, back to the terminal"},
      {".read", "FILE", "run the statements and commands of FILE"},
      {".schema", "[TABLE|ENUM]", "the tables and their fields (enums with their values), or one table or enum"},
      {".segments", "", "the segments, each with the first line of its definition"},
      {".date", "[YYYY-MM-DD]", "show or change the run date (`today`)"},
      {".explain", "NAME", "a segment's or let's definition, its IR and what it uses"},
      {".save", "FILE", "the session's definitions as a .sam module that imports the program"},
      {".quit", "", "leave (Ctrl-D too)"},
  };
  return commands;
}

}  // namespace sam::repl
