#include "runtime/snapshot/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "runtime/snapshot/snapshot.hpp"

namespace sam::rt {
namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw SnapshotError(fmt::format("{}: {}", path, what), 2);
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::shared_ptr<const MappedFile> MappedFile::Open(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0) Fail(path, fmt::format("cannot open snapshot: {}", std::strerror(errno)));
  struct stat st;
  if (::fstat(f.fd, &st) != 0) Fail(path, fmt::format("cannot read snapshot: {}", std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) Fail(path, "is a directory, not a snapshot file");
  if (!S_ISREG(st.st_mode)) Fail(path, "is not a regular file, so not a snapshot");
  std::shared_ptr<MappedFile> m(new MappedFile);
  m->size_ = static_cast<uint64_t>(st.st_size);
  if (m->size_ == 0) return m;
  void* p = ::mmap(nullptr, m->size_, PROT_READ, MAP_PRIVATE, f.fd, 0);
  if (p == MAP_FAILED) Fail(path, fmt::format("cannot map snapshot: {}", std::strerror(errno)));
  m->data_ = static_cast<const uint8_t*>(p);
  return m;
}

void MappedFile::Prefault(const void* p, size_t n) const {
#ifdef MADV_POPULATE_READ
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t begin = reinterpret_cast<uintptr_t>(p) & ~(page - 1);
  uintptr_t end = reinterpret_cast<uintptr_t>(p) + n;
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_READ);
#else
  (void)p;
  (void)n;
#endif
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

}  // namespace sam::rt
