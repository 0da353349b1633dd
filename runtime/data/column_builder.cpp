#include "runtime/data/column_builder.hpp"

#include "runtime/data/huge_pages.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <utility>

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
  ++rows_;
}

void ColumnBuilder::AppendFloat(double v) {
  floats_.push_back(v);
  present_.push_back(1);
  ++rows_;
}

void ColumnBuilder::AppendString(std::string_view s) {
  bytes_.insert(bytes_.end(), s.begin(), s.end());
  ints_.push_back(static_cast<int64_t>(bytes_.size()));
  present_.push_back(1);
  ++rows_;
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
  ++rows_;
}

void ColumnBuilder::PopBack() {
  if (packed()) throw std::logic_error("ColumnBuilder::PopBack: the builder is packed");
  if (present_.empty()) return;
  present_.pop_back();
  --rows_;
  if (is_float()) {
    floats_.pop_back();
  } else {
    ints_.pop_back();
    if (is_string()) bytes_.resize(StringEnd());
  }
}

namespace {

// The units an integer column may be stored in, largest first. Each divides the one
// before it, so the units that divide a set of numbers are a tail of the list, and
// the largest of them decides which others do.
constexpr int64_t kUnits[] = {86'400'000'000, 3'600'000'000, 60'000'000, 1'000'000, 10'000, 1'000, 100, 10, 1};

int WidthFor(uint64_t steps) {
  if (steps <= UINT8_MAX) return 1;
  if (steps <= UINT16_MAX) return 2;
  if (steps <= UINT32_MAX) return 4;
  return 8;
}

// fn(offsets) with packed offsets typed by their width: 1, 2, 4 or 8 bytes.
template <class Fn>
void WithWidth(const uint8_t* offsets, int width, Fn fn) {
  switch (width) {
    case 1: fn(offsets); break;
    case 2: fn(reinterpret_cast<const uint16_t*>(offsets)); break;
    case 4: fn(reinterpret_cast<const uint32_t*>(offsets)); break;
    default: fn(reinterpret_cast<const uint64_t*>(offsets)); break;
  }
}

template <class T>
void PackOffsets(const std::vector<int64_t>& v, int64_t lo, int64_t unit, const std::vector<uint8_t>& present, std::vector<uint8_t>& out) {
  out.resize(v.size() * sizeof(T));
  T* o = reinterpret_cast<T*>(out.data());
  const bool all = present.empty();
  for (size_t i = 0; i < v.size(); ++i) {
    // Unsigned: absent rows (0) may lie below lo.
    const T k = static_cast<T>((static_cast<uint64_t>(v[i]) - static_cast<uint64_t>(lo)) / static_cast<uint64_t>(unit));
    o[i] = all || present[i] ? k : T{0};
  }
}

// Whether U divides every present value's distance from lo. Blocks without an early
// exit inside, so that the division by a constant vectorizes.
template <int64_t U>
bool AllDivide(const int64_t* v, const uint8_t* present, size_t n, int64_t lo) {
  constexpr size_t kBlock = 1024;
  for (size_t b = 0; b < n; b += kBlock) {
    bool bad = false;
    for (size_t i = b, e = std::min(n, b + kBlock); i < e; ++i) {
      bad |= (present[i] != 0) & ((static_cast<uint64_t>(v[i]) - static_cast<uint64_t>(lo)) % static_cast<uint64_t>(U) != 0);
    }
    if (bad) return false;
  }
  return true;
}

template <size_t... I>
constexpr auto DivideTests(std::index_sequence<I...>) {
  return std::array<bool (*)(const int64_t*, const uint8_t*, size_t, int64_t), sizeof...(I)>{AllDivide<kUnits[I]>...};
}
constexpr auto kDivideTests = DivideTests(std::make_index_sequence<std::size(kUnits)>());

}  // namespace

bool ColumnBuilder::AllPresent() const {
  return std::all_of(present_.begin(), present_.end(), [](uint8_t x) { return x != 0; });
}

uint64_t ColumnBuilder::Offset(size_t row) const {
  const uint8_t* p = packed_.data() + row * static_cast<size_t>(width_);
  switch (width_) {
    case 1: return *p;
    case 2: { uint16_t v; std::memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; std::memcpy(&v, p, 4); return v; }
    default: { uint64_t v; std::memcpy(&v, p, 8); return v; }
  }
}

ColumnBuilder::Range ColumnBuilder::IntRange() const {
  if (packed()) return range_;
  Range r;
  r.unit = kUnits[0];
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  for (size_t i = 0; i < ints_.size(); ++i) {
    if (!present_[i]) continue;
    lo = std::min(lo, ints_[i]);
    hi = std::max(hi, ints_[i]);
    r.any = true;
  }
  if (!r.any) return r;
  r.lo = lo;
  r.hi = hi;
  if (static_cast<__int128>(hi) - lo > std::numeric_limits<int64_t>::max()) {
    r.exact = false;
    r.unit = 1;
    return r;
  }
  for (size_t u = 0; u < std::size(kUnits); ++u) {
    if (kDivideTests[u](ints_.data(), present_.data(), ints_.size(), lo)) {
      r.unit = kUnits[u];
      break;
    }
  }
  return r;
}

ColumnBuilder::Range ColumnBuilder::RangeOf(const std::vector<ColumnBuilder*>& parts) {
  // The least value, and the largest unit that divides every part's unit and every
  // part's distance from it.
  std::vector<Range> ranges;
  Range all;
  all.lo = std::numeric_limits<int64_t>::max();
  all.hi = std::numeric_limits<int64_t>::min();
  for (const ColumnBuilder* p : parts) {
    ranges.push_back(p->IntRange());
    const Range& r = ranges.back();
    if (!r.any) continue;
    all.any = true;
    all.exact = all.exact && r.exact;
    all.lo = std::min(all.lo, r.lo);
    all.hi = std::max(all.hi, r.hi);
  }
  if (!all.any) all.lo = all.hi = 0;
  all.unit = 1;
  if (!all.exact || static_cast<__int128>(all.hi) - all.lo > std::numeric_limits<int64_t>::max()) return all;
  for (int64_t u : kUnits) {
    bool divides = true;
    for (const Range& r : ranges) divides = divides && (!r.any || (r.unit % u == 0 && (r.lo - all.lo) % u == 0));
    if (divides) {
      all.unit = u;
      break;
    }
  }
  return all;
}

void ColumnBuilder::Scaled(size_t begin, size_t end, int64_t base, int64_t unit, uint64_t* out) const {
  const uint64_t u = static_cast<uint64_t>(unit);
  if (!packed()) {
    for (size_t i = begin; i < end; ++i) out[i - begin] = (static_cast<uint64_t>(ints_[i]) - static_cast<uint64_t>(base)) / u;
    return;
  }
  // Unsigned arithmetic: a part without present rows may have lo below base.
  const uint64_t add = (static_cast<uint64_t>(range_.lo) - static_cast<uint64_t>(base)) / u;
  const uint64_t mul = static_cast<uint64_t>(range_.unit) / u;
  WithWidth(packed_.data(), width_, [&](const auto* k) {
    for (size_t i = begin; i < end; ++i) out[i - begin] = add + static_cast<uint64_t>(k[i]) * mul;
  });
}

void ColumnBuilder::Pack() {
  if (packed()) return;
  const bool all = AllPresent();
  if (is_string()) {
    if (bytes_.size() > UINT32_MAX) return;
    width_ = 4;
    PackOffsets<uint32_t>(ints_, 0, 1, {}, packed_);
  } else if (!is_float()) {
    range_ = IntRange();
    if (!range_.exact) return;
    const std::vector<uint8_t> none;
    width_ = WidthFor(static_cast<uint64_t>(range_.hi - range_.lo) / static_cast<uint64_t>(range_.unit));
    const std::vector<uint8_t>& present = all ? none : present_;
    switch (width_) {
      case 1: PackOffsets<uint8_t>(ints_, range_.lo, range_.unit, present, packed_); break;
      case 2: PackOffsets<uint16_t>(ints_, range_.lo, range_.unit, present, packed_); break;
      case 4: PackOffsets<uint32_t>(ints_, range_.lo, range_.unit, present, packed_); break;
      default: PackOffsets<uint64_t>(ints_, range_.lo, range_.unit, present, packed_); break;
    }
  }
  Release(ints_);
  if (all) Release(present_);
  // Room reserved for the chunk but not used would stay resident in the huge page
  // where the used part ends: up to 2 MB a vector and chunk.
  present_.shrink_to_fit();
  bytes_.shrink_to_fit();
  floats_.shrink_to_fit();
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

size_t RowsOf(const std::vector<ColumnBuilder*>& parts) {
  size_t n = 0;
  for (const ColumnBuilder* p : parts) n += p->size();
  return n;
}

// Calls fn(i, part index, row in part) for every row of the parts, in part order, where
// i is the row's place in the column: its number in part order, or dest[that number].
// Reading the parts in order and writing out of order (rather than the other way
// round) keeps the loads sequential: a processor waits for loads that miss, not for
// stores.
template <class Fn>
void ForRows(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* dest, Fn fn) {
  size_t g = 0;
  for (size_t p = 0; p < parts.size(); ++p) {
    const size_t n = parts[p]->size();
    if (dest) {
      const uint32_t* d = dest->data() + g;
      for (size_t r = 0; r < n; ++r) fn(d[r], p, r);
    } else {
      for (size_t r = 0; r < n; ++r) fn(g + r, p, r);
    }
    g += n;
  }
}

}  // namespace

Column ColumnBuilder::FinishStrings(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* dest, Column c) {
  const size_t n = RowsOf(parts);
  bool plain = false;
  if (n > 4 * kSampleRows) {
    Distinct sample(kSampleRows);
    size_t seen = 0, present = 0;
    for (const ColumnBuilder* p : parts) {
      for (size_t r = 0; r < p->size() && seen < kSampleRows; ++r, ++seen) {
        if (p->PresentAt(r)) sample.Add(p->StringAt(r)), ++present;
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
        if (!p.PresentAt(r)) {
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
    Release(codes);
    distinct.reset();
    size_t total = 0;
    for (const ColumnBuilder* p : parts) total += p->bytes_.size();
    auto offsets = HugeVector<uint64_t>(n + 1);
    offsets[0] = 0;
    if (!dest && parts.size() == 1) {
      for (size_t i = 0; i < n; ++i) offsets[i + 1] = parts[0]->End(i);
      c.dict_bytes = Buffer::Own(std::move(parts[0]->bytes_));
    } else {
      // Lengths at their rows' places, their running sums, then the bytes.
      ForRows(parts, dest, [&](size_t i, size_t p, size_t r) { offsets[i + 1] = parts[p]->StringAt(r).size(); });
      for (size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
      auto out = HugeVector<char>(total);
      ForRows(parts, dest, [&](size_t i, size_t p, size_t r) {
        std::string_view s = parts[p]->StringAt(r);
        if (!s.empty()) std::memcpy(out.data() + offsets[i], s.data(), s.size());
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
    for (size_t r = 0; r < codes[pi].size(); ++r) codes[pi][r] = parts[pi]->PresentAt(r) ? rank[codes[pi][r]] : 0;
  }
  std::vector<const uint32_t*> part_codes(parts.size());
  for (size_t pi = 0; pi < parts.size(); ++pi) part_codes[pi] = codes[pi].data();
  auto out = HugeVector<int32_t>(n);
  ForRows(parts, dest, [&](size_t i, size_t p, size_t r) { out[i] = static_cast<int32_t>(part_codes[p][r]); });
  c.encoding = Encoding::Dict32;
  c.values = Buffer::Own(std::move(out));
  c.dict_offsets = Buffer::Own(std::move(offsets));
  c.dict_bytes = Buffer::Own(std::move(chars));
  return c;
}
Column ColumnBuilder::Finish(const std::vector<uint32_t>* dest) { return Finish({this}, dest); }

Column ColumnBuilder::Finish(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* dest) {
  const size_t n = RowsOf(parts);
  if (dest && dest->size() != n) throw std::logic_error("ColumnBuilder::Finish: destinations of the wrong size");
  ColumnBuilder& first = *parts.front();
  Column c;
  c.type = first.type_;
  c.size = n;
  bool all = true;
  for (const ColumnBuilder* p : parts) all = all && p->AllPresent();
  if (!all) {
    std::vector<uint64_t> words((n + 63) / 64, 0);
    ForRows(parts, dest, [&](size_t i, size_t p, size_t r) {
      words[i >> 6] |= static_cast<uint64_t>(parts[p]->PresentAt(r)) << (i & 63);
    });
    c.validity = Buffer::Own(std::move(words));
  }
  auto clear = [&] {
    for (ColumnBuilder* p : parts) *p = ColumnBuilder(c.type);
  };

  if (first.is_float()) {
    c.encoding = Encoding::Float64;
    auto out = HugeVector<double>(n);
    ForRows(parts, dest, [&](size_t i, size_t p, size_t r) { out[i] = parts[p]->floats_[r]; });
    c.values = Buffer::Own(std::move(out));
    clear();
    return c;
  }

  if (first.is_string()) {
    Column done = FinishStrings(parts, dest, std::move(c));
    clear();
    return done;
  }

  Column done = FinishInts(parts, dest, std::move(c));
  clear();
  return done;
}

namespace {

// How one part's rows become the column's stored integers: packed parts from their
// offsets (add + offset * mul), the others from their values ((value - base) / unit);
// absent rows as `absent`.
struct PartEncoder {
  const int64_t* values = nullptr;  // unpacked
  const uint8_t* offsets = nullptr;  // packed
  const uint8_t* present = nullptr;  // null: every row
  int width = 0;
  int64_t add = 0, mul = 1;
  int64_t base = 0, unit = 1;
  int64_t absent = 0;
};

// Writes part rows [0, n) to out[dest[r]] (dest null: out[r]).
template <class T, class Get>
void Scatter(T* out, const uint32_t* dest, size_t n, const uint8_t* present, T absent, Get get) {
  if (dest) {
    for (size_t r = 0; r < n; ++r) out[dest[r]] = present && !present[r] ? absent : static_cast<T>(get(r));
  } else {
    for (size_t r = 0; r < n; ++r) out[r] = present && !present[r] ? absent : static_cast<T>(get(r));
  }
}

template <class T>
void EncodePart(const PartEncoder& e, T* out, const uint32_t* dest, size_t n) {
  const T absent = static_cast<T>(e.absent);
  if (e.width != 0) {
    WithWidth(e.offsets, e.width, [&](const auto* k) {
      Scatter(out, dest, n, e.present, absent, [&](size_t r) { return e.add + static_cast<int64_t>(k[r]) * e.mul; });
    });
  } else if (e.unit == 1) {
    Scatter(out, dest, n, e.present, absent, [&](size_t r) { return e.values[r] - e.base; });
  } else {
    Scatter(out, dest, n, e.present, absent, [&](size_t r) { return (e.values[r] - e.base) / e.unit; });
  }
}

}  // namespace

Column ColumnBuilder::FinishInts(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* dest, Column c) {
  const size_t n = RowsOf(parts);
  const Range all = RangeOf(parts);
  int64_t unit = all.unit, base = all.lo;
  // (hi - lo) may overflow for extreme values: then keep 64-bit values of unit 1.
  const __int128 span = static_cast<__int128>(all.hi) - all.lo;
  if (!all.exact || span > std::numeric_limits<int64_t>::max()) {
    base = 0;
    unit = 1;
    c.encoding = Encoding::Int64;
  } else {
    const int64_t steps = static_cast<int64_t>(span / unit);
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
  c.unit = unit;
  c.base = base;
  std::vector<PartEncoder> enc(parts.size());
  for (size_t pi = 0; pi < parts.size(); ++pi) {
    const ColumnBuilder& p = *parts[pi];
    PartEncoder& e = enc[pi];
    e.present = p.present_.empty() ? nullptr : p.present_.data();
    e.absent = (all.lo - base) / unit;
    if (p.packed()) {
      e.width = p.width_;
      e.offsets = p.packed_.data();
      e.add = (p.range_.lo - base) / unit;
      e.mul = p.range_.unit / unit;
    } else {
      e.values = p.ints_.data();
      e.base = base;
      e.unit = unit;
    }
  }
  auto narrow = [&]<class T>(T*) {
    auto out = HugeVector<T>(n);
    size_t g = 0;
    for (size_t p = 0; p < parts.size(); ++p) {
      const size_t rows = parts[p]->size();
      EncodePart<T>(enc[p], dest ? out.data() : out.data() + g, dest ? dest->data() + g : nullptr, rows);
      g += rows;
    }
    c.values = Buffer::Own(std::move(out));
  };
  switch (c.encoding) {
    case Encoding::Int8: narrow(static_cast<int8_t*>(nullptr)); break;
    case Encoding::Int16: narrow(static_cast<int16_t*>(nullptr)); break;
    case Encoding::Int32: narrow(static_cast<int32_t*>(nullptr)); break;
    case Encoding::Int64: case Encoding::Float64: case Encoding::Dict32: case Encoding::Plain:
      narrow(static_cast<int64_t*>(nullptr)); break;
  }
  return c;
}

}  // namespace sam::rt
