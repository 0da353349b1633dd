// A growable byte buffer that formats CSV rows (RFC 4180 quoting, rows ending in
// `\n`). Each field call appends the value and a comma; EndRow turns the last comma
// into the line end, so an absent value is just `Null()`. The generator fills one
// buffer per table and chunk of customers and writes them in chunk order.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace sam::gen {

class CsvBuffer {
 public:
  void Header(std::span<const std::string_view> names);

  void Int(int64_t v);
  void Cents(int64_t cents);          // a decimal with two digits: 1250 -> 12.50
  void Bool(bool v) { Raw(v ? std::string_view("true") : std::string_view("false")); }
  void Date(int64_t days);            // YYYY-MM-DD
  void Timestamp(int64_t seconds);    // YYYY-MM-DDTHH:MM:SSZ
  void Str(std::string_view s);       // quoted when it holds `,` `"` CR or LF
  void Raw(std::string_view s) {      // a value known to need no quoting
    char* p = Room(s.size() + 1);
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = ',';
    size_ += s.size() + 1;
  }
  void Null() { *Room(1) = ','; ++size_; }
  void EndRow();

  // Reorders the rows written so far by a random permutation (event tables: a
  // loader must not rely on rows being grouped by customer or sorted by time).
  template <typename Rng>
  void ShuffleRows(Rng& rng) {
    const size_t n = starts_.size();
    order_.resize(n);
    for (size_t i = 0; i < n; ++i) order_[i] = static_cast<uint32_t>(i);
    for (size_t i = n; i > 1; --i) std::swap(order_[i - 1], order_[rng.Below(i)]);
    ApplyOrder();
  }

  std::string_view view() const { return {data_.get(), size_}; }
  size_t size() const { return size_; }
  int64_t rows() const { return static_cast<int64_t>(starts_.size()); }
  void Clear() {
    size_ = 0;
    row_start_ = 0;
    starts_.clear();
  }

 private:
  char* Room(size_t n) {
    if (size_ + n > cap_) Grow(size_ + n);
    return data_.get() + size_;
  }
  void Grow(size_t need);
  void ApplyOrder();

  std::unique_ptr<char[]> data_;
  size_t size_ = 0, cap_ = 0;
  size_t row_start_ = 0;
  std::vector<uint32_t> starts_;  // the start of each row; rows end at the next start
  std::vector<uint32_t> order_;   // ShuffleRows: the rows in their new order
  std::unique_ptr<char[]> scratch_;
  size_t scratch_cap_ = 0;
};

}  // namespace sam::gen
