// The runtime's time-zone table (runtime/exec/timezone.hpp), which both backends use
// for a timestamp's local date, against Howard Hinnant's tz library directly: every
// transition of several zones (and the microseconds around it), instants at random
// from 1700 to 2500, and the edges of its bucket table (1900 and 2100).
#include <date/tz.h>
#include <doctest/doctest.h>

#include <chrono>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "runtime/exec/timezone.hpp"
#include "schema/time_zone.hpp"

namespace sam::rt {
namespace {

constexpr int64_t kDay = 86'400'000'000;

// The UTC offset at an instant, and its local date, from the tz library.
int64_t LibraryOffset(const date::time_zone* tz, int64_t micros) {
  using namespace std::chrono;
  const auto t = date::sys_time<microseconds>(microseconds(micros));
  return duration_cast<microseconds>(tz->get_info(floor<seconds>(t)).offset).count();
}
int64_t LibraryDate(const date::time_zone* tz, int64_t micros) {
  const int64_t wall = micros + LibraryOffset(tz, micros);
  return wall / kDay - (wall % kDay < 0 ? 1 : 0);
}

// The transitions of a zone from 1800 to 2400, as UTC instants.
std::vector<int64_t> Transitions(const date::time_zone* tz) {
  using namespace std::chrono;
  std::vector<int64_t> out;
  auto t = date::sys_days{date::year{1800} / 1 / 1} + seconds{0};
  const auto end = date::sys_days{date::year{2400} / 1 / 1} + seconds{0};
  while (t < end) {
    const date::sys_info info = tz->get_info(t);
    if (info.end <= t) break;
    t = info.end;
    out.push_back(duration_cast<microseconds>(t.time_since_epoch()).count());
  }
  return out;
}

TEST_CASE("time-zone table: local dates and offsets equal the tz library's") {
  // Half-hour and 45-minute offsets, a zone that skipped a day (Apia, 2011), southern
  // summers, a zone without transitions, and one with only historical ones.
  for (const std::string name : {"Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                                 "Pacific/Apia", "America/Sao_Paulo", "UTC", "Asia/Kolkata"}) {
    CAPTURE(name);
    const date::time_zone* tz = date::locate_zone(name);
    const TimeZoneTable table(name);
    std::vector<int64_t> instants;
    for (int64_t t : Transitions(tz)) {
      for (int64_t d : std::initializer_list<int64_t>{-kDay, -3'600'000'001, -1, 0, 1, 3'599'999'999, kDay}) instants.push_back(t + d);
    }
    // The bucket table's edges (1900 and 2100), and the days just outside it.
    for (int64_t day : std::initializer_list<int64_t>{-25568, -25567, -25566, 47481, 47482, 47483, 47487, 47488}) {
      for (int64_t d : std::initializer_list<int64_t>{-1, 0, 1, kDay / 2, kDay - 1}) instants.push_back(day * kDay + d);
    }
    std::mt19937_64 rng(20261206);
    std::uniform_int_distribution<int64_t> any(-8'520'336'000'000'000, 16'725'225'600'000'000);  // 1700 to 2500
    for (int k = 0; k < 20000; ++k) instants.push_back(any(rng));
    int wrong = 0;
    for (int64_t t : instants) {
      if (table.OffsetAt(t) != LibraryOffset(tz, t) || table.LocalDate(t) != LibraryDate(tz, t)) {
        if (++wrong <= 5) FAIL_CHECK("at " << t << ": offset " << table.OffsetAt(t) << " against " << LibraryOffset(tz, t));
      }
    }
    CHECK(wrong == 0);
  }
}

TEST_CASE("time-zone table: a vector's local dates equal the tz library's, one offset for all or not") {
  std::mt19937_64 rng(20261207);
  for (const std::string name : {"Europe/Amsterdam", "UTC", "Asia/Kolkata", "Pacific/Apia"}) {
    CAPTURE(name);
    const date::time_zone* tz = date::locate_zone(name);
    const TimeZoneTable table(name);
    // Spans within a day (no change between them in summer), across a change, over
    // centuries; some rows absent, whose values must not matter.
    for (const int64_t span : {int64_t{3'600'000'000}, 200 * kDay, 300 * 365 * kDay}) {
      CAPTURE(span);
      std::uniform_int_distribution<int64_t> at(1'782'000'000'000'000 - span, 1'782'000'000'000'000);  // 2026-06-21
      std::vector<int64_t> micros(1000), out(1000);
      std::vector<uint8_t> present(1000);
      for (size_t r = 0; r < micros.size(); ++r) {
        present[r] = r % 7 != 3;
        micros[r] = present[r] ? at(rng) : (r % 2 ? INT64_MIN : INT64_MAX);
      }
      table.LocalDates(micros.data(), present.data(), micros.size(), out.data());
      int wrong = 0;
      for (size_t r = 0; r < micros.size(); ++r) {
        const int64_t want = present[r] ? LibraryDate(tz, micros[r]) : 0;
        if (out[r] != want && ++wrong <= 5) FAIL_CHECK("at " << micros[r] << ": " << out[r] << " against " << want);
      }
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE("time-zone table: the start of a day equals the zone database's") {
  // Midnights in a gap (Sao Paulo's changes at 00:00), shown twice (St. John's, 1987),
  // a skipped day (Apia, 30 December 2011); the days of every change and around it,
  // days at random, and days beyond the table's years.
  for (const std::string name :
       {"America/Sao_Paulo", "America/St_Johns", "Pacific/Apia", "Europe/Amsterdam", "Asia/Kathmandu", "UTC"}) {
    CAPTURE(name);
    const TimeZoneTable table(name);
    std::vector<int64_t> days;
    for (int64_t t : Transitions(date::locate_zone(name))) {
      for (int64_t d = -3; d <= 3; ++d) days.push_back(t / kDay + d);
    }
    std::mt19937_64 rng(20261209);
    std::uniform_int_distribution<int64_t> any(-100'000, 200'000);
    for (int k = 0; k < 5000; ++k) days.push_back(any(rng));
    for (int64_t d : {-62091, -62089, -62088, 157050, 157051, 157054, 200'000, -1'000'000}) days.push_back(d);
    int wrong = 0;
    for (int64_t d : days) {
      if (table.StartOfDay(d) != sam::StartOfDay(d, name) && ++wrong <= 5) {
        FAIL_CHECK("day " << d << ": " << table.StartOfDay(d) << " against " << sam::StartOfDay(d, name));
      }
    }
    CHECK(wrong == 0);
  }
}

TEST_CASE("time-zone table: whether local dates only grow, as the tz library's dates say") {
  // Zones whose clock once went back across a midnight (St. John's, 25 October 1987:
  // 00:00:59 on the 25th, then 23:01 on the 24th), and zones whose never did.
  std::mt19937_64 rng(20261208);
  std::uniform_int_distribution<int64_t> any(-2'208'988'800'000'000, 4'102'444'800'000'000);  // 1900 to 2100
  int back = 0;
  for (const std::string name :
       {"America/St_Johns", "America/Goose_Bay", "Antarctica/Casey", "Europe/Amsterdam", "Pacific/Apia", "UTC"}) {
    CAPTURE(name);
    const date::time_zone* tz = date::locate_zone(name);
    const TimeZoneTable table(name);
    const std::vector<int64_t> changes = Transitions(tz);
    std::vector<std::pair<int64_t, int64_t>> windows;
    for (int k = 0; k < 2000; ++k) {
      const int64_t lo = any(rng);
      windows.emplace_back(lo, lo + static_cast<int64_t>(rng() % (400 * kDay)));
    }
    for (int64_t t : changes) windows.emplace_back(t - kDay, t + kDay);
    for (auto [lo, hi] : windows) {
      bool grow = true;
      for (int64_t t : changes) {
        if (t > lo && t <= hi && LibraryDate(tz, t) < LibraryDate(tz, t - 1)) grow = false;
      }
      back += !grow;
      if (table.DatesGrow(lo, hi) != grow) FAIL_CHECK("between " << lo << " and " << hi << ": " << !grow);
    }
  }
  CHECK(back > 0);
}

}  // namespace
}  // namespace sam::rt
