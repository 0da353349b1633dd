// A temporary folder for one test, removed with everything in it when it goes.
#pragma once

#include "base/temp_dir.hpp"

namespace sam::testing {

using sam::TempDir;

}  // namespace sam::testing
