// When date triggers fire (docs/engine.md, "Triggers"): the days of `yearly`, the
// source days whose moment plus the delay falls in a run's interval, and the firing of
// `inactive`. The planner (triggers.cpp) and `sam why` (why.cpp) both ask.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/state/store.hpp"

namespace sam::engine {

// Whether `day` is an anniversary of `of` (never the date itself; 29 February falls
// on 28 February in other years).
bool IsAnniversary(int64_t day, int64_t of);
// Whether `day` is MM-DD (month_day = MM * 100 + DD), 29 February as above.
bool IsMonthDay(int64_t day, int month_day);

// A run's interval (prev_now, now] for run date `date`, in `zone`.
struct RunInterval {
  int64_t date = 0, prev_now = 0, now = 0;
  std::string zone;
  bool Holds(int64_t t) const { return t > prev_now && t <= now; }
};

// The interval of the run for `date`: (the previous run's now as stored, so that a
// changed time zone neither repeats nor skips a moment, else 00:00 of the day before;
// this date's 00:00, never before the previous now].
RunInterval RunIntervalOf(const state::Store& store, int64_t date, const std::string& zone);

// The source days X whose midnight plus `delay` falls in the run's interval.
std::vector<int64_t> SourceDays(const RunInterval& run, int64_t delay);

// `inactive ... for period [after delay]` for a customer whose last matching event is
// at `last`: trigger.at and whether it fires in the run (none if it does not).
std::optional<int64_t> SilenceFires(const RunInterval& run, int64_t last, int64_t period, int64_t delay);

}  // namespace sam::engine
