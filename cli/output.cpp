#include "cli/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "compiler/diagnostics/render.hpp"

namespace sam::cli {

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fileno(stderr));
}

int PrintDiagnostics(Frontend& fe, const OutputOptions& opts) {
  for (const auto& m : fe.io_messages) {
    if (opts.format == Format::Json) {
      std::string json = "{\"severity\":\"error\",\"kind\":\"io-error\",\"message\":";
      JsonString(json, m);
      fmt::print(stdout, "{},\"notes\":[],\"help\":[],\"fixes\":[]}}\n", json);
    } else {
      fmt::print(stderr, "sam: error: {} [io-error]\n", m);
    }
  }
  fe.diags.Sort();
  RenderOptions ro{UseColor(opts.color)};
  for (const auto& d : fe.diags.all()) {
    if (opts.format == Format::Json) {
      fmt::print(stdout, "{}\n", RenderJson(fe.sources, d));
    } else {
      fmt::print(stderr, "{}", RenderText(fe.sources, d, ro));
    }
  }
  size_t errors = fe.diags.error_count() + fe.io_messages.size(), warnings = fe.diags.warning_count();
  if (opts.format == Format::Text && (errors || warnings)) {
    fmt::print(stderr, "{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  }
  if (fe.io_error) return 2;
  if (errors || (opts.werror && warnings)) return 1;
  return 0;
}

}  // namespace sam::cli
