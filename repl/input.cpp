#include "repl/input.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "base/diagnostics.hpp"
#include "base/names.hpp"
#include "base/source.hpp"
#include "grammar/parse.hpp"
#include "repl/commands.hpp"
#include "stdlib/builtins.hpp"

namespace sam::repl {
namespace {

bool NameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `why KEY ` (and the start of a campaign's name).
bool IsWhyCampaign(std::string_view head) {
  size_t i = head.find_first_not_of(" \t");
  if (i == std::string_view::npos || head.substr(i, 4) != "why ") return false;
  i = head.find_first_not_of(" \t", i + 4);
  if (i == std::string_view::npos) return false;
  const size_t key_end = head.find_first_of(" \t", i);
  return key_end != std::string_view::npos && head.find_first_not_of(" \t", key_end) == std::string_view::npos;
}

// Whether the parser's first error is at the end of `text`: it wanted more.
bool EndsEarly(std::string_view text) {
  SourceManager sources;
  const FileId id = sources.Add("<input>", std::string(text));
  Diagnostics diags;
  grammar::Parse(sources.Get(id), id, grammar::Entry::Query, diags);
  if (!diags.has_errors()) return false;
  diags.Sort();
  const size_t end = text.find_last_not_of(" \t\r\n") + 1;
  for (const Diagnostic& d : diags.all()) {
    if (d.severity == Severity::Error) return d.span.begin >= end;
  }
  return false;
}

}  // namespace

bool Complete(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      continue;
    }
    if (c == '"' || c == '`') {
      // Neither may hold a line break: one left open is the parser's to report. A
      // string's `\"` and `\\` do not end it.
      size_t close = i + 1;
      while (close < text.size() && text[close] != c && text[close] != '\n')
        close += c == '"' && text[close] == '\\' ? 2 : 1;
      if (close >= text.size() || text[close] == '\n') return true;
      i = close;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
  }
  // An expression or clause left open (`a and`, `segment x =`, `if a then b`) is
  // the parser's first error at the very end.
  return depth <= 0 && !EndsEarly(text);
}

bool IsCommand(std::string_view line) {
  return line.size() >= 2 && line[0] == '.' && std::isalpha(static_cast<unsigned char>(line[1]));
}

bool StartsStatement(std::string_view line) {
  if (IsCommand(line)) return true;
  for (std::string_view w : {"segment ", "let ", "campaign ", "trigger ", "count ", "show ", "why ", "today "}) {
    if (line.starts_with(w)) return true;
  }
  return false;
}

bool ContinuesInput(std::string_view line) {
  const size_t b = line.find_first_not_of(" \t");
  if (b == std::string_view::npos) return false;
  line = line.substr(b);
  if (std::string_view(")]},.+-*/=!<>?").find(line[0]) != std::string_view::npos) return true;
  size_t e = 0;
  while (e < line.size() && NameChar(line[e])) ++e;
  const std::string_view word = line.substr(0, e);
  for (std::string_view w : {"and", "or", "else", "then", "where", "within", "in", "is", "as", "limit", "per", "after",
                             "unless", "if", "before", "since"}) {
    if (word == w) return true;
  }
  return false;
}

std::vector<Gatherer::Input> Gatherer::Add(std::string_view line, int number) {
  std::vector<Input> out;
  if (!pending_.empty() && StartsStatement(line)) {
    out.push_back({std::move(pending_), first_, false});
    pending_.clear();
  }
  if (pending_.empty() && IsCommand(line)) {
    out.push_back({std::string(line), number, true});
    return out;
  }
  if (pending_.empty()) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return out;  // blank lines between inputs
    first_ = number;
  }
  pending_ += line;
  pending_ += '\n';
  if (Complete(pending_)) {
    out.push_back({std::move(pending_), first_, false});
    pending_.clear();
  }
  return out;
}

std::optional<Gatherer::Input> Gatherer::Finish() {
  if (pending_.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  Input in{std::move(pending_), first_, false};
  pending_.clear();
  return in;
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
  // `orders.` completes the fields of orders; so does `o.` after `orders as o`, and
  // `customer.` the customer's.
  if (program && begin > 0 && line[begin - 1] == '.') {
    size_t t = begin - 1;
    while (t > 0 && NameChar(line[t - 1])) --t;
    std::string table(line.substr(t, begin - 1 - t));
    if (table == "customer" && program->customers >= 0) table = program->tables[program->customers].name;
    const std::string alias = " as " + table;
    for (size_t at = line.find(alias); at != std::string_view::npos; at = line.find(alias, at + 1)) {
      const size_t after = at + alias.size();
      if (after < line.size() && NameChar(line[after])) continue;  // `as ordinal`, not `as o`
      size_t b = at;
      while (b > 0 && NameChar(line[b - 1])) --b;
      table = std::string(line.substr(b, at - b));
    }
    for (const TableInfo& info : program->tables) {
      if (info.name != table) continue;
      for (const FieldInfo& f : info.fields) offer(CodeName(f.name));
    }
    return out;
  }
  // `why KEY ` completes a campaign.
  if (program && IsWhyCampaign(line.substr(0, begin))) {
    for (const ir::Campaign& c : program->campaigns) offer(c.name);
    return out;
  }
  if (program) {
    // Inside `any(orders where ...)`: the fields of the tables the line names.
    for (const TableInfo& t : program->tables) {
      for (size_t at = line.find(t.name); at != std::string_view::npos; at = line.find(t.name, at + 1)) {
        const size_t end = at + t.name.size();
        if ((at > 0 && NameChar(line[at - 1])) || (end < line.size() && NameChar(line[end])) || end >= begin) continue;
        for (const FieldInfo& f : t.fields) offer(CodeName(f.name));
        break;
      }
    }
    for (const ir::Let& l : program->lets) offer(l.name);
    for (const TableInfo& t : program->tables) offer(t.name);
    for (const ir::Campaign& c : program->campaigns) offer(c.name);
    if (program->customers >= 0) {
      for (const FieldInfo& f : program->tables[program->customers].fields) offer(CodeName(f.name));
    }
    for (const EnumInfo& e : program->enums) {
      for (const std::string& v : e.variants) offer(CodeName(v));
    }
  }
  for (const stdlib::BuiltinInfo& b : stdlib::AllBuiltins()) offer(b.name);
  for (std::string_view w : kReservedWords) offer(w);
  for (std::string_view w : {"show", "limit", "why"}) offer(w);
  return out;
}

}  // namespace sam::repl
