// When a planned contact goes out (docs/engine.md, "Send moments"): on the run date in
// the customer's calendar, at `send at` (else 00:00) local time, never before the
// run's `now`, then past any quiet hours of its channel. Periods of whole days (caps,
// `reentry after`) are calendar days in the customer's zone, so that a 09:00 send on
// consecutive days across a daylight-saving change is one day apart, not 23 hours.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace sam::engine {

inline constexpr int64_t kMicrosPerMinute = 60'000'000;
inline constexpr int64_t kDay = 86'400'000'000;

// a / b rounded down (toward minus infinity).
inline int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The send moment of a contact planned by the run for `date` (µs, UTC).
int64_t SendMoment(int64_t date, int send_minute, int64_t now, const std::string& zone,
                   const std::vector<ir::QuietHours>& quiet, const std::string& channel);

// t, or past the quiet hours of `channel` that hold it (repeated until none does).
int64_t PastQuietHours(int64_t t, const std::string& zone, const std::vector<ir::QuietHours>& quiet,
                       const std::string& channel);

// t + period (sign 1) or t - period (sign -1): whole days in `zone`'s calendar, else
// exact; from a day's first instant, the later day's first instant (where a midnight
// does not exist: delays and reentry from a run's or a date's start).
int64_t Shift(int64_t t, int64_t period, int sign, const std::string& zone);
// The same on the wall clock only: whole days from a send moment are the same local
// time (a cap's periods: a send moved past a gap counts at its moved moment, even
// where the gap ate the day's midnight).
int64_t ShiftClock(int64_t t, int64_t period, int sign, const std::string& zone);

// "2026-11-23 09:00 +01:00": the instant in `zone`.
std::string LocalText(int64_t t, const std::string& zone);
// The same text for the instant t whose wall-clock time is `wall` (µs since the epoch
// as if the zone were UTC): the state rebuilds it from a stored offset.
std::string WallClockText(int64_t t, int64_t wall);
// "2026-11-23T08:00:00Z".
std::string UtcText(int64_t t);

}  // namespace sam::engine
