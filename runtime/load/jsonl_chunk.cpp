// JSON lines: one object per line, parsed with simdjson's on-demand API. Keys name
// fields; null is absent; strings, numbers and booleans are handed to the same
// converters as CSV text (numbers as their JSON text, so decimals stay exact).
#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>

#include "runtime/load/chunk.hpp"
#include "runtime/load/scan.hpp"

namespace sam::rt::load {

namespace {

namespace od = simdjson::ondemand;

constexpr size_t kMaxUnknownKeys = 20;

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A number as JSON writes it (RFC 8259): simdjson's on-demand API hands over the
// token as written, and the converters, made for CSV, would read `01` or `+1`.
bool JsonNumber(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// `null` itself: on-demand parsing types `nul` and `nulls` as null too.
simdjson::error_code CheckNull(od::value v) {
  bool null = false;
  if (auto e = v.is_null().get(null)) return e;
  return null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
}

// A number's token, or empty with `reason` set when JSON does not write it so.
std::string_view Number(od::value v, std::string& reason) {
  const std::string_view token = TrimRight(v.raw_json_token());
  if (JsonNumber(token)) return token;
  reason = fmt::format("`{}` is not a JSON number", token);
  return {};
}

bool Blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

class JsonRow {
 public:
  explicit JsonRow(const TableContext& ctx, Chunk& chunk)
      : ctx_(ctx), chunk_(chunk), texts_(ctx.fields.size()), given_(ctx.fields.size()), seen_(ctx.fields.size()) {}

  void Parse(uint64_t line, std::string_view raw) {
    RowSink& sink = *chunk_.sink;
    if (raw.size() > ctx_.options->max_line_bytes) {
      return sink.Reject(line, raw, "", fmt::format("the row is longer than the limit of {} bytes", ctx_.options->max_line_bytes));
    }
    const char* file_end = ctx_.data + ctx_.size;
    simdjson::padded_string_view view;
    if (static_cast<size_t>(file_end - raw.data()) >= raw.size() + simdjson::SIMDJSON_PADDING) {
      view = simdjson::padded_string_view(raw.data(), raw.size(), static_cast<size_t>(file_end - raw.data()));
    } else {
      padded_.assign(raw.data(), raw.size());
      padded_.append(simdjson::SIMDJSON_PADDING, ' ');
      view = simdjson::padded_string_view(padded_.data(), raw.size(), padded_.size());
    }
    std::string column, reason;
    if (!Fields(view, column, reason)) return sink.Reject(line, raw, column, std::move(reason));
    // Byte vector to bool array: RowSink takes a plain array.
    for (size_t f = 0; f < given_.size(); ++f) given_flags_[f] = given_[f] != 0;
    sink.Add(line, raw, texts_.data(), given_flags_.get());
  }

 private:
  bool Fields(simdjson::padded_string_view view, std::string& column, std::string& reason) {
    std::fill(given_.begin(), given_.end(), 0);
    std::fill(seen_.begin(), seen_.end(), 0);
    if (!given_flags_) given_flags_.reset(new bool[ctx_.fields.size()]);
    auto fail = [&](simdjson::error_code e) {
      reason = e == simdjson::UTF8_ERROR ? "invalid UTF-8" : fmt::format("not a JSON object: {}", simdjson::error_message(e));
      return false;
    };
    od::document doc;
    if (auto e = parser_.iterate(view).get(doc)) return fail(e);
    od::object obj;
    if (auto e = doc.get_object().get(obj)) return fail(e);
    for (auto result : obj) {
      od::field field;
      if (auto e = std::move(result).get(field)) return fail(e);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return fail(e);
      int f = Find(key);
      if (f < 0) {
        if (chunk_.unknown_keys.size() < kMaxUnknownKeys) chunk_.unknown_keys.emplace(key);
        // Read through, not skipped: on-demand parsing checks only what is read, and a
        // line that is not JSON (`tru`, `"\q"`, `{"a":}`) must reject its row.
        if (auto e = Validate(field.value(), reason)) return fail(e);
        if (!reason.empty()) return false;
        continue;
      }
      if (seen_[f]) {
        column = ctx_.fields[f].name;
        reason = fmt::format("the key `{}` appears twice", key);
        return false;
      }
      seen_[f] = 1;
      od::value v = field.value();
      od::json_type type;
      if (auto e = v.type().get(type)) return fail(e);
      switch (type) {
        case od::json_type::null:
          if (auto e = CheckNull(v)) return fail(e);
          break;
        case od::json_type::string: {
          std::string_view s;
          if (auto e = v.get_string().get(s)) return fail(e);
          if (s.size() > ctx_.options->max_field_bytes) {
            column = ctx_.fields[f].name;
            reason = fmt::format("the field is longer than the limit of {} bytes", ctx_.options->max_field_bytes);
            return false;
          }
          texts_[f] = s;
          given_[f] = 1;
          break;
        }
        case od::json_type::number:
          texts_[f] = Number(v, reason);
          if (!reason.empty()) {
            column = ctx_.fields[f].name;
            return false;
          }
          given_[f] = 1;
          break;
        case od::json_type::boolean: {
          bool b;
          if (auto e = v.get_bool().get(b)) return fail(e);
          texts_[f] = b ? "true" : "false";
          given_[f] = 1;
          break;
        }
        default:
          column = ctx_.fields[f].name;
          reason = "a JSON array or object is not a value of this column";
          return false;
      }
    }
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
      reason = "text after the JSON object";
      return false;
    }
    return true;
  }

  // Reads a value the schema does not use through, so that its errors are found; a
  // number not as JSON writes it sets `reason`.
  simdjson::error_code Validate(od::value v, std::string& reason) {
    od::json_type type;
    if (auto e = v.type().get(type)) return e;
    switch (type) {
      case od::json_type::object: {
        od::object o;
        if (auto e = v.get_object().get(o)) return e;
        for (auto result : o) {
          od::field field;
          if (auto e = std::move(result).get(field)) return e;
          std::string_view key;
          if (auto e = field.unescaped_key().get(key)) return e;
          if (auto e = Validate(field.value(), reason); e || !reason.empty()) return e;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::array: {
        od::array a;
        if (auto e = v.get_array().get(a)) return e;
        for (auto result : a) {
          od::value item;
          if (auto e = std::move(result).get(item)) return e;
          if (auto e = Validate(item, reason); e || !reason.empty()) return e;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::string: return v.get_string().error();
      case od::json_type::boolean: return v.get_bool().error();
      case od::json_type::null: return CheckNull(v);
      case od::json_type::number: Number(v, reason); return simdjson::SUCCESS;
    }
    return simdjson::SUCCESS;
  }

  int Find(std::string_view key) const {
    for (size_t f = 0; f < ctx_.fields.size(); ++f) {
      if (ctx_.fields[f].name == key) return static_cast<int>(f);
    }
    return -1;
  }

  const TableContext& ctx_;
  Chunk& chunk_;
  od::parser parser_;
  std::string padded_;
  std::vector<std::string_view> texts_;
  std::vector<uint8_t> given_, seen_;
  std::unique_ptr<bool[]> given_flags_;
};

}  // namespace

void ParseJsonChunk(const TableContext& ctx, Chunk& chunk) {
  JsonRow row(ctx, chunk);
  const char* file_end = ctx.data + ctx.size;
  const char* p = chunk.start;
  uint64_t line = 0;
  while (p < chunk.nominal_end) {
    const char* le = FindByte(p, file_end, '\n', ctx.mapped);
    const char* nl = le < file_end ? le : nullptr;
    std::string_view raw(p, static_cast<size_t>(le - p));
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (!Blank(raw)) row.Parse(line, raw);
    if (!nl) {
      p = file_end;
      break;
    }
    ++line;
    p = nl + 1;
  }
  chunk.end = p;
  chunk.newlines = line;
}

}  // namespace sam::rt::load
