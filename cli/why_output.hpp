// An explanation of `sam why` (and of `why` in `sam query`) as text lines or as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/why.hpp"

namespace sam::cli {

std::vector<std::string> WhyLines(const engine::Explanation& e);
nlohmann::ordered_json WhyJson(const engine::Explanation& e);

}  // namespace sam::cli
