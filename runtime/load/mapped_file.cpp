#include "runtime/load/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/load/load.hpp"

namespace sam::rt::load {

MappedFile::MappedFile(const std::string& path) {
  auto fail = [&](const char* what) { throw LoadError(path + ": " + what + ": " + std::strerror(errno), 2); };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("cannot open");
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    fail("cannot read");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw LoadError(path + ": not a regular file", 2);
  }
  size_ = static_cast<uint64_t>(st.st_size);
  static const char kEmpty[1] = {0};
  data_ = kEmpty;
  if (size_ > 0) {
    map_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map_ == MAP_FAILED) {
      int e = errno;
      map_ = nullptr;
      ::close(fd);
      errno = e;
      fail("cannot map");
    }
    ::madvise(map_, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(map_);
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (map_) ::munmap(map_, size_);
}

}  // namespace sam::rt::load
