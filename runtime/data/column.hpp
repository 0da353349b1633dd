// One column of a table, in the physical form chosen when it was loaded.
//
// Every SAM value is a 64-bit "logical" integer or a double: ints as they are,
// decimals scaled by 10^6, bools 0/1, dates in days since 1970-01-01, timestamps and
// durations in microseconds (UTC), enums their variant index, strings the code of
// their column's dictionary. Floats are doubles.
//
// Integer-like columns are stored narrow: logical = base + stored * unit, where
// `unit` is the coarsest of 1 day, 1 hour, 1 minute, 1 second, 1 ms, 10^4, 10^3, 100,
// 10, 1 that divides every (value - base), and `stored` is the narrowest of 8, 16, 32
// or 64 bits that holds (max - base) / unit. A timestamp column of whole seconds
// spanning 60 years is 4 bytes a row instead of 8; whole-euro amounts take 2 or 4.
//
// Strings are stored one of two ways, chosen at load from how many distinct values
// the column has. Dict32: a sorted dictionary, so that codes order like their strings
// (`<` on codes is `<` on the strings of one column), and an int32 code per row.
// Plain (nearly all values distinct: order ids, emails): no dictionary, no codes; the
// rows' bytes concatenated in row order and uint64 offsets per row + 1 into them (in
// the two dictionary buffers). Read strings with Str, DecodeStrings or GatherStrings,
// which work for both. Absent values are a validity bitmap (bit set = present; no
// bitmap = all present); their stored value is `base` (Plain: the empty string).
#pragma once

#include <cstdint>
#include <string_view>

#include "runtime/data/buffer.hpp"
#include "schema/types.hpp"

namespace sam::rt {

enum class Encoding : uint8_t { Int8, Int16, Int32, Int64, Float64, Dict32, Plain };

struct Column {
  Type type;  // the logical SAM type (optional: the column may have absent values)
  Encoding encoding = Encoding::Int64;
  int64_t base = 0;
  int64_t unit = 1;
  uint64_t size = 0;     // rows
  Buffer values;         // `size` stored values
  Buffer validity;       // uint64 words, bit r%64 of word r/64; empty: all present
  Buffer dict_offsets;   // Dict32: uint64[entries + 1] into dict_bytes; Plain: uint64[size + 1]
  Buffer dict_bytes;     // Dict32: the sorted, distinct strings, concatenated; Plain: every row's

  bool all_present() const { return validity.empty(); }
  bool Present(uint64_t row) const {
    return validity.empty() || ((validity.as<uint64_t>()[row >> 6] >> (row & 63)) & 1) != 0;
  }
  // The logical value (not for Float64; 0 for Plain, which has no codes).
  int64_t Int(uint64_t row) const {
    switch (encoding) {
      case Encoding::Int8: return base + static_cast<int64_t>(values.as<int8_t>()[row]) * unit;
      case Encoding::Int16: return base + static_cast<int64_t>(values.as<int16_t>()[row]) * unit;
      case Encoding::Int32:
      case Encoding::Dict32: return base + static_cast<int64_t>(values.as<int32_t>()[row]) * unit;
      case Encoding::Int64: return base + values.as<int64_t>()[row] * unit;
      case Encoding::Plain: return 0;
      case Encoding::Float64: break;
    }
    return static_cast<int64_t>(values.as<double>()[row]);
  }
  double Float(uint64_t row) const { return values.as<double>()[row]; }
  // Dict32 only (0 for Plain).
  uint32_t dict_size() const {
    return encoding != Encoding::Dict32 || dict_offsets.empty() ? 0 : static_cast<uint32_t>(dict_offsets.count<uint64_t>() - 1);
  }
  // Bounded, so that a snapshot corrupted in its column data (opened without
  // verification, which does not read the dictionary) gives wrong strings, never reads
  // outside the buffers: a code outside the dictionary reads as "", offsets are clamped.
  // Plain columns are bounded the same way: offsets are not checked when a snapshot
  // opens (that would read 8 bytes a row), so Str clamps them.
  std::string_view DictEntry(uint32_t code) const {
    if (code >= dict_size()) return {};
    return Slice(code);
  }
  std::string_view Str(uint64_t row) const {
    if (encoding == Encoding::Plain) return row + 1 < dict_offsets.count<uint64_t>() ? Slice(row) : std::string_view();
    return DictEntry(static_cast<uint32_t>(Int(row)));
  }
  // Strings of rows [begin, end) / of the given rows; they view the column's bytes.
  void DecodeStrings(uint64_t begin, uint64_t end, std::string_view* out) const;
  void GatherStrings(const uint32_t* rows, size_t n, std::string_view* out) const;
  // The code of `s` in the dictionary, or -1; LowerBound: the first code >= s.
  int64_t FindCode(std::string_view s) const;
  uint32_t LowerBound(std::string_view s) const;

  // Logical values of rows [begin, end) (not for Float64).
  void DecodeInts(uint64_t begin, uint64_t end, int64_t* out) const;
  // Logical values of the given rows.
  void GatherInts(const uint32_t* rows, size_t n, int64_t* out) const;
  void DecodeFloats(uint64_t begin, uint64_t end, double* out) const;
  void GatherFloats(const uint32_t* rows, size_t n, double* out) const;
  // Presence of rows [begin, end) as 0/1 bytes.
  void DecodePresent(uint64_t begin, uint64_t end, uint8_t* out) const;
  void GatherPresent(const uint32_t* rows, size_t n, uint8_t* out) const;

  // Bytes held: values, validity and dictionary.
  size_t bytes() const { return values.size() + validity.size() + dict_offsets.size() + dict_bytes.size(); }

 private:
  // Entry i of the offsets (i + 1 < their count), clamped to the bytes.
  std::string_view Slice(uint64_t i) const {
    const uint64_t* off = dict_offsets.as<uint64_t>();
    uint64_t end = off[i + 1] < dict_bytes.size() ? off[i + 1] : dict_bytes.size();
    uint64_t begin = off[i] < end ? off[i] : end;
    return {reinterpret_cast<const char*>(dict_bytes.data()) + begin, static_cast<size_t>(end - begin)};
  }
};

size_t EncodingWidth(Encoding e);

// The least and greatest stored value of a column of Int8..Int64 (0 among them: absent
// rows store it), scanned; the tables of date tests cover that span.
std::pair<int64_t, int64_t> StoredSpan(const Column& c);

}  // namespace sam::rt
