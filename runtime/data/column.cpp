#include "runtime/data/column.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace sam::rt {

size_t EncodingWidth(Encoding e) {
  switch (e) {
    case Encoding::Int8: return 1;
    case Encoding::Int16: return 2;
    case Encoding::Int32: return 4;
    case Encoding::Int64: return 8;
    case Encoding::Float64: return 8;
    case Encoding::Dict32: return 4;
    case Encoding::Plain: return 0;
  }
  return 8;
}

namespace {

template <class T>
void DecodeRange(const Column& c, uint64_t begin, uint64_t end, int64_t* out) {
  const T* v = c.values.as<T>() + begin;
  const size_t n = end - begin;
  const int64_t base = c.base, unit = c.unit;
  if (unit == 1) {
    for (size_t i = 0; i < n; ++i) out[i] = base + static_cast<int64_t>(v[i]);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = base + static_cast<int64_t>(v[i]) * unit;
  }
}

template <class T>
void GatherRows(const Column& c, const uint32_t* rows, size_t n, int64_t* out) {
  const T* v = c.values.as<T>();
  const int64_t base = c.base, unit = c.unit;
  for (size_t i = 0; i < n; ++i) out[i] = base + static_cast<int64_t>(v[rows[i]]) * unit;
}

}  // namespace

void Column::DecodeInts(uint64_t begin, uint64_t end, int64_t* out) const {
  switch (encoding) {
    case Encoding::Int8: DecodeRange<int8_t>(*this, begin, end, out); break;
    case Encoding::Int16: DecodeRange<int16_t>(*this, begin, end, out); break;
    case Encoding::Int32:
    case Encoding::Dict32: DecodeRange<int32_t>(*this, begin, end, out); break;
    case Encoding::Int64: DecodeRange<int64_t>(*this, begin, end, out); break;
    case Encoding::Float64:
      for (uint64_t r = begin; r < end; ++r) out[r - begin] = static_cast<int64_t>(values.as<double>()[r]);
      break;
    case Encoding::Plain: std::fill(out, out + (end - begin), int64_t{0}); break;
  }
}

void Column::GatherInts(const uint32_t* rows, size_t n, int64_t* out) const {
  switch (encoding) {
    case Encoding::Int8: GatherRows<int8_t>(*this, rows, n, out); break;
    case Encoding::Int16: GatherRows<int16_t>(*this, rows, n, out); break;
    case Encoding::Int32:
    case Encoding::Dict32: GatherRows<int32_t>(*this, rows, n, out); break;
    case Encoding::Int64: GatherRows<int64_t>(*this, rows, n, out); break;
    case Encoding::Float64:
      for (size_t i = 0; i < n; ++i) out[i] = static_cast<int64_t>(values.as<double>()[rows[i]]);
      break;
    case Encoding::Plain: std::fill(out, out + n, int64_t{0}); break;
  }
}

void Column::DecodeFloats(uint64_t begin, uint64_t end, double* out) const {
  std::memcpy(out, values.as<double>() + begin, (end - begin) * sizeof(double));
}

void Column::GatherFloats(const uint32_t* rows, size_t n, double* out) const {
  const double* v = values.as<double>();
  for (size_t i = 0; i < n; ++i) out[i] = v[rows[i]];
}

void Column::DecodePresent(uint64_t begin, uint64_t end, uint8_t* out) const {
  if (validity.empty()) {
    if (end > begin) std::memset(out, 1, end - begin);  // `out` may be null for no rows
    return;
  }
  const uint64_t* w = validity.as<uint64_t>();
  uint64_t r = begin;
  for (; r < end && (r & 7) != 0; ++r) out[r - begin] = (w[r >> 6] >> (r & 63)) & 1;
  // Eight rows at a time: each bit of a validity byte spread to a byte of its own
  // (byte k of the word is row r + k on a little-endian machine).
  static_assert(std::endian::native == std::endian::little);
  for (; r + 8 <= end; r += 8) {
    const uint64_t bits = (w[r >> 6] >> (r & 63)) & 0xFF;
    const uint64_t bytes =
        ((((bits * 0x0101010101010101ull) & 0x8040201008040201ull) + 0x7F7F7F7F7F7F7F7Full) & 0x8080808080808080ull) >> 7;
    std::memcpy(out + (r - begin), &bytes, 8);
  }
  for (; r < end; ++r) out[r - begin] = (w[r >> 6] >> (r & 63)) & 1;
}

void Column::GatherPresent(const uint32_t* rows, size_t n, uint8_t* out) const {
  if (validity.empty()) {
    if (n > 0) std::memset(out, 1, n);  // `out` may be null for no rows (memset's null is undefined)
    return;
  }
  const uint64_t* w = validity.as<uint64_t>();
  for (size_t i = 0; i < n; ++i) out[i] = (w[rows[i] >> 6] >> (rows[i] & 63)) & 1;
}

void Column::DecodeStrings(uint64_t begin, uint64_t end, std::string_view* out) const {
  if (encoding != Encoding::Dict32) {
    for (uint64_t r = begin; r < end; ++r) out[r - begin] = Str(r);
    return;
  }
  const int32_t* v = values.as<int32_t>();
  for (uint64_t r = begin; r < end; ++r) out[r - begin] = DictEntry(static_cast<uint32_t>(base + static_cast<int64_t>(v[r]) * unit));
}

void Column::GatherStrings(const uint32_t* rows, size_t n, std::string_view* out) const {
  if (encoding != Encoding::Dict32) {
    for (size_t i = 0; i < n; ++i) out[i] = Str(rows[i]);
    return;
  }
  const int32_t* v = values.as<int32_t>();
  for (size_t i = 0; i < n; ++i) out[i] = DictEntry(static_cast<uint32_t>(base + static_cast<int64_t>(v[rows[i]]) * unit));
}

int64_t Column::FindCode(std::string_view s) const {
  uint32_t code = LowerBound(s);
  return code < dict_size() && DictEntry(code) == s ? static_cast<int64_t>(code) : -1;
}

uint32_t Column::LowerBound(std::string_view s) const {
  uint32_t lo = 0, hi = dict_size();
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (DictEntry(mid) < s) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

std::pair<int64_t, int64_t> StoredSpan(const Column& c) {
  auto span = [&](const auto* v) {
    using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
    T lo = 0, hi = 0;
    for (uint64_t r = 0; r < c.size; ++r) lo = std::min(lo, v[r]), hi = std::max(hi, v[r]);
    return std::pair<int64_t, int64_t>(lo, hi);
  };
  switch (c.encoding) {
    case Encoding::Int8: return span(c.values.as<int8_t>());
    case Encoding::Int16: return span(c.values.as<int16_t>());
    case Encoding::Int32: return span(c.values.as<int32_t>());
    default: return span(c.values.as<int64_t>());
  }
}

}  // namespace sam::rt
