// Hostile input through the whole front end (CheckText): nothing may crash, hang or
// overflow the stack, and every diagnostic must point into the file and render.
// A separate ctest (`hostile`) runs this suite so that a crash here does not hide the
// results of the other unit tests.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <chrono>
#include <random>
#include <string>

#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"
#include "grammar/parse.hpp"

namespace sam {
namespace {

// Checks `text`, then verifies every diagnostic: spans inside the file, text and JSON
// rendering work, and the JSON parses.
Frontend Check(const std::string& text) {
  Frontend fe;
  CheckText(fe, "hostile.sam", text);
  fe.diags.Sort();
  static simdjson::dom::parser parser;
  for (const auto& d : fe.diags.all()) {
    REQUIRE(d.span.file < fe.sources.size());
    const SourceFile& f = fe.sources.Get(d.span.file);
    CHECK(d.span.begin <= d.span.end);
    CHECK(d.span.end <= f.text().size());
    for (const auto& n : d.notes) CHECK(n.span.end <= fe.sources.Get(n.span.file).text().size());
    std::string text_out = RenderText(fe.sources, d, RenderOptions{false});
    CHECK(!text_out.empty());
    std::string json = RenderJson(fe.sources, d);
    simdjson::dom::element doc;
    auto err = parser.parse(json).get(doc);
    CHECK_MESSAGE(err == simdjson::SUCCESS, json);
  }
  return fe;
}

size_t Count(const Frontend& fe, DiagKind k) {
  size_t n = 0;
  for (const auto& d : fe.diags.all()) n += d.kind == k;
  return n;
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Unoptimised and sanitizer builds (`make asan-build` is -O0 with ASan) run the
// parser 30-50 times slower: there the sizes below shrink so that the suite stays
// fast, still far beyond every limit they test (nesting 200).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SAM_SLOW_BUILD 1
#endif
#endif
#if !defined(__OPTIMIZE__) || defined(__SANITIZE_ADDRESS__)
#define SAM_SLOW_BUILD 1
#endif
#ifdef SAM_SLOW_BUILD
constexpr size_t Scaled(size_t fast, size_t slow) { return (void)fast, slow; }
#else
constexpr size_t Scaled(size_t fast, size_t slow) { return (void)slow, fast; }
#endif

constexpr size_t kDeep = Scaled(100'000, 4'000);

const char* kHostileSchema = R"(schema {
  customers key id { id: int  email: string  signup_at: timestamp  score: int?  tags: string? }
  events orders of customers by customer_id at ordered_at { amount: decimal  category: string }
}
)";

TEST_SUITE("hostile") {

TEST_CASE("empty and blank files") {
  // A program needs a customers table; that is the only thing wrong with these.
  for (std::string s : {"", " ", "\n", "\r\n", "\t\t", "// only a comment", "/* */", "\n\n\n\n"}) {
    CAPTURE(s);
    Frontend fe = Check(s);
    CHECK(fe.diags.all().size() == 1);
    CHECK(Count(fe, DiagKind::MissingCustomers) == 1);
  }
  Frontend fe = Check(kHostileSchema);
  CHECK(fe.diags.all().empty());
}

TEST_CASE("deep nesting is reported, not a stack overflow") {
  struct Case {
    std::string what;
    std::string text;
  };
  Case cases[] = {
      {"parentheses", "segment s = " + Repeat("(", kDeep) + "true" + Repeat(")", kDeep) + "\n"},
      {"unclosed parentheses", "segment s = " + Repeat("(", kDeep) + "\n"},
      {"not", "segment s = " + Repeat("not ", kDeep) + "true\n"},
      {"unary minus", "let x = " + Repeat("-", kDeep) + "1\n"},
      {"unary minus with spaces", "let x = " + Repeat("- ", kDeep) + "1\n"},
      {"if", "let x = " + Repeat("if true then ", kDeep) + "1" + Repeat(" else 2", kDeep) + "\n"},
      {"sets", "segment s = 1 in " + Repeat("{", kDeep) + "1" + Repeat("}", kDeep) + "\n"},
      {"calls", "let x = " + Repeat("abs(", kDeep) + "1" + Repeat(")", kDeep) + "\n"},
      {"index", "let x = " + Repeat("t[", kDeep) + "1" + Repeat("]", kDeep) + "\n"},
      {"coalesce", "let x = " + Repeat("score ?? ", kDeep) + "0\n"},
      {"aggregates", "segment s = " + Repeat("any(orders where ", kDeep) + "true" + Repeat(")", kDeep) + "\n"},
      {"mixed", "segment s = " + Repeat("not (-(if ", kDeep / 4) + "1" + Repeat(" then 1 else 2)))", kDeep / 4) + "\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    Frontend fe = Check(kHostileSchema + c.text);
    CHECK(Count(fe, DiagKind::NestingTooDeep) >= 1);
    CHECK(Count(fe, DiagKind::NestingTooDeep) <= 2);
    // One error for the declaration, not one per level.
    CHECK(fe.diags.all().size() < 10);
  }
}

TEST_CASE("nesting just below the limit is accepted") {
  size_t depth = grammar::kMaxNesting - 10;
  Frontend fe =
      Check(std::string(kHostileSchema) + "segment s = " + Repeat("(", depth) + "true" + Repeat(")", depth) + "\n");
  CHECK(Count(fe, DiagKind::NestingTooDeep) == 0);
  CHECK(Count(fe, DiagKind::Syntax) == 0);
}

TEST_CASE("many declarations and many errors") {
  // 100,000 syntax errors: each line is reported once and parsing goes on.
  Frontend fe = Check(Repeat("let x =\n", Scaled(20'000, 1'000)));
  CHECK(fe.diags.error_count() >= 1);
  Frontend garbage = Check(Repeat("@@@ ### $$$\n", Scaled(20'000, 1'000)));
  CHECK(garbage.diags.error_count() >= 1);
}

// With an error limit (`sam check --max-errors`), every error is still counted but only
// the first ones are kept. These files took 59 s and 8 s when each syntax error
// re-counted lines from the start of the file and each undefined name was compared
// with every name in scope; the counts below show that all of the file was checked.
TEST_CASE("an error limit keeps the first errors and counts the rest") {
  const size_t lines = Scaled(100'000, 10'000);
  std::string syntax = kHostileSchema;
  for (size_t i = 0; i < lines; ++i) syntax += "segment s" + std::to_string(i) + " = = 1\n";
  Frontend broken;
  broken.diags.set_error_limit(50);
  CheckText(broken, "broken.sam", syntax);
  CHECK(broken.diags.all().size() == 50);
  CHECK(broken.diags.error_count() == lines);
  CHECK(broken.diags.dropped_errors() == lines - 50);

  const size_t names = Scaled(4'000, 1'000);
  std::string undefined = kHostileSchema;
  for (size_t i = 0; i < names; ++i) undefined += "segment s" + std::to_string(i) + " = undefined_" + std::to_string(i) + " > 0\n";
  Frontend unknown;
  unknown.diags.set_error_limit(50);
  CheckText(unknown, "unknown.sam", undefined);
  CHECK(unknown.diags.all().size() == 50);
  CHECK(Count(unknown, DiagKind::UndefinedName) == 50);
  CHECK(unknown.diags.error_count() == names);

  // Without a limit every one is kept.
  Frontend all;
  CheckText(all, "unknown.sam", undefined);
  CHECK(Count(all, DiagKind::UndefinedName) == names);
  CHECK(all.diags.dropped_errors() == 0);
}

// Size, not parsing speed (bench/check_speed measures that): 10 MB in lines of about
// 1 KB (a long string and a long comment each), with one error on the last line, which
// must be reported at the right line and render. (300 KB in slow builds.)
TEST_CASE("a 10 MB program") {
  const size_t size = Scaled(10'000'000, 300'000);
  std::string text = kHostileSchema;
  text.reserve(size + 10'000);
  const std::string padding(400, 'x');
  int lines = 4;  // the schema's
  for (int i = 0; text.size() < size; ++i, ++lines) {
    text += "segment s" + std::to_string(i) + " = count(orders within " + std::to_string(1 + i % 300) +
            "d where amount > " + std::to_string(i % 1000) + ".50) >= 2 and email != \"" + padding + "\" // " +
            padding + "\n";
  }
  text += "let broken = (1 +\n";
  auto t0 = std::chrono::steady_clock::now();
  Frontend fe = Check(text);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE((text.size() / 1'000) << " KB program: " << s << " s, " << fe.diags.all().size() << " diagnostics");
  REQUIRE(fe.diags.error_count() == 1);
  const Diagnostic& d = fe.diags.all()[0];
  CHECK(d.kind == DiagKind::Syntax);
  CHECK(fe.sources.Get(d.span.file).Locate(d.span.begin).line == static_cast<uint32_t>(lines + 2));
}

// Dense code: a realistic program of 1 MB (about 10,000 declarations; 30 KB in slow
// builds) must check without any diagnostic.
TEST_CASE("a 1 MB program of dense code") {
  std::string text = kHostileSchema;
  for (int i = 0; text.size() < Scaled(1'000'000, 30'000); ++i) {
    text += "segment s" + std::to_string(i) + " = count(orders within " + std::to_string(1 + i % 300) +
            "d where amount > " + std::to_string(i % 1000) + ".50) >= 2 and email != \"\"\n";
  }
  Frontend fe = Check(text);
  CHECK(fe.diags.all().empty());
}

TEST_CASE("NUL bytes") {
  for (std::string s : {std::string("\0", 1), std::string("let x = 1\0", 10), std::string("let x\0 = 1\n", 11),
                        std::string(1000, '\0'), std::string("\"a\0b\"", 5), std::string("// a\0b\n", 7)}) {
    Frontend fe = Check(s);
    CHECK(Count(fe, DiagKind::NulByte) == 1);
  }
}

TEST_CASE("random bytes") {
  std::mt19937 rng(20261123);
  for (int i = 0; i < 300; ++i) {
    std::string s(rng() % 400, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    Check(s);
  }
}

// Token soup: random sequences of SAM's own words and symbols, which get much
// further into the grammar than random bytes.
TEST_CASE("random token soup") {
  const char* tokens[] = {
      "segment", "let", "trigger", "campaign", "policy", "test", "schema", "import", "timezone", "enum", "customers",
      "events", "table", "list", "key", "of", "by", "at", "x", "orders", "amount", "=", "==", "!=", "<", ">=", "(",
      ")", "{", "}", "[", "]", ",", ":", ".", "?", "??", "+", "-", "*", "/", "and", "or", "not", "if", "then",
      "else", "in", "is", "present", "absent", "where", "within", "since", "after", "before", "between", "count",
      "sum", "any", "none", "first", "last", "distinct", "as", "top", "bottom", "among", "score", "on", "yearly",
      "enters", "leaves", "inactive", "for", "unless", "per", "stage", "kind", "commercial", "service", "requires",
      "channel", "audience", "message", "step", "exit", "when", "priority", "holdout", "reentry", "never", "limit",
      "run", "send", "migrate", "base", "paused", "from", "until", "metric", "max", "contacts", "quiet", "consent",
      "granted", "suppress", "portfolio", "expect", "today", "now", "entry", "customer", "true", "false", "1",
      "42", "12.50", "1.5e3", "2026-11-23", "2026-02-30", "2026-11-23T10:00:00+01:00", "30d", "2w", "21:00",
      "02-14", "10%", "\"s\"", "\"", "\"\\u{1F600}\"", "\"\\q\"", "//", "/*", "*/", "\n", "\r\n", "\t", "..",
      "\xC3\xA9", "30days", "2026-1-5", "int", "string", "timestamp", "decimal?", "99999999999999999999"};
  constexpr size_t n = sizeof(tokens) / sizeof(tokens[0]);
  std::mt19937 rng(42);
  for (int i = 0; i < 500; ++i) {
    std::string s;
    size_t len = rng() % 120;
    for (size_t k = 0; k < len; ++k) {
      s += tokens[rng() % n];
      if (rng() % 4) s += ' ';
    }
    Check(s);
  }
}

// Mutations of a valid program: deletions, duplications and byte flips.
TEST_CASE("mutated programs") {
  const std::string base = std::string(kHostileSchema) + R"(
segment buyers = count(orders within 30d where amount > 10.00) >= 2
let total: decimal = sum(orders.amount within 365d)
trigger first_order = on orders as o where o.amount > 100
  after 2h
  unless any(orders after trigger.at)
campaign welcome key "welcome-1" {
  stage welcome
  kind service
  channel email
  on first_order
  step "a" at 0d
  step "b" at 3d if not buyers send at 09:00
  exit when buyers
  holdout 10%
}
policy {
  max 3 contacts per 7d per channel
  quiet 21:00..08:00
}
test "t" {
  today 2026-11-23
  customer { id: 1, email: "a@b.c", signup_at: 2026-01-01T10:00 }
  orders [ { customer_id: 1, ordered_at: 2026-11-01 10:00, amount: 12.50, category: "x" } ]
  expect buyers for 1
}
)";
  std::mt19937 rng(7);
  for (size_t i = 0; i < Scaled(300, 60); ++i) {
    std::string s = base;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s.erase(at, 1 + rng() % 20); break;
        case 1: s.insert(at, s.substr(rng() % s.size(), rng() % 30)); break;
        case 2: s[at] = static_cast<char>(rng()); break;
        case 3: s[at] = "(){}[]\"=.,:\n/*"[rng() % 15]; break;
      }
    }
    Check(s);
  }
}

}  // TEST_SUITE

// Its own suite and ctest (`hostile_chains`): a stack overflow here must not hide the
// results of the other hostile inputs.
TEST_SUITE("hostile_chains") {

// A chain may be accepted, or refused with one `nesting-too-deep` error (the checker
// limits operators in a row), but never crash.
TEST_CASE("long flat chains: later stages must not recurse per element") {
  const size_t n = Scaled(100'000, 1'500);
  struct Case {
    std::string what;
    std::string text;
  };
  Case cases[] = {
      {"addition", "let x = 1" + Repeat(" + 1", n) + "\n"},
      {"multiplication", "let x = 1" + Repeat(" * 1", n) + "\n"},
      {"and", "segment s = true" + Repeat(" and true", n) + "\n"},
      {"or", "segment s = false" + Repeat(" or false", n) + "\n"},
      {"members", "let x = customer" + Repeat(".email", n) + "\n"},
      {"set elements", "segment s = 1 in {" + Repeat("1, ", n) + "1}\n"},
      {"call arguments", "let x = greatest(" + Repeat("1, ", n) + "1)\n"},
      {"score entries", "let x = score { " + Repeat("1 if true, ", n) + "1 if true }\n"},
      {"windows", "let x = count(orders" + Repeat(" within 30d", n) + ")\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    Frontend fe = Check(kHostileSchema + c.text);
    CHECK(Count(fe, DiagKind::NestingTooDeep) <= 1);
    CHECK(fe.diags.all().size() < 10);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace sam
