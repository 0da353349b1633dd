#include "cli/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "base/render.hpp"

namespace sam::cli {

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fileno(stderr));
}

namespace {

// 3950 -> "3,950": the counts can be large.
std::string Thousands(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string More(size_t n, const char* what) { return fmt::format("{} more {}{}", Thousands(n), what, n == 1 ? "" : "s"); }

// On stderr in both formats: JSON consumers read stdout. Commands whose
// `--max-errors` counts rejected data rows point to `sam check` instead.
void PrintDropped(const Diagnostics& diags, bool own_option) {
  size_t errors = diags.dropped_errors(), warnings = diags.dropped_warnings();
  if (errors + warnings == 0) return;
  std::string what = errors && warnings ? fmt::format("{} and {}", More(errors, "error"), More(warnings, "warning"))
                                        : errors ? More(errors, "error") : More(warnings, "warning");
  std::string how = own_option ? fmt::format("--max-errors {}", diags.error_limit())
                               : std::string("`sam check --max-errors 0` shows all");
  fmt::print(stderr, "sam: note: {} not shown ({})\n", what, how);
}

}  // namespace

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
  PrintDropped(fe.diags, opts.max_errors_option);
  size_t errors = fe.diags.error_count() + fe.io_messages.size(), warnings = fe.diags.warning_count();
  if (opts.format == Format::Text && (errors || warnings)) {
    fmt::print(stderr, "{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  }
  if (fe.io_error) return 2;
  if (errors || (opts.werror && warnings)) return 1;
  return 0;
}

void PrintRuntimeError(const SourceManager& sources, const rt::RuntimeError& e) {
  if (e.span.end > e.span.begin && e.span.file < sources.size()) {
    fmt::print(stderr, "{}: error: {}\n{}", RenderLocation(sources, e.span), e.what(),
               RenderSnippet(sources, e.span, {}));
  } else {
    fmt::print(stderr, "sam: error: {}\n", e.what());
  }
}

}  // namespace sam::cli
