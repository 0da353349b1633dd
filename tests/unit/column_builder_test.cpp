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

TEST_CASE("presence decodes row by row, at any start and length") {
  // A pattern with runs and isolated rows, over several validity words.
  rt::ColumnBuilder b(Type::Of(TypeKind::Int, true));
  std::vector<bool> want;
  for (int r = 0; r < 300; ++r) {
    const bool present = (r % 7 != 3) && (r % 64 < 60 || r % 2 == 0);
    want.push_back(present);
    if (present) {
      b.AppendInt(r);
    } else {
      b.AppendAbsent();
    }
  }
  rt::Column c = b.Finish();
  REQUIRE(!c.all_present());
  for (uint64_t begin : {0, 1, 5, 8, 63, 64, 65, 130}) {
    for (uint64_t end : {begin, begin + 1, begin + 7, begin + 8, begin + 9, begin + 100, uint64_t{300}}) {
      if (end > 300 || end < begin) continue;
      std::vector<uint8_t> got(end - begin, 9);
      c.DecodePresent(begin, end, got.data());
      for (uint64_t r = begin; r < end; ++r) {
        INFO("begin ", begin, " end ", end, " row ", r);
        CHECK(got[r - begin] == (want[r] ? 1 : 0));
      }
    }
  }
}
