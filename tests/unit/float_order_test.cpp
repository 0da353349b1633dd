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

}  // namespace
}  // namespace sam
