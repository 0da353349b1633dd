// A reference table's rows by key (`propositions[trigger.product]`): built once per
// run from the table's key column, for every backend's lookups.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "runtime/data/column.hpp"

namespace sam::rt {

class ReferenceIndex {
 public:
  ReferenceIndex() = default;
  // Indexes the present keys of `key` (rows 0..rows-1); a repeated key keeps its
  // first row (the loader rejects duplicates, so there are none in loaded data).
  ReferenceIndex(const Column& key, uint64_t rows);

  // The row with this key (int-like or string), if any.
  std::optional<uint32_t> Find(int64_t key) const;
  std::optional<uint32_t> Find(std::string_view key) const;

 private:
  std::unordered_map<int64_t, uint32_t> ints_;
  std::unordered_map<std::string_view, uint32_t> strings_;  // views into the column
};

}  // namespace sam::rt
