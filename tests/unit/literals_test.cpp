// Decoding literal text into values (schema/value_text.hpp), and formatting back.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdint>
#include <limits>

#include "schema/value_text.hpp"

namespace sam::ast {
namespace {

constexpr int64_t kUs = 1'000'000;
constexpr int64_t kDay = 86'400 * kUs;

template <typename T>
bool IsError(const Decoded<T>& d) {
  return std::holds_alternative<LiteralError>(d);
}
template <typename T>
T Val(const Decoded<T>& d) {
  REQUIRE_MESSAGE(!IsError(d), (IsError(d) ? std::get<LiteralError>(d).message : std::string()));
  return std::get<T>(d);
}
template <typename T>
std::string Err(const Decoded<T>& d) {
  REQUIRE(IsError(d));
  return std::get<LiteralError>(d).message;
}

int64_t Days(std::string_view date) { return Val(DecodeDate(date)); }

TEST_CASE("DecodeInt") {
  CHECK(Val(DecodeInt("0")) == 0);
  CHECK(Val(DecodeInt("42")) == 42);
  CHECK(Val(DecodeInt("1_000_000")) == 1'000'000);
  CHECK(Val(DecodeInt("007")) == 7);
  CHECK(Val(DecodeInt("9223372036854775807")) == std::numeric_limits<int64_t>::max());
  CHECK(Err(DecodeInt("9223372036854775808")) == "integer literal does not fit in 64 bits");
  CHECK(IsError(DecodeInt("99999999999999999999999")));
}

TEST_CASE("DecodeDecimal") {
  CHECK(Val(DecodeDecimal("12.50")) == 12'500'000);
  CHECK(Val(DecodeDecimal("0.000001")) == 1);
  CHECK(Val(DecodeDecimal("0.5")) == 500'000);
  CHECK(Val(DecodeDecimal("1_000.123_456")) == 1'000'123'456);
  CHECK(Val(DecodeDecimal("9223372036854.775807")) == std::numeric_limits<int64_t>::max());
  CHECK(Err(DecodeDecimal("1.1234567")) == "a decimal has at most 6 digits after the point");
  CHECK(IsError(DecodeDecimal("9223372036854.775808")));
  CHECK(IsError(DecodeDecimal("9999999999999.0")));
  CHECK(IsError(DecodeDecimal("99999999999999999999.0")));
}

TEST_CASE("DecodeFloat") {
  CHECK(Val(DecodeFloat("1.5e3")) == doctest::Approx(1500.0));
  CHECK(Val(DecodeFloat("2E-2")) == doctest::Approx(0.02));
  CHECK(Val(DecodeFloat("1_0e1")) == doctest::Approx(100.0));
  CHECK(Val(DecodeFloat("1e308")) == doctest::Approx(1e308));
  CHECK(Err(DecodeFloat("1e400")) == "float literal out of range");
}

TEST_CASE("DecodeDate and leap years") {
  CHECK(Days("1970-01-01") == 0);
  CHECK(Days("1970-01-02") == 1);
  CHECK(Days("1969-12-31") == -1);
  CHECK(Days("2026-11-23") - Days("2026-11-22") == 1);
  CHECK(Days("2026-03-01") - Days("2026-02-28") == 1);
  CHECK(Days("2024-02-29") - Days("2024-02-28") == 1);  // divisible by 4
  CHECK(Days("2000-02-29") - Days("2000-02-28") == 1);  // divisible by 400
  CHECK(Err(DecodeDate("2026-02-29")) == "`2026-02-29` is not a date: February 2026 has 28 days");
  CHECK(Err(DecodeDate("2026-13-01")) == "`2026-13-01` is not a date: there is no month 13");
  CHECK(IsError(DecodeDate("1900-02-29")));  // divisible by 100, not by 400
  CHECK(IsError(DecodeDate("2100-02-29")));
  CHECK(IsError(DecodeDate("2026-02-30")));
  CHECK(IsError(DecodeDate("2026-04-31")));
  CHECK(IsError(DecodeDate("2026-13-01")));
  CHECK(IsError(DecodeDate("2026-00-10")));
  CHECK(IsError(DecodeDate("2026-01-00")));
  CHECK(IsError(DecodeDate("2026-01-32")));
  CHECK_FALSE(IsError(DecodeDate("2026-12-31")));
  CHECK_FALSE(IsError(DecodeDate("0001-01-01")));
  CHECK_FALSE(IsError(DecodeDate("9999-12-31")));
}

// Options such as --today reach DecodeDate with any text: only YYYY-MM-DD is a date
// (`2026-12-011` once ran as 2026-12-01).
TEST_CASE("DecodeDate accepts exactly YYYY-MM-DD") {
  for (const char* bad : {"2026-12-011", "2026-12-0100", "2026/12/01", "2026.12.01", "2026-12-1", "2026-12-01x",
                          "2026-12-01T10:00", "26-12-01", "", "2026-1a-01", " 2026-12-01", "+2026-12-01"}) {
    INFO(bad);
    CHECK(Err(DecodeDate(bad)) == fmt::format("`{}` is not a date of the form YYYY-MM-DD", bad));
  }
}

TEST_CASE("FormatDate round trip") {
  for (const char* d : {"1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2026-11-23", "9999-12-31",
                        "0001-01-01"}) {
    CHECK(FormatDate(Days(d)) == d);
  }
}

TEST_CASE("DecodeTimestamp") {
  bool zone = true;
  CHECK(Val(DecodeTimestamp("1970-01-01T00:00", &zone)) == 0);
  CHECK_FALSE(zone);
  int64_t day = Days("2026-11-23") * kDay;
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00", &zone)) == day + 10 * 3600 * kUs);
  CHECK_FALSE(zone);
  CHECK(Val(DecodeTimestamp("2026-11-23 10:00:00", &zone)) == day + 10 * 3600 * kUs);
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00:05", &zone)) == day + (10 * 3600 + 5) * kUs);
  // Fractions of a second, up to microseconds.
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00:00.250Z", &zone)) == day + 10 * 3600 * kUs + 250'000);
  CHECK(zone);
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00:00.5", &zone)) == day + 10 * 3600 * kUs + 500'000);
  CHECK_FALSE(zone);
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00:00.000001Z", &zone)) == day + 10 * 3600 * kUs + 1);
  CHECK(Err(DecodeTimestamp("2026-11-23T10:00:00.1234567Z", &zone)) ==
        "timestamps have at most 6 digits of fractional seconds");
  // Offsets: local time minus the offset is UTC.
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00:00+01:00", &zone)) == day + 9 * 3600 * kUs);
  CHECK(zone);
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00:00-05:30", &zone)) == day + (15 * 3600 + 30 * 60) * kUs);
  CHECK(Val(DecodeTimestamp("2026-11-23T00:30+01:00", &zone)) == day - 30 * 60 * kUs);  // previous day in UTC
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00:00.250+01:00", &zone)) == day + 9 * 3600 * kUs + 250'000);
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00Z", &zone)) == day + 10 * 3600 * kUs);
  CHECK(Val(DecodeTimestamp("2026-11-23T10:00+14:00", &zone)) == day - 4 * 3600 * kUs);
  CHECK(IsError(DecodeTimestamp("2026-11-23T10:00+15:00", &zone)));
  CHECK(IsError(DecodeTimestamp("2026-11-23T10:00+01:60", &zone)));
  // Out-of-range clock and calendar.
  CHECK(IsError(DecodeTimestamp("2026-11-23T24:00", &zone)));
  CHECK(IsError(DecodeTimestamp("2026-11-23T10:60", &zone)));
  CHECK(IsError(DecodeTimestamp("2026-11-23T10:00:60", &zone)));
  CHECK(IsError(DecodeTimestamp("2026-02-30T10:00", &zone)));
  CHECK(IsError(DecodeTimestamp("2026-02-29T10:00", &zone)));
  CHECK_FALSE(IsError(DecodeTimestamp("2024-02-29T23:59:59.999999Z", &zone)));
}

TEST_CASE("FormatTimestamp") {
  bool zone;
  CHECK(FormatTimestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatTimestamp(-1) == "1969-12-31T23:59:59.999999Z");
  CHECK(FormatTimestamp(Val(DecodeTimestamp("2026-11-23T10:00:00+01:00", &zone))) == "2026-11-23T09:00:00Z");
  CHECK(FormatTimestamp(Val(DecodeTimestamp("2026-11-23T10:00:00.250Z", &zone))) == "2026-11-23T10:00:00.250000Z");
  CHECK(FormatTimestamp(Val(DecodeTimestamp("2024-02-29T23:59:59Z", &zone))) == "2024-02-29T23:59:59Z");
}

TEST_CASE("DecodeDuration and FormatDuration") {
  CHECK(Val(DecodeDuration("30s")) == 30 * kUs);
  CHECK(Val(DecodeDuration("15m")) == 15 * 60 * kUs);
  CHECK(Val(DecodeDuration("24h")) == kDay);
  CHECK(Val(DecodeDuration("30d")) == 30 * kDay);
  CHECK(Val(DecodeDuration("2w")) == 14 * kDay);
  CHECK(Val(DecodeDuration("0d")) == 0);
  CHECK(Val(DecodeDuration("1_000d")) == 1000 * kDay);
  CHECK(Err(DecodeDuration("9999999999999999w")) == "duration out of range");
  CHECK(IsError(DecodeDuration("99999999999999999999s")));
  CHECK(FormatDuration(0) == "0d");
  CHECK(FormatDuration(30 * kDay) == "30d");
  CHECK(FormatDuration(14 * kDay) == "2w");
  CHECK(FormatDuration(90 * 60 * kUs) == "90m");
  CHECK(FormatDuration(2 * 3600 * kUs) == "2h");
  CHECK(FormatDuration(45 * kUs) == "45s");
  CHECK(FormatDuration(1) == "1us");
}

TEST_CASE("DecodeTimeOfDay") {
  CHECK(Val(DecodeTimeOfDay("00:00")) == 0);
  CHECK(Val(DecodeTimeOfDay("21:00")) == 21 * 60);
  CHECK(Val(DecodeTimeOfDay("9:05")) == 9 * 60 + 5);
  CHECK(Val(DecodeTimeOfDay("23:59")) == 23 * 60 + 59);
  CHECK(Err(DecodeTimeOfDay("25:00")) == "`25:00` is not a time of day (00:00 to 23:59)");
  CHECK(IsError(DecodeTimeOfDay("24:00")));
  CHECK(IsError(DecodeTimeOfDay("12:60")));
}

TEST_CASE("DecodeMonthDay") {
  CHECK(Val(DecodeMonthDay("02-14")) == 214);
  CHECK(Val(DecodeMonthDay("12-31")) == 1231);
  CHECK(Val(DecodeMonthDay("01-01")) == 101);
  CHECK(Val(DecodeMonthDay("02-29")) == 229);  // exists in leap years
  CHECK(Err(DecodeMonthDay("02-30")) == "`02-30` is not a day of the year (MM-DD)");
  CHECK(IsError(DecodeMonthDay("04-31")));
  CHECK(IsError(DecodeMonthDay("13-01")));
  CHECK(IsError(DecodeMonthDay("00-10")));
  CHECK(IsError(DecodeMonthDay("01-00")));
}

TEST_CASE("DecodePercent") {
  CHECK(Val(DecodePercent("10%")) == 10 * kUs);
  CHECK(Val(DecodePercent("12.5%")) == 12'500'000);
  CHECK(Val(DecodePercent("0%")) == 0);
  CHECK(Val(DecodePercent("100%")) == 100 * kUs);
  CHECK(Val(DecodePercent("100.0%")) == 100 * kUs);
  CHECK(Val(DecodePercent("0.000001%")) == 1);
  CHECK(Err(DecodePercent("101%")) == "`101%` is more than 100%");
  CHECK(IsError(DecodePercent("100.000001%")));
  CHECK(IsError(DecodePercent("12.1234567%")));
  CHECK(IsError(DecodePercent("99999999999999999999%")));
}

TEST_CASE("DecodeString") {
  size_t off = 0;
  CHECK(Val(DecodeString(R"("")", &off)).empty());
  CHECK(Val(DecodeString(R"("abc")", &off)) == "abc");
  CHECK(Val(DecodeString(R"("a\"b\\c")", &off)) == "a\"b\\c");
  CHECK(Val(DecodeString(R"("\n\t\r")", &off)) == "\n\t\r");
  CHECK(Val(DecodeString(R"("\u{41}")", &off)) == "A");
  CHECK(Val(DecodeString(R"("\u{e9}")", &off)) == "\xC3\xA9");
  CHECK(Val(DecodeString(R"("\u{20AC}")", &off)) == "\xE2\x82\xAC");
  CHECK(Val(DecodeString(R"("\u{1F600}!")", &off)) == "\xF0\x9F\x98\x80!");
  CHECK(Val(DecodeString(R"("\u{10FFFF}")", &off)) == "\xF4\x8F\xBF\xBF");
  CHECK(Val(DecodeString("\"caf\xC3\xA9\"", &off)) == "caf\xC3\xA9");  // raw UTF-8 is kept
}

TEST_CASE("DecodeString errors point at the escape") {
  size_t off = 0;
  CHECK(Err(DecodeString(R"("ab\q")", &off)).starts_with("unknown escape `\\q`"));
  CHECK(off == 3);  // the backslash, counted in the literal text with its quote
  CHECK(IsError(DecodeString(R"("\x41")", &off)));
  CHECK(off == 1);
  CHECK(IsError(DecodeString(R"("\u{}")", &off)));
  CHECK(IsError(DecodeString(R"("\u{1234567}")", &off)));
  CHECK(IsError(DecodeString(R"("\u{zz}")", &off)));
  CHECK(IsError(DecodeString(R"("\u1234")", &off)));
  CHECK(IsError(DecodeString(R"("\u{12")", &off)));
  CHECK(IsError(DecodeString(R"("\u{110000}")", &off)));
  CHECK(IsError(DecodeString(R"("\u{D800}")", &off)));
  CHECK(IsError(DecodeString(R"("\u{DFFF}")", &off)));
  CHECK(IsError(DecodeString(R"("\u{0}")", &off)));
  CHECK(IsError(DecodeString(R"("ok \u{41} then \!")", &off)));
  CHECK(off == 16);
}

TEST_CASE("FormatDecimal") {
  CHECK(FormatDecimal(12'500'000) == "12.5");
  CHECK(FormatDecimal(0) == "0.0");
  CHECK(FormatDecimal(1'000'000) == "1.0");
  CHECK(FormatDecimal(1) == "0.000001");
  CHECK(FormatDecimal(-1) == "-0.000001");
  CHECK(FormatDecimal(-12'340'000) == "-12.34");
  CHECK(FormatDecimal(std::numeric_limits<int64_t>::max()) == "9223372036854.775807");
  CHECK(FormatDecimal(std::numeric_limits<int64_t>::min()) == "-9223372036854.775808");
}

}  // namespace
}  // namespace sam::ast
