// Selection for `top`/`bottom`: the k-th best of N values in time linear in N, by
// histograms over order-preserving integer keys (a radix selection), so that ranking
// 10M customers costs ten times ranking 1M (nth_element over an index into the values
// misses the cache on every comparison once the values outgrow it).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "runtime/data/huge_pages.hpp"

namespace sam::interp {

// Keys whose unsigned order is the order of the values.
inline uint64_t OrderKey(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }
uint64_t OrderKey(double v);

namespace select_detail {

inline constexpr int kBucketBits = 16;
inline constexpr size_t kBuckets = size_t{1} << kBucketBits;
// Below this many candidates a plain nth_element is cheaper than another histogram.
inline constexpr size_t kSmall = 4096;

// The k-th largest of a few keys.
uint64_t NthOfFew(std::vector<uint64_t> keys, uint64_t k);
// Counts per bucket, in a 2 MB block of its own (rt::AllocateHugeBlock): 256 KB of
// fresh 4 KB pages would cost a new process 64 page faults, about 1 ms on the
// virtual machines we measure on. One for all the passes of a selection.
class Histogram {
 public:
  Histogram() : counts_(static_cast<uint32_t*>(rt::AllocateHugeBlock(rt::kHugePage))) {}
  ~Histogram() { rt::FreeHugeBlock(counts_, rt::kHugePage); }
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;
  std::span<uint32_t> counts() { return {counts_, kBuckets}; }

 private:
  uint32_t* counts_;
};
static_assert(kBuckets * sizeof(uint32_t) <= rt::kHugePage);

// The k-th largest of keys already narrowed to a range (candidates of a histogram).
uint64_t KthLargestOfSpan(std::span<const uint64_t> keys, uint64_t k, Histogram& histogram);

// One histogram pass: narrows [lo, hi] to the bucket that holds the k-th largest of
// the keys `visit` yields and returns that bucket's keys; k becomes the rank within it.
template <class Visit>
rt::ColumnVector<uint64_t> Narrow(Visit&& visit, uint64_t lo, uint64_t hi, uint64_t& k, Histogram& buckets) {
  const std::span<uint32_t> histogram = buckets.counts();
  // Buckets of 2^shift keys each cover [lo, hi]; count the keys in each.
  const int width = 64 - std::countl_zero(hi - lo);
  const int shift = std::max(0, width - kBucketBits);
  std::fill(histogram.begin(), histogram.end(), 0);
  visit([&](uint64_t key) { ++histogram[(key - lo) >> shift]; });
  // From the best bucket down, to the one holding the k-th largest.
  size_t b = kBuckets - 1;
  while (histogram[b] < k) k -= histogram[b--];
  const uint64_t bucket_lo = lo + (uint64_t{b} << shift);
  const uint64_t bucket_hi = bucket_lo + std::min(hi - bucket_lo, (uint64_t{1} << shift) - 1);  // no wrap past 2^64
  // The bucket's count is known: written through a pointer, not push_back, whose
  // vector the compiler keeps in memory over a pass of a million keys.
  rt::ColumnVector<uint64_t> in_bucket(histogram[b]);
  uint64_t* out = in_bucket.data();
  const uint64_t span = bucket_hi - bucket_lo;
  visit([&](uint64_t key) {
    if (key - bucket_lo <= span) *out++ = key;
  });
  return in_bucket;
}

}  // namespace select_detail

// The k-th largest (1 <= k <= count) of the `count` keys that `visit(fn)` passes to
// `fn`, each call the same keys. The keys are never stored all together: a ranking
// reads its values straight from their column, and a fresh process does not pay for
// mapping memory that holds a copy of them (8 MB for a million customers).
template <class Visit>
uint64_t KthLargestOf(Visit&& visit, uint64_t count, uint64_t k) {
  uint64_t lo = ~uint64_t{0}, hi = 0;
  visit([&](uint64_t key) {
    lo = std::min(lo, key);
    hi = std::max(hi, key);
  });
  if (lo == hi) return lo;
  if (count <= select_detail::kSmall) {
    std::vector<uint64_t> few;
    few.reserve(count);
    visit([&](uint64_t key) { few.push_back(key); });
    return select_detail::NthOfFew(std::move(few), k);
  }
  select_detail::Histogram histogram;
  const rt::ColumnVector<uint64_t> candidates = select_detail::Narrow(visit, lo, hi, k, histogram);
  return select_detail::KthLargestOfSpan(candidates, k, histogram);
}

// The k-th largest key (1 <= k <= keys.size()).
uint64_t KthLargest(std::span<const uint64_t> keys, uint64_t k);

// `payload` reordered by ascending key, equal keys in their order: a stable radix sort
// (LSD, one pass per 11-bit digit in which the keys differ), for `rank`. Both vectors
// are the sort's own storage (the keys are left in an unspecified order): a ranking
// of a million customers maps 12 MB less than with copies.
rt::ColumnVector<uint32_t> SortByKey(rt::ColumnVector<uint64_t> keys, rt::ColumnVector<uint32_t> payload);

// The positions 0..n-1 of the keys ordered by ascending key, equal keys by position.
rt::ColumnVector<uint32_t> StableOrder(std::span<const uint64_t> keys);

}  // namespace sam::interp
