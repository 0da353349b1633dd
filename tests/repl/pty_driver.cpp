// Types into a program on a pseudo-terminal, as a person at a terminal would, and
// checks what it shows: the REPL's tests of line editing, completion, history and
// Ctrl-C (tests/repl/repl_test.sh).
//
//   pty_driver SCRIPT -- COMMAND [ARGS...]
//
// SCRIPT, one step a line (`#` starts a comment):
//   send TEXT      types TEXT; escapes \n \r \t \e \\ and \xHH (\x03 is Ctrl-C,
//                  \x04 Ctrl-D, \x12 Ctrl-R)
//   expect TEXT    waits up to 20 s for TEXT in what the program printed since the
//                  last `expect` matched (escape sequences and \r removed)
//   pause MS       waits MS milliseconds
//   exit CODE      waits up to 20 s for the program to end with exit code CODE
// Exits 0 when every step holds; else 1, naming the step and showing the screen's text.
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    if (c == 'n') out += '\n';
    else if (c == 'r') out += '\r';
    else if (c == 't') out += '\t';
    else if (c == 'e') out += '\x1b';
    else if (c == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else out += c;
  }
  return out;
}

// The text a terminal would show, roughly: escape sequences (CSI and two-byte ones)
// and carriage returns left out.
std::string Plain(const std::string& raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\x1b') {
      if (i + 1 < raw.size() && raw[i + 1] == '[') {
        i += 2;
        while (i < raw.size() && !(raw[i] >= 0x40 && raw[i] <= 0x7e)) ++i;
      } else {
        ++i;
      }
      continue;
    }
    if (raw[i] == '\r' || raw[i] == '\a') continue;
    out += raw[i];
  }
  return out;
}

struct Child {
  int fd = -1;
  pid_t pid = -1;
  std::string seen;  // since the last match
  int status = -1;   // once it has ended
};

// Reads what is there within `ms` milliseconds; false once the program has closed it.
bool Pump(Child& c, int ms) {
  pollfd p{c.fd, POLLIN, 0};
  if (poll(&p, 1, ms) <= 0) return true;
  char buf[4096];
  const ssize_t n = read(c.fd, buf, sizeof buf);
  if (n <= 0) return false;
  c.seen.append(buf, static_cast<size_t>(n));
  return true;
}

// Reads until the program has printed nothing for 150 ms (3 s at most): keys typed
// next reach it once it waits for them, with its terminal set up for editing, as a
// person's do. (A key typed while it still prints, before the line editor has the
// terminal, can be taken by the terminal's own line discipline: Ctrl-D as an end of
// file that never reaches the editor.)
void Settle(Child& c) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until) {
    const size_t before = c.seen.size();
    if (!Pump(c, 150) || c.seen.size() == before) return;
  }
}

bool Expect(Child& c, const std::string& text) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    const std::string plain = Plain(c.seen);
    if (const size_t at = plain.find(text); at != std::string::npos) {
      // Keep what came after the match for the next step: the raw text is cut at
      // the same place by matching the plain text's prefix length again.
      size_t raw = 0, kept = 0;
      const size_t want = at + text.size();
      while (raw < c.seen.size() && kept < want) {
        const std::string one = Plain(c.seen.substr(0, raw + 1));
        kept = one.size();
        ++raw;
      }
      c.seen.erase(0, raw);
      Settle(c);
      return true;
    }
    if (!Pump(c, 100)) break;
  }
  return Plain(c.seen).find(text) != std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  int dash = 1;
  while (dash < argc && std::strcmp(argv[dash], "--") != 0) ++dash;
  if (argc < 4 || dash != 2 || dash + 1 >= argc) {
    std::fprintf(stderr, "usage: pty_driver SCRIPT -- COMMAND [ARGS...]\n");
    return 2;
  }
  std::ifstream script(argv[1]);
  if (!script) {
    std::fprintf(stderr, "pty_driver: cannot read %s\n", argv[1]);
    return 2;
  }
  winsize size{40, 100, 0, 0};
  Child c;
  c.pid = forkpty(&c.fd, nullptr, nullptr, &size);
  if (c.pid < 0) {
    std::perror("pty_driver: forkpty");
    return 2;
  }
  if (c.pid == 0) {
    setenv("TERM", "xterm", 1);
    execvp(argv[dash + 1], argv + dash + 1);
    std::perror("pty_driver: exec");
    _exit(127);
  }
  std::string line;
  int number = 0;
  auto fail = [&](const std::string& why) {
    std::fprintf(stderr, "pty_driver: %s:%d: %s\n--- the program showed since the last match:\n%s\n---\n", argv[1],
                 number, why.c_str(), Plain(c.seen).c_str());
    kill(c.pid, SIGKILL);
    return 1;
  };
  while (std::getline(script, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    const std::string step = line.substr(0, space);
    const std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
    if (step == "send") {
      const std::string keys = Unescape(arg);
      for (char k : keys) {  // one key at a time, as typed
        if (write(c.fd, &k, 1) != 1) return fail("cannot type");
        Pump(c, 2);
      }
    } else if (step == "expect") {
      if (!Expect(c, Unescape(arg))) return fail("expected `" + arg + "`");
    } else if (step == "pause") {
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::stoi(arg));
      while (std::chrono::steady_clock::now() < until) Pump(c, 10);
    } else if (step == "exit") {
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      int status = 0;
      pid_t done = 0;
      while ((done = waitpid(c.pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < until) Pump(c, 50);
      if (done != c.pid) return fail("the program did not end");
      const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (code != std::stoi(arg)) return fail("exit code " + std::to_string(code) + ", expected " + arg);
      return 0;
    } else {
      return fail("unknown step `" + step + "`");
    }
  }
  kill(c.pid, SIGKILL);
  waitpid(c.pid, nullptr, 0);
  return 0;
}
