#include "backends/interp/rank_select.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <functional>
#include <vector>

namespace sam::interp {

uint64_t OrderKey(double v) {
  if (v != v) return UINT64_MAX;  // every NaN, whatever its sign bit, above all else (FloatOrder)
  if (v == 0) v = 0;              // -0.0 ranks equal to 0.0, as `==` says
  const uint64_t bits = std::bit_cast<uint64_t>(v);
  return bits >> 63 ? ~bits : bits | (uint64_t{1} << 63);
}

namespace select_detail {

uint64_t NthOfFew(std::vector<uint64_t> keys, uint64_t k) {
  assert(k >= 1 && k <= keys.size());
  std::nth_element(keys.begin(), keys.begin() + static_cast<ptrdiff_t>(k - 1), keys.end(), std::greater<>());
  return keys[k - 1];
}

uint64_t KthLargestOfSpan(std::span<const uint64_t> keys, uint64_t k, Histogram& histogram) {
  assert(k >= 1 && k <= keys.size());
  auto [min_it, max_it] = std::minmax_element(keys.begin(), keys.end());
  if (*min_it == *max_it) return *min_it;
  if (keys.size() <= kSmall) return NthOfFew(std::vector<uint64_t>(keys.begin(), keys.end()), k);
  auto visit = [&](auto&& fn) {
    for (uint64_t key : keys) fn(key);
  };
  const rt::ColumnVector<uint64_t> candidates = Narrow(visit, *min_it, *max_it, k, histogram);
  return KthLargestOfSpan(candidates, k, histogram);
}

}  // namespace select_detail

uint64_t KthLargest(std::span<const uint64_t> keys, uint64_t k) {
  select_detail::Histogram histogram;
  return select_detail::KthLargestOfSpan(keys, k, histogram);
}

rt::ColumnVector<uint32_t> SortByKey(rt::ColumnVector<uint64_t> keys, rt::ColumnVector<uint32_t> payload) {
  const size_t n = keys.size();
  assert(payload.size() == n);
  // Digits in which all keys agree need no pass.
  uint64_t all_and = ~uint64_t{0}, all_or = 0;
  for (uint64_t key : keys) {
    all_and &= key;
    all_or |= key;
  }
  const uint64_t differ = all_and ^ all_or;
  if (differ == 0) return payload;
  // The keys travel with the payload: every pass reads sequentially.
  rt::ColumnVector<uint64_t> keys_next(n);
  rt::ColumnVector<uint32_t> payload_next(n);
  // 11-bit digits: six passes at most, their counts fit in the first-level cache.
  constexpr int kDigitBits = 11;
  constexpr uint64_t kDigitMask = (uint64_t{1} << kDigitBits) - 1;
  std::vector<size_t> start((size_t{1} << kDigitBits) + 1);
  for (int shift = 0; shift < 64; shift += kDigitBits) {
    if (((differ >> shift) & kDigitMask) == 0) continue;
    std::fill(start.begin(), start.end(), 0);
    for (uint64_t key : keys) ++start[((key >> shift) & kDigitMask) + 1];
    for (size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
    for (size_t x = 0; x < n; ++x) {
      const size_t to = start[(keys[x] >> shift) & kDigitMask]++;
      keys_next[to] = keys[x];
      payload_next[to] = payload[x];
    }
    keys.swap(keys_next);
    payload.swap(payload_next);
  }
  return payload;
}

rt::ColumnVector<uint32_t> StableOrder(std::span<const uint64_t> keys) {
  rt::ColumnVector<uint32_t> order(keys.size());
  for (size_t x = 0; x < keys.size(); ++x) order[x] = static_cast<uint32_t>(x);
  return SortByKey(rt::ColumnVector<uint64_t>(keys.begin(), keys.end()), std::move(order));
}

}  // namespace sam::interp
