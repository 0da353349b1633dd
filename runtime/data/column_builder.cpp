#include "runtime/data/column_builder.hpp"

#include "runtime/data/huge_pages.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace sam::rt {

ColumnBuilder::ColumnBuilder(Type type) : type_(type) {}

void ColumnBuilder::Reserve(size_t rows) {
  ReserveHuge(present_, rows);
  if (is_float()) {
    ReserveHuge(floats_, rows);
  } else {
    ReserveHuge(ints_, rows);
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
  if (is_string()) ReserveHuge(bytes_, bytes);
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

namespace {

// Where the rows of several builders (one after another) are: global row g is row
// g - start[p] of part p. A table per block of rows gives the first part to look at.
class PartIndex {
 public:
  explicit PartIndex(const std::vector<ColumnBuilder*>& parts) {
    start_.push_back(0);
    for (const ColumnBuilder* p : parts) start_.push_back(start_.back() + p->size());
    rows_ = start_.back();
    for (size_t g = 0, p = 0; g < rows_; g += kBlock) {
      while (start_[p + 1] <= g) ++p;
      block_.push_back(static_cast<uint32_t>(p));
    }
  }
  size_t rows() const { return rows_; }
  std::pair<size_t, size_t> At(size_t g) const {
    size_t p = block_[g / kBlock];
    while (start_[p + 1] <= g) ++p;
    return {p, g - start_[p]};
  }

 private:
  static constexpr size_t kBlock = 4096;
  std::vector<size_t> start_;
  std::vector<uint32_t> block_;
  size_t rows_ = 0;
};

// Calls fn(i, part index, row in part) for output row i = 0..rows-1: in part
// order, or order[i]'s row.
template <class Fn>
void ForRows(const std::vector<ColumnBuilder*>& parts, const PartIndex& index, const std::vector<uint32_t>* order, Fn fn) {
  if (!order) {
    size_t i = 0;
    for (size_t p = 0; p < parts.size(); ++p) {
      for (size_t r = 0, n = parts[p]->size(); r < n; ++r) fn(i++, p, r);
    }
    return;
  }
  for (size_t i = 0; i < order->size(); ++i) {
    auto [p, r] = index.At((*order)[i]);
    fn(i, p, r);
  }
}

}  // namespace

Column ColumnBuilder::FinishStrings(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* order, Column c) {
  const PartIndex index(parts);
  const size_t n = index.rows();
  bool plain = false;
  if (n > 4 * kSampleRows) {
    Distinct sample(kSampleRows);
    size_t seen = 0, present = 0;
    for (const ColumnBuilder* p : parts) {
      for (size_t r = 0; r < p->size() && seen < kSampleRows; ++r, ++seen) {
        if (p->present_[r]) sample.Add(p->StringAt(r)), ++present;
      }
    }
    plain = sample.strings().size() * 2 > present && present > kSampleRows / 8;
  }
  std::vector<std::vector<uint32_t>> codes(parts.size());
  std::optional<Distinct> distinct;
  if (!plain) {
    distinct.emplace(DictLimit(n));
    for (size_t pi = 0; pi < parts.size() && !plain; ++pi) {
      const ColumnBuilder& p = *parts[pi];
      codes[pi].resize(p.size());
      for (size_t r = 0; r < p.size() && !plain; ++r) {
        if (!p.present_[r]) {
          codes[pi][r] = 0;
          continue;
        }
        int64_t code = distinct->Add(p.StringAt(r));
        if (code < 0) plain = true;
        codes[pi][r] = static_cast<uint32_t>(code);
      }
    }
  }

  if (plain) {
    codes = {};
    distinct.reset();
    size_t total = 0;
    for (const ColumnBuilder* p : parts) total += p->bytes_.size();
    std::vector<uint64_t> offsets = HugeVector<uint64_t>(n + 1);
    offsets[0] = 0;
    if (!order && parts.size() == 1) {
      for (size_t i = 0; i < n; ++i) offsets[i + 1] = static_cast<uint64_t>(parts[0]->ints_[i]);
      c.dict_bytes = Buffer::Own(std::move(parts[0]->bytes_));
    } else {
      std::vector<char> out = HugeVector<char>(total);
      uint64_t at = 0;
      ForRows(parts, index, order, [&](size_t i, size_t p, size_t r) {
        std::string_view s = parts[p]->StringAt(r);
        if (!s.empty()) std::memcpy(out.data() + at, s.data(), s.size());
        at += s.size();
        offsets[i + 1] = at;
      });
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
  // Codes per part, ranked, so that the output loop reads one array a part.
  for (size_t pi = 0; pi < parts.size(); ++pi) {
    for (size_t r = 0; r < codes[pi].size(); ++r) codes[pi][r] = parts[pi]->present_[r] ? rank[codes[pi][r]] : 0;
  }
  std::vector<const uint32_t*> part_codes(parts.size());
  for (size_t pi = 0; pi < parts.size(); ++pi) part_codes[pi] = codes[pi].data();
  std::vector<int32_t> out = HugeVector<int32_t>(n);
  ForRows(parts, index, order, [&](size_t i, size_t p, size_t r) { out[i] = static_cast<int32_t>(part_codes[p][r]); });
  c.encoding = Encoding::Dict32;
  c.values = Buffer::Own(std::move(out));
  c.dict_offsets = Buffer::Own(std::move(offsets));
  c.dict_bytes = Buffer::Own(std::move(chars));
  return c;
}
Column ColumnBuilder::Finish(const std::vector<uint32_t>* order) { return Finish({this}, order); }

Column ColumnBuilder::Finish(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* order) {
  const PartIndex index(parts);
  const size_t n = index.rows();
  if (order && order->size() != n) throw std::logic_error("ColumnBuilder::Finish: order of the wrong size");
  ColumnBuilder& first = *parts.front();
  Column c;
  c.type = first.type_;
  c.size = n;
  bool all = true;
  for (const ColumnBuilder* p : parts) all = all && std::all_of(p->present_.begin(), p->present_.end(), [](uint8_t x) { return x != 0; });
  if (!all) {
    std::vector<uint64_t> words((n + 63) / 64, 0);
    ForRows(parts, index, order, [&](size_t i, size_t p, size_t r) {
      words[i >> 6] |= static_cast<uint64_t>(parts[p]->present_[r] != 0) << (i & 63);
    });
    c.validity = Buffer::Own(std::move(words));
  }
  auto clear = [&] {
    for (ColumnBuilder* p : parts) *p = ColumnBuilder(c.type);
  };

  if (first.is_float()) {
    c.encoding = Encoding::Float64;
    std::vector<double> out = HugeVector<double>(n);
    ForRows(parts, index, order, [&](size_t i, size_t p, size_t r) { out[i] = parts[p]->floats_[r]; });
    c.values = Buffer::Own(std::move(out));
    clear();
    return c;
  }

  if (first.is_string()) {
    Column done = FinishStrings(parts, order, std::move(c));
    clear();
    return done;
  }

  // Integer-like: base, unit and width from the present values.
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  bool any = false;
  for (const ColumnBuilder* p : parts) {
    for (size_t i = 0; i < p->ints_.size(); ++i) {
      if (!p->present_[i]) continue;
      lo = std::min(lo, p->ints_[i]);
      hi = std::max(hi, p->ints_[i]);
      any = true;
    }
  }
  if (!any) lo = hi = 0;
  for (ColumnBuilder* p : parts) {
    for (size_t i = 0; i < p->ints_.size(); ++i) {
      if (!p->present_[i]) p->ints_[i] = lo;
    }
  }
  static constexpr int64_t kUnits[] = {86'400'000'000, 3'600'000'000, 60'000'000, 1'000'000, 10'000, 1'000, 100, 10, 1};
  int64_t unit = 1;
  // (hi - lo) may overflow for extreme values: then keep 64-bit offsets of unit 1.
  __int128 span = static_cast<__int128>(hi) - lo;
  if (span <= std::numeric_limits<int64_t>::max()) {
    for (int64_t u : kUnits) {
      bool divides = true;
      for (size_t pi = 0; pi < parts.size() && divides; ++pi) {
        const std::vector<int64_t>& v = parts[pi]->ints_;
        for (size_t i = 0; i < v.size() && divides; ++i) divides = (v[i] - lo) % u == 0;
      }
      if (divides) {
        unit = u;
        break;
      }
    }
  }
  c.unit = unit;
  int64_t base = lo;
  if (span > std::numeric_limits<int64_t>::max()) {
    base = 0;
    unit = 1;
    c.unit = 1;
    c.encoding = Encoding::Int64;
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
  }
  c.base = base;
  auto narrow = [&]<class T>(T*) {
    std::vector<T> out = HugeVector<T>(n);
    std::vector<const int64_t*> v(parts.size());
    for (size_t p = 0; p < parts.size(); ++p) v[p] = parts[p]->ints_.data();
    if (unit == 1) {
      ForRows(parts, index, order, [&](size_t i, size_t p, size_t r) { out[i] = static_cast<T>(v[p][r] - base); });
    } else {
      ForRows(parts, index, order, [&](size_t i, size_t p, size_t r) { out[i] = static_cast<T>((v[p][r] - base) / unit); });
    }
    c.values = Buffer::Own(std::move(out));
  };
  switch (c.encoding) {
    case Encoding::Int8: narrow(static_cast<int8_t*>(nullptr)); break;
    case Encoding::Int16: narrow(static_cast<int16_t*>(nullptr)); break;
    case Encoding::Int32: narrow(static_cast<int32_t*>(nullptr)); break;
    default: narrow(static_cast<int64_t*>(nullptr)); break;
  }
  clear();
  return c;
}

}  // namespace sam::rt
