// How state version 3 stores repeated text once (docs/engine.md, "State"): a `texts`
// table holds each distinct text (a campaign's key, a message, a channel, a rule...)
// and rows hold its id. A stop's reason is long and repeats with small differences
// (times, counts, the other contacts it names), so it is cut into pieces, each ending
// after ", ", ": " or " at ", each piece stored once and the reason as their ids. A
// contact's local time is stored as its offset from UTC when it rebuilds exactly.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "engine/state/statement.hpp"

namespace sam::engine::state {

// A customer's key stored as a number when its text is one written as std::to_string
// writes it (no '+', no leading zero: it reads back the same), in 1-8 bytes instead of
// one a digit, in the rows and in their indexes; else as the text.
std::optional<int64_t> KeyNumber(std::string_view key);

// The ids of texts being written, adding those not stored yet. Each text is looked up
// in the file once per object: one per commit (or migration), which its rollback
// forgets with it.
class TextIds {
 public:
  TextIds(sqlite3* db, const std::string& path, StatementCache* cache = nullptr);
  int64_t operator()(std::string_view text);
  // The ids of the reason's pieces, as unsigned LEB128 varints.
  std::string Reason(std::string_view reason);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  Statement find_, add_;
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> ids_;
};

// The id of one column's text. Rows come in runs of one campaign, message, rule...,
// so the last text's id is kept: most rows compare one short text instead of hashing.
class ColumnIds {
 public:
  int64_t operator()(TextIds& ids, std::string_view text) {
    if (id_ == 0 || text != last_) {
      id_ = ids(text);
      last_ = text;
    }
    return id_;
  }

 private:
  std::string last_;
  int64_t id_ = 0;
};

// The texts of stored ids, each looked up once per object (one read of rows).
class Texts {
 public:
  Texts(sqlite3* db, const std::string& path, StatementCache* cache = nullptr);
  const std::string& operator()(int64_t id);
  std::string Reason(std::string_view ids);

 private:
  const std::string& path_;
  Statement find_;
  std::unordered_map<int64_t, std::string> texts_;
};

// "2026-11-23 09:00 +01:00" from the send moment and the offset in minutes, each
// distinct pair formatted once (a day's contacts share a few send moments).
class LocalTimes {
 public:
  // The offset to store for `text`, when the text rebuilds from it exactly.
  std::optional<int64_t> Offset(int64_t send_at, const std::string& text);
  const std::string& Text(int64_t send_at, int64_t offset);

 private:
  struct Hash {
    size_t operator()(const std::pair<int64_t, int64_t>& k) const {
      // Unsigned: the product of a send moment in µs overflows (undefined for signed).
      return std::hash<uint64_t>{}(static_cast<uint64_t>(k.first) * 1'000'003u + static_cast<uint64_t>(k.second));
    }
  };
  std::unordered_map<std::pair<int64_t, int64_t>, std::string, Hash> texts_;
};

}  // namespace sam::engine::state
