// Builds a Column from logical values (see column.hpp), then chooses its physical
// encoding. The loader fills one builder per column and chunk, and finishes each
// column from its chunks' builders in file order, with each row placed where the
// table's order puts it.
//
// Strings are kept as bytes while rows are appended (nothing is hashed per row: most
// of a load's strings are ids that are all distinct); Finish counts the distinct
// values and makes a sorted dictionary only when there are few of them.
//
// Integers are appended as 64 bits. Pack narrows a finished chunk (the loader packs
// each chunk as soon as it is parsed): a table's rows are then never all held at 9
// bytes a value, which at 10M customers would not fit in memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <memory>
#include <vector>

#include "runtime/data/column.hpp"

namespace sam::rt {

class ColumnBuilder {
 public:
  explicit ColumnBuilder(Type type);

  void Reserve(size_t rows);
  void ReserveBytes(size_t bytes);  // strings: room for this many bytes of them
  void AppendInt(int64_t v);  // every type but float and string
  void AppendFloat(double v);
  void AppendString(std::string_view s);
  void AppendAbsent();
  // Drops the last row (a row rejected after some of its fields were appended).
  void PopBack();
  // Narrows the rows appended so far: integers to offsets from their least value in
  // the largest of kUnits that divides them all, in the fewest bytes; string ends to
  // 32 bits; the presence bytes go when every row is present. Nothing may be appended
  // after. Finish makes the same column from packed and unpacked builders.
  void Pack();
  bool packed() const { return width_ != 0; }

  size_t size() const { return rows_; }
  const Type& type() const { return type_; }
  bool is_string() const { return type_.kind == TypeKind::String; }
  bool is_float() const { return type_.kind == TypeKind::Float; }
  // Logical value of a row appended so far (not strings, floats).
  int64_t IntAt(size_t row) const { return width_ == 0 ? ints_[row] : range_.lo + range_.unit * static_cast<int64_t>(Offset(row)); }
  double FloatAt(size_t row) const { return floats_[row]; }
  std::string_view StringAt(size_t row) const {
    size_t begin = row == 0 ? 0 : End(row - 1);
    return {bytes_.data() + begin, End(row) - begin};
  }
  bool PresentAt(size_t row) const { return present_.empty() || present_[row] != 0; }

  // The least and greatest present value, and the largest unit that divides every
  // present value's distance from the least; `exact` false when that distance may not
  // fit in 64 bits (the unit is then 1). any: a row is present.
  struct Range {
    bool any = false;
    bool exact = true;
    int64_t lo = 0, hi = 0, unit = 1;
  };
  Range IntRange() const;  // of the rows appended so far (integers)
  // The Range of all `parts`' rows: its unit divides every part's unit and distance.
  static Range RangeOf(const std::vector<ColumnBuilder*>& parts);
  // Rows [begin, end) as (value - base) / unit, for a base and unit of the Range of
  // a set of parts that includes this one (absent rows: any number).
  void Scaled(size_t begin, size_t end, int64_t base, int64_t unit, uint64_t* out) const;

  // The column, row r of the builder becoming row dest[r] (dest a permutation), or
  // rows in append order when `dest` is null. The builder is left empty.
  Column Finish(const std::vector<uint32_t>* dest = nullptr);
  // The same for the rows of `parts` (same type) one after another, without merging
  // them first; every part is left empty.
  static Column Finish(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* dest);

 private:
  bool AllPresent() const;
  size_t StringEnd() const { return ints_.empty() ? 0 : static_cast<size_t>(ints_.back()); }
  size_t End(size_t row) const { return width_ == 0 ? static_cast<size_t>(ints_[row]) : static_cast<size_t>(Offset(row)); }
  uint64_t Offset(size_t row) const;
  static Column FinishStrings(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* dest, Column c);
  static Column FinishInts(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* dest, Column c);

  Type type_;
  size_t rows_ = 0;
  std::vector<int64_t> ints_;  // strings: where the row's bytes end in bytes_
  std::vector<double> floats_;
  std::vector<uint8_t> present_;  // empty once packed if every row is present
  std::vector<char> bytes_;  // strings: every row's, in row order (absent: none)
  // Packed (width_ > 0): row r's value is range_.lo + range_.unit * its offset, an
  // unsigned integer of width_ bytes at packed_[r * width_]; absent rows have offset 0.
  // For strings the offsets are the ends, with lo 0 and unit 1.
  int width_ = 0;
  Range range_;
  std::vector<uint8_t> packed_;
};

}  // namespace sam::rt
