// The interpreter's values for some customers (Prepared::Evaluate with rows, as the
// engine asks for a day's candidates and firings): computed in spans of nearby
// customers, not whole morsels, they must be the values of a whole evaluation, for
// rows in any order, repeated, sparse or dense, across morsels, first and last.
#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/interp/backend.hpp"
#include "compiler/driver/frontend.hpp"
#include "tests/support/load_folder.hpp"

namespace sam {
namespace {

const char* kInterpRowsSchema = R"(
schema {
  customers key id {
    id: int
    tier: int?
  }
  events orders of customers by customer_id at day {
    day: date
    amount: int
  }
}
let spent = sum(orders.amount)
let big = tier is present and tier >= 2 and count(orders) >= 2
)";

// 9,000 customers (five morsels), every fourth without a tier, k % 4 orders each.
std::vector<std::pair<std::string, std::string>> Files() {
  std::string customers = "id,tier\n", orders = "customer_id,day,amount\n";
  for (int k = 1; k <= 9000; ++k) {
    customers += std::to_string(k) + "," + (k % 4 == 0 ? "" : std::to_string(k % 5)) + "\n";
    for (int i = 0; i < k % 4; ++i) orders += std::to_string(k) + ",2026-0" + std::to_string(i + 1) + "-10," + std::to_string(k + i) + "\n";
  }
  return {{"customers.csv", customers}, {"orders.csv", orders}};
}

ir::NodeId Root(const ir::Program& p, const std::string& name) {
  for (const ir::Let& l : p.lets) {
    if (l.name == name) return l.root;
  }
  FAIL("no let " << name);
  return ir::kNone;
}

TEST_CASE("the interpreter's values for some rows are those of all rows") {
  Frontend fe;
  CheckText(fe, "rows.sam", kInterpRowsSchema);
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, Files());
  REQUIRE(db.customer_count() == 9000);
  backend::Context context;
  context.today = 20780;  // 2026-11-23
  context.threads = 2;
  auto backend = interp::MakeBackend();
  auto run = backend->Prepare(*fe.ir, db, context);
  std::vector<uint32_t> all(9000);
  for (uint32_t r = 0; r < all.size(); ++r) all[r] = r;
  std::mt19937 rng(5);
  std::vector<std::vector<uint32_t>> asks = {
      {8999, 0, 4500, 4500, 2047, 2048, 63, 64},  // out of order, repeated, at edges
      {},
  };
  for (int k = 0; k < 300; ++k) asks[1].push_back(static_cast<uint32_t>(rng() % 9000));  // sparse, unsorted
  std::vector<uint32_t> dense;
  for (uint32_t r = 100; r < 6000; r += 3) dense.push_back(r);
  asks.push_back(dense);
  for (const char* let : {"spent", "big"}) {
    const backend::Values whole = run->Evaluate(Root(*fe.ir, let), all);
    for (const auto& rows : asks) {
      const backend::Values some = run->Evaluate(Root(*fe.ir, let), rows);
      for (size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(let);
        CAPTURE(rows[i]);
        REQUIRE(some.Present(i) == whole.Present(rows[i]));
        if (some.Present(i)) CHECK(some.ints[i] == whole.ints[rows[i]]);
      }
    }
  }
}


// Customers computed alongside the asked ones but not asked (the rest of a span)
// must not stop an evaluation with their errors: `show customers where id <= 2 { x }`
// failed for customer 3, where the JIT (computing the asked rows only) answered.
TEST_CASE("the interpreter's errors for some rows are those rows' only") {
  Frontend fe;
  CheckText(fe, "rows.sam", std::string(kInterpRowsSchema) + "let risky = 9223372036854775805 + count(orders)\n");
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, Files());
  backend::Context context;
  context.today = 20780;
  auto run = interp::MakeBackend()->Prepare(*fe.ir, db, context);
  const ir::NodeId root = Root(*fe.ir, "risky");
  // Rows 0 and 1 (customers 1 and 2: 1 and 2 orders) fit; row 2 (customer 3, 3 orders) overflows.
  const std::vector<uint32_t> fine = {0, 1};
  const backend::Values v = run->Evaluate(root, fine);
  REQUIRE(v.ints.size() == 2);
  CHECK(v.ints[0] == 9223372036854775806);
  CHECK(v.ints[1] == 9223372036854775807);
  const std::vector<uint32_t> failing = {0, 2};
  CHECK_THROWS_WITH(run->Evaluate(root, failing), doctest::Contains("out of range"));
}

}  // namespace
}  // namespace sam
