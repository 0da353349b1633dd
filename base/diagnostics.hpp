// Diagnostics: what every stage reports to the user. Kinds are declared once in
// kinds.def; rendering (text with carets, or JSON) lives in render.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/source.hpp"

namespace sam {

enum class Severity : uint8_t { Error, Warning, Note };

enum class DiagKind : uint16_t {
#define SAM_DIAG(name, sev, slug, text) name,
#include "base/kinds.def"
#undef SAM_DIAG
};

struct DiagKindInfo {
  DiagKind kind;
  Severity severity;
  std::string_view slug;
  std::string_view explanation;
};

const std::vector<DiagKindInfo>& AllDiagKinds();
const DiagKindInfo& Info(DiagKind kind);
const DiagKindInfo* FindDiagKind(std::string_view slug);

struct DiagNote {
  Span span;
  std::string message;
};

// A machine-applicable edit: replace `span` by `replacement`.
struct DiagFix {
  Span span;
  std::string replacement;
};

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  Span span;
  std::string message;
  std::vector<DiagNote> notes;
  std::vector<std::string> help;
  std::vector<DiagFix> fixes;

  Diagnostic& Note(Span s, std::string m) { notes.push_back({s, std::move(m)}); return *this; }
  Diagnostic& Help(std::string m) { help.push_back(std::move(m)); return *this; }
  Diagnostic& Fix(Span s, std::string r) { fixes.push_back({s, std::move(r)}); return *this; }
};

class Diagnostics {
 public:
  // Once the limit is reached, Report returns a scratch diagnostic that is not kept.
  Diagnostic& Report(DiagKind kind, Span span, std::string message);

  // Keep at most `n` errors (0: no limit). Diagnostics reported after the limit was
  // reached, errors and warnings, are counted but not kept: a file of thousands of
  // errors is checked in linear time and shows its first ones.
  void set_error_limit(size_t n) { limit_ = n; }
  size_t error_limit() const { return limit_; }
  // False once the limit is reached: costly extras (did-you-mean) can be skipped.
  bool accepting() const { return limit_ == 0 || kept_errors_ < limit_; }
  size_t dropped_errors() const { return error_count_ - kept_errors_; }
  size_t dropped_warnings() const { return warning_count_ - kept_warnings_; }

  const std::vector<Diagnostic>& all() const { return list_; }
  // Counts include the diagnostics dropped after the limit.
  size_t error_count() const { return error_count_; }
  size_t warning_count() const { return warning_count_; }
  bool has_errors() const { return error_count_ > 0; }
  // Orders by file, then position, keeping the report order for equal positions.
  void Sort();
  void Append(const Diagnostics& other);
  // Forgets the warnings: commands that run a program show only its errors (its
  // warnings are `sam check`'s business).
  void DropWarnings();

 private:
  std::vector<Diagnostic> list_;
  Diagnostic scratch_{};
  size_t limit_ = 0;
  size_t error_count_ = 0, warning_count_ = 0;
  size_t kept_errors_ = 0, kept_warnings_ = 0;
};

}  // namespace sam
