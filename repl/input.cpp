#include "repl/input.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "base/names.hpp"
#include "repl/commands.hpp"
#include "stdlib/builtins.hpp"

namespace sam::repl {
namespace {

// Words after which an expression or a clause must go on.
constexpr std::array<std::string_view, 24> kOpenWords{
    "and", "or", "not", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "??", ",",
    "where", "within", "if", "then", "else", "in", "is", ":"};

bool NameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The last token of `text` outside comments: a word or a run of operator characters.
std::string_view LastToken(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  size_t begin = end;
  if (begin > 0 && NameChar(text[begin - 1])) {
    while (begin > 0 && NameChar(text[begin - 1])) --begin;
  } else {
    while (begin > 0 && std::string_view("=!<>+-*/?,:").find(text[begin - 1]) != std::string_view::npos) --begin;
  }
  return text.substr(begin, end - begin);
}

}  // namespace

bool Complete(std::string_view text) {
  int depth = 0;
  std::string code;  // the text without comments, for its last token
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      code += '\n';
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      code += ' ';
      continue;
    }
    if (c == '"' || c == '`') {
      const size_t close = text.find(c, i + 1);
      const size_t line = text.find('\n', i + 1);
      // A quoted name ends at its line; a string may not hold a line break either:
      // left open at the end of the text, it waits, else the parser says what is wrong.
      if (close == std::string_view::npos) return line != std::string_view::npos;
      code += text.substr(i, close + 1 - i);
      i = close;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    code += c;
  }
  if (depth > 0) return false;
  const std::string_view last = LastToken(code);
  return std::find(kOpenWords.begin(), kOpenWords.end(), last) == kOpenWords.end();
}

std::vector<std::string> Completions(const ir::Program* program, std::string_view line) {
  size_t begin = line.size();
  while (begin > 0 && NameChar(line[begin - 1])) --begin;
  const std::string_view word = line.substr(begin);
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto offer = [&](std::string_view candidate) {
    if (candidate.starts_with(word) && seen.insert(std::string(candidate)).second) out.emplace_back(candidate);
  };
  // A dot command at the start of a line (the word after the dot: `.` ends a word).
  if (begin == 1 && line[0] == '.') {
    for (const Command& c : Commands()) offer(c.name.substr(1));
    return out;
  }
  // `orders.` completes the fields of orders.
  if (program && begin > 0 && line[begin - 1] == '.') {
    size_t t = begin - 1;
    while (t > 0 && NameChar(line[t - 1])) --t;
    const std::string_view table = line.substr(t, begin - 1 - t);
    for (const TableInfo& info : program->tables) {
      if (info.name != table) continue;
      for (const FieldInfo& f : info.fields) offer(CodeName(f.name));
    }
    return out;
  }
  if (program) {
    for (const ir::Let& l : program->lets) offer(l.name);
    for (const TableInfo& t : program->tables) offer(t.name);
    for (const ir::Campaign& c : program->campaigns) offer(c.name);
    if (program->customers >= 0) {
      for (const FieldInfo& f : program->tables[program->customers].fields) offer(CodeName(f.name));
    }
  }
  for (const stdlib::BuiltinInfo& b : stdlib::AllBuiltins()) offer(b.name);
  for (std::string_view w : kReservedWords) offer(w);
  for (std::string_view w : {"show", "limit", "why"}) offer(w);
  return out;
}

}  // namespace sam::repl
