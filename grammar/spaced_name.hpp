// A name written with spaces and without its backticks (`date of birth: date?`,
// `where opt in at is present`): the help that suggests the backticks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sam::grammar {

// The help for a syntax error at the token [pos, end) of `text`, when it is a word
// that directly follows another word on its line (which SAM never allows) and the
// words around it read as one name; `field` says the error is in a schema field's
// declaration, where the words must be followed by `:`. Nothing for a misspelt
// keyword (`whre`, `adn`) or when the run starts with a keyword (`customers whre`).
std::optional<std::string> SpacedNameHelp(std::string_view text, uint32_t pos, uint32_t end, bool field);

}  // namespace sam::grammar
