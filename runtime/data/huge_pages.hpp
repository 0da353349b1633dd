// Vectors whose memory is in transparent huge pages where the kernel has them (it
// does for memory that asks, with madvise, on the usual `madvise` THP setting).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace sam::rt {

inline constexpr size_t kHugePage = size_t{2} << 20;

// Blocks of whole 2 MB pages (`bytes` a multiple of kHugePage) on a 2 MB boundary,
// mapped for the block alone and asking for transparent huge pages. Freed blocks are
// kept for the next of the same size, up to a bound: a process that runs a query
// again (`--repeat`, the engine's days) reuses them instead of mapping fresh memory.
void* AllocateHugeBlock(size_t bytes);
void FreeHugeBlock(void* p, size_t bytes) noexcept;

// An allocator for vectors as large as a column (a value per customer): blocks of
// 512 KB or more (a byte per customer of a million is just under 1 MB) are whole 2 MB
// pages of their own mapping (AllocateHugeBlock), so that a process maps their fresh
// memory 2 MB at a time. Mapping a 4 KB page costs 10-15 us on the virtual machines
// we measured: one 8 MB column of a million customers cost a new process 25 ms in 4 KB
// pages, under 1 ms in 2 MB ones. (Through malloc, the blocks came from the heap
// whenever malloc's threshold for mapping them had grown, and the kernel gave the heap
// no huge pages.) Smaller blocks (a morsel's vectors, reused all the time) come from
// the usual allocator.
template <class T>
struct HugeAllocator {
  using value_type = T;
  static constexpr size_t kMinBytes = size_t{512} << 10;

  HugeAllocator() = default;
  template <class U>
  HugeAllocator(const HugeAllocator<U>&) noexcept {}

  static size_t Rounded(size_t bytes) { return (bytes + kHugePage - 1) & ~(kHugePage - 1); }

  T* allocate(size_t n) {
    if (n > std::allocator_traits<std::allocator<T>>::max_size(std::allocator<T>())) throw std::bad_array_new_length();
    const size_t bytes = n * sizeof(T);
    if (bytes < kMinBytes) return std::allocator<T>().allocate(n);
    return static_cast<T*>(AllocateHugeBlock(Rounded(bytes)));
  }
  void deallocate(T* p, size_t n) noexcept {
    const size_t bytes = n * sizeof(T);
    if (bytes < kMinBytes) return std::allocator<T>().deallocate(p, n);
    FreeHugeBlock(p, Rounded(bytes));
  }
  // `resize(n)` and `vector(n)` leave new scalars uninitialized (as RawVector does);
  // `assign(n, 0)` zeroes. Every caller writes all it resizes to, and a column's
  // zeroing before its computation would be a pass over fresh memory in one thread,
  // where the computation's own writes spread its first touches over the workers.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
  friend bool operator==(const HugeAllocator&, const HugeAllocator&) { return true; }
};

// A vector that may grow to a column's size (see HugeAllocator).
template <class T>
using ColumnVector = std::vector<T, HugeAllocator<T>>;

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
