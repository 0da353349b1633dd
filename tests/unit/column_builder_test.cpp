// ColumnBuilder: chunks of strings with absent values finished as one column; packed chunks.
#include <doctest/doctest.h>

#include "runtime/data/column_builder.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace sam;

TEST_CASE("string chunks finished together keep absent rows absent and codes in dictionary order") {
  rt::ColumnBuilder a(Type::Of(TypeKind::String, true)), b(Type::Of(TypeKind::String, true));
  a.AppendString("pear");
  a.AppendAbsent();
  b.AppendAbsent();
  b.AppendString("apple");
  b.AppendString("pear");
  rt::Column c = rt::ColumnBuilder::Finish({&a, &b}, nullptr);
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

namespace {

std::string Bytes(const rt::Buffer& b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }

// RangeOf over the parts and Scaled of each part, against the least and greatest
// value and the largest unit that divides the gcd of the distances, found here.
void CheckRangeOf(const std::vector<rt::ColumnBuilder*>& parts, const std::vector<std::optional<int64_t>>& values) {
  const rt::ColumnBuilder::Range r = rt::ColumnBuilder::RangeOf(parts);
  std::optional<int64_t> lo, hi;
  for (const auto& v : values) {
    if (!v) continue;
    lo = std::min(lo.value_or(*v), *v);
    hi = std::max(hi.value_or(*v), *v);
  }
  REQUIRE(r.any == lo.has_value());
  if (!lo) return;
  CHECK(r.lo == *lo);
  CHECK(r.hi == *hi);
  if (static_cast<__int128>(*hi) - *lo > std::numeric_limits<int64_t>::max()) {
    CHECK(r.unit == 1);
    return;
  }
  uint64_t g = 0;
  for (const auto& v : values) {
    if (v) g = std::gcd(g, static_cast<uint64_t>(*v - *lo));
  }
  int64_t want = 1;
  for (int64_t u : {86'400'000'000LL, 3'600'000'000LL, 60'000'000LL, 1'000'000LL, 10'000LL, 1'000LL, 100LL, 10LL, 1LL}) {
    if (g % static_cast<uint64_t>(u) == 0) {
      want = u;
      break;
    }
  }
  CHECK(r.unit == want);
  size_t g_row = 0;
  for (const rt::ColumnBuilder* p : parts) {
    std::vector<uint64_t> scaled(p->size());
    p->Scaled(0, p->size(), r.lo, r.unit, scaled.data());
    for (size_t i = 0; i < p->size(); ++i, ++g_row) {
      const auto& v = values[g_row];
      if (v) REQUIRE(scaled[i] == static_cast<uint64_t>(*v - *lo) / static_cast<uint64_t>(r.unit));
    }
  }
}

// Builds `values` (nullopt: absent) into one builder, or into chunks of random size
// of which a random choice is packed, and finishes both in the same order.
void CheckPackedMatches(Type type, const std::vector<std::optional<int64_t>>& values, std::mt19937_64& rng) {
  const bool strings = type.kind == TypeKind::String;
  auto append = [&](rt::ColumnBuilder& b, const std::optional<int64_t>& v) {
    if (!v) b.AppendAbsent();
    else if (strings) b.AppendString("s" + std::to_string(*v));
    else b.AppendInt(*v);
  };
  rt::ColumnBuilder whole(type);
  for (const auto& v : values) append(whole, v);
  std::vector<rt::ColumnBuilder> chunks;
  for (size_t i = 0; i < values.size();) {
    const size_t n = std::min<size_t>(values.size() - i, 1 + rng() % 300);
    chunks.emplace_back(type);
    for (size_t k = 0; k < n; ++k) append(chunks.back(), values[i + k]);
    if (rng() % 4 != 0) chunks.back().Pack();
    for (size_t k = 0; k < n; ++k) {
      const auto& v = values[i + k];
      REQUIRE(chunks.back().PresentAt(k) == v.has_value());
      if (v && strings) REQUIRE(chunks.back().StringAt(k) == "s" + std::to_string(*v));
      if (v && !strings) REQUIRE(chunks.back().IntAt(k) == *v);
    }
    i += n;
  }
  std::vector<uint32_t> dest(values.size());  // value g becomes row dest[g]
  for (uint32_t i = 0; i < dest.size(); ++i) dest[i] = i;
  std::shuffle(dest.begin(), dest.end(), rng);
  const bool use_dest = rng() % 2 == 0;
  std::vector<rt::ColumnBuilder*> parts;
  for (auto& c : chunks) parts.push_back(&c);
  if (parts.empty()) parts.push_back(&chunks.emplace_back(type));
  if (!strings) CheckRangeOf(parts, values);
  rt::Column a = whole.Finish(use_dest ? &dest : nullptr);
  rt::Column b = rt::ColumnBuilder::Finish(parts, use_dest ? &dest : nullptr);
  REQUIRE(a.size == values.size());
  CHECK(a.encoding == b.encoding);
  CHECK(a.base == b.base);
  CHECK(a.unit == b.unit);
  CHECK(Bytes(a.values) == Bytes(b.values));
  CHECK(Bytes(a.validity) == Bytes(b.validity));
  CHECK(Bytes(a.dict_offsets) == Bytes(b.dict_offsets));
  CHECK(Bytes(a.dict_bytes) == Bytes(b.dict_bytes));
  for (size_t g = 0; g < values.size(); ++g) {
    const auto& v = values[g];
    const size_t i = use_dest ? dest[g] : g;
    REQUIRE(b.Present(i) == v.has_value());
    if (v && !strings) REQUIRE(b.Int(i) == *v);
    if (v && strings) REQUIRE(b.Str(i) == "s" + std::to_string(*v));
  }
}

}  // namespace

TEST_CASE("packed chunks finish into the same column as one unpacked builder") {
  std::mt19937_64 rng(7);
  const int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  // Value sets that pick each unit, width and the overflow fallback.
  const std::vector<std::vector<int64_t>> shapes = {
      {0, 1, 2, 3},
      {-5, 7, 100},
      {1'700'000'000'000'000, 1'700'000'086'400'000'000, 1'700'003'600'000'000},  // day and hour steps
      {1'700'000'000'000'000, 1'700'000'001'000'000, 1'700'100'000'000'000},     // seconds
      {1'700'000'000'000'000, 1'700'000'000'000'010},                              // 10 microseconds
      {0, 1'000, 70'000'000},                                                      // width 2, 4
      {0, 1LL << 40, 3},                                                           // width 8
      {kMin, kMax, 0},                                                             // the span overflows
      {kMin, kMin + 1},
      {kMax - 100, kMax},
      {42},
  };
  for (const auto& shape : shapes) {
    for (int absent_share : {0, 30, 100}) {
      for (size_t rows : {0, 1, 5, 700, 3000}) {
        std::vector<std::optional<int64_t>> values;
        for (size_t i = 0; i < rows; ++i) {
          if (static_cast<int>(rng() % 100) < absent_share) {
            values.emplace_back();
          } else {
            const int64_t a = shape[rng() % shape.size()], b = shape[rng() % shape.size()];
            // Mostly the listed values; sometimes a value between two of them.
            values.emplace_back(rng() % 5 == 0 && a < b ? a + static_cast<int64_t>((static_cast<uint64_t>(b) - static_cast<uint64_t>(a)) / 2) : a);
          }
        }
        INFO("shape ", shape.front(), " absent ", absent_share, "% rows ", rows);
        CheckPackedMatches(Type::Of(TypeKind::Timestamp, true), values, rng);
        if (rows <= 700) CheckPackedMatches(Type::Of(TypeKind::String, true), values, rng);
      }
    }
  }
}

TEST_CASE("a packed builder refuses pops") {
  rt::ColumnBuilder a(Type::Of(TypeKind::Int, false));
  a.AppendInt(1);
  a.Pack();
  CHECK_THROWS_AS(a.PopBack(), std::logic_error);
  CHECK(a.size() == 1);
  CHECK(a.IntAt(0) == 1);
}
