#include "base/render.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sam {
namespace {

struct Colors {
  const char* bold = "";
  const char* red = "";
  const char* yellow = "";
  const char* cyan = "";
  const char* green = "";
  const char* reset = "";
};

Colors MakeColors(bool on) {
  if (!on) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m", "\x1b[1;32m", "\x1b[0m"};
}

// Counts characters (not bytes) in a byte range of one line.
uint32_t CharCount(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Snippet(const SourceFile& file, Span span, const Colors& c, const char* mark_color) {
  LineCol start = file.Locate(span.begin);
  LineCol end = file.Locate(span.end);
  std::string_view line = file.Line(start.line);
  uint32_t line_chars = CharCount(line);
  uint32_t first = start.col;
  uint32_t last = end.line == start.line ? end.col : line_chars + 1;
  if (last <= first) last = first + 1;
  // Long lines (generated or minified files) are shown as a window around the span.
  constexpr uint32_t kWidth = 100, kBefore = 30;
  std::string prefix, suffix;
  if (line_chars > kWidth) {
    uint32_t skip = first > kBefore ? first - 1 - kBefore : 0;
    uint32_t keep = kWidth;
    size_t b = 0, chars = 0;
    while (b < line.size() && chars < skip) chars += (static_cast<unsigned char>(line[++b]) & 0xC0) != 0x80;
    size_t e = b;
    chars = 0;
    while (e < line.size() && chars < keep) chars += (static_cast<unsigned char>(line[++e]) & 0xC0) != 0x80;
    if (skip > 0) prefix = "...";
    if (e < line.size()) suffix = "...";
    line = line.substr(b, e - b);
    first = first - skip + static_cast<uint32_t>(prefix.size());
    last = std::min(last - skip, keep + 1) + static_cast<uint32_t>(prefix.size());
    if (last <= first) last = first + 1;
  }
  std::string shown = prefix;
  shown.reserve(line.size() + 6);
  // One column per character, as columns are counted: a tab is shown as one space,
  // a byte that is not UTF-8 as U+FFFD, a control character as its U+2400 picture.
  for (size_t i = 0; i < line.size();) {
    unsigned char ch = static_cast<unsigned char>(line[i]);
    size_t n = Utf8SequenceLength(line, i);
    if (ch == '\t') {
      shown += ' ';
    } else if (n == 0) {
      shown += "\xEF\xBF\xBD";
      n = 1;
    } else if (ch < 0x20 || ch == 0x7F) {
      char32_t pic = ch == 0x7F ? 0x2421 : 0x2400 + ch;
      shown += static_cast<char>(0xE0 | (pic >> 12));
      shown += static_cast<char>(0x80 | ((pic >> 6) & 0x3F));
      shown += static_cast<char>(0x80 | (pic & 0x3F));
    } else {
      shown.append(line.substr(i, n));
    }
    i += n;
  }
  shown += suffix;
  std::string gutter = fmt::format("{:>5}", start.line);
  std::string out = fmt::format("{}{} |{} {}\n", c.cyan, gutter, c.reset, shown);
  out += fmt::format("{}      |{} {}{}^{}", c.cyan, c.reset, std::string(first - 1, ' '), mark_color,
                     std::string(last - first - 1, '~'));
  if (end.line > start.line) out += "...";
  out += c.reset;
  out += '\n';
  return out;
}

std::string Location(const SourceManager& sources, Span span) {
  const SourceFile& f = sources.Get(span.file);
  LineCol lc = f.Locate(span.begin);
  return fmt::format("{}:{}:{}", f.path(), lc.line, lc.col);
}

}  // namespace

std::string RenderSnippet(const SourceManager& sources, Span span, const RenderOptions& opts) {
  Colors c = MakeColors(opts.color);
  return Snippet(sources.Get(span.file), span, c, c.red);
}

std::string RenderLocation(const SourceManager& sources, Span span) { return Location(sources, span); }

void JsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (ch < 0x20) {
          out += fmt::format("\\u{:04x}", ch);
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  out += '"';
}

namespace {

void JsonSpan(std::string& out, const SourceManager& sources, Span span) {
  const SourceFile& f = sources.Get(span.file);
  LineCol b = f.Locate(span.begin);
  LineCol e = f.Locate(span.end);
  out += "\"file\":";
  JsonString(out, f.path());
  out += fmt::format(",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},"
                     "\"offset\":{},\"end_offset\":{}",
                     b.line, b.col, e.line, e.col, span.begin, span.end);
}

}  // namespace

std::string SeverityName(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string RenderText(const SourceManager& sources, const Diagnostic& d, const RenderOptions& opts) {
  Colors c = MakeColors(opts.color);
  const char* sev_color = d.severity == Severity::Error ? c.red : c.yellow;
  std::string out = fmt::format("{}{}: {}{}:{} {}{} [{}]{}\n", c.bold, Location(sources, d.span), sev_color,
                                SeverityName(d.severity), c.reset + 0, c.bold, d.message,
                                Info(d.kind).slug, c.reset);
  out += Snippet(sources.Get(d.span.file), d.span, c, sev_color);
  for (const auto& h : d.help) out += fmt::format("      = {}help:{} {}\n", c.green, c.reset, h);
  for (const auto& n : d.notes) {
    out += fmt::format("{}{}: {}note:{} {}\n", c.bold, Location(sources, n.span), c.cyan, c.reset, n.message);
    out += Snippet(sources.Get(n.span.file), n.span, c, c.cyan);
  }
  return out;
}

std::string RenderJson(const SourceManager& sources, const Diagnostic& d) {
  std::string out = "{";
  JsonSpan(out, sources, d.span);
  out += ",\"severity\":";
  JsonString(out, SeverityName(d.severity));
  out += ",\"kind\":";
  JsonString(out, Info(d.kind).slug);
  out += ",\"message\":";
  JsonString(out, d.message);
  out += ",\"notes\":[";
  for (size_t i = 0; i < d.notes.size(); ++i) {
    if (i) out += ',';
    out += '{';
    JsonSpan(out, sources, d.notes[i].span);
    out += ",\"message\":";
    JsonString(out, d.notes[i].message);
    out += '}';
  }
  out += "],\"help\":[";
  for (size_t i = 0; i < d.help.size(); ++i) {
    if (i) out += ',';
    JsonString(out, d.help[i]);
  }
  out += "],\"fixes\":[";
  for (size_t i = 0; i < d.fixes.size(); ++i) {
    if (i) out += ',';
    out += '{';
    JsonSpan(out, sources, d.fixes[i].span);
    out += ",\"replacement\":";
    JsonString(out, d.fixes[i].replacement);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string CsvField(std::string_view s) {
  std::string out;
  AppendCsvField(out, s);
  return out;
}

void AppendCsvField(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace sam
