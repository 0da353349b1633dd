// Values that do not depend on the customer are computed once per run, whatever
// built-in produces them (`add_years(today, -2)`), and tests of date parts on a date
// column (`month(birth_date) == 11`) run as passes over the stored column. Both must
// give the answers of the general path: per-row built-ins ("interp-scopes" plans no
// tests on stored values), on dates around 29 February and month ends.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/interp/backend.hpp"
#include "backends/interp/interpreter.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "runtime/load/load.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

const char* kInvariantSchema = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id {
    id: int
    country: string
    birth_date: date?
    signup_at: timestamp
    optin_at: timestamp?
  }
}
)";

constexpr int kCustomers = 5000;  // three morsels

// Birth dates 1930-2010 with every 29 February and month end often; signups over
// 2018-2027, at any time of day.
void WriteData(const std::filesystem::path& dir) {
  std::mt19937_64 rng(11);
  auto pick = [&](uint64_t n) { return rng() % n; };
  std::filesystem::create_directories(dir);
  std::ofstream c(dir / "customers.csv");
  c << "id,country,birth_date,signup_at,optin_at\n";
  const char* countries[] = {"NL", "BE", "DE"};
  const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int k = 0; k < kCustomers; ++k) {
    const int y = 1930 + static_cast<int>(pick(81)), m = 1 + static_cast<int>(pick(12));
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int last = m == 2 && leap ? 29 : month_days[m - 1];
    int d = 1 + static_cast<int>(pick(static_cast<uint64_t>(last)));
    if (pick(6) == 0) d = last;
    std::string birth = fmt::format("{}-{:02}-{:02}", y, m, d);
    if (pick(10) == 0) birth = fmt::format("{}-02-29", 1932 + 4 * static_cast<int>(pick(19)));
    if (pick(12) == 0) birth.clear();
    const std::string signup = fmt::format("{}-{:02}-{:02}T{:02}:{:02}:00Z", 2018 + pick(10), 1 + pick(12), 1 + pick(28),
                                           pick(24), pick(60));
    const std::string optin =
        pick(3) == 0 ? "" : fmt::format("{}-{:02}-{:02}T{:02}:30:00Z", 2024 + pick(4), 1 + pick(12), 1 + pick(28), pick(24));
    c << k << "," << countries[pick(3)] << "," << birth << "," << signup << "," << optin << "\n";
  }
}

struct Data {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("sam_invariant_{}", ::getpid());
  Frontend fe;
  rt::Database db;
  Data() {
    WriteData(dir);
    CheckText(fe, "invariant.sam", kInvariantSchema);
    REQUIRE(fe.ir.has_value());
    db = testing::LoadFolder(*fe.ir, dir);
  }
  ~Data() { std::filesystem::remove_all(dir); }

  // Optional fields are tested only where present (`birth_date is present and ...`).
  uint64_t Count(std::string where, int64_t today, bool direct) {
    if (where.find("optin_at") != std::string::npos) where = "optin_at is present and " + where;
    if (where.find("birth_date") != std::string::npos) where = "birth_date is present and " + where;
    query::QueryOptions o;
    o.today = today;
    o.threads = 2;
    std::vector<query::QueryResult> results;
    const bool ok = testing::RunQueryText(fe, db, "invariant.samq", "count customers where " + where,
                                          *interp::MakeBackend(direct), o, results);
    if (!ok) {
      for (const auto& d : fe.diags.all()) MESSAGE(d.message);
    }
    REQUIRE(ok);
    REQUIRE(results.size() == 1);
    return results[0].count;
  }
};

TEST_CASE("a built-in of invariant operands is computed once per run, not per customer") {
  Data data;
  auto rows = [&](const std::string& where) {
    const uint64_t before = interp::BuiltinRowsComputed();
    data.Count(where, 20780, true);
    return interp::BuiltinRowsComputed() - before;
  };
  CHECK(rows("signup_at < add_years(today, -2)") == 1);
  CHECK(rows("birth_date <= add_years(today, -65) and country == \"DE\"") == 1);
  // Nested: add_months, then start_of, then the comparison with a timestamp column.
  CHECK(rows("optin_at >= start_of(add_months(today, -6))") == 2);
  CHECK(rows("signup_at < add_years(date(now), -2) and birth_date > add_months(today, -900)") == 3);
  // A built-in of a customer's value: once per customer (the control).
  CHECK(rows("years_since(birth_date) >= 65") == kCustomers);
  // `bucket` hashes the customer's key: constant operands, yet a value per customer.
  CHECK(rows("bucket(\"split-7\", 10) == 9") == kCustomers);
  // Date parts of a date column are tests on its stored values: no built-in per row.
  CHECK(rows("month(birth_date) == 11 and day(birth_date) == 23") == 0);
}

TEST_CASE("folded built-ins and date-part tests give the general path's answers") {
  Data data;
  // Run dates: an ordinary day, 29 February, 28 February of a common year, a month end.
  for (int64_t today : {20780, 21243, 20877, 20543, 20088}) {
    // `today + days(0 * days_since(birth_date))` is today for every birth date but is computed per row.
    const std::vector<std::pair<std::string, std::string>> same = {
        {"birth_date <= add_years(today, -65)", "birth_date <= add_years(today + days(0 * days_since(birth_date)), -65)"},
        {"birth_date > add_years(today, -18)", "birth_date > add_years(today + days(0 * days_since(birth_date)), -18)"},
        {"birth_date >= add_months(today, -361)", "birth_date >= add_months(today + days(0 * days_since(birth_date)), -361)"},
        {"signup_at < add_years(today, -2)", "signup_at < add_years(today + days(0 * days_since(signup_at)), -2)"},
        {"optin_at >= start_of(add_months(today, -13))",
         "optin_at >= start_of(add_months(today + days(0 * days_since(signup_at)), -13))"},
        {"birth_date == anniversary(add_years(today, -40))", "birth_date == anniversary(add_years(today + days(0 * days_since(birth_date)), -40))"},
    };
    for (const auto& [folded, per_row] : same) {
      INFO(today, ": ", folded);
      const uint64_t n = data.Count(folded, today, true);
      CHECK(n == data.Count(per_row, today, true));
      CHECK(n == data.Count(folded, today, false));
    }
    // Date parts: tests on stored values (direct) against built-ins per row (scopes).
    for (const std::string where :
         {"month(birth_date) == 2 and day(birth_date) == 29", "month(birth_date) == 11 and day(birth_date) == 23",
          "day(birth_date) == 31", "day(birth_date) >= 28", "month(birth_date) != 2", "month(birth_date) < 3",
          "year(birth_date) <= 1960", "year(birth_date) > 2000", "weekday(birth_date) == 7",
          "month(birth_date) in {1, 12}", "not (day(birth_date) > 15)", "12 == month(birth_date)",
          "month(birth_date) == month(today) and day(birth_date) == day(today)",
          "month(birth_date) == 13", "year(birth_date) == 2 * 1000 + 8"}) {
      INFO(today, ": ", where);
      CHECK(data.Count(where, today, true) == data.Count(where, today, false));
    }
  }
  // Not vacuous: the tests match customers.
  CHECK(data.Count("month(birth_date) == 2 and day(birth_date) == 29", 20780, true) > 50);
}

}  // namespace
}  // namespace sam
