// Builds a Column from logical values (see column.hpp), then chooses its physical
// encoding. The loader fills one builder per column and chunk, merges the chunks in
// file order, and finishes with the sort order of the table.
//
// Strings are kept as bytes while rows are appended (nothing is hashed per row: most
// of a load's strings are ids that are all distinct); Finish counts the distinct
// values and makes a sorted dictionary only when there are few of them.
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
  // Appends `other`'s rows after this builder's (same type).
  void Merge(ColumnBuilder&& other);
  // Drops the last row (a row rejected after some of its fields were appended).
  void PopBack();

  size_t size() const { return present_.size(); }
  size_t string_bytes() const { return bytes_.size(); }
  const Type& type() const { return type_; }
  bool is_string() const { return type_.kind == TypeKind::String; }
  bool is_float() const { return type_.kind == TypeKind::Float; }
  // Logical value of a row appended so far (not strings, floats).
  int64_t IntAt(size_t row) const { return ints_[row]; }
  double FloatAt(size_t row) const { return floats_[row]; }
  std::string_view StringAt(size_t row) const {
    size_t begin = row == 0 ? 0 : static_cast<size_t>(ints_[row - 1]);
    return {bytes_.data() + begin, static_cast<size_t>(ints_[row]) - begin};
  }
  bool PresentAt(size_t row) const { return present_[row] != 0; }

  // The column, rows in `order` (order[i] = the builder row that becomes row i), or
  // in append order when `order` is null. The builder is left empty.
  Column Finish(const std::vector<uint32_t>* order = nullptr);
  // The same for the rows of `parts` (same type) one after another, without merging
  // them first; every part is left empty.
  static Column Finish(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* order);

 private:
  size_t StringEnd() const { return ints_.empty() ? 0 : static_cast<size_t>(ints_.back()); }
  static Column FinishStrings(const std::vector<ColumnBuilder*>& parts, const std::vector<uint32_t>* order, Column c);

  Type type_;
  std::vector<int64_t> ints_;  // strings: where the row's bytes end in bytes_
  std::vector<double> floats_;
  std::vector<uint8_t> present_;
  std::vector<char> bytes_;  // strings: every row's, in row order (absent: none)
};

}  // namespace sam::rt
