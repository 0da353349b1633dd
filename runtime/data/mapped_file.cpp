#include "runtime/data/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace sam::rt {
namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::shared_ptr<const MappedFile> MappedFile::Open(const std::string& path, Access access, MapFailure& failure) {
  auto fail = [&](MapFailure::Step step, int error) {
    failure = {step, error};
    return nullptr;
  };
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0) return fail(MapFailure::kOpen, errno);
  struct stat st;
  if (::fstat(f.fd, &st) != 0) return fail(MapFailure::kStat, errno);
  if (S_ISDIR(st.st_mode)) return fail(MapFailure::kDirectory, 0);
  if (!S_ISREG(st.st_mode)) return fail(MapFailure::kNotRegular, 0);
  std::shared_ptr<MappedFile> m(new MappedFile);
  m->size_ = static_cast<uint64_t>(st.st_size);
  m->stamp_ = {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), m->size_,
               st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec, st.st_ctim.tv_sec * 1'000'000'000LL + st.st_ctim.tv_nsec};
  // Never null: the parsers take [data(), data() + size()) as their input, empty or not.
  static const uint8_t kEmpty[1] = {0};
  m->data_ = kEmpty;
  if (m->size_ == 0) return m;
  void* p = ::mmap(nullptr, m->size_, PROT_READ, MAP_PRIVATE, f.fd, 0);
  if (p == MAP_FAILED) return fail(MapFailure::kMap, errno);
  if (access == Access::kSequential) {
    ::madvise(p, m->size_, MADV_SEQUENTIAL);
  } else {
    // 2 MB pages where the page cache has them (or reads them in so): one mapping a
    // 2 MB instead of 512, which a fresh process would otherwise pay for page by page.
    ::madvise(p, m->size_, MADV_HUGEPAGE);
  }
  m->map_ = p;
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
  if (map_) ::munmap(map_, size_);
}

}  // namespace sam::rt
