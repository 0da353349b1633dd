#include "runtime/snapshot/checksum.hpp"

#include <cstring>

namespace sam::rt {
namespace {

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;  // odd: multiplication is a bijection

inline uint64_t Load(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

}  // namespace

uint64_t SnapshotChecksum(const void* data, size_t size) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  uint64_t h0 = 0x243F6A8885A308D3ull, h1 = 0x13198A2E03707344ull, h2 = 0xA4093822299F31D0ull,
           h3 = 0x082EFA98EC4E6C89ull;
  size_t i = 0;
  for (; i + 32 <= size; i += 32) {
    h0 = (h0 ^ Load(p + i)) * kMul;
    h1 = (h1 ^ Load(p + i + 8)) * kMul;
    h2 = (h2 ^ Load(p + i + 16)) * kMul;
    h3 = (h3 ^ Load(p + i + 24)) * kMul;
  }
  // The size goes in, so that trailing zero bytes count.
  uint64_t t = (0x452821E638D01377ull ^ size) * kMul;
  for (; i + 8 <= size; i += 8) t = (t ^ Load(p + i)) * kMul;
  if (i < size) {
    uint64_t w = 0;
    std::memcpy(&w, p + i, size - i);
    t = (t ^ w) * kMul;
  }
  uint64_t h = t;
  h = (h ^ h0) * kMul;
  h = (h ^ h1) * kMul;
  h = (h ^ h2) * kMul;
  h = (h ^ h3) * kMul;
  return h ^ (h >> 32);
}

}  // namespace sam::rt
