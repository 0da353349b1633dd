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
#include "runtime/snapshot/format.hpp"

namespace sam::rt::snapshot {

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
  };

  SnapshotChecks(std::string path, std::shared_ptr<const MappedFile> file, int threads)
      : path_(std::move(path)), file_(std::move(file)), threads_(threads) {}

  // units[table][0] is the table's CSR offsets, units[table][1 + c] its column c.
  std::vector<std::vector<Unit>>& units() { return units_; }

  void Check(std::span<const ColumnRef> columns) const override;
  void CheckAll() const override;
  std::vector<ColumnRef> Checked() const override;

 private:
  void CheckUnits(std::vector<Unit*> units) const;

  std::string path_;
  std::shared_ptr<const MappedFile> file_;
  int threads_;
  mutable std::mutex mutex_;
  mutable std::vector<std::vector<Unit>> units_;
};

}  // namespace sam::rt::snapshot
