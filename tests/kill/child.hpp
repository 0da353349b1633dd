// A child process for the kill test: started with fork/exec, its output in files, and
// either waited for or killed with SIGKILL (the test's own small copy: tests do not link
// bench/).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sam::killtest {

struct Child {
  pid_t pid = -1;
  std::chrono::steady_clock::time_point started;
};

struct Ended {
  bool killed = false;  // by our SIGKILL (the child had not exited on its own)
  int exit_code = -1;   // when it exited on its own
  double seconds = 0;   // from the spawn to the end
};

// argv[0] is a path. stdout and stderr go to the files named (truncated). Throws
// std::runtime_error when fork fails; an exec failure is exit code 127.
Child Spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err);

// Waits for the child to exit.
Ended Wait(const Child& c);

// Polls `ready` (when given) until it returns true, waits `delay` from then (from the
// start without `ready`), then polls `trigger` (when given) until it returns true, then
// sends SIGKILL. A child that exits first is reaped and reported as not killed.
Ended KillAfter(const Child& c, const std::function<bool()>& ready, std::chrono::microseconds delay,
                const std::function<bool()>& trigger);

// "'a' 'b c'": argv as a shell command line, for messages.
std::string CommandLine(const std::vector<std::string>& argv);

}  // namespace sam::killtest
