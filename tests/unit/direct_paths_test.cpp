// The interpreter's direct and flat aggregate paths (backends/interp/direct_agg.cpp)
// against its general path, on random data of a schema unlike the examples': string
// customer keys, a date time column, 64-bit, float, decimal, enum, bool and string
// fields, all optional and often absent. Every aggregate's value for every customer
// must be the same both ways (the oracle test checks the general path against SQLite).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/interp/backend.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "runtime/load/load.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

const char* kDirectPathsSchema = R"(
timezone "America/New_York"
schema {
  customers key code {
    code: string
    tier: int?
  }
  events visits of customers by customer_code at visit_day {
    visit_day: date
    pages: int?
    big: int?
    spent: decimal?
    ratio: float?
    device: enum { phone, tablet, desktop }?
    member: bool?
    ref: string?
    tag: string?
  }
  events logins of customers by customer_code at logged_at {
    ref: string?
    big: int?
  }
}
)";

// Random CSV files for the schema: 300 customers, visits and logins in random order.
void WriteData(const std::filesystem::path& dir, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](uint64_t n) { return rng() % n; };
  auto maybe = [&](const std::string& s) { return pick(5) == 0 ? std::string() : s; };
  std::filesystem::create_directories(dir);
  std::ofstream c(dir / "customers.csv"), v(dir / "visits.csv"), l(dir / "logins.csv");
  c << "code,tier\n";
  v << "customer_code,visit_day,pages,big,spent,ratio,device,member,ref,tag\n";
  l << "customer_code,logged_at,ref,big\n";
  const char* devices[] = {"phone", "tablet", "desktop"};
  for (int k = 0; k < 300; ++k) {
    const std::string code = fmt::format("K{:04}", (k * 7919) % 10007);
    c << code << "," << maybe(std::to_string(pick(5))) << "\n";
    const uint64_t visits = pick(5) == 0 ? 0 : pick(40);
    for (uint64_t i = 0; i < visits; ++i) {
      // Days from 2024-01-01 to past the run date; a few refs repeat within a customer.
      const int day = static_cast<int>(pick(1100));
      const int y = 2024 + day / 365, doy = day % 365;
      v << code << "," << fmt::format("{}-{:02}-{:02}", y, doy / 31 % 12 + 1, doy % 28 + 1) << ","
        << maybe(std::to_string(static_cast<int>(pick(60)) - 10)) << ","
        << maybe(std::to_string(static_cast<int64_t>(rng() % 4000000000000000ull) - 2000000000000000)) << ","
        << maybe(fmt::format("{}.{:03}", pick(900), pick(1000))) << "," << maybe(fmt::format("{:.3f}", pick(1000) / 7.0))
        << "," << maybe(devices[pick(3)]) << "," << maybe(pick(2) ? "true" : "false") << ","
        << maybe(fmt::format("R{}", pick(6))) << "," << maybe(fmt::format("T-{}-{}", k, pick(1000))) << "\n";
    }
    const uint64_t logins = pick(12);
    for (uint64_t i = 0; i < logins; ++i) {
      l << code << "," << fmt::format("2026-{:02}-{:02}T{:02}:{:02}:07.250-05:00", pick(12) + 1, pick(28) + 1, pick(24), pick(60))
        << "," << maybe(fmt::format("R{}", pick(6))) << "," << maybe(std::to_string(pick(3))) << "\n";
    }
  }
}

// One value per aggregate and customer, as text.
std::vector<std::vector<std::string>> Values(Frontend& fe, const rt::Database& db, const std::string& columns, bool direct) {
  query::QueryOptions o;
  o.today = 20780;  // 2026-11-23
  o.threads = 2;
  std::vector<query::QueryResult> results;
  const bool ok = testing::RunQueryText(fe, db, "direct.samq", "show customers { code, " + columns + " }",
                                        *interp::MakeBackend(direct), o, results);
  if (!ok) {
    for (const auto& d : fe.diags.all()) MESSAGE(d.message);
  }
  REQUIRE(ok);
  REQUIRE(results.size() == 1);
  return results[0].rows;
}

TEST_CASE("direct and flat aggregates agree with the general path on another schema") {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("sam_direct_{}", ::getpid());
  WriteData(dir, 7);
  Frontend fe;
  CheckText(fe, "direct.sam", kDirectPathsSchema);
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadFolder(*fe.ir, dir);
  // Every test kind and reduction of direct_agg.cpp, in windows and without.
  const std::vector<std::string> columns = {
      "count(visits within 365d)",
      "count(visits within 90d where pages is present and pages >= 3 and device is present and device in {phone, desktop})",
      "count(visits where member is present and member and ref is present and ref != \"R2\")",
      "count(visits where member is present and not member)",
      "count(visits within 730d where big is present and big > -1000000000000 and big <= 1500000000000000)",
      "count(visits where spent is present and spent > 100.5 and spent < 700.0005)",
      "count(visits where ratio is present and ratio >= 30.5)",
      "count(visits where ref is present and ref >= \"R2\" and ref < \"R5\" and tag is present)",
      "count(visits within 400d where month(visit_day) in {1, 2, 12} and day(visit_day) != 29)",
      "count(visits where weekday(visit_day) >= 6 or year(visit_day) == 2025)",
      "count(visits.ref within 400d)",
      "count(distinct visits.ref)",
      "count(distinct visits.device within 365d)",
      "count(distinct visits.big)",
      "sum(visits.pages within 365d)",
      "sum(visits.spent within 200d where device is present and device == tablet)",
      "sum(visits.ratio within 365d)",
      "sum(visits.big where big is present and big < 0)",
      "avg(visits.pages within 500d)",
      "avg(visits.spent)",
      "avg(visits.ratio where member is present and member)",
      "min(visits.spent where pages is present and pages > 10)",
      "max(visits.big within 365d)",
      "min(visits.ref)",
      "max(visits.tag where device is present and device != phone)",
      "max(visits.ratio)",
      "first(visits.pages within 365d)",
      "last(visits.tag)",
      "last(visits where ref is present and ref == \"R1\").pages",
      "first(visits where member is present and member).spent",
      "any(visits within 30d where pages is present and pages > 40)",
      "none(visits within 180d where device is present and device == desktop)",
      "all(visits within 365d where pages is present)",
      "count(logins within 90d where ref is present and ref in {\"R1\", \"R3\", \"R9\"})",
      "sum(logins.big within 180d)",
      "any(visits as v where v.ref is present and any(logins after start_of(v.visit_day) where ref is present and ref == v.ref))",
      "count(visits as v where v.tag is present and v.big is present and "
      "none(visits after v.visit_day where tag is present and tag == v.tag and big is present and big == v.big))",
      "count(visits as v within 365d where v.device is present and "
      "count(visits before v.visit_day where device is present and device == v.device) >= 2)",
  };

  std::string text;
  for (const auto& c : columns) text += (text.empty() ? "" : ", ") + c;
  const auto direct = Values(fe, db, text, true);
  const auto general = Values(fe, db, text, false);
  REQUIRE(direct.size() == 300);
  REQUIRE(general.size() == direct.size());
  int nonzero = 0;
  for (size_t r = 0; r < direct.size(); ++r) {
    REQUIRE(direct[r].size() == columns.size() + 1);
    for (size_t k = 0; k < columns.size(); ++k) {
      INFO("customer ", direct[r][0], ": ", columns[k]);
      CHECK(direct[r][k + 1] == general[r][k + 1]);
      nonzero += !direct[r][k + 1].empty() && direct[r][k + 1] != "0" && direct[r][k + 1] != "false";
    }
  }
  // The data exercises the aggregates: most values are neither 0 nor absent.
  CHECK(nonzero > static_cast<int>(direct.size() * columns.size() / 2));
  std::filesystem::remove_all(dir);
}

// count(distinct) of values far apart: the direct path counts few values close
// together in a bitmask, and once took the distance of values at the ends of int64
// for a small one (it overflowed): 3 of 7 distinct values counted.
TEST_CASE("count(distinct) of values at the ends of int64") {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("sam_distinct_{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "customers.csv") << "code,tier\nA,1\n";
  std::ofstream(dir / "logins.csv") << "customer_code,logged_at,ref,big\n";
  {
    std::ofstream v(dir / "visits.csv");
    v << "customer_code,visit_day,pages,big,spent,ratio,device,member,ref,tag\n";
    for (const char* big : {"-9223372036854775808", "-9223372036854775807", "-4611686018427387904", "-82",
                            "-8144248", "2", "9223372036854775807"}) {
      v << "A,2025-01-01,," << big << ",,,,,,\n";
    }
  }
  Frontend fe;
  CheckText(fe, "direct.sam", kDirectPathsSchema);
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadFolder(*fe.ir, dir);
  for (bool direct : {true, false}) {
    INFO("direct ", direct);
    const auto rows = Values(fe, db, "count(distinct visits.big)", direct);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][1] == "7");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sam
