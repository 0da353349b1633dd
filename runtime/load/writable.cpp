#include "runtime/load/writable.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sam::rt::load {

namespace {

namespace fs = std::filesystem;

// Creates and removes a file in the existing folder `dir`.
std::string TryCreate(const fs::path& dir) {
  const fs::path probe = dir / fmt::format(".sam-write-test.{}", ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST) return std::strerror(errno);
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
  return "";
}

}  // namespace

std::string FolderProblem(const std::string& dir, bool create_missing) {
  fs::path p = dir.empty() ? fs::path(".") : fs::path(dir);
  std::error_code ec;
  if (!fs::exists(p, ec)) {
    if (!create_missing) return fmt::format("the folder {} does not exist", p.string());
    // The nearest existing parent is where the folders would be created.
    fs::path parent = fs::absolute(p, ec);
    while (!parent.empty() && parent != parent.root_path() && !fs::exists(parent, ec)) parent = parent.parent_path();
    p = parent.empty() ? fs::path("/") : parent;
  }
  if (!fs::is_directory(p, ec)) return fmt::format("{} is not a folder", p.string());
  std::string error = TryCreate(p);
  return error.empty() ? "" : fmt::format("cannot create files in {}: {}", p.string(), error);
}

std::string FileProblem(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "it is a folder; give the path of a file";
  fs::path parent = fs::path(path).parent_path();
  return FolderProblem(parent.empty() ? "." : parent.string(), false);
}

}  // namespace sam::rt::load
