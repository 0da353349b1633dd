// The string built-ins as generated code uses them (lower_strings.cpp): a string is
// never made, but read from its column (or a constant) with `lower`, `upper` and
// `trim` applied as it is compared. The JIT's own implementation of docs/builtins.md
// (ASCII case, white space of spaces, tabs and line breaks, lengths in code points),
// tested against the interpreter's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sam::jit {

// What is applied to a string read (flags, or-ed): any nesting of `lower`, `upper`
// and `trim` comes down to a trim and the outermost case (trim touches no letter).
inline constexpr int64_t kTrim = 1, kLower = 2, kUpper = 4;
int64_t WithCase(int64_t flags, int64_t case_flag);

// A test of two strings: a == b, contains(a, b), starts_with(a, b), ends_with(a, b).
enum StringOp : int64_t { kStringEq = 0, kStringContains = 1, kStringStarts = 2, kStringEnds = 3 };

// `s` with `flags` applied: a part of `s`, or the applied copy in `buffer`.
std::string_view ApplyString(std::string_view s, int64_t flags, std::string& buffer);
bool TestStrings(int64_t op, std::string_view a, std::string_view b);
// TestStrings(op, ApplyString(a, flags), b), without copying `a`.
bool TestApplied(int64_t op, std::string_view a, int64_t flags, std::string_view b);
int64_t CodePoints(std::string_view s);

}  // namespace sam::jit
