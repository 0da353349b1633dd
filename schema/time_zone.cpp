#include "schema/time_zone.hpp"

#include <date/tz.h>

#include <cstdlib>
#include <fstream>

namespace sam {

int64_t StartOfDay(int64_t days, const std::string& timezone) {
  const date::time_zone* tz = date::locate_zone(timezone);
  auto local = date::local_days{date::days{days}};
  auto sys = tz->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::microseconds>(sys.time_since_epoch()).count();
}

int64_t LocalDate(int64_t micros, const std::string& timezone) {
  const date::time_zone* tz = date::locate_zone(timezone);
  date::sys_time<std::chrono::microseconds> sys{std::chrono::microseconds{micros}};
  auto local = tz->to_local(sys);
  return date::floor<date::days>(local).time_since_epoch().count();
}

int64_t WallClockToInstant(int64_t wall_micros, const std::string& timezone) {
  const date::time_zone* tz = date::locate_zone(timezone);
  date::local_time<std::chrono::microseconds> local{std::chrono::microseconds{wall_micros}};
  auto sys = tz->to_sys(local, date::choose::earliest);
  return sys.time_since_epoch().count();
}

int64_t InstantToWallClock(int64_t micros, const std::string& timezone) {
  const date::time_zone* tz = date::locate_zone(timezone);
  date::sys_time<std::chrono::microseconds> sys{std::chrono::microseconds{micros}};
  return tz->to_local(sys).time_since_epoch().count();
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
