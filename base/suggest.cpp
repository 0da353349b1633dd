#include "base/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace sam {

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

// Damerau-Levenshtein (optimal string alignment), case-insensitive (ASCII, as names
// are): a swapped pair of letters is one typo, as people make them.
size_t EditDistance(std::string_view a, std::string_view b, size_t bound) {
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  size_t prev_min = 0;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    size_t cur_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) && Lower(a[i - 2]) == Lower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      cur_min = std::min(cur_min, cur[j]);
    }
    // Every later row is at least min(this row, the row before + 1): once both
    // exceed the bound, so does the distance.
    if (cur_min > bound && prev_min > bound) return bound + 1;
    prev_min = cur_min;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

namespace {

// The initials of a name of two or more words (`dob` for `date of birth` and
// `date_of_birth`), lowercase; empty for a name of one word.
std::string Initials(std::string_view name) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::string out;
  bool start = true;
  for (char c : name) {
    bool sep = c == ' ' || c == '_' || c == '-';
    if (!sep && start) out += lower(c);
    start = sep;
  }
  return out.size() >= 2 ? out : std::string();
}

// The one candidate whose initials are `name`: an abbreviation is no typo, but a
// good guess when one name alone fits.
std::optional<std::string> ByInitials(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string want;
  for (char c : name) want += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  if (want.size() < 2) return std::nullopt;
  std::optional<std::string> found;
  for (auto c : candidates) {
    if (Initials(c) != want || (found && *found == c)) continue;
    if (found) return std::nullopt;  // two fit: no guess
    found = std::string(c);
  }
  return found;
}

}  // namespace

std::optional<std::string> ClosestMatch(std::string_view name, const std::vector<std::string_view>& candidates) {
  // Allow about one typo per three characters, at least one.
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::optional<std::string> best;
  size_t best_d = limit + 1;
  for (auto c : candidates) {
    if (c == name) continue;
    // A clear prefix (`onboard` for `onboarding`) is as good as one typo.
    bool prefix = name.size() >= 4 && c.size() > name.size() && c.substr(0, name.size()) == name;
    size_t d = 1;
    if (!prefix) {
      // The distance is at least the difference in length: most candidates of a
      // large scope are rejected without computing it (linear checks of big files).
      size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
      if (gap > best_d || gap > limit) continue;
      d = EditDistance(name, c, best_d);
    }
    if (d < best_d || (d == best_d && best && c < *best)) {
      best_d = d;
      best = std::string(c);
    }
  }
  if (best_d > limit) return ByInitials(name, candidates);
  return best;
}

}  // namespace sam
