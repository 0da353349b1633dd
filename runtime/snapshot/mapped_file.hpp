// A read-only, private mapping of a whole regular file. Columns of an opened
// snapshot hold it through shared_ptr (Buffer::View), so it lives as long as they do.
// The mapping is lazy: mapping costs the same for any size; pages are read when used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace sam::rt {

class MappedFile {
 public:
  // Throws SnapshotError (exit code 2) when `path` is missing, unreadable, a
  // directory or not a regular file. An empty file gives an empty mapping.
  static std::shared_ptr<const MappedFile> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps the pages of [p, p + n) in one call rather than a page fault each, for data
  // about to be read in full (MADV_POPULATE_READ; nothing on kernels before 5.14).
  void Prefault(const void* p, size_t n) const;

  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace sam::rt
