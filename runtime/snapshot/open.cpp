// OpenSnapshot: map the file, then check, in this order, the magic number, the format
// version, the header's checksum, the file size, the TOC's place and checksum, the
// stored settings (schema and time zone) against the program's, and the TOC's contents
// against the program: every section inside the file, 64-aligned, of the size its
// column needs. No column data is read at open but the CSR offsets (8 bytes per
// customer and event table: 56 MB, ~30 ms for the million customers of `sam gen`),
// checked against their checksums and to rise and end at the table's rows, since
// queries index rows with them. Column data is checked when first used
// (SnapshotChecks), or all of it now with SnapshotVerify::All. Even unchecked
// (SnapshotVerify::None), a damaged dictionary gives wrong strings, not a crash:
// Column::DictEntry bounds codes and offsets; the same holds for the per-row offsets
// of Plain string columns.
#include <algorithm>
#include <array>
#include <cstring>
#include <fmt/format.h>
#include <vector>

#include "runtime/data/mapped_file.hpp"
#include "runtime/exec/parallel.hpp"
#include "runtime/snapshot/checksum.hpp"
#include "runtime/snapshot/column_checks.hpp"
#include "runtime/snapshot/format.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "schema/settings.hpp"

namespace sam::rt {
namespace {

using snapshot::Section;

constexpr std::string_view kRerun = "re-run `sam load` to write it again";

struct ColumnToc {
  Section values, validity, dict_offsets, dict_bytes;
};
struct TableToc {
  Section offsets;
  std::vector<ColumnToc> columns;
};

// Maps a snapshot file, which is read where its sections are: no readahead hint.
std::shared_ptr<const MappedFile> MapSnapshot(const std::string& path) {
  MapFailure failure;
  if (auto file = MappedFile::Open(path, MappedFile::Access::kRandom, failure)) return file;
  std::string what;
  switch (failure.step) {
    case MapFailure::kOpen: what = fmt::format("cannot open snapshot: {}", std::strerror(failure.error)); break;
    case MapFailure::kStat: what = fmt::format("cannot read snapshot: {}", std::strerror(failure.error)); break;
    case MapFailure::kDirectory: what = "is a directory, not a snapshot file"; break;
    case MapFailure::kNotRegular: what = "is not a regular file, so not a snapshot"; break;
    case MapFailure::kMap: what = fmt::format("cannot map snapshot: {}", std::strerror(failure.error)); break;
  }
  throw SnapshotError(fmt::format("{}: {}", path, what), 2);
}

const char* KindName(TableKind k) {
  switch (k) {
    case TableKind::Customers: return "customers";
    case TableKind::Events: return "events";
    case TableKind::Reference: return "reference";
    case TableKind::List: return "list";
  }
  return "?";
}

bool EncodingFits(Encoding e, TypeKind k) {
  if (k == TypeKind::Float) return e == Encoding::Float64;
  if (k == TypeKind::String) return e == Encoding::Dict32 || e == Encoding::Plain;
  return e == Encoding::Int8 || e == Encoding::Int16 || e == Encoding::Int32 || e == Encoding::Int64;
}

class Opener {
 public:
  Opener(const Schema& schema, const std::string& path, std::shared_ptr<const MappedFile> file)
      : schema_(schema), path_(path), file_(std::move(file)), data_(file_->data()), size_(file_->size()) {}

  Database Run(SnapshotVerify verify, const CheckedRecords& records) {
    const snapshot::Header& h = CheckHeader();
    checks_ = std::make_shared<snapshot::SnapshotChecks>(path_, file_, ThreadsFor(0));
    ReadToc(h);
    if (!records.dir.empty() && verify != SnapshotVerify::None) {
      checks_->UseRecord(
          std::make_unique<snapshot::CheckedRecord>(records.dir, file_->stamp(), h.toc_checksum, records.settle_ns));
    }
    CheckCsrOffsets(verify);
    if (verify == SnapshotVerify::All) Verify();
    // Nothing is left to check after Verify; with None nothing is checked.
    if (verify == SnapshotVerify::OnUse) db_.checks = checks_;
    return std::move(db_);
  }

 private:
  template <class... Args>
  [[noreturn]] void Fail(fmt::format_string<Args...> format, Args&&... args) {
    throw SnapshotError(fmt::format("{}: {}", path_, fmt::format(format, std::forward<Args>(args)...)), 1);
  }

  const snapshot::Header& CheckHeader() {
    if (size_ == 0) Fail("empty file, not a SAM snapshot");
    size_t prefix = std::min<uint64_t>(size_, sizeof snapshot::kMagic);
    if (std::memcmp(data_, snapshot::kMagic, prefix) != 0) Fail("not a SAM snapshot (wrong magic number)");
    if (size_ >= 12) {
      uint32_t version;
      std::memcpy(&version, data_ + 8, 4);
      // Versions only grow by one at a time: a far larger number is a damaged header.
      if (version == 0 || version > snapshot::kVersion + 100) {
        Fail("corrupted header (format version field {})", version);
      } else if (version > snapshot::kVersion) {
        Fail("snapshot format version {} is newer than this sam reads (version {}): open it with a newer sam, or {}",
             version, snapshot::kVersion, kRerun);
      } else if (version != snapshot::kVersion) {
        Fail("snapshot format version {}, but this sam reads version {}: {}", version, snapshot::kVersion, kRerun);
      }
    }
    if (size_ < sizeof(snapshot::Header)) {
      Fail("truncated: {} bytes, shorter than the {}-byte header; {}", size_, sizeof(snapshot::Header), kRerun);
    }
    // mmap returns page-aligned memory: the header can be read in place.
    const auto& h = *reinterpret_cast<const snapshot::Header*>(data_);
    if (SnapshotChecksum(&h, offsetof(snapshot::Header, header_checksum)) != h.header_checksum ||
        h.header_bytes != sizeof h) {
      Fail("corrupted header (checksum mismatch); {}", kRerun);
    }
    if (h.file_bytes > size_) Fail("truncated: {} of {} bytes; {}", size_, h.file_bytes, kRerun);
    if (h.file_bytes < size_) Fail("{} bytes longer than written ({} bytes): corrupted; {}", size_ - h.file_bytes, h.file_bytes, kRerun);
    if (h.toc_offset < sizeof h || h.toc_offset % snapshot::kAlign != 0 || h.toc_offset > size_ ||
        h.toc_bytes != size_ - h.toc_offset) {
      Fail("corrupted header (table of contents at {}, {} bytes); {}", h.toc_offset, h.toc_bytes, kRerun);
    }
    if (SnapshotChecksum(data_ + h.toc_offset, h.toc_bytes) != h.toc_checksum) {
      Fail("corrupted table of contents (checksum mismatch); {}", kRerun);
    }
    data_end_ = h.toc_offset;
    return h;
  }

  // The TOC passed its checksum, so a problem here is a writer's bug or a deliberate
  // forgery; it is still checked, since a wrong size would read outside the mapping.
  void ReadToc(const snapshot::Header& h) {
    snapshot::TocReader r(data_ + h.toc_offset, h.toc_bytes);
    db_.source = r.GetString();
    db_.loaded_at = r.Get<int64_t>();
    db_.customers = r.Get<int32_t>();
    db_.key_field = r.Get<int32_t>();
    db_.fingerprint = r.GetString();
    db_.settings = r.GetString();
    uint32_t ntables = r.Get<uint32_t>();
    if (!r.ok()) Fail("corrupted table of contents (too short)");
    std::string_view in_header(h.fingerprint, strnlen(h.fingerprint, sizeof h.fingerprint));
    if (db_.fingerprint != in_header || FingerprintOf(db_.settings) != db_.fingerprint) {
      Fail("corrupted table of contents (fingerprint)");
    }
    CheckSettings();
    if (ntables != schema_.tables.size()) Fail("{} tables, but the schema has {}", ntables, schema_.tables.size());
    if (db_.customers != schema_.customers) Fail("corrupted table of contents (customers table)");
    db_.tables.resize(ntables);
    tocs_.resize(ntables);
    for (uint32_t ti = 0; ti < ntables && r.ok(); ++ti) {
      const TableInfo& info = schema_.tables[ti];
      Table& t = db_.tables[ti];
      t.name = r.GetString();
      t.kind = static_cast<TableKind>(r.Get<uint8_t>());
      t.rows = r.Get<uint64_t>();
      tocs_[ti].offsets = r.GetSection();
      uint32_t ncols = r.Get<uint32_t>();
      if (!r.ok()) break;
      if (t.name != info.name || t.kind != info.kind || ncols != info.fields.size()) {
        Fail("table {} ({}, {} columns) does not match the schema's table {} ({}, {} columns)", t.name,
             KindName(t.kind), ncols, info.name, KindName(info.kind), info.fields.size());
      }
      t.columns.resize(ncols);
      tocs_[ti].columns.resize(ncols);
      for (uint32_t ci = 0; ci < ncols && r.ok(); ++ci) ReadColumn(r, info, t, ci, tocs_[ti].columns[ci]);
    }
    if (!r.ok()) Fail("corrupted table of contents (too short)");
    if (!r.at_end()) Fail("corrupted table of contents (bytes after its end)");
    if (db_.customers >= 0) {
      const Table& ct = db_.tables[db_.customers];
      if (db_.key_field < 0 || static_cast<size_t>(db_.key_field) >= ct.columns.size()) Fail("corrupted table of contents (key field)");
    }
    for (size_t ti = 0; ti < db_.tables.size(); ++ti) Place(ti);
  }

  // Refuses data stored under other settings, saying which one differs: the schema,
  // or the time zone that gave the instants of the files' wall-clock times.
  void CheckSettings() {
    std::string expected = StoredSettings(schema_);
    if (db_.settings == expected) return;
    Fail("snapshot loaded for another schema or time zone: {}; re-run `sam load` with this program",
         SettingsChange(db_.settings, expected));
  }

  void ReadColumn(snapshot::TocReader& r, const TableInfo& info, Table& t, uint32_t ci, ColumnToc& toc) {
    Column& c = t.columns[ci];
    c.type.kind = static_cast<TypeKind>(r.Get<uint8_t>());
    c.type.optional = r.Get<uint8_t>() != 0;
    c.type.elem = static_cast<TypeKind>(r.Get<uint8_t>());
    c.type.ref = r.Get<int32_t>();
    c.encoding = static_cast<Encoding>(r.Get<uint8_t>());
    c.base = r.Get<int64_t>();
    c.unit = r.Get<int64_t>();
    c.size = r.Get<uint64_t>();
    toc.values = r.GetSection();
    toc.validity = r.GetSection();
    toc.dict_offsets = r.GetSection();
    toc.dict_bytes = r.GetSection();
    if (!r.ok()) return;
    const FieldInfo& field = info.fields[ci];
    if (c.type.kind != field.type.kind || !EncodingFits(c.encoding, c.type.kind) || c.size != t.rows) {
      Fail("table {} column {}: stored type, encoding or size does not match the schema", t.name, field.name);
    }
    if (c.type.kind == TypeKind::Enum && (c.type.ref < 0 || static_cast<size_t>(c.type.ref) >= schema_.enums.size())) {
      Fail("table {} column {}: unknown enum", t.name, field.name);
    }
  }

  // Checks each section's size and place, then points the Buffers into the mapping.
  void Place(size_t ti) {
    Table& t = db_.tables[ti];
    const TableToc& toc = tocs_[ti];
    // Every schema table has a column and every column at least a byte a row.
    if (t.rows > size_) Fail("table {}: {} rows cannot fit in the file", t.name, t.rows);
    bool csr = t.kind == TableKind::Events || t.kind == TableKind::List;
    uint64_t want_offsets = 0;
    if (csr && db_.customers >= 0) want_offsets = (db_.tables[db_.customers].rows + 1) * 8;
    auto& units = checks_->units().emplace_back(t.columns.size() + 1);
    units[0].what = "table " + t.name + " CSR offsets";
    unit_ = &units[0];
    t.offsets = Map(toc.offsets, want_offsets, t.name, "CSR offsets");
    for (size_t ci = 0; ci < t.columns.size(); ++ci) {
      Column& c = t.columns[ci];
      const ColumnToc& ct = toc.columns[ci];
      std::string what = "column " + schema_.tables[ti].fields[ci].name;
      units[ci + 1].what = "table " + t.name + " " + what;
      unit_ = &units[ci + 1];
      c.values = Map(ct.values, c.size * EncodingWidth(c.encoding), t.name, what + " values");
      uint64_t words = (c.size + 63) / 64 * 8;
      c.validity = Map(ct.validity, ct.validity.bytes == 0 ? 0 : words, t.name, what + " validity");
      // Dictionary sizes are free (strings are not counted anywhere else); their
      // offsets are checked against the bytes only with `verify`.
      uint64_t offsets = 0, bytes = 0;
      if (c.encoding == Encoding::Dict32) {
        offsets = ct.dict_offsets.bytes;
        if (offsets % 8 != 0 || offsets / 8 > uint64_t{UINT32_MAX} + 1) {
          Fail("table {} column {}: corrupted dictionary ({} bytes of offsets)", t.name, what, offsets);
        }
        if (offsets > 0) bytes = ct.dict_bytes.bytes;
      } else if (c.encoding == Encoding::Plain) {
        // One offset a row and one more; not read here (Column::Str clamps them).
        offsets = (c.size + 1) * 8;
        bytes = ct.dict_bytes.bytes;
      }
      c.dict_offsets = Map(ct.dict_offsets, offsets, t.name, what + " dictionary offsets");
      c.dict_bytes = Map(ct.dict_bytes, bytes, t.name, what + " dictionary");
      if (c.unit <= 0) Fail("table {} column {}: corrupted unit {}", t.name, what, c.unit);
    }
  }

  Buffer Map(const Section& s, uint64_t want, const std::string& table, const std::string& what) {
    if (s.bytes != want) Fail("table {} {}: section of {} bytes, expected {}", table, what, s.bytes, want);
    if (want == 0) return {};
    if (s.offset < sizeof(snapshot::Header) || s.offset % snapshot::kAlign != 0 || s.offset > data_end_ ||
        s.bytes > data_end_ - s.offset) {
      Fail("table {} {}: section at {} ({} bytes) is outside the data", table, what, s.offset, s.bytes);
    }
    sections_.push_back(s);
    unit_->sections.push_back(s);
    return Buffer::View(data_ + s.offset, s.bytes, file_);
  }

  // Row ranges of the customers, which queries use to index columns: rising from 0 to
  // the table's rows, so that no range reads outside the columns. The ends here; the
  // rest with the checksum when the table is first read (SnapshotChecks), so that a
  // query pays for the tables it reads only. Without checks, all of it now.
  void CheckCsrOffsets(SnapshotVerify verify) {
    for (size_t ti = 0; ti < db_.tables.size(); ++ti) {
      const Table& t = db_.tables[ti];
      if (t.offsets.empty()) continue;
      const std::span<const uint64_t> o(t.Offsets(), t.offsets.count<uint64_t>());
      if (o.front() != 0 || o.back() != t.rows) Fail("table {}: corrupted CSR offsets (ends); {}", t.name, kRerun);
      checks_->units()[ti][0].rising = o;
      if (verify == SnapshotVerify::None && !snapshot::Rising(o)) {
        Fail("table {}: corrupted CSR offsets (decreasing); {}", t.name, kRerun);
      }
    }
  }

  // What passed the checksums is what was written; this checks the writer.
  void CheckDictionaries() {
    for (size_t ti = 0; ti < db_.tables.size(); ++ti) {
      const Table& t = db_.tables[ti];
      for (size_t ci = 0; ci < t.columns.size(); ++ci) {
        const Column& c = t.columns[ci];
        if (c.dict_offsets.empty()) continue;
        const uint64_t* o = c.dict_offsets.as<uint64_t>();
        size_t n = c.dict_offsets.count<uint64_t>();
        bool ok = o[0] == 0 && o[n - 1] == c.dict_bytes.size();
        for (size_t i = 1; i < n && ok; ++i) ok = o[i] >= o[i - 1];
        if (!ok) Fail("table {} column {}: corrupted dictionary offsets; {}", t.name, schema_.tables[ti].fields[ci].name, kRerun);
      }
    }
  }

  void Verify() {
    checks_->CheckAll();  // every column's sections, in parallel
    // The padding too, so that every byte of the file is checked.
    std::vector<std::pair<uint64_t, uint64_t>> used;  // [begin, end)
    used.push_back({0, sizeof(snapshot::Header)});
    for (const Section& s : sections_) used.push_back({s.offset, s.offset + s.bytes});
    used.push_back({data_end_, size_});
    std::sort(used.begin(), used.end());
    uint64_t pos = 0;
    for (const auto& [begin, end] : used) {
      for (uint64_t i = pos; i < begin; ++i) {
        if (data_[i] != 0) Fail("corrupted padding at byte {}; {}", i, kRerun);
      }
      pos = std::max(pos, end);
    }
    CheckDictionaries();
    std::vector<int64_t> v;
    for (size_t ti = 0; ti < db_.tables.size(); ++ti) {
      const Table& t = db_.tables[ti];
      for (size_t ci = 0; ci < t.columns.size(); ++ci) {
        const Column& c = t.columns[ci];
        int64_t limit;
        if (c.encoding == Encoding::Dict32) {
          limit = c.dict_size();
        } else if (c.type.kind == TypeKind::Enum) {
          limit = static_cast<int64_t>(schema_.enums[c.type.ref].variants.size());
        } else {
          continue;
        }
        constexpr uint64_t kChunk = 4096;
        v.resize(kChunk);
        for (uint64_t begin = 0; begin < c.size; begin += kChunk) {
          uint64_t end = std::min(c.size, begin + kChunk);
          c.DecodeInts(begin, end, v.data());
          for (uint64_t r = begin; r < end; ++r) {
            int64_t x = v[r - begin];
            if ((x < 0 || x >= limit) && c.Present(r)) {
              Fail("table {} column {} row {}: value {} out of range (0..{})", t.name, schema_.tables[ti].fields[ci].name, r, x, limit - 1);
            }
          }
        }
      }
    }
  }

  const Schema& schema_;
  const std::string& path_;
  std::shared_ptr<const MappedFile> file_;
  const uint8_t* data_;
  uint64_t size_;
  uint64_t data_end_ = 0;
  Database db_;
  std::vector<TableToc> tocs_;
  std::vector<Section> sections_;  // every mapped section, for the padding between them
  std::shared_ptr<snapshot::SnapshotChecks> checks_;
  snapshot::SnapshotChecks::Unit* unit_ = nullptr;  // where Map records its section
};

}  // namespace

Database OpenSnapshot(const Schema& schema, const std::string& path, SnapshotVerify verify,
                      const CheckedRecords& records) {
  return Opener(schema, path, MapSnapshot(path)).Run(verify, records);
}

CheckedRecords DefaultCheckedRecords() { return {snapshot::DefaultRecordDir()}; }

}  // namespace sam::rt
