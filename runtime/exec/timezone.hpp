// The program's time zone as a table of UTC offsets, so that converting a timestamp
// to its local date is a binary search instead of a time-zone database lookup per
// value (what `days_since(signup_at)` does for every customer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schema/types.hpp"

namespace sam::rt {

// Floor division for negative values too.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

class TimeZoneTable {
 public:
  explicit TimeZoneTable(const std::string& name);
  // The table of a zone, built once per process and shared (building one reads 600
  // years of the zone's rules): every evaluation of a program uses its zone's.
  static const TimeZoneTable& Of(const std::string& name);
  // The UTC offset at an instant, in microseconds.
  int64_t OffsetAt(int64_t micros) const;
  // The local date (days since 1970-01-01) of an instant.
  int64_t LocalDate(int64_t micros) const;
  // Local midnight of a date, as an instant (StartOfDay).
  int64_t StartOfDay(int64_t days) const;
  // Whether the local date never goes back between two instants: no change in
  // (lo, hi] turns the clock back across a midnight.
  bool DatesGrow(int64_t lo, int64_t hi) const;
  // The zone's one offset, if it never changed (UTC, Etc/GMT+5).
  std::optional<int64_t> FixedOffset() const {
    return begins_.size() == 1 ? std::optional<int64_t>(offsets_[0]) : std::nullopt;
  }
  // The first instant after `micros` where another offset starts (INT64_MAX: none).
  int64_t NextChange(int64_t micros) const;
  // Whether every offset in force between two instants, and every instant in (lo, hi]
  // where one starts, is a multiple of q: then an instant's local date changes only
  // at multiples of q.
  bool AlignedTo(int64_t lo, int64_t hi, int64_t q) const;
  // f(k, the local date of origin + k * step) for k in [0, n), in order, with a look-up
  // of the offset only where it changes (the tables of date tests per quarter hour).
  template <class F>
  void LocalDatesEvery(int64_t origin, int64_t step, size_t n, F&& f) const {
    int64_t offset = OffsetAt(origin), change = NextChange(origin);
    for (size_t k = 0; k < n; ++k) {
      const int64_t x = origin + static_cast<int64_t>(k) * step;
      if (x >= change) offset = OffsetAt(x), change = NextChange(x);
      f(k, FloorDiv(x + offset, kMicrosPerDay));
    }
  }
  // The local dates of n instants (rows with present[r] == 0 get 0; present may be
  // null): one offset for all when no change falls between the earliest and the
  // latest (UTC, a zone without daylight saving, a day's events), in a loop that
  // vectorizes.
  void LocalDates(const int64_t* micros, const uint8_t* present, size_t n, int64_t* out) const;

 private:
  // The offset in force at `micros`, from the bucket table when the instant is in it.
  size_t IndexAt(int64_t micros) const;

  std::string name_;
  std::vector<int64_t> begins_;   // instants where an offset starts, ascending
  std::vector<int64_t> offsets_;  // the offset from begins_[i] on
  // Per bucket of 2^39 us from 1900 on: the offset in force at the bucket's start (an
  // index into begins_). At most a step or two from there is the one at any instant of
  // the bucket, where a search of begins_ takes a dozen unpredictable branches per value.
  std::vector<uint16_t> bucket_start_;
};

// A quarter of an hour, in microseconds: every zone's offsets and their changes fall
// on one since the 1970s (TimeZoneTable::AlignedTo says for a span of time), so that
// the instants of a quarter share a local date; tables of date tests per quarter of a
// timestamp column rest on it.
inline constexpr int64_t kQuarterHour = 15 * 60 * int64_t{1'000'000};

}  // namespace sam::rt
