// The REPL's dot commands: their names, arguments and help, in the order `.help`
// lists them (session_commands.cpp runs them).
#pragma once

#include <string_view>
#include <vector>

namespace sam::repl {

struct Command {
  std::string_view name;  // with its dot: ".mode"
  std::string_view args;  // "table|csv|json|markdown|line"
  std::string_view help;
};

const std::vector<Command>& Commands();

}  // namespace sam::repl
