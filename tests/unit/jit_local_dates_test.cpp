// The local date of a timestamp field in the JIT (`date(moment)` compared with another
// field), against Howard Hinnant's tz library directly: for zones with half-hour and
// 45-minute offsets, a 30-minute daylight saving shift, a day skipped (Apia, 2011)
// and clocks changed at midnight (Sao Paulo, Havana: dates that go back), instants
// at every transition of 2008-2014 and a microsecond, half an hour and an hour either
// side, local midnights near them, and instants at random.
#include <date/tz.h>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

using std::chrono::microseconds;
constexpr int64_t kHour = 3'600'000'000, kDay = 24 * kHour;

int64_t LibraryDate(const date::time_zone* tz, int64_t micros) {
  const auto t = date::sys_time<microseconds>(microseconds(micros));
  const auto local = tz->to_local(t);
  return date::floor<date::days>(local).time_since_epoch().count();
}

std::vector<int64_t> Instants(const date::time_zone* tz) {
  using namespace std::chrono;
  const int64_t from = date::sys_days{date::year{2008} / 1 / 1}.time_since_epoch().count() * kDay;
  const int64_t to = date::sys_days{date::year{2014} / 12 / 31}.time_since_epoch().count() * kDay;
  std::vector<int64_t> out;
  for (auto t = date::sys_seconds{seconds{from / 1'000'000}}; t.time_since_epoch().count() * 1'000'000 < to;) {
    const date::sys_info info = tz->get_info(t);
    if (info.end <= t || info.end.time_since_epoch().count() * 1'000'000 >= to) break;
    t = info.end;
    const int64_t change = duration_cast<microseconds>(t.time_since_epoch()).count();
    for (int64_t d : std::initializer_list<int64_t>{0, 1, -1, kHour / 2, -kHour / 2, kHour, -kHour})
      out.push_back(change + d);
    // The local midnights of the dates either side of the change.
    for (int64_t day = LibraryDate(tz, change - kDay); day <= LibraryDate(tz, change + kDay); ++day) {
      const int64_t guess = day * kDay - duration_cast<microseconds>(info.offset).count();
      for (int64_t d : std::initializer_list<int64_t>{0, 1, -1, kHour, -kHour}) out.push_back(guess + d);
    }
  }
  std::mt19937_64 random(8122026);
  for (int k = 0; k < 2000; ++k)
    out.push_back(from + static_cast<int64_t>(random() % static_cast<uint64_t>(to - from)));
  return out;
}

TEST_CASE("JIT: a timestamp field's local date, against the tz library") {
  for (const std::string zone : {"Europe/Amsterdam", "Pacific/Apia", "Australia/Lord_Howe", "America/St_Johns",
                                 "Asia/Kathmandu", "America/Sao_Paulo", "America/Havana"}) {
    CAPTURE(zone);
    Frontend fe;
    CheckText(fe, "dates.sam",
              fmt::format("timezone \"{}\"\nschema {{\n  customers key id {{\n    id: int\n    moment: timestamp\n    "
                          "local_day: date\n  }}\n}}\n",
                          zone));
    REQUIRE(fe.ir.has_value());
    const date::time_zone* tz = date::locate_zone(zone);
    std::string csv = "id,moment,local_day\n";
    const std::vector<int64_t> instants = Instants(tz);
    for (size_t k = 0; k < instants.size(); ++k) {
      const auto t = date::sys_time<microseconds>(microseconds(instants[k]));
      csv += fmt::format("{},{},{}\n", k + 1, date::format("%FT%TZ", t),
                         date::format("%F", date::sys_days{date::days{LibraryDate(tz, instants[k])}}));
    }
    const rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", csv}});
    auto jit = backend::MakeBackend("jit");
    CHECK(testing::CountWhere(fe, db, *jit, "date(moment) != local_day", 20000) == 0);
    CHECK(testing::CountWhere(fe, db, *jit, "date(moment) == local_day", 20000) ==
          static_cast<int64_t>(instants.size()));
    for (const auto& e : jit::ReportOf(*jit).expressions) CHECK(e.compiled);
  }
}

}  // namespace
}  // namespace sam
