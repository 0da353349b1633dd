#include "runtime/snapshot/checked_record.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sam::rt::snapshot {

namespace fs = std::filesystem;

CheckedRecord::CheckedRecord(std::string dir, const FileStamp& stamp, uint64_t toc_checksum, int64_t settle_ns)
    : stamp_(stamp), toc_checksum_(toc_checksum) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  settled_ = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() - stamp.changed_ns >= settle_ns;
  if (!dir.empty()) path_ = (fs::path(dir) / fmt::format("{:x}-{:x}", stamp.device, stamp.inode)).string();
}

std::string CheckedRecord::Header() const {
  return fmt::format("sam checked sections 1\nfile {} {} {} {} {} {:016x}\n", stamp_.device, stamp_.inode, stamp_.size,
                     stamp_.modified_ns, stamp_.changed_ns, toc_checksum_);
}

std::vector<UnitId> CheckedRecord::Read() const {
  if (path_.empty()) return {};
  std::ifstream in(path_);
  std::stringstream text;
  text << in.rdbuf();
  const std::string record = text.str();
  const std::string header = Header();
  // Another file's record, an older stamp of this one, or damage: check again.
  if (!in || record.compare(0, header.size(), header) != 0) return {};
  std::istringstream units(record.substr(header.size()));
  std::string word;
  if (!(units >> word) || word != "checked") return {};
  std::vector<UnitId> out;
  uint32_t table = 0, unit = 0;
  char colon = 0;
  while (units >> table >> colon >> unit && colon == ':') out.push_back({table, unit});
  if (!units.eof()) return {};  // a damaged list: trust none of it
  return out;
}

void CheckedRecord::Write(const std::vector<UnitId>& units) const {
  if (path_.empty() || !settled_) return;
  std::error_code ec;
  fs::create_directories(fs::path(path_).parent_path(), ec);
  std::string record = Header() + "checked";
  for (const auto& [table, unit] : units) record += fmt::format(" {}:{}", table, unit);
  record += "\n";
  const std::string temp = fmt::format("{}.{}.tmp", path_, ::getpid());
  {
    std::ofstream out(temp, std::ios::trunc);
    out << record;
    if (!out.flush()) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, path_, ec);
  if (ec) fs::remove(temp, ec);
}

std::string DefaultRecordDir() {
  const char* off = std::getenv("SAM_CHECKED_RECORDS");
  if (off && std::string_view(off) == "off") return "";
  const char* cache = std::getenv("XDG_CACHE_HOME");
  if (cache && *cache == '/') return (fs::path(cache) / "sam" / "checked").string();
  const char* home = std::getenv("HOME");
  if (home && *home == '/') return (fs::path(home) / ".cache" / "sam" / "checked").string();
  return "";
}

}  // namespace sam::rt::snapshot
