#include "compiler/diagnostics/diagnostics.hpp"

#include <algorithm>

namespace sam {

const std::vector<DiagKindInfo>& AllDiagKinds() {
  static const std::vector<DiagKindInfo> kinds = {
#define SAM_DIAG(name, sev, slug, text) {DiagKind::name, Severity::sev, slug, text},
#include "compiler/diagnostics/kinds.def"
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
  list_.push_back(Diagnostic{kind, Info(kind).severity, span, std::move(message), {}, {}, {}});
  return list_.back();
}

size_t Diagnostics::error_count() const {
  return std::count_if(list_.begin(), list_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t Diagnostics::warning_count() const {
  return std::count_if(list_.begin(), list_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

void Diagnostics::Sort() {
  std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

void Diagnostics::Append(const Diagnostics& other) {
  list_.insert(list_.end(), other.list_.begin(), other.list_.end());
}

}  // namespace sam
