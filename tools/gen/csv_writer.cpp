#include "tools/gen/csv_writer.hpp"

#include <algorithm>
#include <charconv>

#include "schema/calendar.hpp"

namespace sam::gen {
namespace {

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

inline void Two(char* p, unsigned v) {
  p[0] = kDigitPairs[2 * v];
  p[1] = kDigitPairs[2 * v + 1];
}

// YYYY-MM-DD at p (10 bytes); years 0..9999.
inline void ComputeDate(char* p, int64_t days) {
  CivilDate c = CivilFromDays(days);
  unsigned y = static_cast<unsigned>(c.year);
  Two(p, y / 100 % 100);
  Two(p + 2, y % 100);
  p[4] = '-';
  Two(p + 5, c.month);
  p[7] = '-';
  Two(p + 8, c.day);
}

// The dates of 1900..2099 preformatted (730 KB), built on first use.
constexpr int64_t kTableFirst = DaysFromCivil(1900, 1, 1);
constexpr int64_t kTableDays = DaysFromCivil(2100, 1, 1) - kTableFirst;

const char* DateTable() {
  static const std::unique_ptr<char[]> table = [] {
    auto t = std::make_unique_for_overwrite<char[]>(static_cast<size_t>(kTableDays) * 10);
    for (int64_t d = 0; d < kTableDays; ++d) ComputeDate(t.get() + d * 10, kTableFirst + d);
    return t;
  }();
  return table.get();
}

inline void WriteDate(char* p, int64_t days) {
  static const char* const table = DateTable();
  int64_t i = days - kTableFirst;
  if (i >= 0 && i < kTableDays) std::memcpy(p, table + i * 10, 10);
  else ComputeDate(p, days);
}

}  // namespace

void CsvBuffer::Header(std::span<const std::string_view> names) {
  for (auto n : names) Str(n);
  EndRow();
}

void CsvBuffer::Int(int64_t v) {
  char* p = Room(21);
  auto r = std::to_chars(p, p + 20, v);
  *r.ptr = ',';
  size_ += static_cast<size_t>(r.ptr - p) + 1;
}

void CsvBuffer::Cents(int64_t cents) {
  char* p = Room(24);
  char* q = p;
  if (cents < 0) {
    *q++ = '-';
    cents = -cents;
  }
  auto r = std::to_chars(q, q + 20, cents / 100);
  q = r.ptr;
  *q++ = '.';
  Two(q, static_cast<unsigned>(cents % 100));
  q[2] = ',';
  size_ += static_cast<size_t>(q + 3 - p);
}

void CsvBuffer::Date(int64_t days) {
  char* p = Room(11);
  WriteDate(p, days);
  p[10] = ',';
  size_ += 11;
}

void CsvBuffer::Timestamp(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / kSecondsPerDay : (seconds - kSecondsPerDay + 1) / kSecondsPerDay;
  unsigned tod = static_cast<unsigned>(seconds - days * kSecondsPerDay);
  char* p = Room(21);
  WriteDate(p, days);
  p[10] = 'T';
  Two(p + 11, tod / 3600);
  p[13] = ':';
  Two(p + 14, tod / 60 % 60);
  p[16] = ':';
  Two(p + 17, tod % 60);
  p[19] = 'Z';
  p[20] = ',';
  size_ += 21;
}

void CsvBuffer::Str(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return Raw(s);
  // Quoted: at most every byte doubled, plus the two quotes and the comma.
  char* p = Room(2 * s.size() + 3);
  char* q = p;
  *q++ = '"';
  for (char c : s) {
    if (c == '"') *q++ = '"';
    *q++ = c;
  }
  *q++ = '"';
  *q++ = ',';
  size_ += static_cast<size_t>(q - p);
}

void CsvBuffer::EndRow() {
  data_[size_ - 1] = '\n';
  starts_.push_back(static_cast<uint32_t>(row_start_));
  row_start_ = size_;
}

void CsvBuffer::Grow(size_t need) {
  size_t cap = std::max<size_t>({need, 2 * cap_, 1 << 16});
  auto bigger = std::make_unique_for_overwrite<char[]>(cap);
  if (size_) std::memcpy(bigger.get(), data_.get(), size_);
  data_ = std::move(bigger);
  cap_ = cap;
}

void CsvBuffer::ApplyOrder() {
  if (scratch_cap_ < cap_) {
    scratch_ = std::make_unique_for_overwrite<char[]>(cap_);
    scratch_cap_ = cap_;
  }
  const size_t n = starts_.size();
  char* out = scratch_.get();
  std::vector<uint32_t> new_starts;
  new_starts.reserve(n);
  for (uint32_t row : order_) {
    size_t begin = starts_[row];
    size_t end = row + 1 < n ? starts_[row + 1] : size_;
    new_starts.push_back(static_cast<uint32_t>(out - scratch_.get()));
    std::memcpy(out, data_.get() + begin, end - begin);
    out += end - begin;
  }
  std::swap(data_, scratch_);
  std::swap(cap_, scratch_cap_);
  starts_ = std::move(new_starts);
}

}  // namespace sam::gen
