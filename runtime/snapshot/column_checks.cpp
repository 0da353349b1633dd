#include "runtime/snapshot/column_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>

#include "runtime/exec/parallel.hpp"
#include "runtime/snapshot/checksum.hpp"
#include "runtime/snapshot/snapshot.hpp"

namespace sam::rt::snapshot {

namespace {
std::atomic<uint64_t> checksummed{0};
}  // namespace

uint64_t BytesChecksummed() { return checksummed.load(); }

bool Rising(std::span<const uint64_t> values) {
  // Without a branch per value, so that it vectorizes.
  uint64_t decreasing = 0;
  for (size_t i = 1; i < values.size(); ++i) decreasing |= values[i] < values[i - 1];
  return decreasing == 0;
}

void SnapshotChecks::UseRecord(std::unique_ptr<CheckedRecord> record) {
  record_ = std::move(record);
  const std::vector<UnitId> recorded = record_->Read();
  for (const auto& [table, unit] : recorded) {
    if (table >= units_.size() || unit >= units_[table].size()) return;  // not this file's layout: trust none of it
  }
  for (const auto& [table, unit] : recorded) units_[table][unit].checked = true;
}

void SnapshotChecks::Check(std::span<const ColumnRef> columns, Reading reading) const {
  std::lock_guard lock(mutex_);
  std::vector<Unit*> todo, recorded;
  for (const ColumnRef& c : columns) {
    // A reference outside the schema is a caller's bug, not damage: it has nothing to check.
    if (c.table < 0 || static_cast<size_t>(c.table) >= units_.size()) continue;
    auto& table = units_[c.table];
    size_t i = static_cast<size_t>(c.column + 1);
    if (c.column < kTableRows || i >= table.size()) continue;
    Unit* u = &table[i];
    auto& list = u->checked ? recorded : todo;
    if ((!u->checked || !u->paged_in) && std::find(list.begin(), list.end(), u) == list.end()) list.push_back(u);
  }
  if (reading == Reading::Whole) PageIn(std::move(recorded));
  if (todo.empty()) return;
  CheckUnits(std::move(todo));
  Record();
}

// Units checked by an earlier process are read in as checking would have: in parallel,
// one call for the pages of a section rather than a fault each.
void SnapshotChecks::PageIn(std::vector<Unit*> units) const {
  std::vector<const Section*> sections;
  for (Unit* u : units) {
    for (const Section& s : u->sections) {
      if (s.bytes > 0) sections.push_back(&s);
    }
    u->paged_in = true;
  }
  ParallelFor(sections.size(), threads_, [&](size_t j) { file_->Prefault(file_->data() + sections[j]->offset, sections[j]->bytes); });
}

void SnapshotChecks::Record() const {
  if (!record_) return;
  std::vector<UnitId> checked;
  for (size_t t = 0; t < units_.size(); ++t) {
    for (size_t i = 0; i < units_[t].size(); ++i) {
      if (units_[t][i].checked) checked.push_back({static_cast<uint32_t>(t), static_cast<uint32_t>(i)});
    }
  }
  record_->Write(checked);
}

// Every byte, whatever the record says: `--verify` is asked for when in doubt.
void SnapshotChecks::CheckAll() const {
  std::lock_guard lock(mutex_);
  std::vector<Unit*> todo;
  for (auto& table : units_) {
    for (Unit& u : table) todo.push_back(&u);
  }
  CheckUnits(std::move(todo));
  Record();
}

std::vector<ColumnRef> SnapshotChecks::Checked() const {
  std::lock_guard lock(mutex_);
  std::vector<ColumnRef> out;
  for (size_t t = 0; t < units_.size(); ++t) {
    for (size_t i = 0; i < units_[t].size(); ++i) {
      if (units_[t][i].checked) out.push_back({static_cast<int>(t), static_cast<int>(i) - 1});
    }
  }
  return out;
}

// Sections are checked in parallel, the largest first; the error names the first
// damaged section in the order asked, so that the message does not depend on timing.
void SnapshotChecks::CheckUnits(std::vector<Unit*> units) const {
  struct Job {
    const Section* section;
    size_t unit;
  };
  std::vector<Job> jobs;
  for (size_t u = 0; u < units.size(); ++u) {
    for (const Section& s : units[u]->sections) {
      if (s.bytes > 0) jobs.push_back({&s, u});
    }
  }
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.section->bytes > b.section->bytes; });
  std::vector<std::atomic<bool>> damaged(units.size());
  ParallelFor(jobs.size(), threads_, [&](size_t j) {
    const Section& s = *jobs[j].section;
    const uint8_t* p = file_->data() + s.offset;
    file_->Prefault(p, s.bytes);  // one call for the pages instead of a fault each
    if (SnapshotChecksum(p, s.bytes) != s.checksum) damaged[jobs[j].unit] = true;
    checksummed += s.bytes;
  });
  for (size_t u = 0; u < units.size(); ++u) {
    if (damaged[u]) {
      throw SnapshotError(fmt::format("{}: {}: corrupted data (checksum mismatch); re-run `sam load` to write it again",
                                      path_, units[u]->what),
                          1);
    }
    // What passed the checksum is what was written; this checks the writer.
    if (!Rising(units[u]->rising)) {
      throw SnapshotError(
          fmt::format("{}: {}: corrupted (decreasing); re-run `sam load` to write it again", path_, units[u]->what), 1);
    }
    units[u]->checked = true;
    units[u]->paged_in = true;
  }
}

}  // namespace sam::rt::snapshot
