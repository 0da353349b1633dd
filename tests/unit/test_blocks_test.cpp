// `sam test`'s stage (testing/): a test block's rows as a database (through the
// loader's assembly, runtime/load/inline_rows.cpp), and the expectations run over it,
// including the seam for the campaign engine (ContactPlanner).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"
#include "testing/run_tests.hpp"
#include "testing/test_database.hpp"

namespace sam {
namespace {

const char* kTestBlocksProgram = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id {
    id: int
    mobile: string?
    joined_at: timestamp
  }
  events visits of customers by customer_id at seen_at {
    page: string
    seconds: int?
  }
}
segment visitors = count(visits) > 0
let last_page = last(visits).page
campaign hello { kind service channel sms audience visitors message "hi" }

test "rows" {
  today 2026-11-23
  customers [
    { id: 9, mobile: "+31600000009", joined_at: 2026-03-01 },
    { id: 2, joined_at: 2026-07-01 12:30 },
    { id: 5, mobile: absent, joined_at: 2026-01-01 },
  ]
  visits [
    { customer_id: 5, seen_at: 2026-11-02 10:00, page: "c" },
    { customer_id: 9, seen_at: 2026-11-03 10:00, page: "late", seconds: 4 },
    { customer_id: 5, seen_at: 2026-11-01 10:00, page: "a" },
    { customer_id: 9, seen_at: 2026-11-01, page: "early", seconds: absent },
    { customer_id: 5, seen_at: 2026-11-02 10:00, page: "d" },
  ]
  expect (last_page ?? "") == "d" for 5
  expect count visitors == 2
  expect contact hello for 9
  expect no contact hello for 2
}
)";

struct Compiled {
  Frontend fe;
  Compiled() {
    CheckText(fe, "t.sam", kTestBlocksProgram);
    REQUIRE(fe.ir.has_value());
    REQUIRE(fe.ir->tests.size() == 1);
  }
  const ir::Program& p() const { return *fe.ir; }
};

int64_t Local(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  const int64_t wall = DaysFromCivil(y, m, d) * kMicrosPerDay + (hour * 60 + minute) * int64_t{60'000'000};
  return WallClockToInstant(wall, "Europe/Amsterdam");
}

TEST_CASE("a test's customers are sorted by key, its optional fields absent when left out or `absent`") {
  Compiled c;
  rt::Database db = testing::TestDatabase(c.p(), c.p().tests[0]);
  const rt::Table& customers = db.customer_table();
  REQUIRE(customers.rows == 3);
  CHECK(customers.columns[0].Int(0) == 2);
  CHECK(customers.columns[0].Int(1) == 5);
  CHECK(customers.columns[0].Int(2) == 9);
  CHECK_FALSE(customers.columns[1].Present(0));  // left out
  CHECK_FALSE(customers.columns[1].Present(1));  // `absent`
  CHECK(customers.columns[1].Str(2) == "+31600000009");
}

TEST_CASE("a timestamp given as a date is its 00:00 in the program's time zone") {
  Compiled c;
  rt::Database db = testing::TestDatabase(c.p(), c.p().tests[0]);
  const rt::Column& joined = db.customer_table().columns[2];
  CHECK(joined.Int(2) == Local(2026, 3, 1));          // customer 9: 2026-03-01
  CHECK(joined.Int(0) == Local(2026, 7, 1, 12, 30));  // customer 2: 2026-07-01 12:30
  CHECK(joined.Int(2) == DaysFromCivil(2026, 2, 28) * kMicrosPerDay + 23 * int64_t{3'600'000'000});  // CET is UTC+1
}

TEST_CASE("a test's events are grouped per customer and ordered by time, ties in the order written") {
  Compiled c;
  rt::Database db = testing::TestDatabase(c.p(), c.p().tests[0]);
  int visits = -1;
  for (size_t t = 0; t < c.p().tables.size(); ++t) {
    if (c.p().tables[t].name == "visits") visits = static_cast<int>(t);
  }
  REQUIRE(visits >= 0);
  const rt::Table& v = db.tables[visits];
  const TableInfo& info = c.p().tables[visits];
  const rt::Column& page = v.columns[info.Find("page")];
  const rt::Column& at = v.columns[info.time];
  const rt::Column& seconds = v.columns[info.Find("seconds")];
  REQUIRE(v.rows == 5);
  const uint64_t* off = v.Offsets();
  // Customers 2, 5, 9 (rows 0, 1, 2): none, three, two visits.
  CHECK(off[0] == 0);
  CHECK(off[1] == 0);
  CHECK(off[2] == 3);
  CHECK(off[3] == 5);
  CHECK(page.Str(0) == "a");
  CHECK(page.Str(1) == "c");  // 10:00 on the 2nd, written before "d"
  CHECK(page.Str(2) == "d");
  CHECK(page.Str(3) == "early");
  CHECK(page.Str(4) == "late");
  CHECK(at.Int(3) == Local(2026, 11, 1));
  CHECK(at.Int(1) == Local(2026, 11, 2, 10));
  CHECK_FALSE(seconds.Present(3));
  CHECK(seconds.Int(4) == 4);
}

// A planner standing in for the campaign engine: contacts customer 9 on the run date.
class FakePlanner : public testing::ContactPlanner {
 public:
  testing::PlannedRuns Plan(const ir::Program&, const rt::Database& db, int64_t today, int64_t until) override {
    CHECK(db.customer_count() == 3);
    CHECK(today == until);
    return {{{"9", "hello", "hi", today, today}}, {}};
  }
};

TEST_CASE("expectations run: conditions and counts; contacts only with a planner") {
  Compiled c;
  auto interp = [] { return backend::MakeBackend("interp"); };
  std::vector<testing::TestResult> r = testing::RunTests(c.p(), interp, {});
  REQUIRE(r.size() == 1);
  REQUIRE(r[0].findings.size() == 4);
  CHECK(r[0].findings[0].status == testing::ExpectStatus::Passed);
  CHECK(r[0].findings[1].status == testing::ExpectStatus::Passed);
  CHECK(r[0].findings[2].status == testing::ExpectStatus::NotRun);
  CHECK(r[0].findings[3].status == testing::ExpectStatus::NotRun);
  CHECK(r[0].status == testing::TestStatus::Incomplete);

  FakePlanner planner;
  testing::RunOptions with;
  with.planner = &planner;
  r = testing::RunTests(c.p(), interp, with);
  CHECK_MESSAGE(r[0].findings[2].status == testing::ExpectStatus::Passed, r[0].findings[2].message);
  CHECK(r[0].findings[3].status == testing::ExpectStatus::Passed);
  CHECK(r[0].status == testing::TestStatus::Passed);

  testing::RunOptions none;
  none.filter = "no such test";
  CHECK(testing::RunTests(c.p(), interp, none).empty());
}

}  // namespace
}  // namespace sam
