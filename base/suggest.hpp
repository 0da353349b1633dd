// "Did you mean ...?": the closest candidate by edit distance, if close enough.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sam {

// The edit distance of `a` and `b`; a value above `bound` when it exceeds `bound`
// (computing stops early then).
size_t EditDistance(std::string_view a, std::string_view b, size_t bound = SIZE_MAX);
std::optional<std::string> ClosestMatch(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace sam
