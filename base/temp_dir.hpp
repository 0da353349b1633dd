// A folder of its own under the system's temporary folder ($TMPDIR, else /tmp),
// removed with everything in it when the object goes: files a command or a test
// writes only to read them back.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace sam {

struct TempDir {
  std::filesystem::path path;
  // `prefix`: the folder's name before its random part ("sam-engine"). Throws
  // std::runtime_error when the folder cannot be made.
  explicit TempDir(const std::string& prefix) {
    std::string t = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(t.data())) throw std::runtime_error("cannot create a temporary folder " + t);
    path = t;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace sam
