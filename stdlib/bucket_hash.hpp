// The hash behind `bucket(s, n)` (docs/builtins.md) and the engine's holdout and
// `limit` draws (docs/engine.md): 64-bit FNV-1a of the customer key's text, a byte 0x1F
// and the string. One definition, so that the builtin and the engine draw the same groups.
#pragma once

#include <cstdint>
#include <string_view>

namespace sam {

inline uint64_t BucketHash(std::string_view customer_key, std::string_view s) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a, 64 bits: offset basis and prime
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(customer_key);
  mix("\x1f");
  mix(s);
  return h;
}

}  // namespace sam
