#include "runtime/load/rejects.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "runtime/load/values.hpp"

namespace sam::rt::load {

std::string CsvQuote(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string EscapeInvalidUtf8(std::string_view s) {
  if (ValidUtf8(s)) return std::string(s);
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    size_t n = Utf8SequenceLength(p, end);
    if (n == 0) {
      out += fmt::format("\\x{:02X}", *p);
      ++p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(p), n);
    p += n;
  }
  return out;
}

std::string WriteRejects(const std::string& dir, const std::string& table, const std::string& source,
                         const std::vector<Rejection>& rejections) {
  namespace fs = std::filesystem;
  fs::path path = fs::path(dir.empty() ? "." : dir) / (table + ".rejects.csv");
  std::error_code ec;
  if (rejections.empty()) {
    fs::remove(path, ec);
    return "";
  }
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw LoadError(path.string() + ": cannot write the rejects file: " + std::strerror(errno), 2);
  out << "source_file,line,column,reason,raw_row\n";
  // Every text is escaped: the file must be UTF-8 for the tools that read it, even
  // when the rows it reports are not (a Latin-1 export, a binary file).
  auto text = [](std::string_view s) { return CsvQuote(EscapeInvalidUtf8(s)); };
  const std::string quoted_source = text(source);
  for (const auto& r : rejections) {
    out << quoted_source << ',' << r.line << ',' << text(r.column) << ',' << text(r.reason) << ',' << text(r.raw) << '\n';
  }
  out.flush();
  if (!out) throw LoadError(path.string() + ": cannot write the rejects file", 2);
  return path.string();
}

}  // namespace sam::rt::load
