// Matches over a range of events as a bit set (bit x % 64 of word x / 64: event x)
// with the matches before each word, so that the matches among any prefix x of the
// range cost two look-ups and a popcount: counts[x / 64] + popcount(bits[x / 64] &
// ((1 << x % 64) - 1)). Both backends count a window that is the same for every
// customer this way: one pass over a morsel's events, then a few operations per
// customer, with no search and no branch per customer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sam::rt {

// bits[x / 64] |= (m[x] != 0) << (x % 64) for x < n; bits has n / 64 + 1 words, zeroed.
void PackBits(const uint8_t* m, size_t n, uint64_t* bits);

// The stored values v[0 .. n - 1] (`width` bytes each: 1, 2, 4 or 8, signed) within
// [lo, hi] as bits[0 .. n / 64] (lo > hi: none), then counts[w] = the bits set in
// bits[0 .. w - 1] for w <= n / 64 + 1, at counts = bits + n / 64 + 1.
void RangeBits(const void* v, size_t width, size_t n, int64_t lo, int64_t hi, uint64_t* bits);

}  // namespace sam::rt
