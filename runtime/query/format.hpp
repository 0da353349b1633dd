// Values as text in query results: the literal syntax of the language where there is
// one (dates, durations, decimals), enum variants by name, timestamps in UTC.
#pragma once

#include <string>

#include "compiler/ir/ir.hpp"
#include "runtime/interp/vec.hpp"

namespace sam::rt {

// Row `r` of `v`, of type `type`; absent values are "".
std::string FormatValue(const ir::Program& program, Type type, const Vec& v, size_t r);

}  // namespace sam::rt
