#include "runtime/load/row_sink.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sam::rt::load {

namespace {
// The length of s cut to at most `max` bytes, not inside a UTF-8 sequence (else the
// cut would show as invalid bytes in the rejects file).
size_t CutAt(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80 && max - n < 3) --n;
  return n;
}
}  // namespace

RowSink::RowSink(const TableContext& ctx) : ctx_(ctx), tz_(ctx.timezone), slots_(ctx.fields.size()) {
  columns.reserve(ctx.fields.size());
  for (const auto& f : ctx.fields) columns.emplace_back(f.type);
}

void RowSink::Reserve(uint64_t rows, uint64_t bytes) {
  for (auto& c : columns) c.Reserve(rows), c.ReserveBytes(bytes);
  if (ctx_.per_customer) customer_rows.reserve(rows);
}

void RowSink::Reject(uint64_t line, std::string_view raw, std::string_view column, std::string reason) {
  ++read;
  // A row that runs to the end of the file (an unterminated quote) ends with the
  // file's line end: it is not part of the row.
  while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
  std::string text(raw.substr(0, CutAt(raw, kMaxRawBytes)));
  if (raw.size() > kMaxRawBytes) text += "...";
  rejections.push_back({line, std::string(column), std::move(reason), std::move(text)});
}

void RowSink::Add(uint64_t line, std::string_view raw, const std::string_view* texts, const bool* given) {
  const size_t n = ctx_.fields.size();
  for (size_t f = 0; f < n; ++f) {
    const FieldSpec& spec = ctx_.fields[f];
    Slot& slot = slots_[f];
    if (!given[f] || texts[f].empty()) {
      if (!spec.type.optional) {
        return Reject(line, raw, spec.name, given[f] ? "empty value for a required column" : "no value for a required column");
      }
      slot.present = false;
      continue;
    }
    if (!ParseValue(spec, texts[f], tz_, slot, reason_)) return Reject(line, raw, spec.name, std::move(reason_));
    if (ctx_.per_customer && static_cast<int>(f) == ctx_.info->key) ctx_.customers->Prefetch(slot.i);
  }
  int64_t customer = -1;
  if (ctx_.per_customer) {
    const Slot& key = slots_[ctx_.info->key];
    bool is_string = ctx_.fields[ctx_.info->key].type.kind == TypeKind::String;
    customer = is_string ? ctx_.customers->Find(key.s) : ctx_.customers->Find(key.i);
    if (customer < 0) {
      std::string shown = is_string ? std::string(key.s.substr(0, 100)) : std::to_string(key.i);
      return Reject(line, raw, ctx_.fields[ctx_.info->key].name, fmt::format("unknown customer `{}`", shown));
    }
  }
  ++read;
  for (size_t f = 0; f < n; ++f) {
    const Slot& slot = slots_[f];
    ColumnBuilder& b = columns[f];
    if (!slot.present) {
      b.AppendAbsent();
    } else if (b.is_string()) {
      b.AppendString(slot.s);
    } else if (b.is_float()) {
      b.AppendFloat(slot.f);
    } else {
      b.AppendInt(slot.i);
    }
  }
  if (ctx_.per_customer) customer_rows.push_back(static_cast<uint32_t>(customer));
  if (ctx_.keyed) {
    lines.push_back(line);
    offsets.push_back(static_cast<uint64_t>(raw.data() - ctx_.data));
    lengths.push_back(static_cast<uint32_t>(std::min<size_t>(raw.size(), UINT32_MAX)));
  }
}

}  // namespace sam::rt::load
