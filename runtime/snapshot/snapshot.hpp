// Snapshots: a Database written as one versioned binary file (`sam load -o
// FILE.samdb`), opened again by mapping it, in time independent of its size.
// docs/data.md describes the format for users; snapshot.cpp documents the layout.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "runtime/data/database.hpp"
#include "schema/schema.hpp"

namespace sam::rt {

// A file that is not a snapshot, of another format version or schema, truncated or
// corrupted. The message names the file and what is wrong.
struct SnapshotError : std::runtime_error {
  int exit_code;  // 2: cannot be read; 1: not usable
  SnapshotError(const std::string& message, int code) : std::runtime_error(message), exit_code(code) {}
};

// Writes `db` (atomically: a temporary file renamed into place). Throws SnapshotError.
void WriteSnapshot(const Database& db, const std::string& path);

// How much of a snapshot's column data is checked against its checksums.
enum class SnapshotVerify : uint8_t {
  OnUse,  // each column when a command first reads it (Database::Require): the default
  All,    // every byte of the file, now (`--verify`, `sam load --check`): reads it all
  None,   // no column data (`--no-verify`): a damaged column gives wrong values
};

// Where to remember what was checked of a snapshot, for later processes (see
// snapshot/checked_record.hpp): none when `dir` is empty. A file changed less than
// `settle_ns` ago is not recorded.
struct CheckedRecords {
  std::string dir;
  int64_t settle_ns = 2'000'000'000;
};

// For the user's commands: $XDG_CACHE_HOME/sam/checked, else ~/.cache/sam/checked;
// none without either or with SAM_CHECKED_RECORDS=off.
CheckedRecords DefaultCheckedRecords();

// Maps `path` and checks it against `schema` (the stored settings: schema and time
// zone), then its column data as `verify` says. With `records`, what earlier processes
// checked of this very file is not checked again, and what this one checks is
// recorded. Throws SnapshotError.
Database OpenSnapshot(const Schema& schema, const std::string& path,
                      SnapshotVerify verify = SnapshotVerify::OnUse, const CheckedRecords& records = {});

}  // namespace sam::rt
