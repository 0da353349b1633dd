// Verification on first use: the checksums of the sections a command reads, checked
// just before it reads them (Database::Require), each once per process. A damaged byte
// in data that a query reads is an error, never a wrong answer; data it does not read
// is not read for the check either. Checking reads the pages in, which the query would
// do anyway, so a fresh process pays little more than the checksum itself.
#pragma once

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "runtime/data/database.hpp"
#include "runtime/data/mapped_file.hpp"
#include "runtime/snapshot/checked_record.hpp"
#include "runtime/snapshot/format.hpp"

namespace sam::rt::snapshot {

// Bytes checksummed by SnapshotChecks in this process so far (tests; --timer).
uint64_t BytesChecksummed();

// No value smaller than the one before it.
bool Rising(std::span<const uint64_t> values);

class SnapshotChecks final : public ColumnChecks {
 public:
  // What one ColumnRef covers: a column's four sections, or a table's CSR offsets.
  struct Unit {
    std::string what;  // "table orders column amount", for the error
    std::vector<Section> sections;
    std::span<const uint64_t> rising;  // CSR offsets: must not decrease (checked after the checksum)
    bool checked = false;
    bool paged_in = false;  // checked by an earlier process (the record): pages not read yet
  };

  SnapshotChecks(std::string path, std::shared_ptr<const MappedFile> file, int threads)
      : path_(std::move(path)), file_(std::move(file)), threads_(threads) {}

  // units[table][0] is the table's CSR offsets, units[table][1 + c] its column c.
  std::vector<std::vector<Unit>>& units() { return units_; }

  // Takes what `record` says earlier processes checked as checked, and records what
  // this one checks. Call once, after every unit is in place.
  void UseRecord(std::unique_ptr<CheckedRecord> record);

  void Check(std::span<const ColumnRef> columns, Reading reading) const override;
  void CheckAll() const override;
  std::vector<ColumnRef> Checked() const override;

 private:
  void CheckUnits(std::vector<Unit*> units) const;
  void PageIn(std::vector<Unit*> units) const;
  void Record() const;

  std::string path_;
  std::shared_ptr<const MappedFile> file_;
  int threads_;
  mutable std::mutex mutex_;
  mutable std::vector<std::vector<Unit>> units_;
  std::unique_ptr<CheckedRecord> record_;
};

}  // namespace sam::rt::snapshot
