// The differential test's random numbers: the tests' splitmix64 (tests/support/rng.hpp).
#pragma once

#include "tests/support/rng.hpp"

namespace sam::differential {

using testing::Rng;

}  // namespace sam::differential
