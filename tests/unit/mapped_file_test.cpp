// A mapped file cut short by another program while it is read: the process names the
// file and exits with code 2 instead of dying of SIGBUS without a word.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "runtime/data/mapped_file.hpp"

namespace sam {
namespace {

// Runs `body` in a child process; its exit status and what it wrote on stderr.
template <class Body>
std::pair<int, std::string> InChild(Body body) {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(out[1], STDERR_FILENO);
    ::close(out[0]);
    body();
    ::_exit(0);
  }
  ::close(out[1]);
  std::string text;
  char buf[512];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text};
}

TEST_CASE("mapped files: a file truncated while mapped is an error naming it, exit code 2") {
  const auto dir = std::filesystem::temp_directory_path() / ("sam_mapped_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "customers.csv").string();
  std::ofstream(path) << std::string(3 * 65536, 'x');
  auto [code, text] = InChild([&] {
    rt::MapFailure failure;
    auto m = rt::MappedFile::Open(path, rt::MappedFile::Access::kRandom, failure);
    if (!m) ::_exit(90);
    std::filesystem::resize_file(path, 0);
    volatile uint8_t byte = m->data()[2 * 65536 + 7];  // a page past the new end
    (void)byte;
    ::_exit(91);  // not reached: the read raises SIGBUS
  });
  CHECK(code == 2);
  CHECK(text.find("sam: error: `" + path + "` became shorter while it was read") == 0);
  // A file that keeps its size is read as usual.
  std::ofstream(path) << std::string(65536, 'y');
  auto [ok_code, ok_text] = InChild([&] {
    rt::MapFailure failure;
    auto m = rt::MappedFile::Open(path, rt::MappedFile::Access::kRandom, failure);
    if (!m || m->data()[100] != 'y') ::_exit(92);
  });
  CHECK(ok_code == 0);
  CHECK(ok_text.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sam
