#include "query/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "base/render.hpp"
#include "schema/value_text.hpp"

namespace sam::query {
namespace {

constexpr std::array<std::pair<std::string_view, Mode>, 5> kModes{{{"table", Mode::Table},
                                                                   {"csv", Mode::Csv},
                                                                   {"json", Mode::Json},
                                                                   {"markdown", Mode::Markdown},
                                                                   {"line", Mode::Line}}};

// Terminal cells of UTF-8 text: one per code point (no wide characters in the data
// SAM prints is assumed; combining marks are rare in customer data).
size_t Cells(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

// `s` cut to at most `cells` terminal cells, ending in `…` when cut; a tab or
// another control character shows as a space (it would break the columns).
std::string Clip(std::string s, size_t cells) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (cells == 0 || Cells(s) <= cells) return s;
  size_t kept = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++kept == cells) break;  // the cell `…` takes
  }
  return s.substr(0, i) + "\u2026";
}

// The columns a table of these widths keeps within `width` (two spaces between
// columns, and an elision column of one cell when some are left out): from both
// ends inwards, the first column always.
std::vector<size_t> KeptColumns(const std::vector<size_t>& widths, size_t width) {
  std::vector<size_t> all(widths.size());
  for (size_t c = 0; c < all.size(); ++c) all[c] = c;
  size_t total = 0;
  for (size_t w : widths) total += w + 2;
  if (width == 0 || widths.empty() || total - 2 <= width) return all;
  std::vector<size_t> left{0}, right;
  size_t used = widths[0] + 3;  // the first column and the elision column
  size_t lo = 1, hi = widths.size();
  for (bool from_right = true; lo < hi; from_right = !from_right) {
    const size_t c = from_right ? hi - 1 : lo;
    if (used + widths[c] + 2 > width) break;
    used += widths[c] + 2;
    if (from_right) {
      right.insert(right.begin(), c);
      --hi;
    } else {
      left.push_back(c);
      ++lo;
    }
  }
  left.push_back(SIZE_MAX);  // the elision column
  left.insert(left.end(), right.begin(), right.end());
  return left;
}

std::string Table(const QueryResult& r, Fit fit) {
  // The rows printed: all, or the first and last halves around an elision row.
  std::vector<const std::vector<std::string>*> rows;
  const std::vector<std::string>* gap = nullptr;
  const size_t shown = fit.rows && r.rows.size() > fit.rows ? fit.rows : r.rows.size();
  for (size_t k = 0; k < r.rows.size(); ++k) {
    if (shown < r.rows.size() && k == (shown + 1) / 2) {
      rows.push_back(gap);
      k = r.rows.size() - shown / 2 - 1;
      continue;
    }
    rows.push_back(&r.rows[k]);
  }
  const size_t clip = fit.width ? std::max<size_t>(fit.width / 2, 12) : 0;
  std::vector<size_t> width(r.columns.size());
  for (size_t c = 0; c < r.columns.size(); ++c) width[c] = Cells(Clip(r.columns[c], clip));
  for (const auto* row : rows) {
    for (size_t c = 0; row && c < row->size(); ++c) width[c] = std::max(width[c], Cells(Clip((*row)[c], clip)));
  }
  const std::vector<size_t> kept = KeptColumns(width, fit.width);
  const std::string ellipsis = "\u2026";
  std::string out;
  auto line = [&](const std::vector<std::string>* row, char fill) {
    for (size_t k = 0; k < kept.size(); ++k) {
      const size_t c = kept[k];
      if (k) out += "  ";
      const std::string cell = c == SIZE_MAX ? (fill == '-' ? "-" : ellipsis)
                               : !row        ? (fill == '-' ? std::string(width[c], '-') : ellipsis)
                                             : Clip((*row)[c], clip);
      out += cell;
      const size_t w = c == SIZE_MAX ? 1 : width[c];
      if (k + 1 < kept.size()) out += std::string(w - Cells(cell), ' ');
    }
    out += '\n';
  };
  line(&r.columns, ' ');
  line(nullptr, '-');
  for (const auto* row : rows) line(row, ' ');
  std::string note;
  if (shown < r.rows.size()) note += fmt::format("; {} rows printed", shown);
  if (kept.size() < r.columns.size() || std::find(kept.begin(), kept.end(), SIZE_MAX) != kept.end()) {
    note += fmt::format("; {} of {} columns", kept.size() - 1, r.columns.size());
  }
  if (!note.empty()) note += ": `.mode line` shows every value";
  return out + fmt::format("({} of {} customers{})\n", r.rows.size(), r.count, note);
}

std::string Csv(const QueryResult& r) {
  if (r.kind == ir::QueryKind::Count) return fmt::format("count\n{}\n", r.count);
  std::string out;
  if (r.kind == ir::QueryKind::Why) {
    out = "why\n";
    for (const std::string& line : r.lines) out += CsvField(line) + "\n";
    return out;
  }
  auto line = [&out](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      AppendCsvField(out, row[c]);
    }
    out += '\n';
  };
  line(r.columns);
  for (const auto& row : r.rows) line(row);
  return out;
}

std::string Json(const QueryResult& r, int64_t today) {
  std::string out = "{\"query\":";
  JsonString(out, r.text);
  if (r.kind == ir::QueryKind::Why) return fmt::format("{},\"why\":{}}}\n", out, r.json);  // its run date is its own
  out += ",\"today\":";
  JsonString(out, FormatDate(today));
  out += fmt::format(",\"count\":{}", r.count);
  if (r.kind == ir::QueryKind::Show) {
    out += ",\"columns\":[";
    for (size_t c = 0; c < r.columns.size(); ++c) {
      if (c) out += ',';
      JsonString(out, r.columns[c]);
    }
    out += "],\"rows\":[";
    for (size_t k = 0; k < r.rows.size(); ++k) {
      out += k ? ",[" : "[";
      for (size_t c = 0; c < r.rows[k].size(); ++c) {
        if (c) out += ',';
        JsonString(out, r.rows[k][c]);
      }
      out += ']';
    }
    out += ']';
  }
  return out + "}\n";
}

// A `why`'s explanation, a line each (every text form but CSV and JSON).
std::string WhyLines(const QueryResult& r) {
  std::string out;
  for (const std::string& line : r.lines) out += line + "\n";
  return out;
}

// A Markdown cell: `|` escaped, line breaks as spaces (a cell is one line).
std::string MarkdownCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string Markdown(const QueryResult& r) {
  if (r.kind == ir::QueryKind::Count) return fmt::format("| count |\n| ---: |\n| {} |\n", r.count);
  if (r.kind == ir::QueryKind::Why) return WhyLines(r);
  std::string out;
  auto line = [&out](const std::vector<std::string>& row) {
    out += '|';
    for (const std::string& cell : row) out += " " + MarkdownCell(cell) + " |";
    out += '\n';
  };
  line(r.columns);
  out += '|';
  for (size_t c = 0; c < r.columns.size(); ++c) out += " --- |";
  out += '\n';
  for (const auto& row : r.rows) line(row);
  return out;
}

// One `name = value` line per column, a blank line between customers (sqlite3's
// `.mode line`): for wide rows.
std::string Lines(const QueryResult& r) {
  if (r.kind == ir::QueryKind::Count) return fmt::format("count = {}\n", r.count);
  if (r.kind == ir::QueryKind::Why) return WhyLines(r);
  std::string out;
  size_t width = 0;
  for (const std::string& c : r.columns) width = std::max(width, Cells(c));
  for (size_t k = 0; k < r.rows.size(); ++k) {
    if (k) out += '\n';
    for (size_t c = 0; c < r.columns.size(); ++c) {
      out += std::string(width - Cells(r.columns[c]), ' ') + r.columns[c] + " = " + r.rows[k][c] + "\n";
    }
  }
  return out + fmt::format("({} of {} customers)\n", r.rows.size(), r.count);
}

}  // namespace

bool ParseMode(std::string_view name, Mode* mode) {
  for (const auto& [n, m] : kModes) {
    if (n == name) {
      *mode = m;
      return true;
    }
  }
  return false;
}

std::string_view ModeName(Mode mode) {
  for (const auto& [n, m] : kModes) {
    if (m == mode) return n;
  }
  return "table";
}

std::string Format(const QueryResult& r, Mode mode, int64_t today, bool label, Fit fit) {
  switch (mode) {
    case Mode::Csv: return Csv(r);
    case Mode::Json: return Json(r, today);
    case Mode::Markdown: return Markdown(r);
    case Mode::Line: return Lines(r);
    case Mode::Table: break;
  }
  std::string out = label ? r.text + "\n" : std::string();
  if (r.kind == ir::QueryKind::Why) return out + WhyLines(r);
  if (r.kind == ir::QueryKind::Count) return out + fmt::format("{}\n", r.count);
  return out + Table(r, fit);
}

}  // namespace sam::query
