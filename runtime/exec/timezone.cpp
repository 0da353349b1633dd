#include "runtime/exec/timezone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

#include "schema/time_zone.hpp"
#include "schema/types.hpp"

namespace sam::rt {
namespace {

// The span of the bucket table: 1900-01-01 to 2100-01-01, in buckets of 2^39 us
// (6.4 days; 9,933 of them, 19 KB a zone). A shift finds an instant's bucket where a
// day would take a division, and the table is small enough to build in microseconds
// (a table per day took 0.1 ms of every fresh process's first question). Instants
// outside are searched for.
constexpr int64_t kFirstMicros = -25567 * kMicrosPerDay;
constexpr int64_t kLastMicros = 47482 * kMicrosPerDay;
constexpr int kBucketShift = 39;

}  // namespace

TimeZoneTable::TimeZoneTable(const std::string& name) : name_(name) {
  const date::time_zone* tz = date::locate_zone(name);
  using namespace std::chrono;
  // Offsets from 1800 to 2400 cover every date a column can reasonably hold; outside,
  // the first or last offset applies.
  auto t = date::sys_days{date::year{1800} / 1 / 1} + seconds{0};
  auto end = date::sys_days{date::year{2400} / 1 / 1} + seconds{0};
  begins_.push_back(std::numeric_limits<int64_t>::min());
  offsets_.push_back(tz->get_info(t).offset.count() * kMicrosPerSecond);
  while (t < end) {
    date::sys_info info = tz->get_info(t);
    if (info.end <= t) break;
    t = info.end;
    if (t >= end) break;
    int64_t off = tz->get_info(t).offset.count() * kMicrosPerSecond;
    if (off == offsets_.back()) continue;
    begins_.push_back(duration_cast<microseconds>(t.time_since_epoch()).count());
    offsets_.push_back(off);
  }
  // The bucket table, when the indexes fit (a zone has a few hundred offsets).
  if (begins_.size() <= std::numeric_limits<uint16_t>::max()) {
    const auto buckets = static_cast<size_t>((kLastMicros - kFirstMicros) >> kBucketShift) + 1;
    bucket_start_.resize(buckets);
    size_t i = 0;
    for (size_t b = 0; b < buckets; ++b) {
      const int64_t start = kFirstMicros + (static_cast<int64_t>(b) << kBucketShift);
      while (i + 1 < begins_.size() && begins_[i + 1] <= start) ++i;
      bucket_start_[b] = static_cast<uint16_t>(i);
    }
  }
}

const TimeZoneTable& TimeZoneTable::Of(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const TimeZoneTable>> tables;
  std::lock_guard lock(mutex);
  auto& table = tables[name];
  if (!table) table = std::make_unique<const TimeZoneTable>(name);
  return *table;
}

size_t TimeZoneTable::IndexAt(int64_t micros) const {
  // Unsigned: an instant before kFirstMicros wraps to a bucket past the table's end.
  const uint64_t bucket = (static_cast<uint64_t>(micros) - static_cast<uint64_t>(kFirstMicros)) >> kBucketShift;
  if (bucket < bucket_start_.size()) {
    size_t i = bucket_start_[bucket];
    while (i + 1 < begins_.size() && begins_[i + 1] <= micros) ++i;
    return i;
  }
  auto it = std::upper_bound(begins_.begin(), begins_.end(), micros);
  return static_cast<size_t>(it - begins_.begin()) - 1;
}

int64_t TimeZoneTable::OffsetAt(int64_t micros) const { return offsets_[IndexAt(micros)]; }

int64_t TimeZoneTable::LocalDate(int64_t micros) const {
  return FloorDiv(micros + offsets_[IndexAt(micros)], kMicrosPerDay);
}

bool TimeZoneTable::DatesGrow(int64_t lo, int64_t hi) const {
  auto it = std::upper_bound(begins_.begin(), begins_.end(), lo);
  for (size_t i = static_cast<size_t>(it - begins_.begin()); i < begins_.size() && begins_[i] <= hi; ++i) {
    if (i == 0) continue;
    const int64_t t = begins_[i];
    if (FloorDiv(t + offsets_[i], kMicrosPerDay) < FloorDiv(t - 1 + offsets_[i - 1], kMicrosPerDay)) return false;
  }
  return true;
}

int64_t TimeZoneTable::NextChange(int64_t micros) const {
  const size_t i = IndexAt(micros) + 1;
  return i < begins_.size() ? begins_[i] : INT64_MAX;
}

bool TimeZoneTable::AlignedTo(int64_t lo, int64_t hi, int64_t q) const {
  const size_t first = IndexAt(lo);
  if (offsets_[first] % q != 0) return false;
  for (size_t i = first + 1; i < begins_.size() && begins_[i] <= hi; ++i) {
    if (offsets_[i] % q != 0 || begins_[i] % q != 0) return false;
  }
  return true;
}

void TimeZoneTable::LocalDates(const int64_t* micros, const uint8_t* present, size_t n, int64_t* out) const {
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t r = 0; r < n; ++r) {
    const bool here = present == nullptr || present[r] != 0;
    lo = std::min(lo, here ? micros[r] : INT64_MAX), hi = std::max(hi, here ? micros[r] : INT64_MIN);
  }
  if (lo > hi) {
    std::fill_n(out, n, 0);
    return;
  }
  const size_t first = IndexAt(lo);
  if (first != IndexAt(hi) || __builtin_add_overflow(lo, offsets_[first], &lo) ||
      __builtin_add_overflow(hi, offsets_[first], &hi)) {
    for (size_t r = 0; r < n; ++r) out[r] = present == nullptr || present[r] != 0 ? LocalDate(micros[r]) : 0;
    return;
  }
  const int64_t offset = offsets_[first];
  for (size_t r = 0; r < n; ++r) {
    const int64_t t = present == nullptr || present[r] != 0 ? micros[r] + offset : 0;
    out[r] = FloorDiv(t, kMicrosPerDay);
  }
}

int64_t TimeZoneTable::StartOfDay(int64_t days) const {
  // Local midnight is w - o for the offset o in force then. Where no change falls
  // within two days of it, that instant is the only one whose wall clock shows w (an
  // offset is at most a day or so): the table's answer. Near a change (a midnight in
  // a gap, or shown twice) the zone database decides, as for every wall-clock time.
  // The table's years (1800 to 2400, the constructor's) with days to spare; beyond
  // them the database's rules go on where the table keeps its last offset.
  constexpr int64_t kFirstDay = -62091 + 3, kLastDay = 157054 - 3;
  constexpr int64_t kMargin = 2 * kMicrosPerDay;
  if (days > kFirstDay && days < kLastDay && !begins_.empty()) {
    const int64_t w = days * kMicrosPerDay;
    const size_t i = IndexAt(w - offsets_[IndexAt(w)]);
    const int64_t t = w - offsets_[i];
    if (begins_[i] <= t - kMargin && (i + 1 == begins_.size() || begins_[i + 1] > t + kMargin)) return t;
  }
  return sam::StartOfDay(days, name_);
}

}  // namespace sam::rt
