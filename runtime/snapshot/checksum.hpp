// The checksum of snapshot sections: a multiply-xor over 8-byte words in four
// independent lanes (so it runs at memory speed). Each step h = (h ^ word) * K, with K
// odd, is a bijection of h for a fixed word and of the word for a fixed h, and so is
// the final combination of the lanes: changing any one word (any byte, any number of
// bits in it) always changes the result. Not a cryptographic hash.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sam::rt {

uint64_t SnapshotChecksum(const void* data, size_t size);

}  // namespace sam::rt
