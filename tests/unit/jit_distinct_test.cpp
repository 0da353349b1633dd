// count(distinct x) in the JIT: over at most 64 possible values (an enum's variants,
// a string column whose dictionary has at most 64 entries) a bit per value; over more,
// a buffer sorted per customer. Both against answers worked out here, and absent
// values, which are not counted, in each.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

const char* kJitDistinctSchema = R"(
schema {
  customers key id {
    id: int
  }
  events visits of customers by customer_id at day {
    day: date
    page: string
    small: string
    kind: enum { a, b, c, d }
    maybe: enum { x, y }?
  }
}
)";

TEST_CASE("count(distinct) in the JIT: a bit per value up to 64, a sorted buffer beyond") {
  Frontend fe;
  CheckText(fe, "distinct.sam", kJitDistinctSchema);
  REQUIRE(fe.ir.has_value());
  // Customer c has c % 13 visits; visit i reads page p(c, i) of 100 pages, one of 5
  // small values, kind i % 4 and `maybe` absent on every third visit.
  const int customers = 300;
  std::string ids = "id\n", visits = "customer_id,day,page,small,kind,maybe\n";
  std::vector<int> pages(customers + 1), smalls(customers + 1), kinds(customers + 1), maybes(customers + 1);
  const char* kind_names[] = {"a", "b", "c", "d"};
  for (int c = 1; c <= customers; ++c) {
    ids += fmt::format("{}\n", c);
    std::set<int> page, small, kind, maybe;
    for (int i = 0; i < c % 13; ++i) {
      const int p = (c * 7 + i * 31) % 100, s = (c + i) % 5;
      page.insert(p);
      small.insert(s);
      kind.insert(i % 4);
      if (i % 3 != 0) maybe.insert(i % 2);
      visits += fmt::format("{},2026-01-{:02},page{},s{},{},{}\n", c, i + 1, p, s, kind_names[i % 4],
                            i % 3 == 0 ? "" : (i % 2 == 0 ? "x" : "y"));
    }
    pages[c] = static_cast<int>(page.size());
    smalls[c] = static_cast<int>(small.size());
    kinds[c] = static_cast<int>(kind.size());
    maybes[c] = static_cast<int>(maybe.size());
  }
  const rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", ids}, {"visits.csv", visits}});
  auto expected = [&](const std::vector<int>& n, int at_least) {
    int64_t count = 0;
    for (int c = 1; c <= customers; ++c) count += n[c] >= at_least;
    return count;
  };
  for (const std::string backend : {"interp", "jit"}) {
    CAPTURE(backend);
    auto b = backend::MakeBackend(backend);
    for (int at_least : {1, 2, 3, 5, 9}) {
      CAPTURE(at_least);
      CHECK(testing::CountWhere(fe, db, *b, fmt::format("count(distinct visits.page) >= {}", at_least), 20780) ==
            expected(pages, at_least));
      CHECK(testing::CountWhere(fe, db, *b, fmt::format("count(distinct visits.small) >= {}", at_least), 20780) ==
            expected(smalls, at_least));
      CHECK(testing::CountWhere(fe, db, *b, fmt::format("count(distinct visits.kind) >= {}", at_least), 20780) ==
            expected(kinds, at_least));
      CHECK(testing::CountWhere(fe, db, *b, fmt::format("count(distinct visits.maybe) >= {}", at_least), 20780) ==
            expected(maybes, at_least));
    }
  }
  // The JIT compiled them all (none left to the interpreter).
  auto compiled = backend::MakeBackend("jit");
  CHECK(testing::CountWhere(fe, db, *compiled, "count(distinct visits.page) >= 1 and count(distinct visits.kind) >= 1", 20780) ==
        expected(kinds, 1));
  for (const auto& e : jit::ReportOf(*compiled).expressions) CHECK(e.compiled);
}

}  // namespace
}  // namespace sam
