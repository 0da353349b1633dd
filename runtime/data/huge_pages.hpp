// Vectors whose memory is in transparent huge pages where the kernel has them (it
// does for memory that asks, with madvise, on the usual `madvise` THP setting).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace sam::rt {

// Room for `n` values in transparent huge pages where the kernel has them: a load
// writes GBs of fresh memory, faults it in and reads it back in random order (the
// CSR sort), and 4 KB pages cost a fifth of the CPU time in faults and TLB misses.
template <class T, class A>
inline void ReserveHuge(std::vector<T, A>& v, size_t n) {
  v.reserve(n);
  constexpr uintptr_t kHuge = 2 << 20;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(v.data()) + v.capacity() * sizeof(T)) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// An allocator that leaves new elements of a vector of scalars uninitialized: the
// loader writes its output columns in full right after making them, and zeroing them
// first would be one more pass over gigabytes.
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
};
template <class T>
using RawVector = std::vector<T, UninitAllocator<T>>;

// n values, uninitialized, in huge pages where the kernel has them.
template <class T>
inline RawVector<T> HugeVector(size_t n) {
  RawVector<T> v;
  ReserveHuge(v, n);
  v.resize(n);
  return v;
}

// Frees a vector's memory. (`v = {}` does not: it assigns an empty initializer list,
// which keeps the capacity.)
template <class T, class A>
inline void Release(std::vector<T, A>& v) {
  std::vector<T, A>().swap(v);
}

}  // namespace sam::rt
