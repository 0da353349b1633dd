// A run date written as in the docs ("2026-11-23"), as days since 1970-01-01: the form
// engine::RunOptions and query options take.
#pragma once

#include <cstdint>
#include <variant>

#include "schema/value_text.hpp"

namespace sam::testing {

inline int64_t Day(const char* iso) { return std::get<int64_t>(DecodeDate(iso)); }

}  // namespace sam::testing
