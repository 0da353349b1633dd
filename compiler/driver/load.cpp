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
  // Devices and pipes (`/dev/zero`) could be read forever: only regular files.
  if (!S_ISREG(st.st_mode)) {
    *error = fmt::format("cannot read `{}`: not a regular file", path);
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
    size_t n = Utf8SequenceLength(s, i);
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
