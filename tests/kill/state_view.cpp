#include "state_view.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace sam::killtest {

namespace {

struct Db {
  sqlite3* db = nullptr;
  Db(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      std::string what = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw std::runtime_error(path + ": " + what);
    }
  }
  ~Db() { sqlite3_close(db); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Every row of `sql`, its columns joined with '|', each tagged with its type.
  std::vector<std::string> Rows(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(s, sqlite3_finalize);
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        if (i) row += '|';
        switch (sqlite3_column_type(s, i)) {
          case SQLITE_NULL: row += "null"; break;
          case SQLITE_INTEGER: row += "i:" + std::to_string(sqlite3_column_int64(s, i)); break;
          case SQLITE_FLOAT: row += "f:" + std::to_string(sqlite3_column_double(s, i)); break;
          default: {
            const char* p = static_cast<const char*>(sqlite3_column_blob(s, i));
            row += (sqlite3_column_type(s, i) == SQLITE_TEXT ? "t:" : "b:") +
                   std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(s, i)));
          }
        }
      }
      out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
    return out;
  }
};

uint32_t Big32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

// SQLite's WAL checksum (https://www.sqlite.org/fileformat.html#checksum_algorithm):
// over 32-bit words, big-endian when the magic's low bit is set, else little-endian.
void Checksum(bool big, const unsigned char* p, size_t n, uint32_t& s0, uint32_t& s1) {
  auto word = [big](const unsigned char* q) {
    return big ? Big32(q) : uint32_t{q[3]} << 24 | uint32_t{q[2]} << 16 | uint32_t{q[1]} << 8 | uint32_t{q[0]};
  };
  for (size_t i = 0; i + 8 <= n; i += 8) {
    s0 += word(p + i) + s1;
    s1 += word(p + i + 4) + s0;
  }
}

}  // namespace

StateDump DumpState(const std::string& path) {
  Db db(path, SQLITE_OPEN_READONLY);
  StateDump out;
  out["sqlite_master"] = db.Rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name");
  out["pragma"] = db.Rows("SELECT * FROM pragma_application_id, pragma_user_version");
  for (const std::string& row : db.Rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    const std::string table = row.substr(2);  // "t:" tag
    out[table] = db.Rows("SELECT rowid, * FROM \"" + table + "\" ORDER BY rowid");
  }
  return out;
}

std::vector<std::string> ContactKeys(const std::string& path) {
  Db db(path, SQLITE_OPEN_READONLY);
  return db.Rows(
      "SELECT c.customer, t.text, c.instance, c.step, c.run_date FROM contacts c JOIN texts t ON t.id = c.campaign");
}

Peek PeekState(const std::string& path, const std::string& scratch) {
  namespace fs = std::filesystem;
  Peek peek;
  if (!fs::exists(path)) return peek;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(scratch + suffix);
  fs::copy_file(path, scratch);
  if (fs::exists(path + "-wal")) fs::copy_file(path + "-wal", scratch + "-wal");
  Db db(scratch, SQLITE_OPEN_READWRITE);  // read-write: recovering a WAL writes its -shm
  peek.integrity.clear();
  for (const std::string& row : db.Rows("PRAGMA integrity_check")) {
    peek.integrity += (peek.integrity.empty() ? "" : "; ") + row.substr(2);
  }
  if (db.Rows("SELECT 1 FROM sqlite_master WHERE name = 'runs'").empty()) return peek;
  const std::vector<std::string> max = db.Rows("SELECT max(date) FROM runs");
  if (!max.empty() && max[0] != "null") peek.last = std::stoll(max[0].substr(2));
  return peek;
}

WalTail ReadWal(const std::string& path) {
  std::ifstream in(path + "-wal", std::ios::binary);
  std::string wal((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  WalTail tail;
  if (wal.size() < 32) return tail;
  const auto* p = reinterpret_cast<const unsigned char*>(wal.data());
  const uint32_t magic = Big32(p);
  if ((magic & 0xFFFFFFFE) != 0x377F0682) return tail;
  const bool big = magic & 1;
  const size_t page = Big32(p + 8) == 1 ? 65536 : Big32(p + 8);
  uint32_t s0 = 0, s1 = 0;
  Checksum(big, p, 24, s0, s1);
  if (s0 != Big32(p + 24) || s1 != Big32(p + 28)) return tail;
  int since_commit = 0;
  for (size_t at = 32; at + 24 + page <= wal.size(); at += 24 + page) {
    const unsigned char* f = p + at;
    if (Big32(f + 8) != Big32(p + 16) || Big32(f + 12) != Big32(p + 20)) break;  // salts: an older WAL's frame
    Checksum(big, f, 8, s0, s1);
    Checksum(big, f + 24, page, s0, s1);
    if (s0 != Big32(f + 16) || s1 != Big32(f + 20)) break;
    ++tail.frames;
    since_commit = Big32(f + 4) != 0 ? 0 : since_commit + 1;  // a commit frame holds the database's size
  }
  tail.uncommitted = since_commit;
  return tail;
}

}  // namespace sam::killtest
