// SourceFile: line starts, Locate (lines and character columns) and Line.
#include <doctest/doctest.h>

#include "base/source.hpp"

namespace sam {
namespace {

LineCol At(const SourceFile& f, uint32_t off) { return f.Locate(off); }

TEST_CASE("Locate counts characters, not bytes") {
  // a(1) é(2 bytes) 😀(4 bytes) b
  SourceFile f("t.sam", "a\xC3\xA9\xF0\x9F\x98\x80" "b\n");
  CHECK(At(f, 0).col == 1);
  CHECK(At(f, 1).col == 2);  // é
  CHECK(At(f, 3).col == 3);  // 😀
  CHECK(At(f, 7).col == 4);  // b
  CHECK(At(f, 7).line == 1);
  CHECK(At(f, 8).line == 1);  // the newline itself
  CHECK(At(f, 8).col == 5);
  CHECK(At(f, 9).line == 2);
  CHECK(At(f, 9).col == 1);
}

TEST_CASE("a byte order mark is not part of the first line") {
  SourceFile f("t.sam", "\xEF\xBB\xBFlet x\nlet y\n");
  CHECK(f.body_start() == 3);
  CHECK(At(f, 3).col == 1);  // `let` is at column 1
  CHECK(At(f, 7).col == 5);  // `x`
  CHECK(At(f, 0).col == 1);  // a span at the start of the file
  CHECK(At(f, 0).line == 1);
  CHECK(f.Line(1) == "let x");
  CHECK(At(f, 9).line == 2);
  CHECK(SourceFile("t.sam", "let x").body_start() == 0);
  // Only at the start of the file.
  SourceFile g("t.sam", "a\xEF\xBB\xBF");
  CHECK(g.body_start() == 0);
}

TEST_CASE("a tab is one column") {
  SourceFile f("t.sam", "\t\tlet x\n");
  CHECK(At(f, 2).col == 3);
  CHECK(At(f, 6).col == 7);
  CHECK(f.Line(1) == "\t\tlet x");
}

TEST_CASE("CRLF is one line break") {
  SourceFile f("t.sam", "let a\r\nlet b\r\n");
  CHECK(f.line_count() == 3);
  CHECK(f.Line(1) == "let a");
  CHECK(f.Line(2) == "let b");
  CHECK(f.Line(3).empty());
  CHECK(At(f, 7).line == 2);
  CHECK(At(f, 7).col == 1);
  CHECK(At(f, 11).line == 2);
  CHECK(At(f, 11).col == 5);
  CHECK(At(f, 5).line == 1);  // the CR
  CHECK(At(f, 6).line == 1);  // the LF
}

TEST_CASE("a lone CR is a line break") {
  SourceFile f("t.sam", "a\rb\rc");
  CHECK(f.line_count() == 3);
  CHECK(f.Line(1) == "a");
  CHECK(f.Line(2) == "b");
  CHECK(f.Line(3) == "c");
  CHECK(At(f, 2).line == 2);
  CHECK(At(f, 4).line == 3);
  CHECK(At(f, 4).col == 1);
}

TEST_CASE("mixed line endings") {
  SourceFile f("t.sam", "a\nb\r\nc\rd");
  CHECK(f.line_count() == 4);
  CHECK(f.Line(1) == "a");
  CHECK(f.Line(2) == "b");
  CHECK(f.Line(3) == "c");
  CHECK(f.Line(4) == "d");
  CHECK(At(f, 8).line == 4);
}

TEST_CASE("last line without a newline") {
  SourceFile f("t.sam", "let a = 1\nlet b = 2");
  CHECK(f.line_count() == 2);
  CHECK(f.Line(2) == "let b = 2");
  LineCol end = At(f, static_cast<uint32_t>(f.text().size()));
  CHECK(end.line == 2);
  CHECK(end.col == 10);
}

TEST_CASE("a trailing newline starts an empty last line") {
  SourceFile f("t.sam", "x\n");
  CHECK(f.line_count() == 2);
  CHECK(f.Line(2).empty());
  CHECK(At(f, 2).line == 2);
  CHECK(At(f, 2).col == 1);
}

TEST_CASE("empty file and out-of-range requests") {
  SourceFile f("t.sam", "");
  CHECK(f.line_count() == 1);
  CHECK(At(f, 0).line == 1);
  CHECK(At(f, 0).col == 1);
  CHECK(At(f, 100).line == 1);  // clamped to the end
  CHECK(f.Line(0).empty());
  CHECK(f.Line(1).empty());
  CHECK(f.Line(2).empty());
  SourceFile g("t.sam", "ab\ncd");
  CHECK(At(g, 1000).line == 2);
  CHECK(At(g, 1000).col == 3);
  CHECK(g.Line(99).empty());
}

TEST_CASE("SourceManager adds and finds files") {
  SourceManager sm;
  FileId a = sm.Add("a.sam", "x");
  FileId b = sm.Add("dir/b.sam", "y");
  CHECK(a != b);
  CHECK(sm.size() == 2);
  CHECK(sm.Get(b).path() == "dir/b.sam");
  CHECK(sm.Get(a).text() == "x");
  CHECK(sm.Find("dir/b.sam") == static_cast<int>(b));
  CHECK(sm.Find("c.sam") == -1);
}

TEST_CASE("Span::Join covers both spans") {
  Span a{0, 10, 12}, b{0, 3, 5};
  CHECK(Span::Join(a, b) == Span{0, 3, 12});
  CHECK(Span::Join(b, a) == Span{0, 3, 12});
}

}  // namespace
}  // namespace sam

// SourceFile breaks lines at a lone CR, so the grammar must end `//` comments there
// too; otherwise, in a CR-only file, a comment swallows the rest of the file.
#include "compiler/driver/frontend.hpp"
namespace sam {
TEST_CASE("a line comment ends at a lone CR") {
  Frontend fe;
  CheckText(fe, "t.sam", "// comment\rlet b = (1\r");
  // The `let` after the comment is parsed: its missing `)` is reported.
  size_t syntax = 0;
  for (const auto& d : fe.diags.all()) syntax += d.kind == DiagKind::Syntax;
  CHECK(syntax == 1);
}
}  // namespace sam
