#include "compiler/driver/load.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace sam {

std::optional<FileId> ReadSource(SourceManager& sources, const std::string& path, std::string* error) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *error = fmt::format("cannot read `{}`: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    *error = fmt::format("cannot read `{}`: it is a directory", path);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = fmt::format("cannot read `{}`: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  std::string text;
  if (static_cast<size_t>(st.st_size) > kMaxSourceBytes) {
    // Keep the first bytes only: enough to report where the file is, not to parse it.
    text.resize(1024);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    text += "\n";
    FileId id = sources.Add(path, std::move(text));
    *error = "too-large";
    return id;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return sources.Add(path, buf.str());
}

namespace {

// Length of the valid UTF-8 sequence at `s[i]`, or 0 if it is invalid.
size_t Utf8Length(std::string_view s, size_t i) {
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

}  // namespace

bool ValidateText(const SourceFile& file, FileId id, Diagnostics& diags) {
  std::string_view s = file.text();
  int bad_utf8 = 0, nul = 0;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '\0') {
      if (nul++ == 0) {
        diags.Report(DiagKind::NulByte, Span{id, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)},
                     "NUL byte in source text");
      }
      ++i;
      continue;
    }
    size_t n = Utf8Length(s, i);
    if (n == 0) {
      if (bad_utf8++ < 3) {
        diags.Report(DiagKind::InvalidUtf8, Span{id, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)},
                     fmt::format("invalid UTF-8 byte 0x{:02X}", static_cast<unsigned char>(s[i])));
      }
      ++i;
      continue;
    }
    i += n;
  }
  return bad_utf8 == 0 && nul == 0;
}

}  // namespace sam
