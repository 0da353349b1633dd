// Wall-clock times (no zone in the data) to instants in the program's time zone.
// A time-zone lookup per value is far too slow for millions of rows, so offsets are
// cached per local day: a day whose offset is the same at its start and its end has
// one offset for every time in it; only the rare days of a transition ask the zone
// database for each value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace date {
class time_zone;
}

namespace sam::rt::load {

class TzCache {
 public:
  explicit TzCache(const std::string& timezone);  // throws std::runtime_error for an unknown zone
  // The instant (microseconds UTC) of a wall-clock time (microseconds, as if UTC);
  // a time in a gap or an overlap resolves like WallClockToInstant (earliest).
  int64_t ToInstant(int64_t wall_micros);

 private:
  int64_t Exact(int64_t wall_micros) const;
  struct Entry {
    int64_t day = INT64_MIN;
    int64_t offset = 0;  // wall - instant
    bool uniform = false;
  };
  const date::time_zone* zone_ = nullptr;  // null: UTC
  std::vector<Entry> entries_;
};

}  // namespace sam::rt::load
