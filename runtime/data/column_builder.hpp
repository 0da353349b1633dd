// Builds a Column from logical values (see column.hpp), then chooses its physical
// encoding. The loader fills one builder per column and chunk, merges the chunks in
// file order, and finishes with the sort order of the table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <deque>
#include <unordered_map>
#include <vector>

#include "runtime/data/column.hpp"

namespace sam::rt {

class ColumnBuilder {
 public:
  explicit ColumnBuilder(Type type);

  void Reserve(size_t rows);
  void AppendInt(int64_t v);  // every type but float and string
  void AppendFloat(double v);
  void AppendString(std::string_view s);
  void AppendAbsent();
  // Appends `other`'s rows after this builder's (same type).
  void Merge(ColumnBuilder&& other);
  // Drops the last row (a row rejected after some of its fields were appended).
  void PopBack();

  size_t size() const { return present_.size(); }
  const Type& type() const { return type_; }
  bool is_string() const { return type_.kind == TypeKind::String; }
  bool is_float() const { return type_.kind == TypeKind::Float; }
  // Logical value of a row appended so far (not strings, floats).
  int64_t IntAt(size_t row) const { return ints_[row]; }
  double FloatAt(size_t row) const { return floats_[row]; }
  std::string_view StringAt(size_t row) const { return strings_[ints_[row]]; }
  bool PresentAt(size_t row) const { return present_[row] != 0; }

  // The column, rows in `order` (order[i] = the builder row that becomes row i), or
  // in append order when `order` is null. The builder is left empty.
  Column Finish(const std::vector<uint32_t>* order = nullptr);

 private:
  Type type_;
  std::vector<int64_t> ints_;  // strings: index into strings_
  std::vector<double> floats_;
  std::vector<uint8_t> present_;
  std::deque<std::string> strings_;  // distinct; a deque keeps the views of string_index_ valid
  std::unordered_map<std::string_view, uint32_t> string_index_;
};

}  // namespace sam::rt
