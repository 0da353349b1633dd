#include "runtime/load/closest_name.hpp"

#include <algorithm>
#include <string>

#include "base/suggest.hpp"

namespace sam::rt::load {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Whether one of a, b (lower case) contains the other, the shorter being a word rather
// than a letter or two (`id` is in too many names to mean anything).
bool Contains(const std::string& a, const std::string& b) {
  const std::string& shorter = a.size() <= b.size() ? a : b;
  const std::string& longer = a.size() <= b.size() ? b : a;
  return shorter.size() >= 3 && longer.find(shorter) != std::string::npos;
}

}  // namespace

int ClosestName(std::string_view name, const std::vector<std::string_view>& candidates) {
  const std::string lower = Lower(name);
  const size_t limit = std::max<size_t>(1, name.size() / 3);
  int best = -1;
  size_t best_distance = SIZE_MAX;
  for (size_t i = 0; i < candidates.size(); ++i) {
    // Names over 64 bytes are not column names anyone meant; skipping them
    // keeps a hostile header from costing quadratic time.
    if (candidates[i].size() > 64 || name.size() > 64) continue;
    const size_t d = EditDistance(name, candidates[i]);
    if (d > limit && !Contains(lower, Lower(candidates[i]))) continue;
    if (d < best_distance) best = static_cast<int>(i), best_distance = d;
  }
  return best;
}

}  // namespace sam::rt::load
