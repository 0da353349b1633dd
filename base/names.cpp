#include "base/names.hpp"

namespace sam {

bool IsPlainName(std::string_view n) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (n.empty() || !alpha(n[0])) return false;
  for (char c : n) {
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return !IsReservedWord(n);
}

std::string CodeName(std::string_view n) { return IsPlainName(n) ? std::string(n) : "`" + std::string(n) + "`"; }

std::string CodeSpan(std::string_view code) {
  if (code.find('`') == std::string_view::npos) return "`" + std::string(code) + "`";
  return "`` " + std::string(code) + " ``";
}

}  // namespace sam
