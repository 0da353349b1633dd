#include "runtime/data/column_builder.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
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

void ColumnBuilder::AppendString(std::string_view s) {
  bytes_.insert(bytes_.end(), s.begin(), s.end());
  ints_.push_back(static_cast<int64_t>(bytes_.size()));
  present_.push_back(1);
}

void ColumnBuilder::ReserveBytes(size_t bytes) {
  if (is_string()) bytes_.reserve(bytes);
}

void ColumnBuilder::AppendAbsent() {
  if (is_float()) {
    floats_.push_back(0);
  } else {
    ints_.push_back(is_string() ? static_cast<int64_t>(StringEnd()) : 0);
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
    if (is_string()) bytes_.resize(StringEnd());
  }
}

void ColumnBuilder::Merge(ColumnBuilder&& other) {
  present_.insert(present_.end(), other.present_.begin(), other.present_.end());
  if (is_float()) {
    floats_.insert(floats_.end(), other.floats_.begin(), other.floats_.end());
  } else if (is_string()) {
    const int64_t shift = static_cast<int64_t>(StringEnd());
    bytes_.insert(bytes_.end(), other.bytes_.begin(), other.bytes_.end());
    ints_.reserve(ints_.size() + other.ints_.size());
    for (int64_t end : other.ints_) ints_.push_back(end + shift);
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

namespace {

// A fast hash of bytes (8 at a time).
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

// The distinct strings of a column, numbered in order of first appearance, found
// through an open-addressing table of (hash << 32 | code + 1). Add fails (returns -1)
// once there would be more than `limit` of them.
class Distinct {
 public:
  explicit Distinct(size_t limit) : limit_(limit), table_(1024, 0) {}
  int64_t Add(std::string_view s) {
    const uint64_t h = HashBytes(s) >> 32;
    size_t mask = table_.size() - 1;
    size_t i = static_cast<size_t>(h) & mask;
    for (uint64_t e; (e = table_[i]) != 0; i = (i + 1) & mask) {
      if ((e >> 32) == h && strings_[static_cast<uint32_t>(e) - 1] == s) return static_cast<uint32_t>(e) - 1;
    }
    if (strings_.size() >= limit_) return -1;
    const uint32_t code = static_cast<uint32_t>(strings_.size());
    strings_.push_back(s);
    table_[i] = (h << 32) | (code + 1);
    if ((strings_.size() + 1) * 2 > table_.size()) Grow();
    return code;
  }
  const std::vector<std::string_view>& strings() const { return strings_; }

 private:
  void Grow() {
    std::vector<uint64_t> next(table_.size() * 2, 0);
    const size_t mask = next.size() - 1;
    for (uint64_t e : table_) {
      if (e == 0) continue;
      size_t i = static_cast<size_t>(e >> 32) & mask;
      while (next[i] != 0) i = (i + 1) & mask;
      next[i] = e;
    }
    table_ = std::move(next);
  }
  size_t limit_;
  std::vector<uint64_t> table_;
  std::vector<std::string_view> strings_;
};

// Rows whose distinct strings a column may have and still get a dictionary: the
// codes (4 bytes a row) and the dictionary then cost about what Plain's offsets
// (8 bytes a row) do, and equality on codes pays for the hashing.
size_t DictLimit(size_t rows) { return std::min<size_t>(std::max<size_t>(rows / 4, 4096), UINT32_MAX); }

// The first rows tell most columns apart quickly: ids are all distinct from the start.
constexpr size_t kSampleRows = 8192;

}  // namespace

Column ColumnBuilder::FinishStrings(const std::vector<uint32_t>* order, Column c) {
  const size_t n = present_.size();
  bool plain = false;
  if (n > 4 * kSampleRows) {
    Distinct sample(kSampleRows);
    size_t present = 0;
    for (size_t r = 0; r < kSampleRows; ++r) {
      if (present_[r]) sample.Add(StringAt(r)), ++present;
    }
    plain = sample.strings().size() * 2 > present && present > kSampleRows / 8;
  }
  std::vector<uint32_t> codes;
  std::optional<Distinct> distinct;
  if (!plain) {
    distinct.emplace(DictLimit(n));
    codes.resize(n);
    for (size_t r = 0; r < n && !plain; ++r) {
      if (!present_[r]) {
        codes[r] = 0;
        continue;
      }
      int64_t code = distinct->Add(StringAt(r));
      if (code < 0) plain = true;
      codes[r] = static_cast<uint32_t>(code);
    }
  }

  if (plain) {
    codes = {};
    distinct.reset();
    std::vector<uint64_t> offsets(n + 1);
    offsets[0] = 0;
    if (!order) {
      for (size_t i = 0; i < n; ++i) offsets[i + 1] = static_cast<uint64_t>(ints_[i]);
      c.dict_bytes = Buffer::Own(std::move(bytes_));
    } else {
      std::vector<char> out(bytes_.size());
      uint64_t at = 0;
      for (size_t i = 0; i < n; ++i) {
        std::string_view s = StringAt((*order)[i]);
        if (!s.empty()) std::memcpy(out.data() + at, s.data(), s.size());
        at += s.size();
        offsets[i + 1] = at;
      }
      c.dict_bytes = Buffer::Own(std::move(out));
    }
    c.encoding = Encoding::Plain;
    c.dict_offsets = Buffer::Own(std::move(offsets));
    return c;
  }

  // Sort the dictionary so that codes order like strings; absent rows get code 0.
  // Sorting by the first 8 bytes as a big-endian number first keeps most
  // comparisons off the string bytes.
  const std::vector<std::string_view>& strings = distinct->strings();
  struct Key {
    uint64_t prefix;
    uint32_t code;
  };
  std::vector<Key> keys(strings.size());
  size_t total = 0;
  for (uint32_t i = 0; i < keys.size(); ++i) {
    std::string_view s = strings[i];
    unsigned char b[8] = {};
    if (!s.empty()) std::memcpy(b, s.data(), std::min<size_t>(8, s.size()));
    uint64_t prefix = 0;
    for (unsigned char x : b) prefix = prefix << 8 | x;
    keys[i] = {prefix, i};
    total += s.size();
  }
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return strings[a.code] < strings[b.code];
  });
  std::vector<uint32_t> rank(strings.size());
  std::vector<uint64_t> offsets(strings.size() + 1, 0);
  std::vector<char> chars(total);
  for (size_t r = 0; r < keys.size(); ++r) {
    std::string_view s = strings[keys[r].code];
    rank[keys[r].code] = static_cast<uint32_t>(r);
    if (!s.empty()) std::memcpy(chars.data() + offsets[r], s.data(), s.size());
    offsets[r + 1] = offsets[r] + s.size();
  }
  std::vector<int32_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    size_t r = order ? (*order)[i] : i;
    out[i] = present_[r] ? static_cast<int32_t>(rank[codes[r]]) : 0;
  }
  c.encoding = Encoding::Dict32;
  c.values = Buffer::Own(std::move(out));
  c.dict_offsets = Buffer::Own(std::move(offsets));
  c.dict_bytes = Buffer::Own(std::move(chars));
  return c;
}

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
    Column done = FinishStrings(order, std::move(c));
    *this = ColumnBuilder(type_);
    return done;
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
