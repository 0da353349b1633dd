// Rendering diagnostics for people (file:line:col, source line, underline, notes,
// help) and for programs (JSON, one object per line).
#pragma once

#include <string>

#include "base/diagnostics.hpp"

namespace sam {

struct RenderOptions {
  bool color = false;
};

std::string RenderText(const SourceManager& sources, const Diagnostic& d, const RenderOptions& opts);
// The source line of `span` with `^~~~` under the span, as diagnostics show it
// (`sam test` shows a failed expectation so).
std::string RenderSnippet(const SourceManager& sources, Span span, const RenderOptions& opts);
// `FILE:LINE:COLUMN` of the start of `span`.
std::string RenderLocation(const SourceManager& sources, Span span);
std::string RenderJson(const SourceManager& sources, const Diagnostic& d);
std::string SeverityName(Severity s);
// Appends `s` as a JSON string literal.
void JsonString(std::string& out, std::string_view s);
// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string CsvField(std::string_view s);
// The same, appended to `out` (the plan files' hundreds of thousands of fields).
void AppendCsvField(std::string& out, std::string_view s);

}  // namespace sam
