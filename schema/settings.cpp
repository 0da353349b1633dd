#include "schema/settings.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "base/names.hpp"
#include "schema/time_zone.hpp"

namespace sam {

namespace {

const char* TableKindText(TableKind k) {
  switch (k) {
    case TableKind::Customers: return "customers";
    case TableKind::Events: return "events";
    case TableKind::Reference: return "table";
    case TableKind::List: return "list";
  }
  return "?";
}

std::string FieldName(const TableInfo& t, int field) {
  return field >= 0 && static_cast<size_t>(field) < t.fields.size() ? t.fields[field].name : "-";
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return lines;
}

// The customers table is named by its keyword, `customers`, which needs no quotes.
std::string TableCode(std::string_view name) { return name == "customers" ? std::string(name) : CodeName(name); }

// `rest` with the names before `: ` and after ` by `, ` at `, ` key ` written as code.
// The stored line keeps names bare (the snapshot's fingerprint is made of it); names
// holding `: ` or ` at ` would be split wrongly here, which only costs the message.
std::string TableLine(std::string_view rest) {
  size_t colon = rest.find(": ");
  if (colon == std::string_view::npos) return std::string(rest);
  std::string out = TableCode(rest.substr(0, colon)) + ": ";
  std::string_view tail = rest.substr(colon + 2);
  size_t sp = tail.find(' ');
  out += tail.substr(0, sp);  // the table's kind
  if (sp == std::string_view::npos) return out;
  tail = tail.substr(sp);
  for (std::string_view word : {" by ", " key "}) {
    if (tail.substr(0, word.size()) != word) continue;
    tail.remove_prefix(word.size());
    size_t at = word == " by " ? tail.find(" at ") : std::string_view::npos;
    out += std::string(word) + CodeName(tail.substr(0, at));
    if (at != std::string_view::npos) out += " at " + CodeName(tail.substr(at + 4));
    return out;
  }
  return out + std::string(tail);
}

// `field T.F: TYPE...` with T and F written as code.
std::string FieldLine(std::string_view rest) {
  size_t dot = rest.find('.'), colon = rest.find(": ");
  if (dot == std::string_view::npos || colon == std::string_view::npos || colon < dot) return std::string(rest);
  return TableCode(rest.substr(0, dot)) + "." + CodeName(rest.substr(dot + 1, colon - dot - 1)) +
         std::string(rest.substr(colon));
}

// A stored settings line as a message shows it: names as code (`sign-up date`
// between backticks), the whole set off as code.
std::string ShownLine(std::string_view line) {
  std::string shown(line);
  if (line.substr(0, 6) == "field ") shown = "field " + FieldLine(line.substr(6));
  if (line.substr(0, 6) == "table ") shown = "table " + TableLine(line.substr(6));
  return CodeSpan(shown);
}

}  // namespace

std::string StoredSettings(const Schema& p) {
  return StoredSettings(p, p.timezone == "UTC" ? std::string() : TzdataVersion());
}

std::string StoredSettings(const Schema& p, std::string_view tzdata_version) {
  // Version 2 added the time zone; a line per item so that SettingsChange can name it.
  std::string text = "sam-data-2\n";
  text += fmt::format("timezone \"{}\"", p.timezone);
  if (p.timezone != "UTC") text += fmt::format(" (tzdata {})", tzdata_version);
  text += "\n";
  for (const auto& t : p.tables) {
    text += fmt::format("table {}: {}", t.name, TableKindText(t.kind));
    if (t.kind == TableKind::Events || t.kind == TableKind::List) {
      text += fmt::format(" by {}", FieldName(t, t.key));
      if (t.time >= 0) text += fmt::format(" at {}", FieldName(t, t.time));
    } else {
      text += fmt::format(" key {}", FieldName(t, t.key));
    }
    text += "\n";
    for (const auto& f : t.fields) {
      text += fmt::format("field {}.{}: {}", t.name, f.name, TypeName(p.tables, p.enums, f.type));
      // Only when bound to a column of another name, so that the settings of programs
      // without such bindings, and their snapshots, stay as they were.
      if (!f.column.empty()) text += fmt::format(" from \"{}\"", f.column);
      text += "\n";
    }
  }
  for (const auto& e : p.enums) text += fmt::format("enum {} {{ {} }}\n", e.name, fmt::join(e.variants, ", "));
  return text;
}

std::string SettingsChange(std::string_view stored, std::string_view wanted) {
  std::vector<std::string_view> a = Lines(stored), b = Lines(wanted);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  if (i == a.size() && i == b.size()) return {};
  auto absent = [](const std::vector<std::string_view>& lines, size_t from, std::string_view line) {
    return std::find(lines.begin() + static_cast<std::ptrdiff_t>(from), lines.end(), line) == lines.end();
  };
  const bool removed = i < a.size() && absent(b, i, a[i]);
  const bool added = i < b.size() && absent(a, i, b[i]);
  if (removed && !added) return fmt::format("it was loaded with {}, which this program does not have", ShownLine(a[i]));
  if (added && !removed) return fmt::format("this program has {}, which it was not loaded with", ShownLine(b[i]));
  // Changed, or the same lines in another order.
  return fmt::format("it was loaded with {}, this program has {}", ShownLine(a[i]), ShownLine(b[i]));
}

std::string FingerprintOf(std::string_view settings) {
  // FNV-1a.
  uint64_t h = 14695981039346656037ull;  // FNV-1a's 64-bit offset basis
  for (unsigned char ch : settings) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::string SchemaFingerprint(const Schema& p) { return FingerprintOf(StoredSettings(p)); }

}  // namespace sam
