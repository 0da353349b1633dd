#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/parse.hpp"
#include "grammar/rules.hpp"

namespace sam::grammar {

TEST_CASE("grammar has no infinite loops or left recursion") {
  CHECK(tao::pegtl::analyze<rules::Program>(1) == 0);
  CHECK(tao::pegtl::analyze<rules::query_program>(1) == 0);
}

}  // namespace sam::grammar
