// The program's time zone: local dates and instants by the zone database (Howard
// Hinnant's date/tz over the system's tzdata). A wall-clock time in a gap or an
// overlap resolves to the earliest instant.
#pragma once

#include <cstdint>
#include <string>
#include <thread>

namespace sam {

// Microseconds of local midnight of `days` in `timezone`.
int64_t StartOfDay(int64_t days, const std::string& timezone);
// The local date of a timestamp in `timezone`.
int64_t LocalDate(int64_t micros, const std::string& timezone);
// A wall-clock time (microseconds, as if UTC) in `timezone`, as an instant. A time in
// a daylight-saving gap moves past it; one that exists twice is the first.
int64_t WallClockToInstant(int64_t wall_micros, const std::string& timezone);
// An instant's wall-clock time in `timezone` (microseconds, as if UTC).
int64_t InstantToWallClock(int64_t micros, const std::string& timezone);
// Whether `timezone` names a zone of the time-zone database.
bool IsTimeZone(const std::string& timezone);

// Today's date in `timezone` by the machine's clock, days since 1970-01-01.
int64_t LocalToday(const std::string& timezone);

// The version of the time-zone database in use ("2025b"; "unknown" if it cannot be read).
std::string TzdataVersion();

// Reads the time-zone database on another thread while the caller parses a program
// and opens its data: the first lookup otherwise waits for it to list every zone file
// (3 ms, a tenth of a one-shot `sam query`). Lookups wait for it (the database is a
// thread-safe static). Joined when destroyed, so that it never outlives main.
class TimeZonePreload {
 public:
  TimeZonePreload();
  ~TimeZonePreload();
  TimeZonePreload(const TimeZonePreload&) = delete;
  TimeZonePreload& operator=(const TimeZonePreload&) = delete;

 private:
  std::thread thread_;
};

}  // namespace sam
