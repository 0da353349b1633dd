#include <fmt/format.h>

#include "base/diagnostics.hpp"
#include "base/render.hpp"
#include "base/suggest.hpp"
#include "cli/commands.hpp"
#include "stdlib/builtins.hpp"

namespace sam::cli {
namespace {

// Breaks a paragraph into lines of at most `width` characters.
std::string Wrap(std::string_view text, size_t width) {
  std::string out, line;
  while (!text.empty()) {
    size_t sp = text.find(' ');
    std::string_view word = text.substr(0, sp);
    text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  return out + line;
}

void ListKinds() {
  fmt::print("Diagnostic kinds (sam explain KIND):\n");
  for (const auto& k : AllDiagKinds()) fmt::print("  {:<28} {}\n", k.slug, SeverityName(k.severity));
  fmt::print("\nAlso: sam explain builtins, sam explain aggregates\n");
}

void Builtins() {
  for (const auto& b : stdlib::AllBuiltins()) {
    fmt::print("{}\n{}\n\n", b.signature, Wrap(b.doc, 76));
  }
}

void Aggregates() {
  for (const auto& a : stdlib::AllAggregates()) fmt::print("{:<6} {}\n", a.name, a.doc);
}

}  // namespace

void RegisterExplain(CLI::App& app) {
  auto kind = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("explain", "Explain a diagnostic kind; list all kinds without an argument");
  cmd->add_option("kind", *kind, "A diagnostic kind such as `optional-value`, or `builtins`, `aggregates`");
  cmd->callback([kind] {
    if (kind->empty()) return ListKinds();
    if (*kind == "builtins") return Builtins();
    if (*kind == "aggregates") return Aggregates();
    const DiagKindInfo* info = FindDiagKind(*kind);
    if (!info) {
      std::vector<std::string_view> slugs;
      for (const auto& k : AllDiagKinds()) slugs.push_back(k.slug);
      std::string hint;
      if (auto best = ClosestMatch(*kind, slugs)) hint = fmt::format("; did you mean `{}`?", *best);
      fmt::print(stderr, "sam: error: no diagnostic kind `{}`{}\n", *kind, hint);
      SetExitCode(2);
      return;
    }
    fmt::print("{} ({})\n\n{}\n", info->slug, SeverityName(info->severity), Wrap(info->explanation, 80));
  });
}

}  // namespace sam::cli
