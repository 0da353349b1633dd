// Builds a Column from logical values (see column.hpp), then chooses its physical
// encoding. The loader fills one builder per column and chunk, merges the chunks in
// file order, and finishes with the sort order of the table.
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
  uint32_t Intern(std::string_view s);
  void GrowIndex();

  Type type_;
  std::vector<int64_t> ints_;  // strings: the code, -1 when absent
  std::vector<double> floats_;
  std::vector<uint8_t> present_;
  // Strings: the distinct values by code, their bytes in blocks that never move (so
  // the views stay valid when more are added), found
  // through an open-addressing table of (hash << 32 | code + 1).
  std::vector<std::string_view> strings_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0, block_size_ = 0;
  std::vector<uint64_t> index_;
};

}  // namespace sam::rt
