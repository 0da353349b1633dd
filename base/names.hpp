// The language's reserved words, and a name as code shows it: shared by the grammar,
// the checker's messages and the loader's hints (which may not depend on the grammar).
#pragma once

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

namespace sam {

// Reserved everywhere: declaration words, expression words, aggregates. Sorted, for
// binary search; grammar::ReservedWords() hands the same list to the docs.
inline constexpr std::string_view kReservedWords[] = {
    "absent", "after", "all", "among", "and", "any", "as", "at", "avg", "before", "between",
    "bottom", "by", "campaign", "count", "customer", "customers", "distinct", "else", "enters",
    "entry", "enum", "events", "false", "first", "for", "if", "import", "in", "inactive", "is",
    "key", "last", "leaves", "let", "list", "max", "min", "none", "not", "now", "of", "on", "or",
    "per", "policy", "present", "schema", "segment", "since", "sum", "table", "test", "then",
    "timezone", "today", "top", "trigger", "true", "unless", "where", "within", "yearly"};

inline bool IsReservedWord(std::string_view w) {
  return std::binary_search(std::begin(kReservedWords), std::end(kReservedWords), w);
}

// Whether `n` can be written without backticks: an identifier that is not reserved.
bool IsPlainName(std::string_view n);

// `n` as it is written in code: `order date` and `at` between backticks, `amount` bare.
std::string CodeName(std::string_view n);

// `code` set off as code in a message: between backticks, or, when it holds a
// backtick (a quoted name), between double backticks and spaces, as Markdown does:
// `` `opt in at`: date ``.
std::string CodeSpan(std::string_view code);

}  // namespace sam
