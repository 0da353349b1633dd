// Splits CSV text (RFC 4180) into records and fields. Fields are views into the input,
// except quoted fields with doubled quotes, which are unescaped into a scratch buffer
// that never grows past the field and line limits: a hostile line is scanned past,
// not copied. A record ends at a line feed outside quotes; a CR before it is dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sam::rt::load {

enum class RecordError : uint8_t {
  None,
  StrayQuote,    // a quote inside an unquoted field, or text after a closing quote
  Unterminated,  // a quoted field that runs to the end of the file
  FieldTooLong,
  LineTooLong,
};

struct CsvRecord {
  const char* begin = nullptr;  // the record's text, without its line end
  const char* end = nullptr;
  const char* next = nullptr;   // where the next record starts
  uint64_t newlines = 0;        // line feeds consumed, quoted ones included
  size_t fields = 0;            // how many fields the record has (may exceed the views kept)
  RecordError error = RecordError::None;
  size_t error_field = 0;       // the field of `error`
  bool blank = false;           // an empty line
};

class CsvTokenizer {
 public:
  // Keeps at most `max_fields` field views per record (more are counted, not kept).
  CsvTokenizer(char delimiter, size_t max_fields, uint64_t max_field_bytes, uint64_t max_line_bytes);

  // Reads the record starting at `p` (< end).
  void Next(const char* p, const char* end, CsvRecord& r);
  // The same, field by field, without the fast path for records without quotes:
  // the reference the fast path is tested against.
  void NextGeneral(const char* p, const char* end, CsvRecord& r);
  // Field i (< min(fields, max_fields)) of the last record.
  std::string_view field(size_t i) const { return views_[i]; }
  // The input is a read-only private file mapping: long scans give back the pages
  // they pass (see scan.hpp), so that a hostile field does not fill the memory.
  void set_release_pages(bool release) { release_ = release; }

 private:
  struct Piece {
    const char* p;
    uint64_t len;
    int64_t scratch;  // offset in scratch_, or -1
  };
  uint32_t SpecialMask(const char* q) const;  // AVX2 builds
  const char* SkipPlain(const char* q, const char* end) const;
  const char* SkipPlainLong(const char* q, const char* end) const;
  void ReleaseBehind(const char*& released, const char* q) const;
  bool NextPlain(const char* p, const char* end, CsvRecord& r);
  const char* Quoted(const char* p, const char* end, CsvRecord& r, Piece& piece);

  char delim_;
  size_t max_fields_;
  uint64_t max_field_, max_line_;
  bool release_ = false;
  bool special_[256] = {};
  std::vector<Piece> pieces_;
  std::vector<std::string_view> views_;
  std::string scratch_;
};

// Drops UTF-8 byte order marks: a file converted twice starts with two, and the
// second would otherwise be an invisible part of the first column's name.
inline const char* SkipBom(const char* p, const char* end) {
  while (end - p >= 3 && static_cast<unsigned char>(p[0]) == 0xEF && static_cast<unsigned char>(p[1]) == 0xBB &&
         static_cast<unsigned char>(p[2]) == 0xBF)
    p += 3;
  return p;
}

}  // namespace sam::rt::load
