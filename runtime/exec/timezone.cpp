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

// The days of the day table: 1900-01-01 to 2100-01-01 (146 KB a zone). Instants
// outside are searched for.
constexpr int64_t kFirstDay = -25567;
constexpr int64_t kLastDay = 47482;

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
  // The day table, when the indexes fit (a zone has a few hundred offsets).
  if (begins_.size() <= std::numeric_limits<uint16_t>::max()) {
    day_start_.resize(static_cast<size_t>(kLastDay - kFirstDay));
    size_t i = 0;
    for (int64_t d = kFirstDay; d < kLastDay; ++d) {
      while (i + 1 < begins_.size() && begins_[i + 1] <= d * kMicrosPerDay) ++i;
      day_start_[static_cast<size_t>(d - kFirstDay)] = static_cast<uint16_t>(i);
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
  const int64_t day = FloorDiv(micros, kMicrosPerDay) - kFirstDay;
  if (day >= 0 && day < static_cast<int64_t>(day_start_.size())) {
    size_t i = day_start_[static_cast<size_t>(day)];
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

int64_t TimeZoneTable::StartOfDay(int64_t days) const { return sam::StartOfDay(days, name_); }

}  // namespace sam::rt
