// RenderText (location, source line, caret underline, help, notes) and RenderJson
// (valid JSON with every field, checked by parsing it back with simdjson).
#include <doctest/doctest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"

namespace sam {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    out.push_back(s.substr(pos, nl - pos));
    pos = nl == std::string::npos ? s.size() : nl + 1;
  }
  return out;
}

std::string Render(const SourceManager& sm, const Diagnostic& d) { return RenderText(sm, d, RenderOptions{false}); }

Diagnostic Diag(Span span, std::string message, DiagKind kind = DiagKind::Syntax) {
  return Diagnostic{kind, Info(kind).severity, span, std::move(message), {}, {}, {}};
}

// Byte offset of the `n`th character of a UTF-8 string.
size_t ByteOfChar(std::string_view s, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars++ == n) return i;
  }
  return s.size();
}

// The caret line's marks must sit exactly under the span's characters in the source
// line shown above it (columns count characters).
void CheckCaretUnder(const std::string& rendered, std::string_view expected_text) {
  auto lines = Lines(rendered);
  REQUIRE(lines.size() >= 3);
  const std::string& src = lines[1];
  const std::string& marks = lines[2];
  REQUIRE(src.find(" | ") == 5);
  REQUIRE(marks.starts_with("      | "));
  std::string_view shown = std::string_view(src).substr(8);
  std::string_view caret = std::string_view(marks).substr(8);
  size_t first = caret.find('^');
  REQUIRE(first != std::string_view::npos);
  size_t len = caret.size() - first;
  if (caret.ends_with("...")) len -= 3;
  // `caret` is ASCII: its index is a column; map it to bytes of the shown line.
  size_t b = ByteOfChar(shown, first), e = ByteOfChar(shown, first + len);
  CHECK(shown.substr(b, e - b) == expected_text);
}

TEST_CASE("RenderText: location, line, caret, help and note") {
  SourceManager sm;
  FileId f = sm.Add("dir/t.sam", "segment a = 1\nlet x = 1 +\n");
  Diagnostic d = Diag(Span{f, 24, 25}, "expected an expression, found the end of the file");
  d.Help("write the right operand");
  d.Note(Span{f, 0, 7}, "declared here");
  std::string out = Render(sm, d);
  CHECK(out ==
        "dir/t.sam:2:11: error: expected an expression, found the end of the file [syntax]\n"
        "    2 | let x = 1 +\n"
        "      |           ^\n"
        "      = help: write the right operand\n"
        "dir/t.sam:1:1: note: declared here\n"
        "    1 | segment a = 1\n"
        "      | ^~~~~~~\n");
}

TEST_CASE("RenderText: warnings and the kind's slug") {
  SourceManager sm;
  FileId f = sm.Add("t.sam", "let unused_value = 1\n");
  std::string out = Render(sm, Diag(Span{f, 4, 16}, "`unused_value` is never used", DiagKind::Unused));
  CHECK(Lines(out)[0] == "t.sam:1:5: warning: `unused_value` is never used [unused]");
  CheckCaretUnder(out, "unused_value");
}

TEST_CASE("RenderText: carets count characters, tabs are one column") {
  SourceManager sm;
  std::string text = "let caf\xC3\xA9 = \"\xF0\x9F\x98\x80\" + x\n\tlet\ty = 1\n";
  FileId f = sm.Add("t.sam", text);
  size_t x = text.find(" x\n") + 1;
  std::string out = Render(sm, Diag(Span{f, static_cast<uint32_t>(x), static_cast<uint32_t>(x + 1)}, "m"));
  CHECK(Lines(out)[0] == "t.sam:1:18: error: m [syntax]");
  CheckCaretUnder(out, "x");
  size_t y = text.find("y =");
  out = Render(sm, Diag(Span{f, static_cast<uint32_t>(y), static_cast<uint32_t>(y + 5)}, "m"));
  CHECK(Lines(out)[0] == "t.sam:2:6: error: m [syntax]");
  CHECK(Lines(out)[1] == "    2 |  let y = 1");  // tabs shown as one space
  CheckCaretUnder(out, "y = 1");
  // A span over a multi-byte character underlines one column.
  size_t e = text.find("\xC3\xA9");
  out = Render(sm, Diag(Span{f, static_cast<uint32_t>(e), static_cast<uint32_t>(e + 2)}, "m"));
  CheckCaretUnder(out, "\xC3\xA9");
}

TEST_CASE("RenderText: empty span, span at the end of the file") {
  SourceManager sm;
  FileId f = sm.Add("t.sam", "let x =");
  std::string out = Render(sm, Diag(Span{f, 4, 4}, "m"));
  CHECK(Lines(out)[2] == "      |     ^");
  out = Render(sm, Diag(Span{f, 7, 7}, "m"));
  CHECK(Lines(out)[0] == "t.sam:1:8: error: m [syntax]");
  CHECK(Lines(out)[2] == "      |        ^");
  FileId g = sm.Add("u.sam", "let x =\n");
  out = Render(sm, Diag(Span{g, 8, 8}, "m"));
  CHECK(Lines(out)[0] == "u.sam:2:1: error: m [syntax]");
  CHECK(Lines(out)[1] == "    2 | ");
  CHECK(Lines(out)[2] == "      | ^");
  FileId h = sm.Add("empty.sam", "");
  out = Render(sm, Diag(Span{h, 0, 0}, "m"));
  CHECK(Lines(out)[0] == "empty.sam:1:1: error: m [syntax]");
}

TEST_CASE("RenderText: multi-line spans underline to the end of the first line") {
  SourceManager sm;
  FileId f = sm.Add("t.sam", "segment s = (a and\n  b)\n");
  std::string out = Render(sm, Diag(Span{f, 12, 23}, "m"));
  auto lines = Lines(out);
  CHECK(lines[0] == "t.sam:1:13: error: m [syntax]");
  CHECK(lines[1] == "    1 | segment s = (a and");
  CHECK(lines[2] == "      |             ^~~~~~...");
  CHECK(lines.size() == 3);
}

TEST_CASE("RenderText: CRLF lines are shown without the CR") {
  SourceManager sm;
  FileId f = sm.Add("t.sam", "let a = 1\r\nlet b = ?\r\n");
  std::string out = Render(sm, Diag(Span{f, 19, 20}, "m"));
  auto lines = Lines(out);
  CHECK(lines[0] == "t.sam:2:9: error: m [syntax]");
  CHECK(lines[1] == "    2 | let b = ?");
  CheckCaretUnder(out, "?");
}

TEST_CASE("RenderText: long lines are shown as a window around the span") {
  // A line of 400 distinct-looking characters with the span at various places.
  std::string line;
  for (int i = 0; line.size() < 400; ++i) line += "w" + std::to_string(i) + " ";
  line.resize(400);
  SourceManager sm;
  FileId f = sm.Add("t.sam", line + "\n");
  for (uint32_t at : {0u, 5u, 29u, 30u, 31u, 60u, 150u, 299u, 300u, 350u, 395u, 399u}) {
    for (uint32_t len : {1u, 3u, 20u, 150u}) {
      if (at + len > line.size()) continue;
      CAPTURE(at);
      CAPTURE(len);
      std::string out = Render(sm, Diag(Span{f, at, at + len}, "m"));
      auto lines = Lines(out);
      REQUIRE(lines.size() == 3);
      std::string_view shown = std::string_view(lines[1]).substr(8);
      // At most 100 characters of source, plus `...` on either side.
      CHECK(shown.size() <= 106);
      CHECK(shown.starts_with("...") == (at > 30));
      std::string_view caret = std::string_view(lines[2]).substr(8);
      size_t first = caret.find('^');
      REQUIRE(first != std::string_view::npos);
      // The caret starts under the span's first character...
      REQUIRE(first < shown.size());
      CHECK(shown[first] == line[at]);
      CHECK(shown.substr(first, 1) == line.substr(at, 1));
      // ...and covers the span as far as the window shows it.
      size_t marked = caret.size() - first;
      CHECK(marked >= 1);
      CHECK(marked <= len);
      CHECK(first + marked <= shown.size());
      CHECK(shown.substr(first, marked) == line.substr(at, marked));
    }
  }
}

TEST_CASE("RenderText: long lines with multi-byte characters") {
  std::string line;
  for (int i = 0; i < 200; ++i) line += "\xC3\xA9";  // é
  line += "TARGET";
  for (int i = 0; i < 200; ++i) line += "\xE2\x82\xAC";  // €
  SourceManager sm;
  FileId f = sm.Add("t.sam", line);
  uint32_t at = static_cast<uint32_t>(line.find("TARGET"));
  std::string out = Render(sm, Diag(Span{f, at, at + 6}, "m"));
  CHECK(Lines(out)[0] == "t.sam:1:201: error: m [syntax]");
  CheckCaretUnder(out, "TARGET");
}

TEST_CASE("RenderText: colour only when asked") {
  SourceManager sm;
  FileId f = sm.Add("t.sam", "let x = 1\n");
  Diagnostic d = Diag(Span{f, 4, 5}, "m");
  CHECK(RenderText(sm, d, {false}).find('\x1b') == std::string::npos);
  CHECK(RenderText(sm, d, {true}).find("\x1b[") != std::string::npos);
}

// ---- JSON ------------------------------------------------------------------------

simdjson::dom::element ParseJson(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element doc;
  auto err = parser.parse(json).get(doc);
  REQUIRE_MESSAGE(err == simdjson::SUCCESS, json);
  return doc;
}

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  REQUIRE_MESSAGE(e[key].get(v) == simdjson::SUCCESS, key);
  return std::string(v);
}
int64_t Int(simdjson::dom::element e, const char* key) {
  int64_t v = 0;
  REQUIRE_MESSAGE(e[key].get(v) == simdjson::SUCCESS, key);
  return v;
}

TEST_CASE("RenderJson: every field, escaped text, round trip") {
  SourceManager sm;
  FileId f = sm.Add("dir/\"q\"\\t.sam", "segment a = 1\nlet caf\xC3\xA9 = x\n");
  Diagnostic d = Diag(Span{f, 26, 27}, "bad \"x\" \\ with\nnewline\ttab \x01 and caf\xC3\xA9", DiagKind::UndefinedName);
  d.Help("did you mean `a`?").Help("second help");
  d.Note(Span{f, 8, 9}, "`a` is declared here");
  d.Fix(Span{f, 26, 27}, "a");
  simdjson::dom::parser parser;
  auto doc = ParseJson(parser, RenderJson(sm, d));
  CHECK(Str(doc, "file") == "dir/\"q\"\\t.sam");
  CHECK(Int(doc, "line") == 2);
  CHECK(Int(doc, "column") == 12);
  CHECK(Int(doc, "end_line") == 2);
  CHECK(Int(doc, "end_column") == 13);
  CHECK(Int(doc, "offset") == 26);
  CHECK(Int(doc, "end_offset") == 27);
  CHECK(Str(doc, "severity") == "error");
  CHECK(Str(doc, "kind") == "undefined-name");
  CHECK(Str(doc, "message") == "bad \"x\" \\ with\nnewline\ttab \x01 and caf\xC3\xA9");
  simdjson::dom::array help, notes, fixes;
  REQUIRE(doc["help"].get(help) == simdjson::SUCCESS);
  REQUIRE(help.size() == 2);
  CHECK(std::string_view(help.at(0)) == "did you mean `a`?");
  REQUIRE(doc["notes"].get(notes) == simdjson::SUCCESS);
  REQUIRE(notes.size() == 1);
  CHECK(Str(notes.at(0), "message") == "`a` is declared here");
  CHECK(Int(notes.at(0), "line") == 1);
  CHECK(Int(notes.at(0), "column") == 9);
  REQUIRE(doc["fixes"].get(fixes) == simdjson::SUCCESS);
  REQUIRE(fixes.size() == 1);
  CHECK(Str(fixes.at(0), "replacement") == "a");
  CHECK(Int(fixes.at(0), "offset") == 26);
}

TEST_CASE("RenderJson: empty lists, warnings, one line") {
  SourceManager sm;
  FileId f = sm.Add("t.sam", "let x = 1");
  std::string json = RenderJson(sm, Diag(Span{f, 4, 5}, "never used", DiagKind::Unused));
  CHECK(json.find('\n') == std::string::npos);
  simdjson::dom::parser parser;
  auto doc = ParseJson(parser, json);
  CHECK(Str(doc, "severity") == "warning");
  simdjson::dom::array a;
  REQUIRE(doc["notes"].get(a) == simdjson::SUCCESS);
  CHECK(a.size() == 0);
  REQUIRE(doc["help"].get(a) == simdjson::SUCCESS);
  CHECK(a.size() == 0);
  REQUIRE(doc["fixes"].get(a) == simdjson::SUCCESS);
  CHECK(a.size() == 0);
}

void CheckJsonOfProgram(const std::string& text) {
  simdjson::dom::parser parser;
  Frontend fe;
  CheckText(fe, "t.sam", text);
  CAPTURE(text);
  CHECK(!fe.diags.all().empty());
  for (const auto& d : fe.diags.all()) {
    std::string json = RenderJson(fe.sources, d);
    CAPTURE(json);
    simdjson::dom::element doc;
    CHECK(parser.parse(json).get(doc) == simdjson::SUCCESS);
  }
}

TEST_CASE("RenderJson: real diagnostics of the front end are valid JSON") {
  const std::string programs[] = {
      "let x 3\n",
      "segmnt y = 1\n",
      "let where = 2\n",
      "let s = \"abc\n",
      "/* never closed\n",
      "let d = 2026-02-30\n",
      "let s = \"bad \\q escape\"\n",
      "caf\xC3\xA9 = 1\n",
      "let x = \"\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"
      "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\" +\n",
      "let x = \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
      "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n",
      "let x = 1\xFF\n",
      std::string("let x = \0\n", 10),
  };
  for (const std::string& text : programs) CheckJsonOfProgram(text);
}

// Messages quote at most 40 bytes of the offending text; the cut must not split a
// UTF-8 character, or the message (and the JSON) would not be valid UTF-8.
TEST_CASE("RenderJson: quoted source text is cut at a character boundary") {
  // Garbage of more than 40 bytes with a multi-byte character across the cut.
  CheckJsonOfProgram("=======================================\xC3\xA9\xC3\xA9\xC3\xA9 x\n");
  CheckJsonOfProgram("let x = 1 + ===================================\xC3\xA9\xC3\xA9\xC3\xA9\n");
}

}  // namespace
}  // namespace sam
