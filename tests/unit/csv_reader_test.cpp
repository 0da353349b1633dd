// CsvTokenizer: the fast path for records without quotes against the general one.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "runtime/load/csv_reader.hpp"

using namespace sam::rt::load;

namespace {

// Records of random fields over bytes that matter to CSV, with field and line lengths
// around the 32-byte steps of the fast path and the limits.
std::string RandomCsv(std::mt19937_64& rng, char delim) {
  static const std::string kBytes = "aZ09 \t;.-\r\xc3\xa9";
  std::string text;
  const int records = 1 + static_cast<int>(rng() % 40);
  for (int rec = 0; rec < records; ++rec) {
    const int fields = 1 + static_cast<int>(rng() % 12);
    for (int f = 0; f < fields; ++f) {
      if (f > 0) text += delim;
      const int len = static_cast<int>(rng() % 70);
      const int kind = static_cast<int>(rng() % 20);
      if (kind == 0) {
        text += '"' + std::string(static_cast<size_t>(len % 9), 'q') + "\"\"x\n\"";  // quoted, escaped quote, line feed
      } else if (kind == 1) {
        text += "a\"b";  // a stray quote
      } else {
        for (int i = 0; i < len; ++i) text += kBytes[rng() % kBytes.size()];
      }
    }
    text += rng() % 3 == 0 ? "\r\n" : "\n";
    if (rng() % 10 == 0) text += "\n";  // a blank line
  }
  if (rng() % 2 == 0 && !text.empty()) text.pop_back();  // no line end at the end
  return text;
}

}  // namespace

TEST_CASE("CSV records: the fast path reads every record as the general path does") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 3000; ++round) {
    const char delim = round % 3 == 0 ? ';' : ',';
    const std::string text = RandomCsv(rng, delim);
    const size_t max_fields = 1 + rng() % 16;
    const uint64_t max_field = round % 4 == 0 ? 1 + rng() % 40 : 1 << 20;
    const uint64_t max_line = round % 5 == 0 ? 1 + rng() % 100 : 1 << 26;
    CsvTokenizer fast(delim, max_fields, max_field, max_line), general(delim, max_fields, max_field, max_line);
    const char* end = text.data() + text.size();
    for (const char* p = text.data(); p < end;) {
      CsvRecord a, b;
      fast.Next(p, end, a);
      general.NextGeneral(p, end, b);
      INFO("round ", round, " at ", p - text.data(), ": ", text);
      REQUIRE(a.begin == b.begin);
      REQUIRE(a.end == b.end);
      REQUIRE(a.next == b.next);
      REQUIRE(a.newlines == b.newlines);
      REQUIRE(a.fields == b.fields);
      REQUIRE(a.error == b.error);
      REQUIRE(a.error_field == b.error_field);
      REQUIRE(a.blank == b.blank);
      for (size_t f = 0; f < std::min(a.fields, max_fields); ++f) REQUIRE(fast.field(f) == general.field(f));
      REQUIRE(a.next > p);
      p = a.next;
    }
  }
}
