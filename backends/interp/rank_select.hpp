// Selection for `top`/`bottom`: the k-th best of N values in time linear in N, by
// histograms over order-preserving integer keys (a radix selection), so that ranking
// 10M customers costs ten times ranking 1M (nth_element over an index into the values
// misses the cache on every comparison once the values outgrow it).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/data/huge_pages.hpp"

namespace sam::interp {

// Keys whose unsigned order is the order of the values.
inline uint64_t OrderKey(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }
uint64_t OrderKey(double v);

// The k-th largest key (1 <= k <= keys.size()).
uint64_t KthLargest(std::span<const uint64_t> keys, uint64_t k);

// The positions 0..n-1 of the keys ordered by ascending key, equal keys by position: a
// stable radix sort (LSD, one pass per 11-bit digit in which the keys differ), for
// `rank`.
rt::ColumnVector<uint32_t> StableOrder(std::span<const uint64_t> keys);

}  // namespace sam::interp
