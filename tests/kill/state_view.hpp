// What the kill test reads of a state file: every table whole (to compare with the
// uninterrupted run's), the contacts as keys (to count lost and doubled ones), the
// last committed date of a killed run, and whether its WAL ends in an unfinished
// transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sam::killtest {

// Table name -> its rows in rowid order, each row its columns as text (type-tagged, so
// that 1 and '1' differ); the schema is the table "sqlite_master".
using StateDump = std::map<std::string, std::vector<std::string>>;

// Throws std::runtime_error when the file cannot be read.
StateDump DumpState(const std::string& path);

// One line per contact: customer, campaign, instance, step, run date.
std::vector<std::string> ContactKeys(const std::string& path);

// A state a killed process left, read from a copy (at `scratch`) so that the state
// itself, its WAL included, is left exactly as the kill left it for the next run to
// recover: its last committed run date (days since 1970-01-01; nullopt: no run
// committed, or no state yet) and what SQLite's integrity check says ("ok").
struct Peek {
  std::optional<int64_t> last;
  std::string integrity = "ok";
};
Peek PeekState(const std::string& path, const std::string& scratch);

// The WAL of `path` (path + "-wal") read as SQLite would recover it: its frames with
// the header's salts and a valid running checksum.
struct WalTail {
  int frames = 0;       // valid frames
  int uncommitted = 0;  // valid frames after the last commit frame (a commit cut off)
};
WalTail ReadWal(const std::string& path);

}  // namespace sam::killtest
