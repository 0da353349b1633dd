// ColumnBuilder: merging chunks of strings with absent values.
#include <doctest/doctest.h>

#include "runtime/data/column_builder.hpp"

using namespace sam;

TEST_CASE("merged string chunks keep absent rows absent and codes in dictionary order") {
  rt::ColumnBuilder a(Type::Of(TypeKind::String, true)), b(Type::Of(TypeKind::String, true));
  a.AppendString("pear");
  a.AppendAbsent();
  b.AppendAbsent();
  b.AppendString("apple");
  b.AppendString("pear");
  a.Merge(std::move(b));
  rt::Column c = a.Finish();
  REQUIRE(c.size == 5);
  CHECK(c.dict_size() == 2);
  CHECK(c.Present(0));
  CHECK(!c.Present(1));
  CHECK(!c.Present(2));
  CHECK(c.Str(0) == "pear");
  CHECK(c.Str(3) == "apple");
  CHECK(c.Str(4) == "pear");
}
