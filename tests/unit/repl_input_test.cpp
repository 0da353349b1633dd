// The REPL's reading of input (repl/input.hpp): when an input is whole, and what a
// word being typed completes to.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "compiler/driver/frontend.hpp"
#include "repl/input.hpp"

namespace sam::repl {
namespace {

TEST_CASE("repl input: complete and unfinished inputs") {
  CHECK(Complete("count at_risk"));
  CHECK(Complete("count at_risk\n"));
  CHECK(Complete("segment big = lifetime_revenue >= 1000"));
  CHECK(Complete("show x limit 3 { id, email }"));
  CHECK(Complete("count customers where name == \"a and\""));  // a word inside a string
  CHECK(Complete("count x // and"));                           // a word in a comment
  CHECK_FALSE(Complete("count customers where a and"));
  CHECK_FALSE(Complete("count customers where a and\n"));
  CHECK_FALSE(Complete("segment big ="));
  CHECK_FALSE(Complete("show x { id,"));
  CHECK_FALSE(Complete("show x { id"));
  CHECK_FALSE(Complete("count customers where any(orders"));
  CHECK_FALSE(Complete("count customers where x >="));
  CHECK_FALSE(Complete("count customers where a ??"));
  CHECK_FALSE(Complete("count x /* a comment"));
  CHECK_FALSE(Complete("let x = if a then"));
  CHECK(Complete("let x = if a then 1 else 2"));
  // Brackets closed too often: complete (the parser says what is wrong).
  CHECK(Complete("count x)"));
  // A word that ends in an open word's letters is not one.
  CHECK(Complete("count brand"));
  CHECK(Complete("count customers where x == email_in"));
}

TEST_CASE("repl input: completions in context") {
  Frontend fe;
  CheckProgram(fe, {std::string(SAM_SOURCE_DIR) + "/examples/complete/segments.sam"});
  REQUIRE(fe.ir);
  const ir::Program* p = &*fe.ir;
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  const auto segments = Completions(p, "count new_co");
  CHECK(has(segments, "new_contacts"));
  CHECK_FALSE(has(segments, "at_risk"));
  // After a table's name and a dot: its fields only.
  const auto fields = Completions(p, "show x { orders.am");
  CHECK(fields == std::vector<std::string>{"amount"});
  CHECK(has(Completions(p, "show x { orders."), "ordered_at"));
  // Tables, built-ins and the language's words.
  CHECK(has(Completions(p, "count customers where any(ord"), "orders"));
  CHECK(has(Completions(p, "count customers where is_anni"), "is_anniversary"));
  CHECK(has(Completions(p, "count customers where x wit"), "within"));
  // Dot commands at the start of a line (the word after the dot, which ends words).
  CHECK(Completions(p, ".mo") == std::vector<std::string>{"mode"});
  CHECK(has(Completions(nullptr, ".s"), "schema"));
  CHECK(Completions(p, "count x.mo").empty());  // not at the start: a field of `x`
  // No duplicates.
  const auto all = Completions(p, "");
  CHECK(std::set<std::string>(all.begin(), all.end()).size() == all.size());
}


TEST_CASE("repl input: the parser decides what is unfinished") {
  // Each needs more: a statement word alone, a clause without its value, an if
  // without its else, a why without its campaign.
  CHECK_FALSE(Complete("count"));
  CHECK_FALSE(Complete("show x limit"));
  CHECK_FALSE(Complete("let x = if a then 1"));
  CHECK_FALSE(Complete("why 17"));
  CHECK_FALSE(Complete("count customers where x between 1"));
  // Wrong, but not at its end: run, for its diagnostic.
  CHECK(Complete("count customers where ) x"));
  CHECK(Complete("show x limit 2.5"));
  // A string or quoted name cannot go on over lines: run as it is.
  CHECK(Complete("count customers where country == \"N"));
  CHECK(Complete("count customers where country == \"N\n"));
}

TEST_CASE("repl input: lines gathered into inputs") {
  Gatherer g;
  auto texts = [](const std::vector<Gatherer::Input>& v) {
    std::vector<std::string> out;
    for (const auto& i : v) out.push_back((i.command ? "!" : "") + std::to_string(i.line) + ":" + i.text);
    return out;
  };
  CHECK(texts(g.Add("count customers where a and", 1)).empty());
  CHECK(g.pending());
  CHECK(texts(g.Add("  b", 2)) == std::vector<std::string>{"1:count customers where a and\n  b\n"});
  CHECK(texts(g.Add("", 3)).empty());  // blank lines between inputs
  CHECK(texts(g.Add(".mode csv", 4)) == std::vector<std::string>{"!4:.mode csv"});
  // A bracket left open is ended by a line that starts a statement (and by a command).
  CHECK(texts(g.Add("count customers where (a and", 5)).empty());
  CHECK(texts(g.Add("count b", 6)) == std::vector<std::string>{"5:count customers where (a and\n", "6:count b\n"});
  CHECK(texts(g.Add("count customers where (a", 7)).empty());
  CHECK(texts(g.Add(".quit", 8)) == std::vector<std::string>{"7:count customers where (a\n", "!8:.quit"});
  // Indented, a statement word continues (an aggregate's `count(` too).
  CHECK(texts(g.Add("let x =", 9)).empty());
  CHECK(texts(g.Add("  count(orders)", 10)) == std::vector<std::string>{"9:let x =\n  count(orders)\n"});
  CHECK(texts(g.Add("count customers where (", 11)).empty());
  CHECK(g.Finish().has_value());
  CHECK_FALSE(g.pending());
  CHECK_FALSE(g.Finish().has_value());
}

TEST_CASE("repl input: lines that continue the input before") {
  CHECK(ContinuesInput("  and not (a)"));
  CHECK(ContinuesInput("or b"));
  CHECK(ContinuesInput("else dormant"));
  CHECK(ContinuesInput("  + 1"));
  CHECK(ContinuesInput(") > 3"));
  CHECK_FALSE(ContinuesInput("android_users"));  // a name that starts like `and`
  CHECK_FALSE(ContinuesInput("count x"));
  CHECK_FALSE(ContinuesInput(""));
}

TEST_CASE("repl input: completions of aliases, the customer, campaigns and enum values") {
  Frontend fe;
  CheckProgram(fe, {std::string(SAM_SOURCE_DIR) + "/examples/complete/program.sam"});
  REQUIRE(fe.ir);
  const ir::Program* p = &*fe.ir;
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  CHECK(Completions(p, "count customers where any(orders as o where o.am") == std::vector<std::string>{"amount"});
  CHECK(has(Completions(p, "count customers where customer.em"), "email"));
  const auto campaigns = Completions(p, "why 17 ");
  CHECK(has(campaigns, "newsletter"));
  CHECK_FALSE(has(campaigns, "orders"));
  CHECK(has(Completions(p, "count customers where gender == fem"), "female"));
  // Inside an aggregate: the fields of the table it names (not of tables not named).
  CHECK(has(Completions(p, "count customers where any(orders where chan"), "channel"));
  CHECK_FALSE(has(Completions(p, "count customers where chan"), "channel"));
}


TEST_CASE("repl input: escapes in strings, and a trigger's clauses on their own lines") {
  CHECK_FALSE(Complete("count customers where first_name == \"\\\"\" and"));
  CHECK_FALSE(Complete("count customers where first_name == \"\\\\\" and"));
  CHECK(Complete("count customers where first_name == \"\\\"\""));
  CHECK(ContinuesInput("  per cart_id"));
  CHECK(ContinuesInput("  after 2h"));
  CHECK(ContinuesInput("  unless any(orders)"));
}

}  // namespace
}  // namespace sam::repl
