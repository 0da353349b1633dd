#include "runtime/load/encoding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "runtime/load/load.hpp"

namespace sam::rt::load {

namespace {

bool StartsWith(const unsigned char* p, uint64_t size, std::initializer_list<unsigned char> bytes) {
  if (size < bytes.size()) return false;
  return std::equal(bytes.begin(), bytes.end(), p);
}

// Which encoding the first bytes show, as iconv names it, or nullptr for none the
// loader rejects. With a byte order mark iconv finds the byte order itself; without
// one it must be told (it would assume big-endian).
const char* Detect(const unsigned char* p, uint64_t size) {
  // UTF-32 first: its little-endian mark starts with UTF-16's.
  if (StartsWith(p, size, {0xFF, 0xFE, 0, 0}) || StartsWith(p, size, {0, 0, 0xFE, 0xFF})) return "UTF-32";
  if (StartsWith(p, size, {0xFF, 0xFE}) || StartsWith(p, size, {0xFE, 0xFF})) return "UTF-16";
  // Without a mark: ASCII text in UTF-16 has a NUL in every other byte. A UTF-8 file
  // has no NULs at all, so a few in the right places are evidence enough.
  const uint64_t n = std::min<uint64_t>(size, 64) & ~uint64_t{1};
  if (n < 4) return nullptr;
  uint64_t even = 0, odd = 0;
  for (uint64_t i = 0; i < n; i += 2) {
    even += p[i] == 0 && p[i + 1] != 0;
    odd += p[i] != 0 && p[i + 1] == 0;
  }
  if (odd * 2 >= n / 2) return "UTF-16LE";
  if (even * 2 >= n / 2) return "UTF-16BE";
  return nullptr;
}

}  // namespace

void CheckEncoding(const std::string& path, const char* data, uint64_t size) {
  const char* encoding = Detect(reinterpret_cast<const unsigned char*>(data), size);
  if (!encoding) return;
  throw LoadError(fmt::format("{}: the file is {}, but SAM reads UTF-8; convert it with `iconv -f {} -t UTF-8 {} > {}.utf8 "
                              "&& mv {}.utf8 {}`",
                              path, encoding, encoding, path, path, path, path),
                  1);
}

}  // namespace sam::rt::load
