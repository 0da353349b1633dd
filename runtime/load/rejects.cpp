#include "runtime/load/rejects.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

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
  const std::string quoted_source = CsvQuote(source);
  for (const auto& r : rejections) {
    out << quoted_source << ',' << r.line << ',' << CsvQuote(r.column) << ',' << CsvQuote(r.reason) << ',' << CsvQuote(r.raw) << '\n';
  }
  out.flush();
  if (!out) throw LoadError(path.string() + ": cannot write the rejects file", 2);
  return path.string();
}

}  // namespace sam::rt::load
