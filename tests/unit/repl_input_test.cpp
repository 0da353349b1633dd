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
  // A string left open at the end waits for its line; one closed later does not.
  CHECK_FALSE(Complete("count customers where name == \"abc"));
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

}  // namespace
}  // namespace sam::repl
