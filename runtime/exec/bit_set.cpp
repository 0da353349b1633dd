#include "runtime/exec/bit_set.hpp"

#include <algorithm>
#include <limits>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace sam::rt {

void PackBits(const uint8_t* __restrict m, size_t n, uint64_t* __restrict bits) {
  size_t x = 0;
#if defined(__AVX2__)
  for (; x + 64 <= n; x += 64) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + x));
    const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + x + 32));
    // A byte that is not 0 gives a 1 bit.
    const uint32_t l = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, zero)));
    const uint32_t h = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, zero)));
    bits[x / 64] = (static_cast<uint64_t>(h) << 32) | l;
  }
#endif
  for (; x < n; ++x) bits[x / 64] |= static_cast<uint64_t>(m[x] != 0) << (x % 64);
}

namespace {

void CountBefore(const uint64_t* bits, size_t words, uint64_t* counts) {
  counts[0] = 0;
  for (size_t w = 0; w < words; ++w) counts[w + 1] = counts[w] + static_cast<uint64_t>(__builtin_popcountll(bits[w]));
}

// In chunks that stay in the first-level cache: a byte per value (a loop the
// compiler vectorizes), then the chunk's bytes packed into words.
template <class T>
void RangeBitsOf(const T* __restrict v, size_t n, int64_t lo, int64_t hi, uint64_t* __restrict bits) {
  constexpr size_t kChunk = 4096;  // a multiple of 64: chunks fill whole words
  const size_t words = n / 64 + 1;
  std::fill(bits, bits + words, 0);
  // Compared in T: a bound outside T's range is clamped to it, or leaves nothing.
  constexpr int64_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  if (lo <= hi && lo <= kMax && hi >= kMin) {
    const T a = static_cast<T>(std::max(lo, kMin)), b = static_cast<T>(std::min(hi, kMax));
    uint8_t mask[kChunk];
    for (size_t at = 0; at < n; at += kChunk) {
      const size_t m = std::min(kChunk, n - at);
      const T* c = v + at;
      for (size_t j = 0; j < m; ++j) mask[j] = static_cast<uint8_t>((c[j] >= a) & (c[j] <= b));
      PackBits(mask, m, bits + at / 64);
    }
  }
  CountBefore(bits, words, bits + words);
}

}  // namespace

void RangeBits(const void* v, size_t width, size_t n, int64_t lo, int64_t hi, uint64_t* bits) {
  switch (width) {
    case 1: return RangeBitsOf(static_cast<const int8_t*>(v), n, lo, hi, bits);
    case 2: return RangeBitsOf(static_cast<const int16_t*>(v), n, lo, hi, bits);
    case 4: return RangeBitsOf(static_cast<const int32_t*>(v), n, lo, hi, bits);
    default: return RangeBitsOf(static_cast<const int64_t*>(v), n, lo, hi, bits);
  }
}

}  // namespace sam::rt
