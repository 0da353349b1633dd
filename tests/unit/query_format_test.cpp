// Answers as text (query/format.hpp): the table fitted to a terminal (columns and
// rows elided, long values cut, the footer saying so), and the other modes whole.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "query/format.hpp"

namespace sam::query {
namespace {

QueryResult Shown(size_t rows, size_t columns) {
  QueryResult r;
  r.kind = ir::QueryKind::Show;
  r.text = "show x";
  r.count = 1000;
  for (size_t c = 0; c < columns; ++c) r.columns.push_back("col" + std::to_string(c));
  for (size_t k = 0; k < rows; ++k) {
    std::vector<std::string> row;
    for (size_t c = 0; c < columns; ++c) row.push_back(std::to_string(k * 100 + c));
    r.rows.push_back(row);
  }
  return r;
}

size_t Lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

TEST_CASE("format: a table that fits is printed whole, as sam query prints it") {
  const QueryResult r = Shown(2, 2);
  const std::string want = "col0  col1\n----  ----\n0     1   \n100   101 \n(2 of 1000 customers)\n";
  // Trailing spaces only inside the table: the last column is not padded.
  CHECK(Format(r, Mode::Table, 0, false) == "col0  col1\n----  ----\n0     1\n100   101\n(2 of 1000 customers)\n");
  CHECK(Format(r, Mode::Table, 0, false, Fit{80, 40}) == Format(r, Mode::Table, 0, false));
  (void)want;
}

TEST_CASE("format: rows beyond the terminal's are elided in the middle") {
  const QueryResult r = Shown(100, 2);
  const std::string out = Format(r, Mode::Table, 0, false, Fit{80, 10});
  // Header, rule, 5 first rows, the elision row, 5 last rows, footer.
  CHECK(Lines(out) == 2 + 5 + 1 + 5 + 1);
  CHECK(out.find("\n400   401\n") != std::string::npos);   // row 4, the fifth
  CHECK(out.find("\n500 ") == std::string::npos);           // row 5: elided
  CHECK(out.find("\n9500  9501\n") != std::string::npos);  // row 95, the first of the last five
  CHECK(out.find("\n9900  9901\n") != std::string::npos);  // the last row
  CHECK(out.find("\u2026     \u2026\n") != std::string::npos);
  CHECK(out.find("(100 of 1000 customers; 10 rows printed: `.mode line` shows every value)") != std::string::npos);
}

TEST_CASE("format: columns beyond the terminal's width are elided between the first and the last") {
  const QueryResult r = Shown(1, 30);  // 30 columns of 4-5 characters: about 200 wide
  const std::string out = Format(r, Mode::Table, 0, false, Fit{40, 0});
  const std::string header = out.substr(0, out.find('\n'));
  CHECK(header.starts_with("col0  col1"));
  CHECK(header.ends_with("col28  col29"));
  CHECK(header.find("\u2026") != std::string::npos);
  // Every line within 40 cells (the elision mark is one cell in three bytes).
  size_t start = 0;
  while (start < out.size()) {
    const size_t end = out.find('\n', start);
    std::string line = out.substr(start, end - start);
    size_t cells = 0;
    for (unsigned char ch : line) cells += (ch & 0xC0) != 0x80;
    if (!line.starts_with("(")) CHECK(cells <= 40);
    start = end + 1;
  }
  CHECK(out.find("of 30 columns: `.mode line` shows every value)") != std::string::npos);
}

TEST_CASE("format: a long value is cut to fit, with a mark") {
  QueryResult r = Shown(1, 1);
  r.rows[0][0] = std::string(200, 'x');
  const std::string out = Format(r, Mode::Table, 0, false, Fit{40, 0});
  CHECK(out.find(std::string(19, 'x') + "\u2026") != std::string::npos);
  CHECK(out.find(std::string(20, 'x')) == std::string::npos);
  // The other modes print every value whole, whatever the terminal.
  CHECK(Format(r, Mode::Csv, 0, false, Fit{40, 0}).find(std::string(200, 'x')) != std::string::npos);
}

TEST_CASE("format: markdown and line modes") {
  const QueryResult r = Shown(2, 2);
  CHECK(Format(r, Mode::Markdown, 0, false) == "| col0 | col1 |\n| --- | --- |\n| 0 | 1 |\n| 100 | 101 |\n");
  CHECK(Format(r, Mode::Line, 0, false) == "col0 = 0\ncol1 = 1\n\ncol0 = 100\ncol1 = 101\n(2 of 1000 customers)\n");
  QueryResult count;
  count.count = 7;
  CHECK(Format(count, Mode::Markdown, 0, false) == "| count |\n| ---: |\n| 7 |\n");
  CHECK(Format(count, Mode::Line, 0, false) == "count = 7\n");
  QueryResult pipe = Shown(1, 1);
  pipe.rows[0][0] = "a|b";
  CHECK(Format(pipe, Mode::Markdown, 0, false).find("| a\\|b |") != std::string::npos);
  Mode m = Mode::Table;
  CHECK(ParseMode("markdown", &m));
  CHECK(m == Mode::Markdown);
  CHECK_FALSE(ParseMode("yaml", &m));
}

}  // namespace
}  // namespace sam::query
