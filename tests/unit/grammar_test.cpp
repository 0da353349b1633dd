#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "compiler/driver/frontend.hpp"
#include "grammar/parse.hpp"

namespace sam::grammar {

namespace {

std::vector<std::string> Words(const char* text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The language contract: docs/language.md, 2.4 (reserved keywords) and the clause words.
const char* kReserved =
    "import timezone schema customers customer events table list enum let segment trigger campaign policy test and "
    "or not if then else in is present absent where within since after before between as of by at key true false "
    "today now entry top bottom among on yearly enters leaves inactive for unless per distinct count sum min max "
    "avg first last any all none";
const char* kClauseWords =
    "stage kind service commercial requires channel audience message step exit when priority holdout reentry never "
    "limit run send migrate continue restart base paused from until metric contacts contact quiet consent granted "
    "confirmed withdrawn suppress portfolio address allow suggest rate expect no show why score "
    "via";  // `via`: a step's channel (`step "x" at 2d via sms`), added by the grammar

size_t CountKind(const Frontend& fe, DiagKind k) {
  return static_cast<size_t>(
      std::count_if(fe.diags.all().begin(), fe.diags.all().end(), [&](const Diagnostic& d) { return d.kind == k; }));
}

}  // namespace

TEST_CASE("the reserved words are exactly those of the language decisions") {
  std::set<std::string> want, have;
  for (auto& w : Words(kReserved)) want.insert(w);
  for (auto w : ReservedWords()) CHECK(have.insert(std::string(w)).second);
  CHECK(have == want);
  for (auto w : DeclarationWords()) CHECK(have.count(std::string(w)) == 1);
}

TEST_CASE("every reserved word is rejected as a name, once, with its own diagnostic") {
  for (const auto& w : Words(kReserved)) {
    for (std::string text : {"let " + w + " = 1\n", "segment " + w + " = true\n",
                             "schema {\n  customers key id { id: int  " + w + ": string }\n}\n"}) {
      CAPTURE(text);
      Frontend fe;
      CheckText(fe, "t.sam", text);
      CHECK(CountKind(fe, DiagKind::ReservedWord) == 1);
      CHECK(CountKind(fe, DiagKind::Syntax) == 0);
    }
  }
}

TEST_CASE("clause words are ordinary names outside their clauses") {
  for (const auto& w : Words(kClauseWords)) {
    std::string text = "schema {\n  customers key id { id: int  " + w + ": string? }\n}\nsegment s_" + w +
                       " = " + w + " is present\nlet " + w + "_2 = 1\n";
    CAPTURE(text);
    Frontend fe;
    CheckText(fe, "t.sam", text);
    CHECK(CountKind(fe, DiagKind::Syntax) == 0);
    CHECK(CountKind(fe, DiagKind::ReservedWord) == 0);
  }
}

TEST_CASE("a syntax error does not stop the next declarations") {
  Frontend fe;
  CheckText(fe, "t.sam", "let a = \nlet b = 1 +\nsegment c = (\nlet ok = 1\nlet d = )\n");
  CHECK(CountKind(fe, DiagKind::Syntax) == 4);
}

}  // namespace sam::grammar

namespace sam::grammar {

// An unterminated comment or string is reported at its opening delimiter, whatever it
// contains (a quote in the comment, `/*` in the string).
TEST_CASE("unterminated comments and strings are reported at their opening") {
  struct Case {
    std::string text;
    uint32_t offset;
  } cases[] = {
      {"let a = 1\n/* a \"quote\" inside\nlet b = 2\n", 10},
      {"let a = 1\n/* a /* nested opener\n", 10},
      {"let s = \"abc /* x\n", 8},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    Frontend fe;
    CheckText(fe, "t.sam", c.text);
    bool found = false;
    for (const auto& d : fe.diags.all()) {
      if (d.kind != DiagKind::UnterminatedComment && d.kind != DiagKind::UnterminatedString) continue;
      found = true;
      CHECK(d.span.begin == c.offset);
    }
    CHECK(found);
  }
}

TEST_CASE("quoted names: any text between backticks, never reserved, the same name as unquoted") {
  Frontend fe;
  CheckText(fe, "t.sam", R"sam(
schema {
  customers key id { id: int  `at`: timestamp  `order date`: date  from: string  signed_up: date from "sign-up date" }
}
segment `b c` = `id` > 1 and `at` < now and `order date` < today and from == "x" and signed_up < today
segment d = `b c` and not `b c`
)sam");
  CHECK(fe.diags.all().empty());
  REQUIRE(fe.ir.has_value());
  const TableInfo& c = fe.ir->tables[static_cast<size_t>(fe.ir->customers)];
  REQUIRE(c.Find("order date") >= 0);
  CHECK(c.fields[static_cast<size_t>(c.Find("at"))].column.empty());
  CHECK(c.fields[static_cast<size_t>(c.Find("signed_up"))].Column() == "sign-up date");
  CHECK(c.FindColumn("sign-up date") == c.Find("signed_up"));
  CHECK(c.FindColumn("signed_up") < 0);
}

TEST_CASE("a declaration broken after a quoted name still defines the name") {
  Frontend fe;
  CheckText(fe, "t.sam", "schema { customers key id { id: int } }\nsegment `a b` = id >\nsegment c = `a b`\n");
  REQUIRE(fe.diags.all().size() == 1);
  CHECK(fe.diags.all()[0].kind == DiagKind::Syntax);
}

}  // namespace sam::grammar
