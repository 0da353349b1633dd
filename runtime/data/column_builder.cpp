#include "runtime/data/column_builder.hpp"

#include <algorithm>
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

void ColumnBuilder::AppendString(std::string_view s) {
  auto it = string_index_.find(s);
  uint32_t code;
  if (it != string_index_.end()) {
    code = it->second;
  } else {
    code = static_cast<uint32_t>(strings_.size());
    strings_.emplace_back(s);
    string_index_.emplace(strings_.back(), code);
  }
  ints_.push_back(code);
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
    for (size_t i = 0; i < other.strings_.size(); ++i) {
      const std::string& s = other.strings_[i];
      auto it = string_index_.find(s);
      if (it != string_index_.end()) {
        remap[i] = it->second;
      } else {
        remap[i] = static_cast<uint32_t>(strings_.size());
        strings_.push_back(s);
        string_index_.emplace(strings_.back(), remap[i]);
      }
    }
    ints_.reserve(ints_.size() + other.ints_.size());
    // int64_t on both sides: `-1 : uint32_t` would be 4294967295.
    for (int64_t code : other.ints_) ints_.push_back(code < 0 ? int64_t{-1} : int64_t{remap[code]});
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
    std::vector<uint32_t> sorted(strings_.size());
    std::iota(sorted.begin(), sorted.end(), 0);
    std::sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) { return strings_[a] < strings_[b]; });
    std::vector<uint32_t> rank(strings_.size());
    std::vector<uint64_t> offsets(strings_.size() + 1, 0);
    std::string bytes;
    for (size_t r = 0; r < sorted.size(); ++r) {
      rank[sorted[r]] = static_cast<uint32_t>(r);
      bytes += strings_[sorted[r]];
      offsets[r + 1] = bytes.size();
    }
    std::vector<int32_t> codes(ints_.size());
    for (size_t i = 0; i < codes.size(); ++i) {
      int64_t code = ints_[order ? (*order)[i] : i];
      codes[i] = code < 0 ? 0 : static_cast<int32_t>(rank[code]);
    }
    c.encoding = Encoding::Dict32;
    c.values = Buffer::Own(std::move(codes));
    c.dict_offsets = Buffer::Own(std::move(offsets));
    std::vector<char> chars(bytes.begin(), bytes.end());
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
