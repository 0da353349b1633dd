#include "runtime/load/tz_cache.hpp"

#include <date/tz.h>

#include "schema/types.hpp"

namespace sam::rt::load {

namespace {
constexpr size_t kEntries = 1024;  // direct-mapped by day: ~3 years without eviction

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

TzCache::TzCache(const std::string& timezone) {
  if (timezone != "UTC" && timezone != "Etc/UTC") zone_ = date::locate_zone(timezone);
  entries_.resize(kEntries);
}

int64_t TzCache::Exact(int64_t wall) const {
  date::local_time<std::chrono::microseconds> local{std::chrono::microseconds{wall}};
  return zone_->to_sys(local, date::choose::earliest).time_since_epoch().count();
}

int64_t TzCache::ToInstant(int64_t wall) {
  if (!zone_) return wall;
  int64_t day = FloorDiv(wall, kMicrosPerDay);
  Entry& e = entries_[static_cast<uint64_t>(day) % kEntries];
  if (e.day != day) {
    int64_t start = day * kMicrosPerDay, end = start + kMicrosPerDay - 1;
    int64_t off0 = start - Exact(start), off1 = end - Exact(end);
    e = Entry{day, off0, off0 == off1};
  }
  return e.uniform ? wall - e.offset : Exact(wall);
}

}  // namespace sam::rt::load
