// The built-in functions (stdlib/builtins.def): every signature parses, names are
// unique and callable.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "grammar/parse.hpp"
#include "stdlib/builtins.hpp"

namespace sam::stdlib {
namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

TEST_CASE("every builtin signature parses") {
  const std::vector<BuiltinInfo>* all = nullptr;
  REQUIRE_NOTHROW(all = &AllBuiltins());
  REQUIRE(!all->empty());
  for (size_t i = 0; i < all->size(); ++i) {
    const BuiltinInfo& b = (*all)[i];
    CAPTURE(b.signature);
    CHECK(static_cast<size_t>(b.id) == i);
    CHECK(&Builtin(b.id) == &b);
    CHECK(IsIdentifier(b.name));
    CHECK(b.signature.starts_with(std::string(b.name) + "("));
    CHECK(b.signature.find("->") != std::string_view::npos);
    CHECK(!b.doc.empty());
    for (const auto& p : b.params) CHECK(!p.alternatives.empty());
    // `T` means the first argument's type, so it needs a first argument.
    if (b.result == SigType::Same) CHECK(!b.params.empty());
  }
}

TEST_CASE("builtin names are unique, found by name, and not reserved words") {
  std::set<std::string_view> names;
  const auto& reserved = grammar::ReservedWords();
  for (const auto& b : AllBuiltins()) {
    CAPTURE(b.name);
    CHECK(names.insert(b.name).second);
    CHECK(FindBuiltin(b.name) == &b);
    // A reserved word could never be called: `min`/`max` are aggregates, the scalar
    // versions are `least`/`greatest`.
    CHECK(std::find(reserved.begin(), reserved.end(), b.name) == reserved.end());
  }
  CHECK(FindBuiltin("no_such_function") == nullptr);
  CHECK(FindBuiltin("") == nullptr);
}

TEST_CASE("known signatures") {
  const BuiltinInfo* d = FindBuiltin("days_since");
  REQUIRE(d != nullptr);
  REQUIRE(d->params.size() == 1);
  CHECK(d->params[0].alternatives == std::vector<SigType>{SigType::Date, SigType::Timestamp});
  CHECK(d->result == SigType::Int);
  CHECK_FALSE(d->result_optional);
  const BuiltinInfo* between = FindBuiltin("days_between");
  REQUIRE(between != nullptr);
  CHECK(between->params.size() == 2);
}

TEST_CASE("aggregates are reserved words with docs") {
  const auto& reserved = grammar::ReservedWords();
  std::set<std::string_view> names;
  for (const auto& a : AllAggregates()) {
    CAPTURE(a.name);
    CHECK(names.insert(a.name).second);
    CHECK(!a.doc.empty());
    CHECK(std::find(reserved.begin(), reserved.end(), a.name) != reserved.end());
    CHECK(FindBuiltin(a.name) == nullptr);
  }
  CHECK(names.size() == 10);
}

}  // namespace
}  // namespace sam::stdlib
