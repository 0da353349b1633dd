// Floats compare in one total order in every backend (docs/language.md, 3.3): NaN,
// which float arithmetic gives for infinity minus infinity, equals NaN and is above
// every other value. A new user's trial found the interpreter comparing NaN by IEEE
// rules (unequal to itself) and the JIT and constant folding calling it equal to
// everything. Answers worked out here by hand.
#include <doctest/doctest.h>

#include <string>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

TEST_CASE("NaN equals NaN and is above every other float, in both backends and in constants") {
  // Customer 1's n is NaN (1e300 squared is infinity); the others' n is 0.
  const std::string program =
      "schema { customers key id { id: int  score: float } }\n"
      "let n = score * score - score * score\n";
  Frontend fe;
  CheckText(fe, "floats.sam", program);
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,score\n1,1e300\n2,0.5\n3,-2e0\n"}});
  for (const std::string backend : {"interp", "jit"}) {
    CAPTURE(backend);
    auto b = backend::MakeBackend(backend);
    CHECK(testing::CountWhere(fe, db, *b, "n == n", 0) == 3);
    CHECK(testing::CountWhere(fe, db, *b, "n != n", 0) == 0);
    CHECK(testing::CountWhere(fe, db, *b, "n == 0e0", 0) == 2);
    CHECK(testing::CountWhere(fe, db, *b, "n in {0e0, 5e0}", 0) == 2);
    CHECK(testing::CountWhere(fe, db, *b, "n > 1e308", 0) == 1);
    CHECK(testing::CountWhere(fe, db, *b, "n >= 0e0", 0) == 3);
    CHECK(testing::CountWhere(fe, db, *b, "n < 1e308", 0) == 2);
    CHECK(testing::CountWhere(fe, db, *b, "n between 0e0 and 1e0", 0) == 2);
    CHECK(testing::CountWhere(fe, db, *b, "least(n, 1e0) == 1e0", 0) == 1);
    CHECK(testing::CountWhere(fe, db, *b, "greatest(n, 1e0) == n", 0) == 1);
    // Ranked first (largest first), ahead of the two zeros, which rank 2 and 3 by key.
    CHECK(testing::CountWhere(fe, db, *b, "rank(n) == 1 and id == 1", 0) == 1);
    CHECK(testing::CountWhere(fe, db, *b, "rank(n) == 3 and id == 3", 0) == 1);
    // Folded to a constant before any backend runs: the same order.
    CHECK(testing::CountWhere(fe, db, *b, "1e300 * 1e300 - 1e300 * 1e300 > 1e308", 0) == 3);
    CHECK(testing::CountWhere(fe, db, *b, "1e300 * 1e300 - 1e300 * 1e300 == 0e0", 0) == 0);
  }
}

TEST_CASE("min, max and count(distinct) of event floats follow the same order") {
  // x * x - x * x is NaN for x = +-1e300 (infinity minus infinity) and 0 otherwise;
  // x * 0e0 is -0.0 for a negative x, which equals 0.0. Customer 1 has NaN first,
  // customer 2 last, customer 3 none, customer 4 two NaNs, customer 5 a -0.0 and a 0.0.
  const std::string program =
      "schema {\n"
      "  customers key id { id: int }\n"
      "  events readings of customers by customer_id at taken_at { x: float }\n"
      "}\n";
  Frontend fe;
  CheckText(fe, "floats.sam", program);
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id\n1\n2\n3\n4\n5\n"},
                                                      {"readings.csv",
                                                       "customer_id,taken_at,x\n"
                                                       "1,2026-01-01T00:00:00Z,1e300\n1,2026-01-02T00:00:00Z,0.5\n"
                                                       "2,2026-01-01T00:00:00Z,0.5\n2,2026-01-02T00:00:00Z,1e300\n"
                                                       "3,2026-01-01T00:00:00Z,0.5\n"
                                                       "4,2026-01-01T00:00:00Z,1e300\n4,2026-01-02T00:00:00Z,-1e300\n"
                                                       "5,2026-01-01T00:00:00Z,-2\n5,2026-01-02T00:00:00Z,3\n"}});
  const int64_t kToday = 20485;  // 2026-02-01: every reading is in the past
  for (const std::string backend : {"interp", "jit"}) {
    CAPTURE(backend);
    auto b = backend::MakeBackend(backend);
    // NaN is the largest value: the max of customers 1, 2 and 4, the min of customer 4 only.
    CHECK(testing::CountWhere(fe, db, *b, "(max(x * x - x * x of readings) ?? 0e0) > 1e308", kToday) == 3);
    CHECK(testing::CountWhere(fe, db, *b, "(min(x * x - x * x of readings) ?? 0e0) == 0e0", kToday) == 4);
    CHECK(testing::CountWhere(fe, db, *b, "(min(x * x - x * x of readings) ?? 0e0) > 1e308", kToday) == 1);
    // Two values for customers 1 and 2 (NaN and 0), one for the others.
    CHECK(testing::CountWhere(fe, db, *b, "count(distinct x * x - x * x of readings) == 2", kToday) == 2);
    CHECK(testing::CountWhere(fe, db, *b, "count(distinct x * x - x * x of readings) == 1", kToday) == 3);
    // -0.0 and 0.0 are one value.
    CHECK(testing::CountWhere(fe, db, *b, "count(distinct x * 0e0 of readings) == 1", kToday) == 5);
  }
}

}  // namespace
}  // namespace sam
