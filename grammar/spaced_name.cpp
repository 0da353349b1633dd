#include "grammar/spaced_name.hpp"

#include <fmt/format.h>

#include <vector>

#include "base/names.hpp"
#include "base/suggest.hpp"

namespace sam::grammar {
namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Short reserved words that read as part of a name (`opt in at`, `date of birth`):
// the run of words goes on across them; any other reserved word ends it.
bool Joins(std::string_view w) {
  for (std::string_view j : {"in", "at", "of", "on", "for", "by", "as"}) {
    if (w == j) return true;
  }
  return !IsReservedWord(w);
}

// The word that ends at `e` (after blanks), or empty.
std::string_view WordBefore(std::string_view text, uint32_t e, uint32_t& start) {
  while (e > 0 && IsBlank(text[e - 1])) --e;
  uint32_t b = e;
  while (b > 0 && IsWordChar(text[b - 1])) --b;
  start = b;
  return text.substr(b, e - b);
}

// The word that starts at `b` (after blanks), or empty.
std::string_view WordAfter(std::string_view text, uint32_t b, uint32_t& end) {
  while (b < text.size() && IsBlank(text[b])) ++b;
  uint32_t e = b;
  while (e < text.size() && IsWordChar(text[e])) ++e;
  end = e;
  return text.substr(b, e - b);
}

bool IsName(std::string_view w) { return !w.empty() && !(w[0] >= '0' && w[0] <= '9'); }

}  // namespace

std::optional<std::string> SpacedNameHelp(std::string_view text, uint32_t pos, uint32_t end, bool field) {
  std::string_view tok = text.substr(pos, end - pos);
  if (!IsName(tok) || !IsWordChar(tok.back()) || !Joins(tok)) return std::nullopt;
  std::vector<std::string_view> all(std::begin(kReservedWords), std::end(kReservedWords));
  if (!IsReservedWord(tok) && ClosestMatch(tok, all)) return std::nullopt;  // `whre`, `adn`
  uint32_t first = pos, last = end, at;
  for (std::string_view w = WordBefore(text, first, at); IsName(w) && Joins(w); w = WordBefore(text, first, at))
    first = at;
  if (first == pos || IsReservedWord(WordAfter(text, first, at))) return std::nullopt;
  for (std::string_view w = WordAfter(text, last, at); IsName(w) && Joins(w); w = WordAfter(text, last, at)) last = at;
  if (field) {
    uint32_t colon = last;
    while (colon < text.size() && IsBlank(text[colon])) ++colon;
    if (colon >= text.size() || text[colon] != ':') return std::nullopt;
  }
  std::string name;
  for (uint32_t i = first; i < last; ++i) {
    if (!IsBlank(text[i]) || !IsBlank(name.back())) name += IsBlank(text[i]) ? ' ' : text[i];
  }
  return fmt::format("if `{}` is one name, write it between backticks: `` `{}` ``", name, name);
}

}  // namespace sam::grammar
