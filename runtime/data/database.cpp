#include "runtime/data/database.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace sam::rt {

size_t Table::bytes() const {
  size_t n = offsets.size();
  for (const auto& c : columns) n += c.bytes();
  return n;
}

size_t Database::bytes() const {
  size_t n = 0;
  for (const auto& t : tables) n += t.bytes();
  return n;
}

namespace {

template <class Less, class Equal>
std::optional<uint64_t> Search(uint64_t n, Less less, Equal equal) {
  uint64_t lo = 0, hi = n;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (less(mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < n && equal(lo)) return lo;
  return std::nullopt;
}

}  // namespace

std::optional<uint64_t> Database::FindCustomer(int64_t key) const {
  if (customers < 0 || key_field < 0) return std::nullopt;
  const Table& t = tables[customers];
  const Column& kc = t.columns[key_field];
  if (kc.type.kind == TypeKind::String) return std::nullopt;
  return Search(t.rows, [&](uint64_t r) { return kc.Int(r) < key; }, [&](uint64_t r) { return kc.Int(r) == key; });
}

std::optional<uint64_t> Database::FindCustomer(std::string_view key) const {
  if (customers < 0 || key_field < 0) return std::nullopt;
  const Table& t = tables[customers];
  const Column& kc = t.columns[key_field];
  if (kc.type.kind != TypeKind::String) return std::nullopt;
  if (kc.encoding == Encoding::Plain) {
    return Search(t.rows, [&](uint64_t r) { return kc.Str(r) < key; }, [&](uint64_t r) { return kc.Str(r) == key; });
  }
  // Sorted by key and dictionary codes order like strings: search the codes.
  int64_t code = kc.FindCode(key);
  if (code < 0) return std::nullopt;
  return Search(t.rows, [&](uint64_t r) { return kc.Int(r) < code; }, [&](uint64_t r) { return kc.Int(r) == code; });
}

namespace {

const char* TableKindText(ast::TableKind k) {
  switch (k) {
    case ast::TableKind::Customers: return "customers";
    case ast::TableKind::Events: return "events";
    case ast::TableKind::Reference: return "table";
    case ast::TableKind::List: return "list";
  }
  return "?";
}

std::string FieldName(const sema::TableInfo& t, int field) {
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

}  // namespace

std::string TzdataVersion() {
  // date reads the system's zone files (USE_OS_TZDB) and leaves their version
  // "unknown"; the system's tzdata.zi starts with `# version 2025b`. Read once: asking
  // date would list every zone file (10 ms).
  static const std::string version = [] {
    const char* dir = std::getenv("TZDIR");
    std::ifstream in(std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/tzdata.zi");
    std::string line;
    constexpr std::string_view kPrefix = "# version ";
    if (std::getline(in, line) && line.starts_with(kPrefix)) return line.substr(kPrefix.size());
    return std::string("unknown");
  }();
  return version;
}

std::string StoredSettings(const ir::Program& p) {
  return StoredSettings(p, p.timezone == "UTC" ? std::string() : TzdataVersion());
}

std::string StoredSettings(const ir::Program& p, std::string_view tzdata_version) {
  // Version 2 added the time zone; a line per item so that SettingsChange can name it.
  std::string text = "sam-data-2\n";
  text += fmt::format("timezone \"{}\"", p.timezone);
  if (p.timezone != "UTC") text += fmt::format(" (tzdata {})", tzdata_version);
  text += "\n";
  for (const auto& t : p.tables) {
    text += fmt::format("table {}: {}", t.name, TableKindText(t.kind));
    if (t.kind == ast::TableKind::Events || t.kind == ast::TableKind::List) {
      text += fmt::format(" by {}", FieldName(t, t.key));
      if (t.time >= 0) text += fmt::format(" at {}", FieldName(t, t.time));
    } else {
      text += fmt::format(" key {}", FieldName(t, t.key));
    }
    text += "\n";
    for (const auto& f : t.fields) text += fmt::format("field {}.{}: {}\n", t.name, f.name, TypeName(p.tables, p.enums, f.type));
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
  if (removed && !added) return fmt::format("it was loaded with `{}`, which this program does not have", a[i]);
  if (added && !removed) return fmt::format("this program has `{}`, which it was not loaded with", b[i]);
  // Changed, or the same lines in another order.
  return fmt::format("it was loaded with `{}`, this program has `{}`", a[i], b[i]);
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

std::string SchemaFingerprint(const ir::Program& p) { return FingerprintOf(StoredSettings(p)); }

}  // namespace sam::rt
