#include "engine/state/texts.hpp"

#include "engine/time_rules.hpp"

namespace sam::engine::state {

namespace {

// Where the piece of `reason` starting at `from` ends: after the first separator, else
// at the end. The separators are where SAM's reasons change from one stop to another.
size_t PieceEnd(std::string_view reason, size_t from) {
  const size_t n = reason.size();
  for (size_t i = from; i + 1 < n; ++i) {
    const char c = reason[i];
    if ((c == ',' || c == ':') && reason[i + 1] == ' ') return i + 2;
    if (c == ' ' && i + 3 < n && reason[i + 1] == 'a' && reason[i + 2] == 't' && reason[i + 3] == ' ') return i + 4;
  }
  return n;
}

void AppendVarint(std::string& out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out += static_cast<char>((v & 0x7F) | 0x80);
  out += static_cast<char>(v);
}

}  // namespace

std::optional<int64_t> KeyNumber(std::string_view key) {
  const bool minus = key.starts_with('-');
  const std::string_view digits = key.substr(minus ? 1 : 0);
  if (digits.empty() || digits.size() > 18 || (digits[0] == '0' && (digits.size() > 1 || minus))) return std::nullopt;
  int64_t v = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return minus ? -v : v;
}

TextIds::TextIds(sqlite3* db, const std::string& path, StatementCache* cache)
    : db_(db),
      find_(db, path, "SELECT id FROM texts WHERE text = ?", cache),
      add_(db, path, "INSERT INTO texts (text) VALUES (?)", cache) {}

int64_t TextIds::operator()(std::string_view text) {
  if (auto it = ids_.find(text); it != ids_.end()) return it->second;
  find_.Bind(1, text);
  int64_t id = find_.Step() ? find_.Int(0) : 0;
  find_.Reset();
  if (id == 0) {
    add_.Bind(1, text).Run();
    id = sqlite3_last_insert_rowid(db_);
  }
  ids_.emplace(text, id);
  return id;
}

std::string TextIds::Reason(std::string_view reason) {
  std::string ids;
  for (size_t at = 0, end; at < reason.size(); at = end) {
    end = PieceEnd(reason, at);
    AppendVarint(ids, static_cast<uint64_t>((*this)(reason.substr(at, end - at))));
  }
  return ids;
}

Texts::Texts(sqlite3* db, const std::string& path, StatementCache* cache)
    : path_(path), find_(db, path, "SELECT text FROM texts WHERE id = ?", cache) {}

const std::string& Texts::operator()(int64_t id) {
  auto [it, added] = texts_.try_emplace(id);
  if (added) {
    find_.Bind(1, id);
    const bool found = find_.Step();
    if (found) it->second = find_.Text(0);
    find_.Reset();
    if (!found) {
      texts_.erase(it);
      throw StateError(path_ + ": is damaged: text " + std::to_string(id) + " is missing", 1);
    }
  }
  return it->second;
}

std::string Texts::Reason(std::string_view ids) {
  std::string reason;
  uint64_t v = 0;
  int shift = 0;
  for (const char c : ids) {
    v |= uint64_t{static_cast<unsigned char>(c) & 0x7Fu} << shift;
    shift += 7;
    if ((static_cast<unsigned char>(c) & 0x80) == 0) {
      reason += (*this)(static_cast<int64_t>(v));
      v = 0;
      shift = 0;
    }
  }
  return reason;
}

std::optional<int64_t> LocalTimes::Offset(int64_t send_at, const std::string& text) {
  if (text.size() < 6) return std::nullopt;
  const std::string_view o = std::string_view(text).substr(text.size() - 6);  // "+01:00"
  auto digit = [&](size_t i) { return o[i] >= '0' && o[i] <= '9' ? o[i] - '0' : -1; };
  if ((o[0] != '+' && o[0] != '-') || o[3] != ':' || digit(1) < 0 || digit(2) < 0 || digit(4) < 0 || digit(5) < 0) {
    return std::nullopt;
  }
  const int64_t minutes = (digit(1) * 10 + digit(2)) * 60 + digit(4) * 10 + digit(5);
  const int64_t offset = o[0] == '-' ? -minutes : minutes;
  if (Text(send_at, offset) != text) return std::nullopt;
  return offset;
}

const std::string& LocalTimes::Text(int64_t send_at, int64_t offset) {
  auto [it, added] = texts_.try_emplace({send_at, offset});
  if (added) it->second = WallClockText(send_at, send_at + offset * kMicrosPerMinute);
  return it->second;
}

}  // namespace sam::engine::state
