// Load warnings: a load that succeeds but most likely not as the user meant (an
// optional column missing from a header, no customers, a table whose every row was
// rejected). With LoadOptions::strict the first one stops the load instead.
#pragma once

#include <string>

#include "runtime/load/load.hpp"

namespace sam::rt::load {

// Adds `message` to the report's warnings, or throws LoadError (exit 1) with it when
// the options are strict.
inline void Warn(const LoadOptions& options, LoadReport& report, std::string message) {
  if (options.strict) throw LoadError(message + " (an error under --strict)", 1);
  report.warnings.push_back(std::move(message));
}

}  // namespace sam::rt::load
