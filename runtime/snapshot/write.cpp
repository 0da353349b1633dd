// WriteSnapshot: sections first (straight from the Buffers, no copy), then the TOC,
// then the header at offset 0, into a temporary file beside the target that is
// fsynced and renamed over it. A reader that has the old file mapped keeps its inode.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "runtime/snapshot/checksum.hpp"
#include "runtime/snapshot/format.hpp"
#include "runtime/snapshot/snapshot.hpp"

namespace sam::rt {
namespace {

using snapshot::Section;

// Temporary files of writers that were killed (`kill -9`, a power cut) before they
// could remove theirs: TARGET.tmp.PID.N of a process that no longer exists. One of a
// live process (another `sam load` writing the same target) is left alone.
void RemoveAbandoned(const std::string& target) {
  namespace fs = std::filesystem;
  const fs::path path(target);
  const std::string prefix = path.filename().string() + ".tmp.";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path.parent_path().empty() ? "." : path.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const char* p = name.c_str() + prefix.size();
    char* end = nullptr;
    const long pid = std::strtol(p, &end, 10);
    if (end == p || *end != '.' || pid <= 0 || pid == getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(entry.path(), ec);
  }
}

class TempFile {
 public:
  explicit TempFile(const std::string& target) : target_(target) {
    RemoveAbandoned(target);
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      path_ = fmt::format("{}.tmp.{}.{}", target, getpid(), attempt);
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ < 0 && errno != EEXIST) Fail("cannot create the temporary file " + path_);
    }
    if (fd_ < 0) Fail("cannot create the temporary file " + path_);
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void Write(const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) Fail("cannot write the snapshot");
      p += w;
      n -= static_cast<size_t>(w);
      pos_ += static_cast<uint64_t>(w);
    }
  }
  void PadTo(uint64_t offset) {
    static const char zeros[snapshot::kAlign] = {};
    while (pos_ < offset) Write(zeros, std::min<uint64_t>(offset - pos_, sizeof zeros));
  }
  void WriteAt(const void* data, size_t n, uint64_t offset) {
    if (::pwrite(fd_, data, n, static_cast<off_t>(offset)) != static_cast<ssize_t>(n)) Fail("cannot write the snapshot");
  }
  void Commit() {
    if (::fsync(fd_) != 0) Fail("cannot write the snapshot");
    if (::close(fd_) != 0) {
      fd_ = -1;
      Fail("cannot write the snapshot");
    }
    fd_ = -1;
    if (::rename(path_.c_str(), target_.c_str()) != 0) Fail("cannot replace it with the temporary file " + path_);
    committed_ = true;
  }
  uint64_t pos() const { return pos_; }

 private:
  [[noreturn]] void Fail(const std::string& what) {
    throw SnapshotError(fmt::format("{}: {}: {}", target_, what, std::strerror(errno)), 2);
  }
  std::string target_, path_;
  int fd_ = -1;
  uint64_t pos_ = 0;
  bool committed_ = false;
};

Section WriteSection(TempFile& f, const Buffer& b) {
  Section s;
  if (b.empty()) return s;
  f.PadTo(snapshot::AlignUp(f.pos()));
  s.offset = f.pos();
  s.bytes = b.size();
  s.checksum = SnapshotChecksum(b.data(), b.size());
  f.Write(b.data(), b.size());
  return s;
}

void PutType(snapshot::TocWriter& toc, const Type& t) {
  toc.Put(static_cast<uint8_t>(t.kind));
  toc.Put(static_cast<uint8_t>(t.optional));
  toc.Put(static_cast<uint8_t>(t.elem));
  toc.Put(t.ref);
}

// A database that OpenSnapshot would refuse is a bug of its maker: say so now.
void CheckShape(const Database& db, const std::string& path) {
  auto fail = [&](const std::string& what) {
    throw SnapshotError(fmt::format("{}: cannot write an inconsistent database: {}", path, what), 1);
  };
  if (db.customers >= static_cast<int>(db.tables.size())) fail("no customers table");
  for (const Table& t : db.tables) {
    for (size_t ci = 0; ci < t.columns.size(); ++ci) {
      const Column& c = t.columns[ci];
      if (c.size != t.rows || c.values.size() != c.size * EncodingWidth(c.encoding) ||
          (!c.validity.empty() && c.validity.size() != (c.size + 63) / 64 * 8)) {
        fail(fmt::format("table {} column {}: buffers of the wrong size", t.name, ci));
      }
    }
  }
}

}  // namespace

void WriteSnapshot(const Database& db, const std::string& path) {
  CheckShape(db, path);
  TempFile f(path);
  snapshot::Header h{};
  f.Write(&h, sizeof h);  // rewritten at the end

  snapshot::TocWriter toc;
  toc.PutString(db.source);
  toc.Put(db.loaded_at);
  toc.Put<int32_t>(db.customers);
  toc.Put<int32_t>(db.key_field);
  toc.PutString(db.fingerprint);
  toc.PutString(db.settings);
  toc.Put<uint32_t>(static_cast<uint32_t>(db.tables.size()));
  for (const Table& t : db.tables) {
    toc.PutString(t.name);
    toc.Put(static_cast<uint8_t>(t.kind));
    toc.Put(t.rows);
    toc.PutSection(WriteSection(f, t.offsets));
    toc.Put<uint32_t>(static_cast<uint32_t>(t.columns.size()));
    for (const Column& c : t.columns) {
      PutType(toc, c.type);
      toc.Put(static_cast<uint8_t>(c.encoding));
      toc.Put(c.base);
      toc.Put(c.unit);
      toc.Put(c.size);
      toc.PutSection(WriteSection(f, c.values));
      toc.PutSection(WriteSection(f, c.validity));
      toc.PutSection(WriteSection(f, c.dict_offsets));
      toc.PutSection(WriteSection(f, c.dict_bytes));
    }
  }
  f.PadTo(snapshot::AlignUp(f.pos()));
  h.toc_offset = f.pos();
  h.toc_bytes = toc.bytes().size();
  h.toc_checksum = SnapshotChecksum(toc.bytes().data(), toc.bytes().size());
  f.Write(toc.bytes().data(), toc.bytes().size());

  std::memcpy(h.magic, snapshot::kMagic, sizeof h.magic);
  h.version = snapshot::kVersion;
  h.header_bytes = sizeof h;
  h.file_bytes = f.pos();
  std::memcpy(h.fingerprint, db.fingerprint.data(), std::min(db.fingerprint.size(), sizeof h.fingerprint));
  h.customers = db.customer_count();
  h.loaded_at = db.loaded_at;
  h.header_checksum = SnapshotChecksum(&h, offsetof(snapshot::Header, header_checksum));
  f.WriteAt(&h, sizeof h, 0);
  f.Commit();
}

}  // namespace sam::rt
