#include "engine/state/digests.hpp"

#include "engine/state/statement.hpp"

namespace sam::engine::state {
namespace {

struct Fnv {
  uint64_t h = 14695981039346656037ull;
  void Add(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  void Add(uint64_t v) { Add(&v, sizeof v); }
};

}  // namespace

uint64_t TableDigest(sqlite3* db, const std::string& path, const char* table) {
  sqlite3_stmt* s = nullptr;
  const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY rowid";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    throw StateError(path + ": state database error: " + sqlite3_errmsg(db), 1);
  }
  Fnv f;
  const int columns = sqlite3_column_count(s);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    for (int c = 0; c < columns; ++c) {
      const int type = sqlite3_column_type(s, c);
      f.Add(static_cast<uint64_t>(type));
      if (type == SQLITE_INTEGER) {
        f.Add(static_cast<uint64_t>(sqlite3_column_int64(s, c)));
      } else if (type == SQLITE_FLOAT) {
        const double d = sqlite3_column_double(s, c);
        f.Add(&d, sizeof d);
      } else if (type != SQLITE_NULL) {
        const void* p = sqlite3_column_blob(s, c);
        const auto n = static_cast<uint64_t>(sqlite3_column_bytes(s, c));
        f.Add(n);
        f.Add(p, n);
      }
    }
  }
  const bool done = rc == SQLITE_DONE;
  sqlite3_finalize(s);
  if (!done) throw StateError(path + ": state database error: " + sqlite3_errmsg(db), 1);
  return f.h;
}

void StoreDigests(sqlite3* db, const std::string& path) {
  Statement put(db, path, "INSERT OR REPLACE INTO digests (name, digest) VALUES (?, ?)");
  for (const char* table : kDigestedTables) {
    put.Bind(1, table).Bind(2, static_cast<int64_t>(TableDigest(db, path, table))).Run();
  }
}

std::string ChangedTable(sqlite3* db, const std::string& path) {
  // One read transaction: a run committing meanwhile (another process) must not be
  // seen half, with the digests of one commit and the rows of the next.
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw StateError(path + ": state database error: " + sqlite3_errmsg(db), 1);
  }
  std::string changed;
  try {
    Statement get(db, path, "SELECT digest FROM digests WHERE name = ?");
    for (const char* table : kDigestedTables) {
      get.Bind(1, table);
      const bool stored = get.Step();
      const int64_t digest = stored ? get.Int(0) : 0;
      get.Reset();
      if (!stored || static_cast<uint64_t>(digest) != TableDigest(db, path, table)) {
        changed = table;
        break;
      }
    }
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  return changed;
}

}  // namespace sam::engine::state
