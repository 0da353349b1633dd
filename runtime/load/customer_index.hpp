// Customer keys to customer rows, for the event and list rows being loaded: one
// lookup per row, so a direct array when the keys are dense integers (ids 1..N) and
// an open-addressing hash table otherwise.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/data/column.hpp"

namespace sam::rt::load {

class CustomerIndex {
 public:
  CustomerIndex() = default;
  // `key` is the customers' key column, sorted and without duplicates; it must outlive this.
  explicit CustomerIndex(const Column& key);

  // The customer row, or -1.
  int64_t Find(int64_t key) const;
  // Starts loading what Find(key) will read: event rows come in random customer
  // order, so the index misses the caches; the rest of the row is parsed meanwhile.
  void Prefetch(int64_t key) const {
    const uint64_t i = static_cast<uint64_t>(key) - static_cast<uint64_t>(min_);
    if (!dense_.empty() && i < dense_.size()) __builtin_prefetch(&dense_[i]);
  }
  int64_t Find(std::string_view key) const;

 private:
  const Column* column_ = nullptr;
  bool string_ = false;
  int64_t min_ = 0;
  std::vector<int32_t> dense_;    // dense ints: row of key min_ + i
  std::vector<int64_t> keys_;     // hash table of ints
  std::vector<int32_t> rows_;     // hash table: the row, -1 when empty
  uint64_t mask_ = 0;
};

}  // namespace sam::rt::load
