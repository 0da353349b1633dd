#include "backends/jit/helpers.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "runtime/data/column.hpp"
#include "runtime/exec/bit_set.hpp"
#include "runtime/exec/timezone.hpp"
#include "schema/calendar.hpp"

namespace {

using sam::CivilDate;
using sam::CivilFromDays;
using sam::DaysFromCivil;
using sam::DaysInMonth;
using sam::IsLeapYear;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The day `d` falls on in `year`: 29 February becomes 28 February in a common year.
int64_t InYear(const CivilDate& c, int64_t year) {
  unsigned day = c.day;
  if (c.month == 2 && day == 29 && !IsLeapYear(year)) day = 28;
  return DaysFromCivil(year, c.month, day);
}

// Two bitmaps of n entries (values, then presences), entry k set from byte e of a fill
// function's values and presences.
class Packed {
 public:
  Packed(size_t n, const std::vector<uint8_t>& values, const std::vector<uint8_t>& presences)
      : words_((n + 63) / 64), bits_(2 * words_, 0), values_(values), presences_(presences) {}
  void Set(size_t k, size_t e) {
    bits_[k >> 6] |= uint64_t{values_[e] != 0} << (k & 63);
    bits_[words_ + (k >> 6)] |= uint64_t{presences_[e] != 0} << (k & 63);
  }
  std::vector<uint64_t> Take() { return std::move(bits_); }

 private:
  size_t words_;
  std::vector<uint64_t> bits_;
  const std::vector<uint8_t>&values_, &presences_;
};

}  // namespace

extern "C" {

int64_t sam_jit_local_date(const sam::rt::TimeZoneTable* zone, int64_t micros) { return zone->LocalDate(micros); }
int64_t sam_jit_start_of_day(const sam::rt::TimeZoneTable* zone, int64_t days) { return zone->StartOfDay(days); }
int64_t sam_jit_dates_grow(const sam::rt::TimeZoneTable* zone, int64_t lo, int64_t hi) {
  return zone->DatesGrow(lo, hi) ? 1 : 0;
}

// Years add_months and add_years may reach (the interpreter's bound); beyond them the
// helpers return kOutOfRange, which the kernel reports as the node's overflow.
constexpr __int128 kMaxYear = 1'000'000'000'000'000;

int64_t sam_jit_add_months(int64_t days, int64_t months) {
  const CivilDate c = CivilFromDays(days);
  const __int128 wide = static_cast<__int128>(c.year) * 12 + (c.month - 1) + months;
  if (wide > kMaxYear * 12 || wide < -kMaxYear * 12) return sam::jit::kOutOfRange;
  const int64_t total = static_cast<int64_t>(wide);
  const int64_t year = FloorDiv(total, 12);
  const auto month = static_cast<unsigned>(total - year * 12 + 1);
  return DaysFromCivil(year, month, std::min(c.day, DaysInMonth(year, month)));
}

int64_t sam_jit_add_years(int64_t days, int64_t years) {
  const CivilDate c = CivilFromDays(days);
  const __int128 year = static_cast<__int128>(c.year) + years;
  if (year > kMaxYear || year < -kMaxYear) return sam::jit::kOutOfRange;
  return InYear(c, static_cast<int64_t>(year));
}

int64_t sam_jit_anniversary(int64_t days, int64_t today) {
  return InYear(CivilFromDays(days), CivilFromDays(today).year);
}

double sam_jit_pow10(int64_t digits) { return std::pow(10.0, static_cast<double>(digits)); }

int64_t* sam_jit_scratch(uint64_t n) {
  thread_local std::vector<int64_t> scratch;
  if (scratch.size() < n) scratch.resize(n);
  return scratch.data();
}

uint64_t* sam_jit_prefix(uint64_t slot, uint64_t n) {
  thread_local std::vector<std::vector<uint64_t>> prefixes;
  if (prefixes.size() <= slot) prefixes.resize(slot + 1);
  std::vector<uint64_t>& p = prefixes[slot];
  if (p.size() < n) p.resize(n);
  return p.data();
}

void sam_jit_window_bits(const void* times, uint64_t width, uint64_t n, int64_t lo, int64_t hi, uint64_t* bits) {
  sam::rt::RangeBits(times, width, n, lo, hi, bits);
}

int64_t sam_jit_count_distinct(int64_t* values, uint64_t n) {
  std::sort(values, values + n);
  return std::unique(values, values + n) - values;
}

const uint64_t* sam_jit_day_table(sam::jit::DayTables* tables, SamJitFill fill, int64_t today, int64_t zone,
                                  int64_t entries) {
  std::lock_guard lock(tables->mutex);
  auto [it, added] = tables->bits.try_emplace(today);
  if (added) {
    const auto n = static_cast<size_t>(entries);
    std::vector<uint8_t> values(n), presences(n);
    fill(values.data(), presences.data(), today, zone);
    Packed bits(n, values, presences);
    for (size_t k = 0; k < n; ++k) bits.Set(k, k);
    it->second = bits.Take();
  }
  return it->second.data();
}

const uint64_t* sam_jit_quarter_table(sam::jit::DayTables* tables, SamJitFill fill, int64_t today, int64_t zone,
                                      int64_t origin, int64_t quarters, int64_t first_day, int64_t days) {
  std::lock_guard lock(tables->mutex);
  auto [it, added] = tables->bits.try_emplace(today);
  if (added) {
    const auto n = static_cast<size_t>(days) + 1;
    std::vector<uint8_t> values(n), presences(n);
    fill(values.data(), presences.data(), today, zone);
    // Each quarter takes its local date's entry (lower_tables.cpp checked that the
    // zone's offsets and changes fall on quarters, and that the dates are in range).
    const auto& table = *reinterpret_cast<const sam::rt::TimeZoneTable*>(zone);
    const auto q = static_cast<size_t>(quarters);
    Packed bits(q + 1, values, presences);
    table.LocalDatesEvery(origin, sam::rt::kQuarterHour, q, [&](size_t k, int64_t d) {
      bits.Set(k, static_cast<size_t>(std::clamp<int64_t>(d - first_day, 0, days - 1)));
    });
    bits.Set(q, n - 1);  // absent
    it->second = bits.Take();
  }
  return it->second.data();
}
}

namespace sam::jit {

const Helper* Helpers(int* count) {
  static const Helper helpers[] = {
      {"sam_jit_local_date", reinterpret_cast<void*>(&sam_jit_local_date)},
      {"sam_jit_start_of_day", reinterpret_cast<void*>(&sam_jit_start_of_day)},
      {"sam_jit_add_months", reinterpret_cast<void*>(&sam_jit_add_months)},
      {"sam_jit_add_years", reinterpret_cast<void*>(&sam_jit_add_years)},
      {"sam_jit_anniversary", reinterpret_cast<void*>(&sam_jit_anniversary)},
      {"sam_jit_dates_grow", reinterpret_cast<void*>(&sam_jit_dates_grow)},
      {"sam_jit_pow10", reinterpret_cast<void*>(&sam_jit_pow10)},
      {"sam_jit_string_test", reinterpret_cast<void*>(&sam_jit_string_test)},
      {"sam_jit_string_test_of", reinterpret_cast<void*>(&sam_jit_string_test_of)},
      {"sam_jit_string_length", reinterpret_cast<void*>(&sam_jit_string_length)},
      {"sam_jit_contains_rows", reinterpret_cast<void*>(&sam_jit_contains_rows)},
      {"sam_jit_scratch", reinterpret_cast<void*>(&sam_jit_scratch)},
      {"sam_jit_count_distinct", reinterpret_cast<void*>(&sam_jit_count_distinct)},
      {"sam_jit_prefix", reinterpret_cast<void*>(&sam_jit_prefix)},
      {"sam_jit_window_bits", reinterpret_cast<void*>(&sam_jit_window_bits)},
      {"sam_jit_day_table", reinterpret_cast<void*>(&sam_jit_day_table)},
      {"sam_jit_quarter_table", reinterpret_cast<void*>(&sam_jit_quarter_table)},
  };
  *count = static_cast<int>(sizeof(helpers) / sizeof(helpers[0]));
  return helpers;
}

}  // namespace sam::jit
