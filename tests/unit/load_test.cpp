// Reading sources: ValidateText (UTF-8 and NUL checks), ReadSource and the limits,
// and how CheckProgram reports files it cannot read.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/driver/frontend.hpp"
#include "compiler/driver/load.hpp"

namespace sam {
namespace {

namespace fs = std::filesystem;

struct Validated {
  bool ok;
  Diagnostics diags;
};

Validated Validate(std::string text) {
  SourceManager sm;
  FileId id = sm.Add("t.sam", std::move(text));
  Validated v{false, {}};
  v.ok = ValidateText(sm.Get(id), id, v.diags);
  return v;
}

TEST_CASE("ValidateText accepts UTF-8 text") {
  for (std::string s : {std::string(""), std::string("let x = 1\n"), std::string("let caf\xC3\xA9 = \"\xE2\x82\xAC\""),
                        std::string("\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF"), std::string("\xEF\xBB\xBFlet x = 1"),
                        std::string("\t\r\n\v\f")}) {
    auto v = Validate(s);
    CAPTURE(s);
    CHECK(v.ok);
    CHECK(v.diags.all().empty());
  }
}

TEST_CASE("ValidateText reports invalid UTF-8 at the byte") {
  struct Case {
    std::string text;
    uint32_t offset;
    const char* message;
  } cases[] = {
      {"let x = \xFF", 8, "invalid UTF-8 byte 0xFF"},
      {"ab\x80", 2, "invalid UTF-8 byte 0x80"},              // lone continuation byte
      {"\xC0\x80", 0, "invalid UTF-8 byte 0xC0"},            // overlong NUL
      {"\xE0\x80\x80", 0, "invalid UTF-8 byte 0xE0"},        // overlong
      {"\xED\xA0\x80", 0, "invalid UTF-8 byte 0xED"},        // surrogate U+D800
      {"\xF4\x90\x80\x80", 0, "invalid UTF-8 byte 0xF4"},    // past U+10FFFF
      {"\xF8\x88\x80\x80\x80", 0, "invalid UTF-8 byte 0xF8"},// 5-byte form
      {"x\xE2\x82", 1, "invalid UTF-8 byte 0xE2"},           // truncated at the end
      {"\xE2\x82x", 0, "invalid UTF-8 byte 0xE2"},           // truncated by ASCII
      {"caf\xE9", 3, "invalid UTF-8 byte 0xE9"},             // Latin-1 é
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto v = Validate(c.text);
    CHECK_FALSE(v.ok);
    REQUIRE(!v.diags.all().empty());
    const Diagnostic& d = v.diags.all()[0];
    CHECK(d.kind == DiagKind::InvalidUtf8);
    CHECK(d.span.begin == c.offset);
    CHECK(d.span.end == c.offset + 1);
    CHECK(d.message == c.message);
  }
}

TEST_CASE("ValidateText reports at most three invalid bytes and one NUL") {
  auto v = Validate(std::string("\xFF\xFF\xFF\xFF\xFF\xFF", 6));
  CHECK_FALSE(v.ok);
  CHECK(v.diags.all().size() == 3);
  auto n = Validate(std::string("a\0b\0c\0", 6));
  CHECK_FALSE(n.ok);
  REQUIRE(n.diags.all().size() == 1);
  CHECK(n.diags.all()[0].kind == DiagKind::NulByte);
  CHECK(n.diags.all()[0].span.begin == 1);
  CHECK(n.diags.all()[0].message == "NUL byte in source text");
  auto both = Validate(std::string("\0\xFF", 2));
  CHECK(both.diags.all().size() == 2);
}

// A scratch directory under the system temp dir, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("sam_load_test_" + std::to_string(getpid()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string Write(const std::string& name, const std::string& text) {
    fs::path p = path / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

TEST_CASE("ReadSource reads files and reports what it cannot read") {
  TempDir tmp;
  std::string ok = tmp.Write("a.sam", "let x = 1\n");
  SourceManager sm;
  std::string error;
  auto id = ReadSource(sm, ok, &error);
  REQUIRE(id.has_value());
  CHECK(sm.Get(*id).text() == "let x = 1\n");
  CHECK(sm.Get(*id).path() == ok);

  error.clear();
  CHECK_FALSE(ReadSource(sm, (tmp.path / "missing.sam").string(), &error).has_value());
  CHECK(error.find("cannot read") != std::string::npos);
  CHECK(error.find("No such file") != std::string::npos);

  error.clear();
  CHECK_FALSE(ReadSource(sm, tmp.path.string(), &error).has_value());
  CHECK(error.find("it is a directory") != std::string::npos);
}

TEST_CASE("a file over the size limit is reported, not parsed") {
  TempDir tmp;
  fs::path big = tmp.path / "big.sam";
  {
    std::ofstream out(big, std::ios::binary);
    out << "let x = 1\n";
  }
  // A sparse file: no 64 MiB of writing.
  fs::resize_file(big, kMaxSourceBytes + 1);
  Frontend fe;
  CheckProgram(fe, {big.string()});
  CHECK_FALSE(fe.io_error);
  REQUIRE(fe.diags.all().size() >= 1);
  CHECK(fe.diags.all()[0].kind == DiagKind::FileTooLarge);
  CHECK(fe.diags.all()[0].message == "file is larger than 64 MiB");
}

TEST_CASE("a root file that cannot be read is an I/O error, an import is a diagnostic") {
  TempDir tmp;
  Frontend fe;
  CheckProgram(fe, {(tmp.path / "nope.sam").string()});
  CHECK(fe.io_error);
  REQUIRE(fe.io_messages.size() == 1);
  CHECK(fe.io_messages[0].find("nope.sam") != std::string::npos);

  std::string main = tmp.Write("main.sam", "import \"missing.sam\"\n");
  Frontend fe2;
  CheckProgram(fe2, {main});
  CHECK_FALSE(fe2.io_error);
  bool found = false;
  for (const auto& d : fe2.diags.all()) found |= d.kind == DiagKind::ImportNotFound;
  CHECK(found);
}

TEST_CASE("imports load each file once and report cycles") {
  TempDir tmp;
  tmp.Write("a.sam", "import \"b.sam\"\nimport \"c.sam\"\n");
  tmp.Write("b.sam", "import \"c.sam\"\n");
  tmp.Write("c.sam", "segment c = true\n");
  Frontend fe;
  CheckProgram(fe, {(tmp.path / "a.sam").string()});
  CHECK(fe.sources.size() == 3);
  for (const auto& d : fe.diags.all()) CHECK(d.kind != DiagKind::ImportCycle);

  tmp.Write("x.sam", "import \"y.sam\"\n");
  tmp.Write("y.sam", "import \"./x.sam\"\n");
  Frontend cyc;
  CheckProgram(cyc, {(tmp.path / "x.sam").string()});
  CHECK(cyc.sources.size() == 2);
  int cycles = 0;
  for (const auto& d : cyc.diags.all()) cycles += d.kind == DiagKind::ImportCycle;
  CHECK(cycles == 1);
}

}  // namespace
}  // namespace sam
