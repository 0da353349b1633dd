#include "schema/time_zone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdlib>
#include <fstream>

#include "schema/types.hpp"

namespace sam {

namespace {

// Per zone, the offset period of the last instant converted in it on this thread. The
// engine converts millions of moments a run, nearly all in a few zones (its customers'
// countries) and one offset period each: looking the zone up by name and its
// transitions up for each was most of the cost, and a cache of one zone missed on
// nearly every customer when they alternate between zones.
struct ZoneCache {
  std::string name;
  const date::time_zone* tz = nullptr;
  int64_t begin = 0, end = 0;  // µs: instants in [begin, end) have local offset `offset`
  int64_t offset = 0;
};

int64_t ToMicros(std::chrono::seconds s) {
  const int64_t n = s.count();
  if (n > INT64_MAX / kMicrosPerSecond) return INT64_MAX;
  if (n < INT64_MIN / kMicrosPerSecond) return INT64_MIN;
  return n * kMicrosPerSecond;
}

ZoneCache& CacheFor(const std::string& timezone) {
  // A handful of zones is the common case: a linear search beats hashing the name. A
  // program with more zones than entries replaces them in turn.
  constexpr size_t kZones = 16;
  thread_local std::array<ZoneCache, kZones> caches;
  thread_local size_t used = 0, next = 0;
  for (size_t k = 0; k < used; ++k) {
    if (caches[k].name == timezone) return caches[k];
  }
  const date::time_zone* tz = date::locate_zone(timezone);  // may throw: before any entry changes
  ZoneCache& cache = caches[used < kZones ? used++ : next++ % kZones];
  cache.tz = tz;
  cache.name = timezone;
  cache.begin = cache.end = 0;
  return cache;
}

// The cache holding instant `micros`'s offset period.
ZoneCache& CacheAt(int64_t micros, const std::string& timezone) {
  ZoneCache& c = CacheFor(timezone);
  if (micros < c.begin || micros >= c.end) {
    const date::sys_info info = c.tz->get_info(date::sys_time<std::chrono::microseconds>{std::chrono::microseconds{micros}});
    c.begin = ToMicros(info.begin.time_since_epoch());
    c.end = ToMicros(info.end.time_since_epoch());
    c.offset = ToMicros(info.offset);
  }
  return c;
}

}  // namespace

int64_t WallClockToInstant(int64_t wall_micros, const std::string& timezone) {
  // A wall-clock time two days or more inside the cached offset period is in no other
  // period (offsets differ by less than two days), so it is neither skipped nor
  // repeated: the instant is wall - offset, as date's to_sys would compute.
  constexpr int64_t kMargin = 2 * 86'400 * kMicrosPerSecond;
  ZoneCache& c = CacheFor(timezone);
  int64_t guess = 0;
  if (!__builtin_sub_overflow(wall_micros, c.offset, &guess) && c.end > c.begin && guess >= c.begin + kMargin &&
      guess < c.end - kMargin) {
    return guess;
  }
  const date::time_zone* tz = c.tz;
  date::local_time<std::chrono::microseconds> local{std::chrono::microseconds{wall_micros}};
  const int64_t instant = tz->to_sys(local, date::choose::earliest).time_since_epoch().count();
  CacheAt(instant, timezone);  // the next conversions are likely in the same period
  return instant;
}

int64_t InstantToWallClock(int64_t micros, const std::string& timezone) {
  return micros + CacheAt(micros, timezone).offset;
}

int64_t StartOfDay(int64_t days, const std::string& timezone) {
  // A date past the instants' range (about 292,000 years either way; add_years reaches
  // a year of 10^15) starts at the range's end, less the offsets' room: comparisons
  // still order it after (before) every instant of the data, where the product
  // overflowed (and a compiled kernel calls this on values it then drops, such as
  // add_months' out-of-range marker).
  constexpr int64_t kLastDay = INT64_MAX / kMicrosPerDay - 3;
  return WallClockToInstant(std::clamp(days, -kLastDay, kLastDay) * kMicrosPerDay, timezone);
}

int64_t LocalDate(int64_t micros, const std::string& timezone) {
  const int64_t wall = InstantToWallClock(micros, timezone);
  return wall / kMicrosPerDay - (wall % kMicrosPerDay < 0 ? 1 : 0);  // floor
}

bool IsTimeZone(const std::string& timezone) {
  try {
    date::locate_zone(timezone);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

int64_t LocalToday(const std::string& timezone) {
  auto now = std::chrono::system_clock::now();
  return LocalDate(std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count(), timezone);
}

std::string TzdataVersion() {
  // date reads the system's zone files (USE_OS_TZDB) and leaves their version
  // "unknown"; the system's tzdata.zi starts with `# version 2025b`. Read once: asking
  // date would list every zone file (10 ms).
  static const std::string version = [] {
    const char* dir = std::getenv("TZDIR");
    std::ifstream in(std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/tzdata.zi");
    std::string line;
    constexpr std::string_view kPrefix = "# version ";
    if (std::getline(in, line) && line.starts_with(kPrefix)) return line.substr(kPrefix.size());
    return std::string("unknown");
  }();
  return version;
}

TimeZonePreload::TimeZonePreload()
    : thread_([] {
        try {
          date::get_tzdb();
          TzdataVersion();
        } catch (const std::exception&) {
          // Missing or unreadable: the lookup that needs it says so.
        }
      }) {}

TimeZonePreload::~TimeZonePreload() { thread_.join(); }

}  // namespace sam
