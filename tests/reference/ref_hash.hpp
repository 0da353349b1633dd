// The stable hash of `bucket`, the holdout draw and `limit` (docs/builtins.md,
// docs/engine.md): 64-bit FNV-1a of the customer key, a byte 0x1F and a string.
#pragma once

#include <cstdint>
#include <string>

namespace sam::reference {

inline uint64_t Fnv1a(const std::string& key, const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ull;
  const std::string bytes = key + '\x1f' + s;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// Whether the holdout (percent x 10^6) of campaign key `campaign_key` holds the customer out.
inline bool HeldOut(const std::string& customer, const std::string& campaign_key, int64_t holdout) {
  return holdout > 0 && static_cast<int64_t>(Fnv1a(customer, campaign_key) % 10000) * 10000 < holdout;
}

}  // namespace sam::reference
