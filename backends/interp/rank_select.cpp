#include "backends/interp/rank_select.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <functional>
#include <vector>

namespace sam::interp {

uint64_t OrderKey(double v) {
  if (v == 0) v = 0;  // -0.0 ranks equal to 0.0, as `==` says
  const uint64_t bits = std::bit_cast<uint64_t>(v);
  return bits >> 63 ? ~bits : bits | (uint64_t{1} << 63);
}

namespace {

constexpr int kBucketBits = 16;
constexpr size_t kBuckets = size_t{1} << kBucketBits;
// Below this many candidates a plain nth_element is cheaper than another histogram.
constexpr size_t kSmall = 4096;

}  // namespace

uint64_t KthLargest(std::span<const uint64_t> keys, uint64_t k) {
  assert(k >= 1 && k <= keys.size());
  auto [min_it, max_it] = std::minmax_element(keys.begin(), keys.end());
  uint64_t lo = *min_it, hi = *max_it;
  std::span<const uint64_t> source = keys;
  rt::ColumnVector<uint64_t> candidates;  // keys in [lo, hi] once the range narrowed
  std::vector<uint32_t> histogram(kBuckets);
  while (lo != hi && source.size() > kSmall) {
    // Buckets of 2^shift keys each cover [lo, hi]; count the keys in each.
    const int width = 64 - std::countl_zero(hi - lo);
    const int shift = std::max(0, width - kBucketBits);
    std::fill(histogram.begin(), histogram.end(), 0);
    for (uint64_t key : source) {
      if (key >= lo && key <= hi) ++histogram[(key - lo) >> shift];
    }
    // From the best bucket down, to the one holding the k-th largest.
    size_t b = kBuckets - 1;
    while (histogram[b] < k) k -= histogram[b--];
    const uint64_t bucket_lo = lo + (uint64_t{b} << shift);
    hi = bucket_lo + std::min(hi - bucket_lo, (uint64_t{1} << shift) - 1);  // no wrap past 2^64
    lo = bucket_lo;
    rt::ColumnVector<uint64_t> next;
    next.reserve(histogram[b]);
    for (uint64_t key : source) {
      if (key >= lo && key <= hi) next.push_back(key);
    }
    candidates = std::move(next);
    source = candidates;
  }
  if (lo == hi) return lo;
  rt::ColumnVector<uint64_t> rest;
  for (uint64_t key : source) {
    if (key >= lo && key <= hi) rest.push_back(key);
  }
  std::nth_element(rest.begin(), rest.begin() + static_cast<ptrdiff_t>(k - 1), rest.end(), std::greater<>());
  return rest[k - 1];
}

rt::ColumnVector<uint32_t> StableOrder(std::span<const uint64_t> keys) {
  const size_t n = keys.size();
  rt::ColumnVector<uint32_t> order(n), order_next(n);
  for (size_t x = 0; x < n; ++x) order[x] = static_cast<uint32_t>(x);
  // Digits in which all keys agree need no pass.
  uint64_t all_and = ~uint64_t{0}, all_or = 0;
  for (uint64_t key : keys) {
    all_and &= key;
    all_or |= key;
  }
  const uint64_t differ = all_and ^ all_or;
  if (differ == 0) return order;
  // The keys travel with their positions: every pass reads sequentially.
  rt::ColumnVector<uint64_t> sorted(keys.begin(), keys.end()), sorted_next(n);
  // 11-bit digits: six passes at most, their counts fit in the first-level cache.
  constexpr int kDigitBits = 11;
  constexpr uint64_t kDigitMask = (uint64_t{1} << kDigitBits) - 1;
  std::vector<size_t> start((size_t{1} << kDigitBits) + 1);
  for (int shift = 0; shift < 64; shift += kDigitBits) {
    if (((differ >> shift) & kDigitMask) == 0) continue;
    std::fill(start.begin(), start.end(), 0);
    for (uint64_t key : sorted) ++start[((key >> shift) & kDigitMask) + 1];
    for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
    for (size_t x = 0; x < n; ++x) {
      const size_t to = start[(sorted[x] >> shift) & kDigitMask]++;
      sorted_next[to] = sorted[x];
      order_next[to] = order[x];
    }
    sorted.swap(sorted_next);
    order.swap(order_next);
  }
  return order;
}

}  // namespace sam::interp
