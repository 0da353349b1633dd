// Random numbers for the demo-data generator: splitmix64 to derive seeds and
// xoshiro256** for the streams. Every stream is seeded from the user's seed and a
// stable key (a customer id, a chunk index), never from a clock or a device, so the
// data depends only on (seed, customers, as-of date). Exp and Log are computed here
// with + - * / only, not by the C library (whose last bits differ between versions
// and platforms), so the bytes do not depend on it; GCC and Clang builds agree.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace sam::gen {

// e^x, to about 1e-16 relative: x = k ln 2 + r with |r| <= ln 2 / 2, a Taylor
// polynomial for e^r, and an exact scaling by 2^k.
inline double Exp(double x) {
  if (x > 700) return HUGE_VAL;
  if (x < -700) return 0;
  const double k = std::floor(x * 1.4426950408889634 + 0.5);
  const double r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  double p = 1;
  for (int n = 14; n >= 1; --n) p = 1 + p * r / n;
  return std::ldexp(p, static_cast<int>(k));
}

// ln x for x > 0: x = m 2^e with m in [sqrt(1/2), sqrt(2)), and
// ln m = 2 atanh((m - 1) / (m + 1)) as a series.
inline double Log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);
  if (m < 0.70710678118654752) {
    m *= 2;
    --e;
  }
  const double t = (m - 1) / (m + 1), t2 = t * t;
  double sum = 0;
  for (int n = 23; n >= 1; n -= 2) sum = 1.0 / n + t2 * sum;
  return 2 * t * sum + e * 0.69314718055994530942;
}

// u^a for u in [0, 1].
inline double Pow(double u, double a) { return u <= 0 ? 0 : Exp(a * Log(u)); }

// One step of splitmix64: advances `state` and returns a well-mixed word.
constexpr uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A stateless hash of two words: the seed of one stream from (seed, key).
constexpr uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t s = a;
  s = SplitMix64(s) ^ b;
  return SplitMix64(s);
}

// xoshiro256** (Blackman and Vigna), seeded through splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& w : s_) w = SplitMix64(seed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); n > 0 (Lemire's multiply-shift; the tiny bias is irrelevant here).
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64); }
  // Uniform in [lo, hi], both included.
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1)); }
  bool Chance(double p) { return Uniform() < p; }

  // Standard normal (Marsaglia's polar method; the second value is dropped to keep
  // streams simple).
  double Normal() {
    for (;;) {
      double u = 2 * Uniform() - 1, v = 2 * Uniform() - 1, s = u * u + v * v;
      if (s > 0 && s < 1) return u * std::sqrt(-2 * Log(s) / s);
    }
  }

  // An index drawn with the given integer weights.
  size_t Pick(std::span<const int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int x = static_cast<int>(Below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

  // A uniformly chosen element.
  template <typename T>
  const T& Of(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  static constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// A bijection on [0, n) keyed by a seed: a 4-round Feistel network on the smallest
// even number of bits that covers n, with cycle walking. Customer ids are written in
// this order, so no loader can rely on sorted input.
class Permutation {
 public:
  Permutation(uint64_t n, uint64_t seed) : n_(n) {
    int bits = 2;
    while ((uint64_t{1} << bits) < n) bits += 2;
    half_ = bits / 2;
    mask_ = (uint64_t{1} << half_) - 1;
    for (auto& k : keys_) k = SplitMix64(seed);
  }

  uint64_t operator()(uint64_t i) const {
    uint64_t x = i;
    do x = Encrypt(x);
    while (x >= n_);
    return x;
  }

 private:
  uint64_t Encrypt(uint64_t x) const {
    uint64_t left = x >> half_, right = x & mask_;
    for (uint64_t k : keys_) {
      uint64_t next = left ^ (Mix(right, k) & mask_);
      left = right;
      right = next;
    }
    return (left << half_) | right;
  }

  uint64_t n_;
  int half_ = 1;
  uint64_t mask_ = 1;
  uint64_t keys_[4];
};

}  // namespace sam::gen
