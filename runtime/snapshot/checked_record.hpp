// Which sections of a snapshot file have passed their checksums, remembered across
// processes: one-shot `sam query` calls from a script would otherwise each read every
// column they use twice, once for the checksum and once for the answer. The record is
// a small file in the user's cache folder, named for the file's device and inode and
// valid only while the file's stamp (size, modification and change times) is the one
// it was taken with: any write to the snapshot changes its change time, so a damaged
// or rewritten file is checked again. A missing, unreadable or foreign record only
// means checking again; failing to write one is not an error. A file changed in the
// last `settle` is not recorded: on kernels whose file times are coarse (a tick of a
// few ms), a write in the same tick as the stamp would leave the stamp unchanged.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "runtime/data/mapped_file.hpp"

namespace sam::rt::snapshot {

// A unit of SnapshotChecks: (table, 0) the CSR offsets, (table, 1 + c) column c.
using UnitId = std::pair<uint32_t, uint32_t>;

class CheckedRecord {
 public:
  // No record (every process checks) when `dir` is empty.
  CheckedRecord(std::string dir, const FileStamp& stamp, uint64_t toc_checksum, int64_t settle_ns);

  // The units recorded as checked for this very file.
  std::vector<UnitId> Read() const;
  // Replaces the record with `units` (atomically: a temporary file renamed).
  void Write(const std::vector<UnitId>& units) const;

 private:
  std::string Header() const;
  std::string path_;  // empty: no record
  FileStamp stamp_;
  uint64_t toc_checksum_;
  bool settled_;  // changed long enough ago to be recorded
};

// Where records go: $XDG_CACHE_HOME/sam/checked, else $HOME/.cache/sam/checked, else
// nowhere (""). SAM_CHECKED_RECORDS=off turns them off.
std::string DefaultRecordDir();

}  // namespace sam::rt::snapshot
