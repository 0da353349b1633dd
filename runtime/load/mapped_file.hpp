// A whole input file, mapped read-only. Parsing reads the mapping directly, so fields
// are views into it and the kernel pages the file in (and out) as needed.
#pragma once

#include <cstdint>
#include <string>

namespace sam::rt::load {

class MappedFile {
 public:
  // Throws LoadError (exit 2) when the file cannot be read.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  const char* data_ = nullptr;
  uint64_t size_ = 0;
  void* map_ = nullptr;
};

}  // namespace sam::rt::load
