// A read-only, private mapping of a whole regular file: the loader's CSV and JSON-lines
// input, and opened snapshots, whose columns hold it through shared_ptr (Buffer::View)
// so that it lives as long as they do. The mapping is lazy: mapping costs the same for
// any size; the kernel pages the file in (and out) as it is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace sam::rt {

// Why a file could not be mapped. The data layer has no error type of its own: the
// loader and the snapshot reader word the message (and choose the exception) each.
struct MapFailure {
  enum Step { kOpen, kStat, kDirectory, kNotRegular, kMap };
  Step step = kOpen;
  int error = 0;  // errno, for kOpen, kStat and kMap
};

// Which file, in which state: any write to it changes the change time (ctime), which
// no user can set back, so an equal stamp means the same bytes as when it was taken.
struct FileStamp {
  uint64_t device = 0, inode = 0, size = 0;
  int64_t modified_ns = 0, changed_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

class MappedFile {
 public:
  enum class Access {
    kSequential,  // read once from front to back (MADV_SEQUENTIAL): the loader's input
    kRandom,      // read where needed, the kernel's default readahead: a snapshot
  };

  // The mapping of `path`, or null with `failure` set when `path` is missing,
  // unreadable, a directory or not a regular file. An empty file gives an empty
  // mapping whose data() is a readable zero byte, never null.
  static std::shared_ptr<const MappedFile> Open(const std::string& path, Access access, MapFailure& failure);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps the pages of [p, p + n) in one call rather than a page fault each, for data
  // about to be read in full (MADV_POPULATE_READ; nothing on kernels before 5.14).
  void Prefault(const void* p, size_t n) const;

  const uint8_t* data() const { return data_; }
  // The same bytes as text, for the parsers.
  const char* chars() const { return reinterpret_cast<const char*>(data_); }
  uint64_t size() const { return size_; }
  const FileStamp& stamp() const { return stamp_; }

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  FileStamp stamp_;
  void* map_ = nullptr;  // null for an empty file
};

}  // namespace sam::rt
