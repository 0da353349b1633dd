// runtime/exec/bit_set.hpp: the bit sets both backends count windows with, against
// a count made event by event.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "runtime/exec/bit_set.hpp"

namespace {

// The matches among values 0 .. x - 1, by the bit set's own rule.
uint64_t Before(const std::vector<uint64_t>& out, size_t n, size_t x) {
  const size_t words = n / 64 + 1;
  const uint64_t* bits = out.data();
  const uint64_t* counts = bits + words;
  return counts[x / 64] + static_cast<uint64_t>(__builtin_popcountll(bits[x / 64] & ((uint64_t{1} << (x % 64)) - 1)));
}

template <class T>
void CheckRange(const std::vector<T>& v, int64_t lo, int64_t hi) {
  const size_t n = v.size();
  // Garbage in the buffer first: RangeBits must write every word it is read by.
  std::vector<uint64_t> out(2 * (n / 64 + 1) + 1, ~uint64_t{0});
  sam::rt::RangeBits(v.data(), sizeof(T), n, lo, hi, out.data());
  uint64_t expected = 0;
  for (size_t x = 0; x <= n; ++x) {
    CAPTURE(x);
    CHECK(Before(out, n, x) == expected);
    if (x < n && static_cast<int64_t>(v[x]) >= lo && static_cast<int64_t>(v[x]) <= hi) ++expected;
  }
}

template <class T>
std::vector<T> Random(size_t n, std::mt19937_64& rng) {
  std::uniform_int_distribution<int64_t> d(std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(d(rng));
  return v;
}

}  // namespace

TEST_CASE("RangeBits: matches before every position, each width, sizes around words and chunks") {
  std::mt19937_64 rng(7);
  for (size_t n : {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{4095}, size_t{4096}, size_t{4097},
                   size_t{10000}}) {
    CAPTURE(n);
    CheckRange(Random<int8_t>(n, rng), -20, 40);
    CheckRange(Random<int16_t>(n, rng), -1000, 30000);
    CheckRange(Random<int32_t>(n, rng), 0, std::numeric_limits<int32_t>::max());
    CheckRange(Random<int64_t>(n, rng), std::numeric_limits<int64_t>::min(), 0);
  }
}

TEST_CASE("RangeBits: bounds outside the stored type, and empty ranges") {
  std::mt19937_64 rng(11);
  const auto v = Random<int16_t>(1000, rng);
  CheckRange(v, -100000, 100000);  // every value
  CheckRange(v, 40000, 50000);     // above every value
  CheckRange(v, -50000, -40000);   // below every value
  CheckRange(v, 1, 0);             // lo > hi: none
  CheckRange(v, 5, 5);             // one value
  CheckRange(Random<int8_t>(300, rng), std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
}
