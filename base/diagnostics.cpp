#include "base/diagnostics.hpp"

#include <algorithm>

namespace sam {

const std::vector<DiagKindInfo>& AllDiagKinds() {
  static const std::vector<DiagKindInfo> kinds = {
#define SAM_DIAG(name, sev, slug, text) {DiagKind::name, Severity::sev, slug, text},
#include "base/kinds.def"
#undef SAM_DIAG
  };
  return kinds;
}

const DiagKindInfo& Info(DiagKind kind) { return AllDiagKinds()[static_cast<size_t>(kind)]; }

const DiagKindInfo* FindDiagKind(std::string_view slug) {
  for (const auto& k : AllDiagKinds()) {
    if (k.slug == slug) return &k;
  }
  return nullptr;
}

Diagnostic& Diagnostics::Report(DiagKind kind, Span span, std::string message) {
  Severity severity = Info(kind).severity;
  bool keep = accepting();
  (severity == Severity::Error ? error_count_ : warning_count_)++;
  if (!keep) {
    scratch_ = Diagnostic{kind, severity, span, std::move(message), {}, {}, {}};
    return scratch_;
  }
  (severity == Severity::Error ? kept_errors_ : kept_warnings_)++;
  list_.push_back(Diagnostic{kind, severity, span, std::move(message), {}, {}, {}});
  return list_.back();
}

void Diagnostics::Sort() {
  std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

void Diagnostics::DropWarnings() {
  std::erase_if(list_, [](const Diagnostic& d) { return d.severity == Severity::Warning; });
  warning_count_ = kept_warnings_ = 0;
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const auto& d : other.list_) Report(d.kind, d.span, d.message) = d;
  error_count_ += other.dropped_errors();
  warning_count_ += other.dropped_warnings();
}

}  // namespace sam
