// String tests of a column of distinct values (stored as plain strings, so that each
// backend tests the rows where they are stored instead of a dictionary's table: the
// JIT row by row, the interpreter's contains over a morsel's bytes at once) with
// `lower` and `upper` around them: contains, starts_with, ends_with and == against
// answers worked out here on case-changed copies (builtins.md: a case changes ASCII
// letters only). The strings mix both cases of the needles' letters, bytes one bit away from
// them, non-letters and multi-byte characters, at every place relative to 8 bytes.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

std::string Cased(std::string s, bool lower) {
  for (char& c : s) {
    if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (!lower && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return s;
}

TEST_CASE("string tests of plain strings with a case applied, in both backends, against case-changed copies") {
  Frontend fe;
  CheckText(fe, "strings.sam", "schema {\n  customers key id {\n    id: int\n    email: string\n  }\n}\n");
  REQUIRE(fe.ir.has_value());
  // 5,000 distinct strings (more than a dictionary of so few rows holds: stored plain),
  // 0 to 40 characters after a unique number or before it.
  const std::vector<std::string> alphabet = {"a", "A", "v", "V", "n", "N", ".", "@", "6", "v", "~", "é", "Ö", "x"};
  std::mt19937 random(20261208);
  std::vector<std::string> emails;
  std::string csv = "id,email\n";
  for (int c = 1; c <= 5000; ++c) {
    std::string s;
    const int length = static_cast<int>(random() % 41);
    for (int k = 0; k < length; ++k) s += alphabet[random() % alphabet.size()];
    s = c % 2 ? s + fmt::format("#{}", c) : fmt::format("{}#", c) + s;
    emails.push_back(s);
    csv += fmt::format("{},{}\n", c, s);
  }
  const rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", csv}});
  REQUIRE(db.customer_table().columns[1].encoding == rt::Encoding::Plain);

  const std::vector<std::string> needles = {"van", "v", "vanvanvanvan", ".n", "aa", "é", "6v", "Vé"};
  struct Test {
    const char* function;
    bool (*holds)(const std::string&, const std::string&);
  };
  const Test tests[] = {
      {"contains", [](const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }},
      {"starts_with", [](const std::string& s, const std::string& n) { return s.starts_with(n); }},
      {"ends_with", [](const std::string& s, const std::string& n) { return s.ends_with(n); }},
  };
  auto jit = backend::MakeBackend("jit");
  auto interp = backend::MakeBackend("interp");
  for (const bool lower : {true, false}) {
    for (const std::string& needle : needles) {
      for (const Test& t : tests) {
        // The needle as written and in the case applied: one of them may hold.
        for (const std::string& n : {needle, Cased(needle, lower)}) {
          int64_t expected = 0;
          for (const std::string& s : emails) expected += t.holds(Cased(s, lower), n);
          const std::string condition = fmt::format("{}({}(email), \"{}\")", t.function, lower ? "lower" : "upper", n);
          CAPTURE(condition);
          CHECK(testing::CountWhere(fe, db, *jit, condition, 20795) == expected);
          CHECK(testing::CountWhere(fe, db, *interp, condition, 20795) == expected);
        }
      }
      int64_t equal = 0;
      const std::string whole = Cased(emails[41], lower);
      for (const std::string& s : emails) equal += Cased(s, lower) == whole;
      CHECK(testing::CountWhere(fe, db, *jit, fmt::format("{}(email) == \"{}\"", lower ? "lower" : "upper", whole),
                                20795) == equal);
    }
  }
  // Without a case: the bytes as stored.
  // "51" and "516" also span two rows' bytes ("...#15" then "16#..."): no row's match.
  for (const std::string& n :
       {std::string("van"), std::string("#1"), std::string("6#"), std::string("51"), std::string("516")}) {
    int64_t expected = 0;
    for (const std::string& s : emails) expected += s.find(n) != std::string::npos;
    CAPTURE(n);
    CHECK(testing::CountWhere(fe, db, *interp, fmt::format("contains(email, \"{}\")", n), 20795) == expected);
    CHECK(testing::CountWhere(fe, db, *jit, fmt::format("contains(email, \"{}\")", n), 20795) == expected);
  }
  for (const auto& e : jit::ReportOf(*jit).expressions) CHECK(e.compiled);
}

}  // namespace
}  // namespace sam
