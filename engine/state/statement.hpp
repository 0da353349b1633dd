// A prepared SQLite statement that finalizes itself, with typed binds and columns.
// Errors throw StateError naming the state file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "engine/state/store.hpp"

namespace sam::engine::state {

// Prepared statements a Store keeps between uses, by their SQL: SQLite parses and
// plans a statement each time it is prepared, and a commit's inserts of 64 rows have
// 896 parameters. Preparing took half of the time of a store's many short runs
// (`sam test`, the tests). Statements run one at a time on one connection; two alive
// with the same SQL are two entries.
class StatementCache {
 public:
  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() {
    for (auto& [sql, stmt] : free_) sqlite3_finalize(stmt);
  }
  sqlite3_stmt* Take(std::string_view sql) {
    auto it = free_.find(sql);
    if (it == free_.end()) return nullptr;
    sqlite3_stmt* stmt = it->second;
    free_.erase(it);
    return stmt;
  }
  void Give(std::string sql, sqlite3_stmt* stmt) { free_.emplace(std::move(sql), stmt); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_multimap<std::string, sqlite3_stmt*, Hash, std::equal_to<>> free_;
};

class Statement {
 public:
  // With a cache, the statement comes from it when it holds one and goes back to it,
  // reset, when this object ends.
  Statement(sqlite3* db, const std::string& path, std::string_view sql, StatementCache* cache = nullptr)
      : db_(db), path_(path), cache_(cache) {
    if (cache_ && (stmt_ = cache_->Take(sql))) {
      sql_ = sql;
      return;
    }
    const unsigned flags = cache_ ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt_, nullptr) != SQLITE_OK) Fail();
    if (cache_) sql_ = sql;
  }
  ~Statement() {
    if (cache_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
      cache_->Give(std::move(sql_), stmt_);
    } else {
      sqlite3_finalize(stmt_);
    }
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int i, int64_t v) {
    Check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Statement& Bind(int i, std::string_view v) {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  // Binds text without copying it: `v` must stay alive and unchanged until the
  // statement has run. For the bulk inserts of a run's commit, whose rows outlive it.
  Statement& Borrow(int i, std::string_view v) {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  Statement& Borrow(int i, int64_t v) { return Bind(i, v); }  // numbers are copied anyway
  Statement& BindBlob(int i, std::string_view v) {
    Check(sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& BindNull(int i) {
    Check(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  // True while there is a row.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Fail();
    return false;
  }
  void Run() {
    while (Step()) {
    }
    Reset();
  }
  // Ready to run again with new binds.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int i) const { return sqlite3_column_int64(stmt_, i); }
  std::string Text(int i) const {
    const auto* p = sqlite3_column_blob(stmt_, i);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }
  bool Null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  bool Integer(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_INTEGER; }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Fail();
  }
  [[noreturn]] void Fail() {
    throw StateError(path_ + ": state database error: " + sqlite3_errmsg(db_), 1);
  }
  sqlite3* db_;
  const std::string& path_;
  StatementCache* cache_;
  std::string sql_;  // with a cache: the key it goes back under
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace sam::engine::state
