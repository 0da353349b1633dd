#include "runtime/data/column_builder.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace sam::rt {

ColumnBuilder::ColumnBuilder(Type type) : type_(type) {}

void ColumnBuilder::Reserve(size_t rows) {
  present_.reserve(rows);
  if (is_float()) {
    floats_.reserve(rows);
  } else {
    ints_.reserve(rows);
  }
}

void ColumnBuilder::AppendInt(int64_t v) {
  ints_.push_back(v);
  present_.push_back(1);
}

void ColumnBuilder::AppendFloat(double v) {
  floats_.push_back(v);
  present_.push_back(1);
}

namespace {

// A fast hash of bytes (8 at a time); the table keeps its upper 32 bits.
uint64_t HashBytes(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  }
  h ^= h >> 29;
  h *= 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}

constexpr size_t kBlockBytes = 256 << 10;

}  // namespace

void ColumnBuilder::GrowIndex() {
  size_t cap = index_.empty() ? 1024 : index_.size() * 2;
  std::vector<uint64_t> next(cap, 0);
  const size_t mask = cap - 1;
  for (uint64_t e : index_) {
    if (e == 0) continue;
    size_t i = static_cast<size_t>(e >> 32) & mask;
    while (next[i] != 0) i = (i + 1) & mask;
    next[i] = e;
  }
  index_ = std::move(next);
}

uint32_t ColumnBuilder::Intern(std::string_view s) {
  if ((strings_.size() + 1) * 2 > index_.size()) GrowIndex();
  const uint64_t h = HashBytes(s) >> 32;
  const size_t mask = index_.size() - 1;
  size_t i = static_cast<size_t>(h) & mask;
  for (uint64_t e; (e = index_[i]) != 0; i = (i + 1) & mask) {
    if ((e >> 32) == h && strings_[static_cast<uint32_t>(e) - 1] == s) return static_cast<uint32_t>(e) - 1;
  }
  // A new string: its bytes go to the current block, or a new one.
  std::string_view stored;
  if (!s.empty()) {
    if (block_size_ - block_used_ < s.size()) {
      block_size_ = std::max(kBlockBytes, s.size());
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
      block_used_ = 0;
    }
    char* dst = blocks_.back().get() + block_used_;
    std::memcpy(dst, s.data(), s.size());
    block_used_ += s.size();
    stored = std::string_view(dst, s.size());
  }
  const uint32_t code = static_cast<uint32_t>(strings_.size());
  strings_.push_back(stored);
  index_[i] = (h << 32) | (code + 1);
  return code;
}

void ColumnBuilder::AppendString(std::string_view s) {
  ints_.push_back(Intern(s));
  present_.push_back(1);
}

void ColumnBuilder::AppendAbsent() {
  if (is_float()) {
    floats_.push_back(0);
  } else {
    ints_.push_back(is_string() ? -1 : 0);
  }
  present_.push_back(0);
}

void ColumnBuilder::PopBack() {
  if (present_.empty()) return;
  present_.pop_back();
  if (is_float()) {
    floats_.pop_back();
  } else {
    ints_.pop_back();
  }
}

void ColumnBuilder::Merge(ColumnBuilder&& other) {
  present_.insert(present_.end(), other.present_.begin(), other.present_.end());
  if (is_float()) {
    floats_.insert(floats_.end(), other.floats_.begin(), other.floats_.end());
  } else if (is_string()) {
    std::vector<uint32_t> remap(other.strings_.size());
    for (size_t i = 0; i < other.strings_.size(); ++i) remap[i] = Intern(other.strings_[i]);
    ints_.reserve(ints_.size() + other.ints_.size());
    for (int64_t code : other.ints_) ints_.push_back(code < 0 ? int64_t{-1} : static_cast<int64_t>(remap[code]));
  } else {
    ints_.insert(ints_.end(), other.ints_.begin(), other.ints_.end());
  }
  other = ColumnBuilder(type_);
}

namespace {

template <class T>
Buffer Narrow(const std::vector<int64_t>& logical, const std::vector<uint32_t>* order, int64_t base, int64_t unit) {
  std::vector<T> out(logical.size());
  for (size_t i = 0; i < out.size(); ++i) {
    int64_t v = logical[order ? (*order)[i] : i];
    out[i] = static_cast<T>((v - base) / unit);
  }
  return Buffer::Own(std::move(out));
}

Buffer Validity(const std::vector<uint8_t>& present, const std::vector<uint32_t>* order) {
  bool all = std::all_of(present.begin(), present.end(), [](uint8_t p) { return p != 0; });
  if (all) return {};
  std::vector<uint64_t> words((present.size() + 63) / 64, 0);
  for (size_t i = 0; i < present.size(); ++i) {
    if (present[order ? (*order)[i] : i]) words[i >> 6] |= uint64_t{1} << (i & 63);
  }
  return Buffer::Own(std::move(words));
}

}  // namespace

Column ColumnBuilder::Finish(const std::vector<uint32_t>* order) {
  if (order && order->size() != present_.size()) throw std::logic_error("ColumnBuilder::Finish: order of the wrong size");
  Column c;
  c.type = type_;
  c.size = present_.size();
  c.validity = Validity(present_, order);

  if (is_float()) {
    c.encoding = Encoding::Float64;
    std::vector<double> out(floats_.size());
    for (size_t i = 0; i < out.size(); ++i) out[i] = floats_[order ? (*order)[i] : i];
    c.values = Buffer::Own(std::move(out));
    *this = ColumnBuilder(type_);
    return c;
  }

  if (is_string()) {
    // Sort the dictionary so that codes order like strings; absent rows get code 0.
    // Sorting by the first 8 bytes as a big-endian number first keeps most
    // comparisons off the string bytes.
    struct Key {
      uint64_t prefix;
      uint32_t code;
    };
    std::vector<Key> keys(strings_.size());
    size_t total = 0;
    for (uint32_t i = 0; i < keys.size(); ++i) {
      std::string_view s = strings_[i];
      unsigned char b[8] = {};
      if (!s.empty()) std::memcpy(b, s.data(), std::min<size_t>(8, s.size()));
      uint64_t prefix = 0;
      for (unsigned char x : b) prefix = prefix << 8 | x;
      keys[i] = {prefix, i};
      total += s.size();
    }
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      return strings_[a.code] < strings_[b.code];
    });
    std::vector<uint32_t> rank(strings_.size());
    std::vector<uint64_t> offsets(strings_.size() + 1, 0);
    std::vector<char> chars(total);
    for (size_t r = 0; r < keys.size(); ++r) {
      std::string_view s = strings_[keys[r].code];
      rank[keys[r].code] = static_cast<uint32_t>(r);
      if (!s.empty()) std::memcpy(chars.data() + offsets[r], s.data(), s.size());
      offsets[r + 1] = offsets[r] + s.size();
    }
    std::vector<int32_t> codes(ints_.size());
    for (size_t i = 0; i < codes.size(); ++i) {
      int64_t code = ints_[order ? (*order)[i] : i];
      codes[i] = code < 0 ? 0 : static_cast<int32_t>(rank[code]);
    }
    c.encoding = Encoding::Dict32;
    c.values = Buffer::Own(std::move(codes));
    c.dict_offsets = Buffer::Own(std::move(offsets));
    c.dict_bytes = Buffer::Own(std::move(chars));
    *this = ColumnBuilder(type_);
    return c;
  }

  // Integer-like: base, unit and width from the present values.
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  bool any = false;
  for (size_t i = 0; i < ints_.size(); ++i) {
    if (!present_[i]) continue;
    lo = std::min(lo, ints_[i]);
    hi = std::max(hi, ints_[i]);
    any = true;
  }
  if (!any) lo = hi = 0;
  for (size_t i = 0; i < ints_.size(); ++i) {
    if (!present_[i]) ints_[i] = lo;
  }
  static constexpr int64_t kUnits[] = {86'400'000'000, 3'600'000'000, 60'000'000, 1'000'000, 10'000, 1'000, 100, 10, 1};
  int64_t unit = 1;
  // (hi - lo) may overflow for extreme values: then keep 64-bit offsets of unit 1.
  __int128 span = static_cast<__int128>(hi) - lo;
  if (span <= std::numeric_limits<int64_t>::max()) {
    for (int64_t u : kUnits) {
      bool divides = true;
      for (size_t i = 0; i < ints_.size() && divides; ++i) divides = (ints_[i] - lo) % u == 0;
      if (divides) {
        unit = u;
        break;
      }
    }
  }
  c.unit = unit;
  if (span > std::numeric_limits<int64_t>::max()) {
    c.base = 0;
    c.encoding = Encoding::Int64;
    c.values = Narrow<int64_t>(ints_, order, 0, 1);
  } else {
    int64_t steps = static_cast<int64_t>(span / unit);
    if (steps <= std::numeric_limits<uint8_t>::max() / 2) {
      c.encoding = Encoding::Int8;
    } else if (steps <= std::numeric_limits<int16_t>::max()) {
      c.encoding = Encoding::Int16;
    } else if (steps <= std::numeric_limits<int32_t>::max()) {
      c.encoding = Encoding::Int32;
    } else {
      c.encoding = Encoding::Int64;
    }
    c.base = lo;
    switch (c.encoding) {
      case Encoding::Int8: c.values = Narrow<int8_t>(ints_, order, lo, unit); break;
      case Encoding::Int16: c.values = Narrow<int16_t>(ints_, order, lo, unit); break;
      case Encoding::Int32: c.values = Narrow<int32_t>(ints_, order, lo, unit); break;
      default: c.values = Narrow<int64_t>(ints_, order, lo, unit); break;
    }
  }
  *this = ColumnBuilder(type_);
  return c;
}

}  // namespace sam::rt
