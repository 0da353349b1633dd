#include "runtime/data/huge_pages.hpp"

#include <sys/mman.h>

#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "base/sanitizers.hpp"


namespace sam::rt {

#if defined(SAM_ASAN)

// Under AddressSanitizer the blocks come from its allocator, which checks their bounds
// and their use after free (neither a mapping of their own nor a kept block would be).
void* AllocateHugeBlock(size_t bytes) { return ::operator new(bytes, std::align_val_t{kHugePage}); }
void FreeHugeBlock(void* p, size_t bytes) noexcept { ::operator delete(p, bytes, std::align_val_t{kHugePage}); }

#else

namespace {

// Freed blocks kept for reuse, at most this many bytes and blocks: enough for the
// vectors of a few queries at 10M customers, little next to the data they rank.
constexpr size_t kKeptBytes = size_t{512} << 20;
constexpr size_t kKeptBlocks = 32;

struct KeptBlocks {
  std::mutex mutex;
  std::vector<std::pair<void*, size_t>> blocks;  // address, bytes
  size_t bytes = 0;

  void* Take(size_t size) {
    std::lock_guard lock(mutex);
    for (size_t b = 0; b < blocks.size(); ++b) {
      if (blocks[b].second != size) continue;
      void* p = blocks[b].first;
      blocks[b] = blocks.back();
      blocks.pop_back();
      bytes -= size;
      return p;
    }
    return nullptr;
  }
  bool Keep(void* p, size_t size) {
    std::lock_guard lock(mutex);
    if (blocks.size() >= kKeptBlocks || bytes + size > kKeptBytes) return false;
    blocks.emplace_back(p, size);
    bytes += size;
    return true;
  }
};

// Never destroyed: vectors in static objects may free their blocks after it would be.
KeptBlocks& Kept() {
  static KeptBlocks* kept = new KeptBlocks;
  return *kept;
}

}  // namespace

void* AllocateHugeBlock(size_t bytes) {
  if (void* p = Kept().Take(bytes)) return p;
  // One huge page more than asked, then the unaligned ends unmapped: mmap aligns to
  // 4 KB only.
  void* raw = ::mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t begin = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t end = begin + bytes + kHugePage;
  if (aligned > begin) ::munmap(raw, aligned - begin);
  if (end > aligned + bytes) ::munmap(reinterpret_cast<void*>(aligned + bytes), end - (aligned + bytes));
  ::madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void FreeHugeBlock(void* p, size_t bytes) noexcept {
  if (!Kept().Keep(p, bytes)) ::munmap(p, bytes);
}

#endif

}  // namespace sam::rt
