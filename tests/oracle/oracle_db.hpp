// The oracle's side of the comparison: `sam gen` CSV files loaded into an in-memory
// SQLite database by code of its own (its own CSV reader, its own column types), and
// hand-written SQL run against it. Nothing here calls SAM's loader or interpreter.
//
// Encodings in SQLite: timestamps are UTC microseconds, dates days since 1970-01-01,
// decimals int64 micro-units (SQLite sums integers exactly), bools 0/1, enums and
// strings text, absent values NULL. Event tables get `rid`, the row's position in
// its file (first/last break ties in file order).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace sam::oracle {

struct OracleError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class OracleDb {
 public:
  // Opens an empty database and registers the helper functions (time zone
  // `timezone` for local dates and wall-clock times).
  explicit OracleDb(std::string timezone);
  ~OracleDb();
  OracleDb(const OracleDb&) = delete;
  OracleDb& operator=(const OracleDb&) = delete;

  // Creates the tables of examples/common/schema.sam and loads `<dir>/<table>.csv`.
  void LoadDemoData(const std::string& dir);

  // Runs `sql` (a SELECT of one integer column, the customer ids) with the
  // parameters :today (days) and :now (microseconds) bound; returns the ids sorted.
  std::vector<int64_t> SelectIds(const std::string& sql, int64_t today, int64_t now) const;

  int64_t CountRows(const std::string& table) const;

 private:
  void Exec(const std::string& sql) const;
  void LoadTable(const std::string& dir, const struct TableDef& def);

  sqlite3* db_ = nullptr;
  std::string timezone_;
};

// The oracle's own time-zone arithmetic (Howard Hinnant's date/tz, not SAM's).
int64_t LocalMidnight(int64_t days, const std::string& timezone);
int64_t LocalDay(int64_t micros, const std::string& timezone);
int64_t DaysFromIso(const std::string& ymd);  // "2026-11-23"

}  // namespace sam::oracle
