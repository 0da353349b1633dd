// Vectors whose memory is in transparent huge pages where the kernel has them (it
// does for memory that asks, with madvise, on the usual `madvise` THP setting).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sam::rt {

// Room for `n` values in transparent huge pages where the kernel has them: a load
// writes GBs of fresh memory, faults it in and reads it back in random order (the
// CSR sort), and 4 KB pages cost a fifth of the CPU time in faults and TLB misses.
template <class T>
inline void ReserveHuge(std::vector<T>& v, size_t n) {
  v.reserve(n);
  constexpr uintptr_t kHuge = 2 << 20;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(v.data()) + v.capacity() * sizeof(T)) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

template <class T>
inline std::vector<T> HugeVector(size_t n) {
  std::vector<T> v;
  ReserveHuge(v, n);
  v.resize(n);
  return v;
}

// Frees a vector's memory. (`v = {}` does not: it assigns an empty initializer list,
// which keeps the capacity.)
template <class T>
inline void Release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

}  // namespace sam::rt
