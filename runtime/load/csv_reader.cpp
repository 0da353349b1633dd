#include "runtime/load/csv_reader.hpp"

#include "runtime/load/scan.hpp"

#include <algorithm>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace sam::rt::load {

CsvTokenizer::CsvTokenizer(char delimiter, size_t max_fields, uint64_t max_field_bytes, uint64_t max_line_bytes)
    : delim_(delimiter), max_fields_(max_fields), max_field_(max_field_bytes), max_line_(max_line_bytes) {
  special_[static_cast<unsigned char>(delimiter)] = true;
  special_[static_cast<unsigned char>('\n')] = true;
  special_[static_cast<unsigned char>('"')] = true;
  pieces_.reserve(std::min<size_t>(max_fields, 4096));
  views_.reserve(std::min<size_t>(max_fields, 4096));
}

// Gives back the pages from `released` to q once they are more than a scan window:
// for fields that are long because of many short pieces (doubled quotes, stray
// quotes), which FindByte and SkipPlainLong never see as one long search.
void CsvTokenizer::ReleaseBehind(const char*& released, const char* q) const {
  if (!release_ || static_cast<uint64_t>(q - released) <= kScanWindow) return;
  ReleasePages(released, q);
  released = q;
}

// A quoted field from the quote at p; returns the position after the closing quote
// (or `end` when there is none).
const char* CsvTokenizer::Quoted(const char* p, const char* end, CsvRecord& r, Piece& piece) {
  const char* q = p + 1;
  const char* seg = q;
  const char* released = q;
  bool escaped = false;
  uint64_t len = 0;
  for (;;) {
    const char* stop = FindByte(q, end, '"', release_, &r.newlines);
    const char* quote = stop < end ? stop : nullptr;
    if (!quote) {
      if (r.error == RecordError::None) r.error = RecordError::Unterminated, r.error_field = r.fields;
      piece = {seg, 0, -1};
      return end;
    }
    if (quote + 1 < end && quote[1] == '"') {
      // A doubled quote: the text so far and one quote go to scratch.
      uint64_t n = static_cast<uint64_t>(quote + 1 - seg);
      if (!escaped) {
        escaped = true;
        piece.scratch = static_cast<int64_t>(scratch_.size());
      }
      len += n;
      if (len <= max_field_ && scratch_.size() + n <= max_line_) scratch_.append(seg, n);
      q = seg = quote + 2;
      ReleaseBehind(released, q);
      continue;
    }
    uint64_t n = static_cast<uint64_t>(quote - seg);
    len += n;
    if (escaped) {
      if (len <= max_field_ && scratch_.size() + n <= max_line_) scratch_.append(seg, n);
      piece = {nullptr, len, piece.scratch};
    } else {
      piece = {seg, len, -1};
    }
    if (len > max_field_ && r.error == RecordError::None) r.error = RecordError::FieldTooLong, r.error_field = r.fields;
    return quote + 1;
  }
}

#if defined(__AVX2__)
// Bit i set where q[i] (i < 32) is the delimiter, a line feed or a quote.
uint32_t CsvTokenizer::SpecialMask(const char* q) const {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
  const __m256i hit = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(delim_)), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'))),
      _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')));
  return static_cast<uint32_t>(_mm256_movemask_epi8(hit));
}
#endif

// The first delimiter, line feed or quote at or after q (end if none).
const char* CsvTokenizer::SkipPlain(const char* q, const char* end) const {
#if defined(__AVX2__)
  // 32 bytes a step: most fields end within the first.
  while (end - q >= 32) {
    const uint32_t bits = SpecialMask(q);
    if (bits != 0) return q + __builtin_ctz(bits);
    q += 32;
  }
#endif
  while (q < end && !special_[static_cast<unsigned char>(*q)]) ++q;
  return q;
}

// SkipPlain in windows of kScanWindow bytes, giving back the pages of each window
// passed: a field as long as that is over every sensible limit, read past, not kept.
const char* CsvTokenizer::SkipPlainLong(const char* q, const char* end) const {
  for (;;) {
    const char* wend = static_cast<uint64_t>(end - q) > kScanWindow ? q + kScanWindow : end;
    const char* hit = SkipPlain(q, wend);
    if (hit < wend || wend == end) return hit;
    if (release_) ReleasePages(q, wend);
    q = wend;
  }
}

// Most records have no quotes and short fields: one mask of the delimiters, line
// feeds and quotes per 32 bytes of the record gives all of its fields. Returns false,
// having kept nothing, for anything else: a quote, a field or line over its limit, a
// record that the end of the input cuts (the general path handles those).
bool CsvTokenizer::NextPlain(const char* p, const char* end, CsvRecord& r) {
#if defined(__AVX2__)
  views_.clear();
  const char* field = p;
  size_t fields = 0;
  for (const char* q = p; end - q >= 32; q += 32) {
    // A field or line over its limit goes to the general path, which reads past it
    // without holding its pages.
    if (static_cast<uint64_t>(q - p) > max_line_ || static_cast<uint64_t>(q - field) > max_field_) return false;
    for (uint32_t bits = SpecialMask(q); bits != 0; bits &= bits - 1) {
      const char* h = q + __builtin_ctz(bits);
      if (*h == '"') return false;
      const bool last = *h == '\n';
      const char* fe = last && h > field && h[-1] == '\r' ? h - 1 : h;
      if (static_cast<uint64_t>(fe - field) > max_field_) return false;
      if (fields < max_fields_) views_.emplace_back(field, static_cast<size_t>(fe - field));
      ++fields;
      field = h + 1;
      if (!last) continue;
      r = CsvRecord{};
      r.begin = p;
      r.end = h > p && h[-1] == '\r' ? h - 1 : h;
      if (static_cast<uint64_t>(r.end - r.begin) > max_line_) return false;
      r.next = h + 1;
      r.newlines = 1;
      r.fields = fields;
      r.blank = fields == 1 && r.end == r.begin;
      return true;
    }
  }
#else
  (void)p, (void)end, (void)r;
#endif
  return false;
}

void CsvTokenizer::Next(const char* p, const char* end, CsvRecord& r) {
  if (!NextPlain(p, end, r)) NextGeneral(p, end, r);
}

void CsvTokenizer::NextGeneral(const char* p, const char* end, CsvRecord& r) {
  r = CsvRecord{};
  r.begin = p;
  pieces_.clear();
  scratch_.clear();
  const char delim = delim_;
  for (;;) {
    Piece piece{p, 0, -1};
    const char* q;
    if (p < end && *p == '"') {
      q = Quoted(p, end, r, piece);
      if (q < end && *q != delim && *q != '\n' && !(*q == '\r' && q + 1 < end && q[1] == '\n')) {
        if (r.error == RecordError::None) r.error = RecordError::StrayQuote, r.error_field = r.fields;
        while (q < end && *q != delim && *q != '\n') ++q;  // skip to the field's end
      } else if (q < end && *q == '\r') {
        ++q;  // CR LF after the closing quote
      }
    } else {
      q = p;
      for (const char* released = p;;) {
        q = SkipPlainLong(q, end);
        if (q < end && *q == '"') {
          if (r.error == RecordError::None) r.error = RecordError::StrayQuote, r.error_field = r.fields;
          ++q;
          ReleaseBehind(released, q);
          continue;
        }
        break;
      }
      const char* fe = q;
      if (q < end && *q == '\n' && fe > p && fe[-1] == '\r') --fe;
      piece.len = static_cast<uint64_t>(fe - p);
      if (piece.len > max_field_ && r.error == RecordError::None) r.error = RecordError::FieldTooLong, r.error_field = r.fields;
    }
    if (r.fields < max_fields_) pieces_.push_back(piece);
    ++r.fields;
    if (q < end && *q == delim) {
      p = q + 1;
      continue;
    }
    // The record ends: at a line feed or at the end of the input.
    r.end = q;
    if (q < end) {
      if (q > r.begin && q[-1] == '\r') r.end = q - 1;
      ++r.newlines;
      r.next = q + 1;
    } else {
      r.next = end;
    }
    break;
  }
  if (static_cast<uint64_t>(r.end - r.begin) > max_line_) r.error = RecordError::LineTooLong, r.error_field = 0;
  r.blank = r.fields == 1 && r.end == r.begin;
  views_.clear();
  for (const Piece& pc : pieces_) {
    if (pc.scratch >= 0) {
      uint64_t n = std::min<uint64_t>(pc.len, scratch_.size() - static_cast<uint64_t>(pc.scratch));
      views_.emplace_back(scratch_.data() + pc.scratch, n);
    } else {
      views_.emplace_back(pc.p, pc.len);
    }
  }
}

}  // namespace sam::rt::load
