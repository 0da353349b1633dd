#include "tests/reference/ref_time.hpp"

#include <date/tz.h>

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

namespace sam::reference {

namespace {

using Micros = std::chrono::microseconds;

const date::time_zone* Zone(const std::string& zone) { return date::locate_zone(zone); }

}  // namespace

int64_t DivDown(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

bool KnownZone(const std::string& zone) {
  try {
    Zone(zone);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

int64_t Wall(int64_t instant, const std::string& zone) {
  const date::sys_info info = Zone(zone)->get_info(date::sys_time<Micros>(Micros(instant)));
  return instant + std::chrono::duration_cast<Micros>(info.offset).count();
}

int64_t Instant(int64_t wall, const std::string& zone) {
  const date::local_info info = Zone(zone)->get_info(date::local_time<Micros>(Micros(wall)));
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // the first of the two: the offset before the change
      return wall - std::chrono::duration_cast<Micros>(info.first.offset).count();
    case date::local_info::nonexistent:  // the instant the clock jumps (02:30 -> 03:00)
      return std::chrono::duration_cast<Micros>(info.second.begin.time_since_epoch()).count();
  }
  return wall;
}

int64_t Later(int64_t t, int64_t period, const std::string& zone) {
  if (period % kDay != 0) return t + period;
  // A day's first instant stays one: where a midnight was skipped (Havana's 2026-03-08
  // begins at 01:00), whole days after it is that later day's midnight.
  const int64_t date = DateOf(t, zone);
  if (t == Midnight(date, zone)) return Midnight(date + period / kDay, zone);
  return Instant(Wall(t, zone) + period, zone);
}

int64_t LaterClock(int64_t t, int64_t period, const std::string& zone) {
  return period % kDay != 0 ? t + period : Instant(Wall(t, zone) + period, zone);
}

std::string LocalClock(int64_t t, const std::string& zone) {
  const int64_t wall = Wall(t, zone);
  const int64_t date = DivDown(wall, kDay);
  const int64_t minutes = (wall - date * kDay) / kMinute;
  const auto ymd = date::year_month_day{date::sys_days{date::days{date}}};
  std::string text = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                                 unsigned(ymd.day()), minutes / 60, minutes % 60);
  // Seconds where the clock or the offset has them (local mean time before 1972).
  const int64_t second = 1'000'000, clock_s = (wall - date * kDay) / second % 60,
                offset_s = std::abs(wall - t) / second % 60;
  if (clock_s != 0 || offset_s != 0) text += fmt::format(":{:02}", clock_s);
  text += fmt::format(" {}{:02}:{:02}", wall < t ? '-' : '+', std::abs(wall - t) / second / 3600,
                      std::abs(wall - t) / second / 60 % 60);
  if (offset_s != 0) text += fmt::format(":{:02}", offset_s);
  return text;
}

}  // namespace sam::reference
