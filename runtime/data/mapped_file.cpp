#include "runtime/data/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

namespace sam::rt {
namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// A mapped file that another program truncates while it is read (an export rewriting
// a CSV, `cp` over a snapshot in use) raises SIGBUS on the first page past its new
// end, which would kill the process without a word. The live mappings are kept in
// fixed slots the signal handler can search without locks or allocation; it names the
// file and exits with code 2, as for a file that cannot be read.
struct LiveMapping {
  std::atomic<uintptr_t> begin{0};  // 0: a free slot
  uintptr_t end = 0;
  char path[480] = {};
};
constexpr size_t kSlots = 64;
LiveMapping live[kSlots];

void Say(const char* text) {
  for (size_t n = std::strlen(text); n > 0;) {
    const ssize_t w = ::write(STDERR_FILENO, text, n);
    if (w <= 0) return;
    text += w;
    n -= static_cast<size_t>(w);
  }
}

void OnBusError(int signal, siginfo_t* info, void*) {
  const auto at = reinterpret_cast<uintptr_t>(info->si_addr);
  for (LiveMapping& m : live) {
    const uintptr_t begin = m.begin.load(std::memory_order_acquire);
    if (begin <= 1 || at < begin || at >= m.end) continue;  // 1: being claimed
    Say("sam: error: `");
    Say(m.path);
    Say("` became shorter while it was read (another program truncated or rewrote it); run the command again "
        "once the file is complete\n");
    ::_exit(2);
  }
  // Not a mapped file's: what SIGBUS does by default.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void Track(const void* p, uint64_t size, const std::string& path) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction action {};
    action.sa_sigaction = OnBusError;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, nullptr);
  });
  for (LiveMapping& m : live) {
    uintptr_t expected = 0;
    // Claimed with a placeholder, filled in, then published with its address.
    if (!m.begin.compare_exchange_strong(expected, 1, std::memory_order_acquire)) continue;
    m.end = reinterpret_cast<uintptr_t>(p) + size;
    const size_t n = std::min(path.size(), sizeof m.path - 1);
    std::memcpy(m.path, path.data(), n);
    m.path[n] = '\0';
    m.begin.store(reinterpret_cast<uintptr_t>(p), std::memory_order_release);
    return;
  }
  // More files mapped at once than slots: this one is unnamed if it is cut short.
}

void Untrack(const void* p) {
  for (LiveMapping& m : live) {
    if (m.begin.load(std::memory_order_acquire) == reinterpret_cast<uintptr_t>(p)) {
      m.begin.store(0, std::memory_order_release);
      return;
    }
  }
}

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
  Track(p, m->size_, path);
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
  if (map_) {
    Untrack(map_);
    ::munmap(map_, size_);
  }
}

}  // namespace sam::rt
