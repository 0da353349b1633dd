// "Did you mean ...?": the closest candidate by edit distance, if close enough.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sam {

size_t EditDistance(std::string_view a, std::string_view b);
std::optional<std::string> ClosestMatch(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace sam
