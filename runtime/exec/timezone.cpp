#include "runtime/exec/timezone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "schema/time_zone.hpp"
#include "schema/types.hpp"

namespace sam::rt {

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
}

int64_t TimeZoneTable::OffsetAt(int64_t micros) const {
  auto it = std::upper_bound(begins_.begin(), begins_.end(), micros);
  return offsets_[static_cast<size_t>(it - begins_.begin()) - 1];
}

int64_t TimeZoneTable::LocalDate(int64_t micros) const {
  return FloorDiv(micros + OffsetAt(micros), kMicrosPerDay);
}

int64_t TimeZoneTable::StartOfDay(int64_t days) const { return sam::StartOfDay(days, name_); }

}  // namespace sam::rt
