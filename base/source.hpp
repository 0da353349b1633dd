// Source files and spans. Every later stage refers to text by Span (file + byte
// range) and asks the SourceManager for lines and columns only when it prints.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sam {

using FileId = uint32_t;

struct Span {
  FileId file = 0;
  uint32_t begin = 0;  // byte offset of the first byte
  uint32_t end = 0;    // byte offset one past the last byte

  static Span Join(Span a, Span b) { return {a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end}; }
  bool operator==(const Span&) const = default;
};

// Lines and columns are 1-based. A column counts characters (Unicode code points),
// not bytes; a tab is one column. docs/language.md documents this.
struct LineCol {
  uint32_t line = 1;
  uint32_t col = 1;
};

// Length of the valid UTF-8 sequence at `s[i]`, or 0 if the byte there does not
// start one (overlong forms, surrogates and values past U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i);

// 3 if `text` starts with a UTF-8 byte order mark, else 0.
size_t BomLength(std::string_view text);

// Source text written over several lines, on one: each line break with the
// indentation around it becomes one space (`max 1 contact per 7d\n    per campaign`).
std::string OneLine(std::string_view text);

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  // Where the program text starts: after a byte order mark, if any.
  uint32_t body_start() const { return line_starts_[0]; }
  LineCol Locate(uint32_t offset) const;
  // The text of a 1-based line without its line terminator.
  std::string_view Line(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

class SourceManager {
 public:
  FileId Add(std::string path, std::string text);
  const SourceFile& Get(FileId id) const { return *files_[id]; }
  size_t size() const { return files_.size(); }
  // Finds an already added file by path, or returns -1.
  int Find(std::string_view path) const;
  // A span's text, and where it starts as "path:line:col"; "" for an empty span or
  // one of no file here.
  std::string_view Text(Span span) const;
  std::string Where(Span span) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace sam
