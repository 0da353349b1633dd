// How the CLI prints diagnostics: text for people (colours on a terminal unless
// NO_COLOR is set), JSON lines for programs.
#pragma once

#include <string>

#include "compiler/driver/frontend.hpp"

namespace sam::cli {

enum class Format { Text, Json };

struct OutputOptions {
  Format format = Format::Text;
  std::string color = "auto";  // auto | always | never
  bool werror = false;
};

bool UseColor(const std::string& mode);
// Prints every diagnostic, sorted; returns the exit code: 0 clean, 1 errors (or
// warnings with --werror), 2 I/O errors.
int PrintDiagnostics(Frontend& fe, const OutputOptions& opts);

}  // namespace sam::cli
