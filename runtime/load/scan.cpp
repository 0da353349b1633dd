#include "runtime/load/scan.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace sam::rt::load {

void ReleasePages(const char* from, const char* to) {
  static const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t a = (reinterpret_cast<uintptr_t>(from) + page - 1) & ~(page - 1);
  const uintptr_t b = reinterpret_cast<uintptr_t>(to) & ~(page - 1);
  if (a >= b) return;
  // Advice only: when it fails the pages stay, which costs memory, not correctness.
  ::madvise(reinterpret_cast<void*>(a), b - a, MADV_DONTNEED);
}

const char* FindByte(const char* p, const char* end, char c, bool release, uint64_t* newlines) {
  for (;;) {
    const char* wend = static_cast<uint64_t>(end - p) > kScanWindow ? p + kScanWindow : end;
    const char* hit = static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(wend - p)));
    const char* stop = hit ? hit : wend;
    if (newlines) *newlines += static_cast<uint64_t>(std::count(p, stop, '\n'));
    if (hit) return hit;
    if (release) ReleasePages(p, wend);
    if (wend == end) return end;
    p = wend;
  }
}

}  // namespace sam::rt::load
