#include "compiler/diagnostics/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace sam {

// Damerau-Levenshtein (optimal string alignment), case-insensitive: a swapped pair of
// letters is one typo, as people make them.
size_t EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  auto eq = [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); };
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = eq(a[i - 1], b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> ClosestMatch(std::string_view name, const std::vector<std::string_view>& candidates) {
  // Allow about one typo per three characters, at least one.
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::optional<std::string> best;
  size_t best_d = limit + 1;
  for (auto c : candidates) {
    if (c == name) continue;
    size_t d = EditDistance(name, c);
    // A clear prefix (`onboard` for `onboarding`) is as good as one typo.
    if (name.size() >= 4 && c.size() > name.size() && c.substr(0, name.size()) == name) d = std::min<size_t>(d, 1);
    if (d < best_d || (d == best_d && best && c < *best)) {
      best_d = d;
      best = std::string(c);
    }
  }
  if (best_d > limit) return std::nullopt;
  return best;
}

}  // namespace sam
