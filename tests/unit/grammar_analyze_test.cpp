// PEGTL's static analysis of the grammar: a property of the rules alone, checked in the
// normal build only (tests/CMakeLists.txt): it instantiates the whole grammar once more,
// which under the sanitizers took a minute of a clean build and finds nothing they could.
#include <doctest/doctest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/rules.hpp"

namespace sam::grammar {

TEST_CASE("grammar has no infinite loops or left recursion") {
  CHECK(tao::pegtl::analyze<rules::Program>(1) == 0);
  CHECK(tao::pegtl::analyze<rules::query_program>(1) == 0);
}

}  // namespace sam::grammar
