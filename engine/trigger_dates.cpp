#include "engine/trigger_dates.hpp"

#include <algorithm>
#include <climits>

#include "engine/time_rules.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"

namespace sam::engine {

bool IsAnniversary(int64_t day, int64_t of) {
  if (day <= of) return false;  // the date itself is no anniversary (docs/builtins.md)
  const CivilDate d = CivilFromDays(day), o = CivilFromDays(of);
  if (d.month == o.month && d.day == o.day) return true;
  // 29 February falls on 28 February in other years.
  return o.month == 2 && o.day == 29 && d.month == 2 && d.day == 28 && !IsLeapYear(d.year);
}

bool IsMonthDay(int64_t day, int month_day) {
  const CivilDate d = CivilFromDays(day);
  const unsigned m = static_cast<unsigned>(month_day / 100), md = static_cast<unsigned>(month_day % 100);
  if (d.month == m && d.day == md) return true;
  return m == 2 && md == 29 && d.month == 2 && d.day == 28 && !IsLeapYear(d.year);
}

RunInterval RunIntervalOf(const state::Store& store, int64_t date, const std::string& zone) {
  RunInterval run{date, StartOfDay(date - 1, zone), 0, zone};
  if (auto previous = store.Run(date - 1)) run.prev_now = previous->now;
  run.now = std::max(StartOfDay(date, zone), run.prev_now);
  return run;
}

std::vector<int64_t> SourceDays(const RunInterval& run, int64_t delay) {
  std::vector<int64_t> days;
  for (int64_t x = run.date - delay / kDay - 2; x <= run.date; ++x) {
    if (run.Holds(Shift(StartOfDay(x, run.zone), delay, 1, run.zone))) days.push_back(x);
  }
  return days;
}

// Exact, as `within D` is (language.md §9): the segment and the trigger agree.
std::optional<int64_t> SilenceFires(const RunInterval& run, int64_t last, int64_t period, int64_t delay) {
  if (period > INT64_MAX - 1 - last) return std::nullopt;
  int64_t at = run.now, fire = last + period + 1;
  if (delay != 0) {  // `after`: from trigger.at, the now (a midnight: runs are daily) the silence began in
    const int64_t day = LocalDate(fire, run.zone);
    at = StartOfDay(day, run.zone) < fire ? StartOfDay(day + 1, run.zone) : StartOfDay(day, run.zone);
    fire = Shift(at, delay, 1, run.zone);
  }
  if (!run.Holds(fire)) return std::nullopt;
  return at;
}

}  // namespace sam::engine
