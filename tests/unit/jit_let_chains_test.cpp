// Lets that each read the one before several times (`if e1 > 1000 then e1 - 1 else e1 +
// 1`): the JIT's checks and lowering visit each let once. A new-user trial found the
// JIT's support check walking such a chain 2^depth times (13 s at 18 lets; 60 never
// finished); answers against the interpreter's and worked out here.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

TEST_CASE("the JIT compiles a chain of 60 lets that each read the last three times") {
  std::string program = "schema { customers key id { id: int } }\nlet e0 = id\n";
  for (int k = 1; k <= 60; ++k) program += fmt::format("let e{} = if e{} > 1000 then e{} - 1 else e{} + 1\n", k, k - 1, k - 1, k - 1);
  Frontend fe;
  CheckText(fe, "chain.sam", program);
  REQUIRE(fe.ir.has_value());
  std::string csv = "id\n";
  for (int id = 1; id <= 1100; ++id) csv += fmt::format("{}\n", id);
  const rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", csv}});
  // Each let adds 1 while at most 1000, else takes 1: ids up to 941 end at id + 60
  // (941 reaches 1001 at the last step); from 942 on the chain swings between 1000
  // and 1001.
  for (const std::string backend : {"interp", "jit"}) {
    CAPTURE(backend);
    auto b = backend::MakeBackend(backend);
    CHECK(testing::CountWhere(fe, db, *b, "e60 > 500", 0) == 1100 - 440);
    CHECK(testing::CountWhere(fe, db, *b, "e60 == 1000", 0) > 0);
    CHECK(testing::CountWhere(fe, db, *b, "e60 == id + 60", 0) == 941);
  }
}

}  // namespace
}  // namespace sam
