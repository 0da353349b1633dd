// Values as text in query results: the literal syntax of the language where there is
// one (dates, durations, decimals), enum variants by name, timestamps in UTC.
#pragma once

#include <string>

#include "backends/backend.hpp"
#include "ir/ir.hpp"

namespace sam::query {

// Row `r` of `v`, of type `type`; absent values are "".
std::string FormatValue(const ir::Program& program, Type type, const backend::Values& v, size_t r);

}  // namespace sam::query
