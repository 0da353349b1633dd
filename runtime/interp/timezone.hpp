// The program's time zone as a table of UTC offsets, so that converting a timestamp
// to its local date is a binary search instead of a time-zone database lookup per
// value (what `days_since(signup_at)` does for every customer).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sam::rt {

class TimeZoneTable {
 public:
  explicit TimeZoneTable(const std::string& name);
  // The UTC offset at an instant, in microseconds.
  int64_t OffsetAt(int64_t micros) const;
  // The local date (days since 1970-01-01) of an instant.
  int64_t LocalDate(int64_t micros) const;
  // Local midnight of a date, as an instant (ir::StartOfDay).
  int64_t StartOfDay(int64_t days) const;

 private:
  std::string name_;
  std::vector<int64_t> begins_;   // instants where an offset starts, ascending
  std::vector<int64_t> offsets_;  // the offset from begins_[i] on
};

// Floor division for negative values too.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct Civil {
  int64_t year;
  unsigned month, day;
};
// Howard Hinnant's civil_from_days, inline: date built-ins call it per row.
inline Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const uint64_t doe = static_cast<uint64_t>(z - era * 146097);
  const uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const uint64_t mp = (5 * doy + 2) / 153;
  const unsigned d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const unsigned m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {m <= 2 ? y + 1 : y, m, d};
}
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
bool IsLeap(int64_t year);
unsigned LastDayOfMonth(int64_t year, unsigned month);

}  // namespace sam::rt
