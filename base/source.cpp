#include "base/source.hpp"

#include <algorithm>
#include <cctype>

namespace sam {

std::string OneLine(std::string_view text) {
  std::string out;
  for (size_t k = 0; k < text.size(); ++k) {
    if (text[k] != '\n' && text[k] != '\r') {
      out += text[k];
      continue;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    while (k + 1 < text.size() && std::isspace(static_cast<unsigned char>(text[k + 1]))) ++k;
    out += ' ';
  }
  return out;
}

// Length of the valid UTF-8 sequence at `s[i]`, or 0 if it is invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong encodings, surrogates and values past U+10FFFF are invalid.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp > 0x10FFFF) return 0;
  return n;
}


SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  // A UTF-8 byte order mark (as Windows editors write) is not part of the first line:
  // columns count from after it, and the parser starts there (BodyStart).
  line_starts_.push_back(static_cast<uint32_t>(BomLength(text_)));
  for (uint32_t i = 0; i < text_.size(); ++i) {
    // CRLF counts as one line break; a lone CR is a line break too.
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
    } else if (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n')) {
      line_starts_.push_back(i + 1);
    }
  }
}

size_t BomLength(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

LineCol SourceFile::Locate(uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
  offset = std::max(offset, line_starts_[0]);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t col = 1;
  for (uint32_t i = line_starts_[line - 1]; i < offset; ++i) {
    // Continuation bytes do not start a character.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
  }
  return {line, col};
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t b = line_starts_[line - 1];
  uint32_t e = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  while (e > b && (text_[e - 1] == '\n' || text_[e - 1] == '\r')) --e;
  return std::string_view(text_).substr(b, e - b);
}

FileId SourceManager::Add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

int SourceManager::Find(std::string_view path) const {
  for (size_t i = 0; i < files_.size(); ++i) {
    if (files_[i]->path() == path) return static_cast<int>(i);
  }
  return -1;
}

std::string_view SourceManager::Text(Span span) const {
  if (span.file >= files_.size() || span.end <= span.begin) return {};
  return files_[span.file]->text().substr(span.begin, span.end - span.begin);
}

std::string SourceManager::Where(Span span) const {
  if (span.file >= files_.size() || span.end <= span.begin) return {};
  const SourceFile& f = *files_[span.file];
  const LineCol at = f.Locate(span.begin);
  return f.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.col);
}

}  // namespace sam
