#include "engine/time_rules.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <optional>

#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::engine {

namespace {

// Quiet hours [from, to) in minutes after local midnight; `to` before `from` runs past
// midnight. If t's local time falls in them, the instant they end; else t.
int64_t PastQuiet(int64_t t, const ir::QuietHours& q, const std::string& zone) {
  const int64_t wall = InstantToWallClock(t, zone);
  const int64_t day = FloorDiv(wall, kDay);
  const int64_t minute = (wall - day * kDay) / kMicrosPerMinute;
  const bool wraps = q.to_minute < q.from_minute;
  const bool inside = wraps ? (minute >= q.from_minute || minute < q.to_minute)
                            : (minute >= q.from_minute && minute < q.to_minute);
  if (!inside) return t;
  // The end: today's `to`, or tomorrow's when the period runs past midnight from today.
  const int64_t end_day = wraps && minute >= q.from_minute ? day + 1 : day;
  return WallClockToInstant(end_day * kDay + q.to_minute * kMicrosPerMinute, zone);
}

}  // namespace

int64_t SendMoment(int64_t date, int send_minute, int64_t now, const std::string& zone,
                   const std::vector<ir::QuietHours>& quiet, const std::string& channel) {
  int64_t t = WallClockToInstant(date * kDay + std::max(send_minute, 0) * kMicrosPerMinute, zone);
  return PastQuietHours(std::max(t, now), zone, quiet, channel);
}

int64_t PastQuietHours(int64_t t, const std::string& zone, const std::vector<ir::QuietHours>& quiet,
                       const std::string& channel) {
  // Quiet periods may overlap or follow each other: move until none holds it.
  for (size_t round = 0; round <= quiet.size(); ++round) {
    int64_t moved = t;
    for (const auto& q : quiet) {
      if (q.channel.empty() || q.channel == channel) moved = PastQuiet(moved, q, zone);
    }
    if (moved == t) break;
    t = moved;
  }
  return t;
}

namespace {

// t moved exactly, when that is the answer: a period of hours, or far outside the
// calendar (delays may come from the data, `after days(field)`: saturated, never wrapped).
std::optional<int64_t> ShiftExact(int64_t t, int64_t period, int sign) {
  int64_t moved = 0;
  if (__builtin_add_overflow(t, sign * period, &moved)) return sign * period > 0 ? INT64_MAX : INT64_MIN;
  constexpr int64_t kYear = 366 * kDay;
  if (period % kDay != 0 || moved > 9000 * kYear || moved < -2000 * kYear) return moved;
  return std::nullopt;
}

}  // namespace

int64_t ShiftClock(int64_t t, int64_t period, int sign, const std::string& zone) {
  if (const std::optional<int64_t> exact = ShiftExact(t, period, sign)) return *exact;
  return WallClockToInstant(InstantToWallClock(t, zone) + sign * period, zone);
}

int64_t Shift(int64_t t, int64_t period, int sign, const std::string& zone) {
  if (const std::optional<int64_t> exact = ShiftExact(t, period, sign)) return *exact;
  const int64_t wall = InstantToWallClock(t, zone);
  // Where a day's midnight does not exist (Havana's clocks go from 23:59:59 to 01:00),
  // its first instant reads 01:00 but is that day's 00:00: whole days later is the
  // start of that later day, not its 01:00 (which a daily run would reach a day late).
  // Such gaps are at most a few hours: later times of day are never a day's start.
  const int64_t day = FloorDiv(wall, kDay);
  const int64_t time_of_day = wall - day * kDay;
  constexpr int64_t kLongestGap = 3 * 3600 * int64_t{1'000'000};
  if (time_of_day > 0 && time_of_day <= kLongestGap && t == StartOfDay(day, zone)) {
    return StartOfDay(day + sign * (period / kDay), zone);
  }
  return WallClockToInstant(wall + sign * period, zone);
}

std::string LocalText(int64_t t, const std::string& zone) { return WallClockText(t, InstantToWallClock(t, zone)); }

std::string WallClockText(int64_t t, int64_t wall) {
  const int64_t day = FloorDiv(wall, kDay);
  constexpr int64_t kSecond = 1'000'000;
  const int64_t seconds = (wall - day * kDay) / kSecond;
  const int64_t offset = (wall - t) / kSecond;
  const CivilDate c = CivilFromDays(day);
  const char sign = offset < 0 ? '-' : '+';
  const int64_t off = std::abs(offset);
  if (seconds % 60 == 0 && off % 60 == 0) {
    // A compiled format: a day's stops list hundreds of thousands of local times.
    return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02} {:02}:{:02} {}{:02}:{:02}"), c.year, c.month, c.day,
                       seconds / 3600, seconds / 60 % 60, sign, off / 3600, off / 60 % 60);
  }
  // Seconds where the clock has them (a contact made outside SAM), and the offset's
  // where it has them (local mean time before 1972).
  std::string text = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}:{:02}", c.year, c.month, c.day,
                                 seconds / 3600, seconds / 60 % 60, seconds % 60, sign, off / 3600, off / 60 % 60);
  if (off % 60 != 0) text += fmt::format(":{:02}", off % 60);
  return text;
}

std::string UtcText(int64_t t) {
  const int64_t day = FloorDiv(t, kDay);
  const int64_t rest = t - day * kDay;
  const int64_t s = rest / 1'000'000;
  const CivilDate c = CivilFromDays(day);
  return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z"), c.year, c.month, c.day, s / 3600, s / 60 % 60,
                     s % 60);
}

}  // namespace sam::engine
