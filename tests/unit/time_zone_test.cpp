// Time-zone conversions (schema/time_zone.hpp) against offsets worked out by hand for
// 2026, in both directions, around the daylight-saving transitions. The conversions
// cache a zone's current offset period per thread: the zones alternate here so that
// every step both hits and misses that cache.
#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam {
namespace {

constexpr int64_t kHour = 3'600'000'000;

int64_t Ts(const std::string& iso) {
  bool zone = false;
  return std::get<int64_t>(DecodeTimestamp(iso, &zone));
}

struct Zone {
  std::string name;
  int64_t summer_from, summer_to;  // UTC instants of the 2026 transitions
  int64_t winter, summer;          // offsets
  int64_t Offset(int64_t t) const { return t >= summer_from && t < summer_to ? summer : winter; }
};

TEST_CASE("time zones: offsets and wall clocks through 2026, both ways") {
  const Zone zones[] = {
      {"Europe/Amsterdam", Ts("2026-03-29T01:00:00Z"), Ts("2026-10-25T01:00:00Z"), 1 * kHour, 2 * kHour},
      {"America/New_York", Ts("2026-03-08T07:00:00Z"), Ts("2026-11-01T06:00:00Z"), -5 * kHour, -4 * kHour},
  };
  const int64_t from = Ts("2026-01-01T00:00:00Z"), to = Ts("2027-01-01T00:00:00Z");
  int checked = 0;
  for (int64_t t = from; t < to; t += kHour / 4) {
    for (int pass = 0; pass < 2; ++pass) {
      const Zone& z = zones[(t / (kHour / 4) + pass) % 2];
      CAPTURE(z.name);
      CAPTURE(t);
      const int64_t wall = InstantToWallClock(t, z.name);
      REQUIRE(wall == t + z.Offset(t));
      // Back: a wall clock repeated in autumn is its earliest instant (summer time).
      const bool repeated = t >= z.summer_to && t < z.summer_to + (z.summer - z.winter);
      REQUIRE(WallClockToInstant(wall, z.name) == (repeated ? wall - z.summer : t));
      CHECK(LocalDate(t, z.name) == (wall >= 0 ? wall / (24 * kHour) : -1));
      ++checked;
    }
  }
  CHECK(checked == 2 * 365 * 24 * 4);
  // A wall clock skipped in spring is the transition itself.
  CHECK(WallClockToInstant(Ts("2026-03-29T02:30:00Z"), "Europe/Amsterdam") == Ts("2026-03-29T01:00:00Z"));
  CHECK(StartOfDay(std::get<int64_t>(DecodeDate("2026-10-25")), "Europe/Amsterdam") == Ts("2026-10-24T22:00:00Z"));
  CHECK(StartOfDay(std::get<int64_t>(DecodeDate("2026-10-26")), "Europe/Amsterdam") == Ts("2026-10-25T23:00:00Z"));
}

}  // namespace
}  // namespace sam
