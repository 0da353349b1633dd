#include "backends/jit/strings.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "backends/jit/helpers.hpp"
#include "runtime/data/column.hpp"

namespace sam::jit {

namespace {
bool Space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && Space(s[b])) ++b;
  while (e > b && Space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

char Cased(char c, bool lower) {
  if (lower) return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

void FoldCase(const char* in, char* out, size_t n, bool lower) {
  for (size_t i = 0; i < n; ++i) out[i] = Cased(in[i], lower);
}

// Whether `a` with its case applied equals `b` (of the same length).
bool SameCased(const char* a, const char* b, size_t n, bool lower) {
  for (size_t k = 0; k < n; ++k) {
    if (Cased(a[k], lower) != b[k]) return false;
  }
  return true;
}

// Whether `b` occurs in `a` with its case applied, searched where `a` is stored (no
// copy). The places where b's first byte may start are found eight bytes at a time:
// x has first's case (lower or upper) where x | 0x20 == first | 0x20 for a letter,
// x == first for any other byte (a case changes letters only).
bool ContainsCased(std::string_view a, std::string_view b, bool lower) {
  if (b.empty()) return true;
  if (b.size() > a.size()) return false;
  const auto first = static_cast<unsigned char>(b[0]);
  const bool letter = (first | 0x20) >= 'a' && (first | 0x20) <= 'z';
  const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const uint64_t mask = (letter ? 0x20 : 0) * ones, target = (letter ? first | 0x20 : first) * ones;
  const size_t last = a.size() - b.size();  // the last place b can start
  auto matches = [&](size_t i) {
    return Cased(a[i], lower) == b[0] && SameCased(a.data() + i + 1, b.data() + 1, b.size() - 1, lower);
  };
  size_t i = 0;
  for (; i + 8 <= last + 1; i += 8) {
    uint64_t word;
    std::memcpy(&word, a.data() + i, 8);
    const uint64_t t = (word | mask) ^ target;
    // A high bit per byte that is 0 in t, and maybe above one that is: each is verified.
    for (uint64_t hits = (t - ones) & ~t & highs; hits != 0; hits &= hits - 1) {
      if (matches(i + static_cast<size_t>(std::countr_zero(hits)) / 8)) return true;
    }
  }
  for (; i <= last; ++i) {
    if (matches(i)) return true;
  }
  return false;
}
}  // namespace

int64_t WithCase(int64_t flags, int64_t case_flag) { return (flags & ~(kLower | kUpper)) | case_flag; }

std::string_view ApplyString(std::string_view s, int64_t flags, std::string& buffer) {
  if (flags & kTrim) s = Trimmed(s);
  if ((flags & (kLower | kUpper)) == 0) return s;
  buffer.resize(s.size());
  FoldCase(s.data(), buffer.data(), s.size(), (flags & kLower) != 0);
  return buffer;
}

bool TestApplied(int64_t op, std::string_view a, int64_t flags, std::string_view b) {
  if (flags & kTrim) a = Trimmed(a);
  if ((flags & (kLower | kUpper)) == 0) return TestStrings(op, a, b);
  const bool lower = (flags & kLower) != 0;
  if (b.size() > a.size()) return false;
  const size_t n = b.size();
  switch (op) {
    case kStringEq: return a.size() == n && SameCased(a.data(), b.data(), n, lower);
    case kStringStarts: return SameCased(a.data(), b.data(), n, lower);
    case kStringEnds: return SameCased(a.data() + a.size() - n, b.data(), n, lower);
    case kStringContains: return ContainsCased(a, b, lower);
    default: return false;
  }
}

bool TestStrings(int64_t op, std::string_view a, std::string_view b) {
  switch (op) {
    case kStringEq: return a == b;
    case kStringContains: return a.find(b) != std::string_view::npos;
    case kStringStarts: return a.starts_with(b);
    case kStringEnds: return a.ends_with(b);
    default: return false;
  }
}

int64_t CodePoints(std::string_view s) {
  int64_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace sam::jit

extern "C" {

namespace {
// Two columns: the second's applied copy (rare), apart so that a test against a
// constant, the usual one, makes no string.
[[gnu::noinline]] int64_t TestTwoColumns(int64_t op, std::string_view left, int64_t fa, const sam::rt::Column* b,
                                         int64_t rb, int64_t fb) {
  std::string copy;
  return sam::jit::TestApplied(op, left, fa, sam::jit::ApplyString(b->Str(static_cast<uint64_t>(rb)), fb, copy)) ? 1
                                                                                                                 : 0;
}
}  // namespace

int64_t sam_jit_string_test(int64_t op, const sam::rt::Column* a, int64_t ra, int64_t fa, const sam::rt::Column* b,
                            int64_t rb, int64_t fb, const char* s, int64_t n) {
  const std::string_view left = a->Str(static_cast<uint64_t>(ra));
  if (b != nullptr) return TestTwoColumns(op, left, fa, b, rb, fb);
  return sam::jit::TestApplied(op, left, fa, std::string_view(s, static_cast<size_t>(n))) ? 1 : 0;
}

int64_t sam_jit_string_test_of(int64_t op, const char* s, int64_t n, const sam::rt::Column* b, int64_t rb, int64_t fb) {
  std::string copy;  // a constant first (`contains("...", x)`, rare)
  const std::string_view right = sam::jit::ApplyString(b->Str(static_cast<uint64_t>(rb)), fb, copy);
  return sam::jit::TestStrings(op, std::string_view(s, static_cast<size_t>(n)), right) ? 1 : 0;
}

namespace {
// Lower (or upper) case of `n` bytes: a letter of the other case has its 0x20 bit
// flipped. Out of line so that the buffers stay apart and the loop is vectorized.
[[gnu::noinline]] void CasedBytes(const char* __restrict in, char* __restrict out, size_t n, bool lower) {
  const unsigned char other = lower ? 'A' : 'a';  // the first letter of the case changed
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    const auto flip = static_cast<unsigned char>(static_cast<unsigned char>(c - other) < 26 ? 0x20 : 0);
    out[i] = static_cast<char>(c ^ flip);
  }
}

// Whether the column's offsets of rows [begin, end) are in order and inside its bytes
// (else Str clamps them, row by row).
bool OrderedOffsets(const sam::rt::Column& c, uint64_t begin, uint64_t end) {
  if (end + 1 > c.dict_offsets.count<uint64_t>()) return false;
  const uint64_t* off = c.dict_offsets.as<uint64_t>();
  for (uint64_t r = begin; r < end; ++r) {
    if (off[r] > off[r + 1]) return false;
  }
  return off[end] <= c.dict_bytes.size();
}
}  // namespace

void sam_jit_contains_rows(const sam::rt::Column* c, int64_t begin, int64_t end, const char* s, int64_t n,
                           int64_t flags, uint64_t* bits) {
  const auto first = static_cast<uint64_t>(begin), last = static_cast<uint64_t>(end);
  std::fill(bits, bits + (last - first) / 64 + 1, uint64_t{0});
  const std::string_view needle(s, static_cast<size_t>(n));
  auto set = [&](uint64_t r) { bits[r / 64] |= uint64_t{1} << (r % 64); };
  if ((flags & sam::jit::kTrim) != 0 || !OrderedOffsets(*c, first, last)) {
    for (uint64_t r = first; r < last; ++r) {
      if (sam::jit::TestApplied(sam::jit::kStringContains, c->Str(r), flags, needle)) set(r - first);
    }
    return;
  }
  const uint64_t* off = c->dict_offsets.as<uint64_t>() + first;
  const char* bytes = reinterpret_cast<const char*>(c->dict_bytes.data()) + off[0];
  const size_t size = off[last - first] - off[0];
  std::string_view text(bytes, size);
  thread_local std::string cased;
  if ((flags & (sam::jit::kLower | sam::jit::kUpper)) != 0) {
    cased.resize(size);
    CasedBytes(bytes, cased.data(), size, (flags & sam::jit::kLower) != 0);
    text = cased;
  }
  // Each match is the row's it starts in, unless it runs into the next row.
  const uint64_t rows = last - first;
  uint64_t r = 0;
  size_t at = text.find(needle);
  while (at != std::string_view::npos) {
    while (r < rows && off[r + 1] - off[0] <= at) ++r;
    if (r == rows) break;
    const size_t row_end = off[r + 1] - off[0];
    if (at + needle.size() <= row_end) {
      set(r);
      at = text.find(needle, row_end);
    } else {
      at = text.find(needle, at + 1);
    }
  }
}

int64_t sam_jit_string_length(const sam::rt::Column* c, int64_t row, int64_t flags) {
  // Case changes no length: only the trim is applied.
  std::string unused;  // never filled: a trim makes no copy
  return sam::jit::CodePoints(
      sam::jit::ApplyString(c->Str(static_cast<uint64_t>(row)), flags & sam::jit::kTrim, unused));
}
}
