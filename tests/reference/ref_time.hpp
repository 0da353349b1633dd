// The reference planner's own time arithmetic (docs/engine.md "Send moments",
// "Caps"), written afresh on Howard Hinnant's date/tz so that it shares nothing with
// the engine's: local midnights, wall clocks, whole days in a zone's calendar.
// Instants and wall clocks are microseconds since 1970-01-01 (wall clocks "as if UTC").
#pragma once

#include <cstdint>
#include <string>

namespace sam::reference {

inline constexpr int64_t kMinute = 60'000'000;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

// Floor division, for instants before 1970.
int64_t DivDown(int64_t a, int64_t b);
bool KnownZone(const std::string& zone);
// The wall clock of an instant in `zone`.
int64_t Wall(int64_t instant, const std::string& zone);
// The instant of a wall clock in `zone`: a time in a spring gap moves to the end of
// the gap (02:30 -> 03:00), a time that exists twice takes the first.
int64_t Instant(int64_t wall, const std::string& zone);
// Local midnight of day `date` (days since 1970-01-01).
inline int64_t Midnight(int64_t date, const std::string& zone) { return Instant(date * kDay, zone); }
// The local date of an instant.
inline int64_t DateOf(int64_t instant, const std::string& zone) { return DivDown(Wall(instant, zone), kDay); }
// t moved by `period` forward: whole days on the local calendar, anything else exactly.
int64_t Later(int64_t t, int64_t period, const std::string& zone);
// t + period on the wall clock alone (a cap's periods from a send moment).
int64_t LaterClock(int64_t t, int64_t period, const std::string& zone);
// "2026-11-23 09:00 +01:00", as the plan prints local times.
std::string LocalClock(int64_t t, const std::string& zone);

}  // namespace sam::reference
