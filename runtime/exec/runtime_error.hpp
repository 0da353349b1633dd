// A run stopped by an error in the data (an overflow): the message names the customer
// and the expression, the span where the expression is in the program or query.
#pragma once

#include <stdexcept>
#include <string>

#include "base/source.hpp"

namespace sam::rt {

struct RuntimeError : std::runtime_error {
  Span span;
  explicit RuntimeError(const std::string& m, Span s = {}) : std::runtime_error(m), span(s) {}
};

}  // namespace sam::rt
