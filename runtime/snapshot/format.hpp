// The layout of a snapshot file (format version 2). All integers little-endian.
//
//   offset 0     Header (128 bytes, below), its last 8 bytes the checksum of the rest
//   offset 128   sections, each starting at a multiple of 64 bytes, zero padding
//                between them: per table its CSR offsets, per column its values,
//                validity bitmap, dictionary offsets and dictionary bytes (Plain string
//                columns: per-row offsets and the rows' bytes in those two; absent when
//                empty) -- exactly the bytes of the Database's Buffers, so that a
//                mapped section is used as the column itself
//   toc_offset   the table of contents (TOC), 64-aligned, its checksum in the header
//   file_bytes   end of file
//
// The TOC is a byte stream (TocWriter/TocReader): source, loaded_at, customers,
// key_field, fingerprint, settings (StoredSettings, what the fingerprint hashes: new in
// version 2, which added the time zone to them), then per table its name, kind, rows
// and offsets section, then per column its type, encoding, base, unit, size and four
// sections. A section is (offset, bytes, checksum of its bytes).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace sam::rt::snapshot {

static_assert(std::endian::native == std::endian::little, "snapshots are written in the machine's byte order");

inline constexpr char kMagic[8] = {'\x89', 'S', 'A', 'M', 'D', 'B', '\r', '\n'};
inline constexpr uint32_t kVersion = 2;
inline constexpr uint64_t kAlign = 64;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t header_bytes;  // sizeof(Header)
  uint64_t file_bytes;
  uint64_t toc_offset;
  uint64_t toc_bytes;
  uint64_t toc_checksum;
  char fingerprint[32];  // SchemaFingerprint, zero-padded
  uint64_t customers;    // rows of the customers table, for a quick look
  int64_t loaded_at;
  uint8_t reserved[24];
  uint64_t header_checksum;  // of the bytes before it
};
static_assert(sizeof(Header) == 128);

struct Section {
  uint64_t offset = 0;
  uint64_t bytes = 0;
  uint64_t checksum = 0;
};

inline uint64_t AlignUp(uint64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

class TocWriter {
 public:
  template <class T>
  void Put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void PutSection(const Section& s) {
    Put(s.offset);
    Put(s.bytes);
    Put(s.checksum);
  }
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

// Reads what TocWriter wrote; `ok()` turns false (and stays) at the first read past
// the end, which then returns zeros.
class TocReader {
 public:
  TocReader(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  template <class T>
  T Get() {
    T v{};
    if (!ok_ || static_cast<size_t>(end_ - p_) < sizeof v) {
      ok_ = false;
      return v;
    }
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return v;
  }
  std::string GetString() {
    uint32_t n = Get<uint32_t>();
    if (!ok_ || static_cast<size_t>(end_ - p_) < n) {
      ok_ = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }
  Section GetSection() {
    Section s;
    s.offset = Get<uint64_t>();
    s.bytes = Get<uint64_t>();
    s.checksum = Get<uint64_t>();
    return s;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return p_ == end_; }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

}  // namespace sam::rt::snapshot
