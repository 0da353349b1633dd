#include "child.hpp"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace sam::killtest {

namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Ended FromStatus(int status, bool killed_by_us, const Child& c) {
  Ended e;
  e.seconds = Since(c.started);
  if (WIFEXITED(status)) {
    e.exit_code = WEXITSTATUS(status);
  } else {
    // A signal of its own (a crash) is not our kill: reported as exit code 128 + signal.
    e.killed = killed_by_us && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (!e.killed) e.exit_code = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  return e;
}

// The child's wait status, retried when a signal interrupts the wait.
int Reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  return status;
}

}  // namespace

Child Spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Child c;
  c.started = std::chrono::steady_clock::now();
  c.pid = fork();
  if (c.pid < 0) throw std::runtime_error("fork failed");
  if (c.pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || dup2(o, STDOUT_FILENO) < 0 || dup2(e, STDERR_FILENO) < 0) _exit(127);
    close(o);
    close(e);
    execv(args[0], args.data());
    _exit(127);
  }
  return c;
}

Ended Wait(const Child& c) { return FromStatus(Reap(c.pid), false, c); }

Ended KillAfter(const Child& c, const std::function<bool()>& ready, std::chrono::microseconds delay,
                const std::function<bool()>& trigger) {
  int status = 0;
  auto from = c.started;
  if (ready) {
    while (!ready()) {
      if (waitpid(c.pid, &status, WNOHANG) == c.pid) return FromStatus(status, false, c);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    from = std::chrono::steady_clock::now();
  }
  const auto deadline = from + delay;
  // Short sleeps rather than one: a child that finishes early is not waited for.
  for (;;) {
    if (waitpid(c.pid, &status, WNOHANG) == c.pid) return FromStatus(status, false, c);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::microseconds(500)));
  }
  // The trigger is polled without sleeping: it watches for a moment that lasts
  // microseconds (the state's WAL being written).
  if (trigger) {
    while (!trigger()) {
      if (waitpid(c.pid, &status, WNOHANG) == c.pid) return FromStatus(status, false, c);
    }
  }
  kill(c.pid, SIGKILL);
  status = Reap(c.pid);
  // The child may have exited on its own between the last poll and the kill: then its
  // status says so, and it counts as a complete run.
  return FromStatus(status, true, c);
}

std::string CommandLine(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "'" : " '") + a + "'";
  return out;
}

}  // namespace sam::killtest
