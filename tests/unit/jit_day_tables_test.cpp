// The JIT's date tests as tables (backends/jit/lower_tables.cpp) against the
// interpreter: tests of one customer date column (stored in 8 bits or in 16) and the
// run date, on dates from 1940 to 2025 with leap days and absent values, on run dates
// that move 29 February's anniversary (a common year's 28 February, a leap day).
#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "schema/calendar.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

const char* kJitDayTablesSchema = R"(
schema {
  customers key id {
    id: int
    born: date?
    joined: date?
    tier: int
  }
}
)";

// `born` over 1940-2025 (16-bit storage), one in seven absent, every 29 February of
// those years among them; `joined` within 100 days (8-bit storage).
std::vector<std::pair<std::string, std::string>> DayTablesFiles(uint64_t seed = 11, int from = 1940) {
  std::mt19937_64 rng(seed);
  std::string csv = "id,born,joined,tier\n";
  const int64_t first = DaysFromCivil(from, 1, 1), last = DaysFromCivil(2025, 12, 31);
  auto text = [](int64_t days) {
    const CivilDate c = CivilFromDays(days);
    return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
  };
  int id = 0;
  for (int64_t y = from; y <= 2024; y += 4) csv += fmt::format("{},{},,1\n", ++id, text(DaysFromCivil(y, 2, 29)));
  for (int k = 0; k < 6000; ++k) {
    const int64_t born = first + static_cast<int64_t>(rng() % static_cast<uint64_t>(last - first + 1));
    const int64_t joined = DaysFromCivil(2026, 9, 1) + static_cast<int64_t>(rng() % 100);
    csv += fmt::format("{},{},{},{}\n", ++id, rng() % 7 == 0 ? "" : text(born), rng() % 5 == 0 ? "" : text(joined),
                       rng() % 4);
  }
  return {{"customers.csv", csv}};
}

int64_t Count(Frontend& fe, const rt::Database& db, backend::Backend& backend, const std::string& condition, int64_t today) {
  const std::optional<int64_t> n = testing::CountWhere(fe, db, backend, condition, today);
  for (const auto& d : fe.diags.all()) MESSAGE(d.message);
  REQUIRE(n.has_value());
  return *n;
}

TEST_CASE("the JIT's date tests as tables answer as the interpreter") {
  Frontend fe;
  CheckText(fe, "days.sam", kJitDayTablesSchema);
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, DayTablesFiles());
  const std::vector<std::string> conditions = {
      "born is present and is_anniversary(born)",
      "born is absent or not is_anniversary(born)",
      "born is present and month(born) == 2 and day(born) == 29",
      "born is present and month(born) == 11 and day(born) == 23 and tier >= 1",
      "born is present and weekday(born) >= 6",
      "born is absent or years_since(born) >= 65",
      "born is present and (year(born) < 1950 or is_anniversary(born))",
      "born is present and days_since(born) > 20000",
      "born is present and month(born) in {1, 12} and tier == 2",
      "(born ?? 2000-01-01) < 1960-01-01 and month(born ?? 2000-01-01) == 1",
      "joined is present and month(joined) == 10 and day(joined) <= 15",
      "joined is present and (is_anniversary(joined) or weekday(joined) == 1)",
  };

  const std::vector<std::string> dates = {"2026-02-28", "2028-02-29", "2028-02-28", "2026-11-23", "2027-03-01"};
  auto interp = interp::MakeBackend();
  auto jit = backend::MakeBackend("jit");
  for (const std::string& date : dates) {
    const CivilDate d{std::stoi(date.substr(0, 4)), static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                      static_cast<unsigned>(std::stoi(date.substr(8, 2)))};
    const int64_t today = DaysFromCivil(d.year, d.month, d.day);
    for (const std::string& condition : conditions) {
      CAPTURE(date);
      CAPTURE(condition);
      const int64_t expected = Count(fe, db, *interp, condition, today);
      CHECK(Count(fe, db, *jit, condition, today) == expected);
    }
  }
  // Every condition was compiled (not left to the interpreter, which would agree trivially).
  for (const jit::ExpressionReport& r : jit::ReportOf(*jit).expressions) CHECK_MESSAGE(r.compiled, r.reason);
}

}  // namespace
}  // namespace sam

namespace sam {
namespace {

// A backend per question, on two databases in turn (as the oracle runs its queries):
// the same test over another database is another kernel, and the tables of a JIT
// that is gone must not answer for it, wherever its code lands.
TEST_CASE("the JIT's date tables belong to their kernel") {
  Frontend fe;
  CheckText(fe, "days.sam", kJitDayTablesSchema);
  REQUIRE(fe.ir.has_value());
  const rt::Database a = testing::LoadTexts(*fe.ir, DayTablesFiles(11, 1940));
  const rt::Database b = testing::LoadTexts(*fe.ir, DayTablesFiles(12, 1960));
  const std::string condition = "born is present and month(born) == 2 and day(born) >= 28";
  const int64_t today = DaysFromCivil(2026, 11, 23);
  auto interp = interp::MakeBackend();
  const int64_t in_a = Count(fe, a, *interp, condition, today), in_b = Count(fe, b, *interp, condition, today);
  REQUIRE(in_a != in_b);
  for (int round = 0; round < 12; ++round) {
    CAPTURE(round);
    auto jit = backend::MakeBackend("jit");
    const bool first = round % 2 == 0;
    CHECK(Count(fe, first ? a : b, *jit, condition, today) == (first ? in_a : in_b));
  }
}

}  // namespace
}  // namespace sam
