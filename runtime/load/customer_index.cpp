#include "runtime/load/customer_index.hpp"

#include <functional>

#include "runtime/data/huge_pages.hpp"

namespace sam::rt::load {

namespace {
uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}
}  // namespace

CustomerIndex::CustomerIndex(const Column& key) : column_(&key), string_(key.type.kind == TypeKind::String) {
  const uint64_t n = key.size;
  if (!string_ && n > 0) {
    std::vector<int64_t> values(n);
    key.DecodeInts(0, n, values.data());
    int64_t lo = values.front(), hi = values.back();  // sorted
    if (static_cast<unsigned __int128>(static_cast<__int128>(hi) - lo) < 4 * n + 1024) {
      min_ = lo;
      // Looked up once per event row in random order: huge pages spare TLB misses.
      ReserveHuge(dense_, static_cast<size_t>(hi - lo + 1));
      dense_.assign(static_cast<size_t>(hi - lo + 1), -1);
      for (uint64_t r = 0; r < n; ++r) dense_[static_cast<size_t>(values[r] - lo)] = static_cast<int32_t>(r);
      return;
    }
    uint64_t cap = 16;
    while (cap < 2 * n) cap <<= 1;
    mask_ = cap - 1;
    keys_.assign(cap, 0);
    rows_.assign(cap, -1);
    for (uint64_t r = 0; r < n; ++r) {
      uint64_t h = Mix(static_cast<uint64_t>(values[r])) & mask_;
      while (rows_[h] >= 0) h = (h + 1) & mask_;
      keys_[h] = values[r];
      rows_[h] = static_cast<int32_t>(r);
    }
    return;
  }
  uint64_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  mask_ = cap - 1;
  rows_.assign(cap, -1);
  for (uint64_t r = 0; r < n; ++r) {
    uint64_t h = std::hash<std::string_view>{}(key.Str(r)) & mask_;
    while (rows_[h] >= 0) h = (h + 1) & mask_;
    rows_[h] = static_cast<int32_t>(r);
  }
}

int64_t CustomerIndex::Find(int64_t key) const {
  if (string_ || !column_) return -1;
  if (!dense_.empty() || mask_ == 0) {
    uint64_t i = static_cast<uint64_t>(key) - static_cast<uint64_t>(min_);
    if (key < min_ || i >= dense_.size()) return -1;
    return dense_[i];
  }
  for (uint64_t h = Mix(static_cast<uint64_t>(key)) & mask_; rows_[h] >= 0; h = (h + 1) & mask_) {
    if (keys_[h] == key) return rows_[h];
  }
  return -1;
}

int64_t CustomerIndex::Find(std::string_view key) const {
  if (!string_ || !column_) return -1;
  for (uint64_t h = std::hash<std::string_view>{}(key) & mask_; rows_[h] >= 0; h = (h + 1) & mask_) {
    if (column_->Str(static_cast<uint64_t>(rows_[h])) == key) return rows_[h];
  }
  return -1;
}

}  // namespace sam::rt::load
