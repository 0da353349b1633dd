// Runs a program as a child process and times it whole, start to exit: what a user
// waits for when a command runs (the fresh-process table, bench/fresh_process.cpp).
#pragma once

#include <string>
#include <vector>

namespace sam::bench {

struct ChildRun {
  double seconds = 0;  // from just before the spawn to waitpid's return
  int exit_code = -1;  // -1 when killed by a signal
  std::string out, err;
};

// argv[0] is looked up on PATH when it has no slash. Throws std::runtime_error when
// the process cannot be started.
ChildRun RunChild(const std::vector<std::string>& argv);

// "'a' 'b c'": argv as a shell command line, for error messages.
std::string CommandLine(const std::vector<std::string>& argv);

}  // namespace sam::bench
