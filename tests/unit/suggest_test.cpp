// EditDistance and ClosestMatch ("did you mean").
#include <doctest/doctest.h>

#include "base/suggest.hpp"
#include "grammar/parse.hpp"

namespace sam {
namespace {

TEST_CASE("EditDistance") {
  CHECK(EditDistance("", "") == 0);
  CHECK(EditDistance("abc", "") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("segment", "segment") == 0);
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("segmnt", "segment") == 1);   // deletion
  CHECK(EditDistance("segmeent", "segment") == 1); // insertion
  CHECK(EditDistance("segmant", "segment") == 1);  // substitution
  CHECK(EditDistance("segmnet", "segment") == 1);  // transposition counts once
  CHECK(EditDistance("Segment", "segment") == 0);  // case-insensitive
  CHECK(EditDistance("ab", "ba") == 1);
  CHECK(EditDistance("abc", "ca") == 3);  // optimal string alignment, not full Damerau
  // With a bound, any value above it means "farther than the bound".
  CHECK(EditDistance("kitten", "sitting", 1) > 1);
  CHECK(EditDistance("segmnet", "segment", 1) == 1);
  CHECK(EditDistance("abcdefgh", "stuvwxyz", 2) > 2);
  // Symmetric.
  CHECK(EditDistance("campaign", "campain") == EditDistance("campain", "campaign"));
}

TEST_CASE("ClosestMatch: by initials when no name is a typo away") {
  using V = std::vector<std::string_view>;
  CHECK(ClosestMatch("dob", V{"id", "date of birth"}) == std::optional<std::string>("date of birth"));
  CHECK(ClosestMatch("DOB", V{"date_of_birth"}) == std::optional<std::string>("date_of_birth"));
  CHECK(ClosestMatch("dob", V{"date of birth", "day-of-booking"}) == std::nullopt);  // two fit: no guess
  CHECK(ClosestMatch("d", V{"d x"}) == std::nullopt);
  CHECK(ClosestMatch("dob", V{"dobs", "date of birth"}) == std::optional<std::string>("dobs"));  // a typo first
}

TEST_CASE("ClosestMatch") {
  const auto& decl = grammar::DeclarationWords();
  CHECK(ClosestMatch("segmnt", decl) == std::optional<std::string>("segment"));
  CHECK(ClosestMatch("campain", decl) == std::optional<std::string>("campaign"));
  CHECK(ClosestMatch("tigger", decl) == std::optional<std::string>("trigger"));
  CHECK(ClosestMatch("Let", decl) == std::optional<std::string>("let"));
  CHECK(ClosestMatch("xyzzy", decl) == std::nullopt);
  CHECK(ClosestMatch("", decl) == std::nullopt);
  // The name itself is never suggested.
  CHECK(ClosestMatch("let", std::vector<std::string_view>{"let"}) == std::nullopt);
  // Short names allow one typo; about one per three characters for longer ones.
  CHECK(ClosestMatch("ab", std::vector<std::string_view>{"xy"}) == std::nullopt);
  CHECK(ClosestMatch("ab", std::vector<std::string_view>{"ax"}) == std::optional<std::string>("ax"));
  CHECK(ClosestMatch("abcdef", std::vector<std::string_view>{"abcxyf"}) == std::optional<std::string>("abcxyf"));
  CHECK(ClosestMatch("abcdef", std::vector<std::string_view>{"axyzef"}) == std::nullopt);
  // Ties go to the alphabetically first candidate, whatever the order.
  CHECK(ClosestMatch("ab", std::vector<std::string_view>{"ac", "aa"}) == std::optional<std::string>("aa"));
  CHECK(ClosestMatch("ab", std::vector<std::string_view>{"aa", "ac"}) == std::optional<std::string>("aa"));
  // The closest wins over an earlier, farther one.
  CHECK(ClosestMatch("revenue", std::vector<std::string_view>{"revenues_x", "revenu"}) ==
        std::optional<std::string>("revenu"));
  CHECK(ClosestMatch("x", std::vector<std::string_view>{}) == std::nullopt);
}

}  // namespace
}  // namespace sam
