// How the CLI prints diagnostics: text for people (colours on a terminal unless
// NO_COLOR is set), JSON lines for programs.
#pragma once

#include <string>
#include <string_view>

#include "compiler/driver/frontend.hpp"
#include "runtime/exec/runtime_error.hpp"

namespace sam::cli {

enum class Format { Text, Json };

// Errors shown by default before `sam: note: N more errors not shown`: enough to fix
// in one go, few enough that the first (often the cause of the rest) stays on screen.
inline constexpr size_t kDefaultMaxErrors = 50;

struct OutputOptions {
  Format format = Format::Text;
  std::string color = "auto";  // auto | always | never
  bool werror = false;
  bool max_errors_option = true;  // the command's --max-errors limits program errors
};

bool UseColor(const std::string& mode);
// Prints every diagnostic kept (see Diagnostics::set_error_limit), sorted, then how
// many more there were; returns the exit code: 0 clean, 1 errors (or
// warnings with --werror), 2 I/O errors.
int PrintDiagnostics(Frontend& fe, const OutputOptions& opts);

// An error while computing (an overflow for one customer): its place in the program or
// query with the source line and carets, as a diagnostic is printed; without a place,
// `sam: error: ...`.
void PrintRuntimeError(const SourceManager& sources, const rt::RuntimeError& e);

}  // namespace sam::cli
