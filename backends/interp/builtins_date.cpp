// The date, time and duration built-ins over vectors (builtins.cpp dispatches).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "backends/interp/builtins.hpp"
#include "backends/interp/morsel.hpp"
#include "runtime/exec/timezone.hpp"
#include "schema/calendar.hpp"

namespace sam::interp {

using stdlib::BuiltinId;

namespace {

constexpr int64_t kHour = 3600 * kMicrosPerSecond;

// Years from a to b as in an age: the anniversary must have been reached.
int64_t YearsBetween(int64_t a, int64_t b) {
  CivilDate x = CivilFromDays(a), y = CivilFromDays(b);
  int64_t years = y.year - x.year;
  auto before = [](const CivilDate& p, const CivilDate& q) { return p.month < q.month || (p.month == q.month && p.day < q.day); };
  if (years > 0 && before(y, x)) --years;
  if (years < 0 && before(x, y)) ++years;
  return years;
}

int64_t MonthsBetween(int64_t a, int64_t b) {
  CivilDate x = CivilFromDays(a), y = CivilFromDays(b);
  int64_t months = (y.year - x.year) * 12 + (static_cast<int64_t>(y.month) - x.month);
  if (months > 0 && y.day < x.day) --months;
  if (months < 0 && y.day > x.day) ++months;
  return months;
}

// The anniversary of `d` in `year`; 29 February falls on 28 February in other years.
int64_t AnniversaryIn(int64_t d, int64_t year) {
  CivilDate c = CivilFromDays(d);
  unsigned day = c.day;
  if (c.month == 2 && day == 29 && !IsLeapYear(year)) day = 28;
  return DaysFromCivil(year, c.month, day);
}

// Years a date moved by add_months or add_years may reach; beyond them the result is
// out of range (an error, not a wrapped-around date).
constexpr __int128 kMaxYear = 1'000'000'000'000'000;

// The date n months after d, the day kept or the month's last; nullopt out of range.
std::optional<int64_t> AddMonths(int64_t d, int64_t n) {
  CivilDate c = CivilFromDays(d);
  const __int128 total = static_cast<__int128>(c.year) * 12 + (c.month - 1) + n;
  if (total > kMaxYear * 12 || total < -kMaxYear * 12) return std::nullopt;
  int64_t year = FloorDiv(static_cast<int64_t>(total), 12);
  unsigned month = static_cast<unsigned>(static_cast<int64_t>(total) - year * 12 + 1);
  return DaysFromCivil(year, month, std::min(c.day, DaysInMonth(year, month)));
}

// The anniversary of d n years later (29 February on 28 February); nullopt out of range.
std::optional<int64_t> AddYears(int64_t d, int64_t n) {
  CivilDate c = CivilFromDays(d);
  const __int128 year = static_cast<__int128>(c.year) + n;
  if (year > kMaxYear || year < -kMaxYear) return std::nullopt;
  return AnniversaryIn(d, static_cast<int64_t>(year));
}

// Calendar fields of n days, in 32-bit arithmetic that the compiler vectorizes (the
// same algorithm as CivilFromDays). Returns false, writing nothing, when a day is
// before year 0 or too far ahead for 32 bits.
bool CivilRows(const int64_t* __restrict days, size_t n, int32_t* __restrict year, uint8_t* __restrict month,
               uint8_t* __restrict day) {
  int64_t lo = 0, hi = 0;
  for (size_t r = 0; r < n; ++r) lo = std::min(lo, days[r]), hi = std::max(hi, days[r]);
  if (lo < -719468 || hi > 1'000'000'000) return false;
  for (size_t r = 0; r < n; ++r) {
    const uint32_t z = static_cast<uint32_t>(days[r] + 719468);
    const uint32_t era = z / 146097;
    const uint32_t doe = z - era * 146097;
    const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const uint32_t mp = (5 * doy + 2) / 153;
    const uint32_t m = mp < 10 ? mp + 3 : mp - 9;
    day[r] = static_cast<uint8_t>(doy - (153 * mp + 2) / 5 + 1);
    month[r] = static_cast<uint8_t>(m);
    year[r] = static_cast<int32_t>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  }
  return true;
}

struct CivilBuffers {
  std::vector<int32_t> year;
  std::vector<uint8_t> month, day;

  // The calendar fields of n days into these buffers; false when CivilRows cannot.
  bool Fill(const int64_t* days, size_t n) {
    year.resize(n), month.resize(n), day.resize(n);
    return CivilRows(days, n, year.data(), month.data(), day.data());
  }
};

// The calendar fields of a date vector's rows, or null when CivilRows cannot.
const CivilBuffers* CivilOf(const Vec& dates) {
  thread_local CivilBuffers b;
  return b.Fill(dates.i.data(), dates.n) ? &b : nullptr;
}

// The days of 1800-2200 that are anniversaries of `today` (its month and day, and
// 29 February too when today is 28 February of a common year), today excluded.
struct AnniversaryDays {
  int64_t today = std::numeric_limits<int64_t>::min();
  int64_t first = 0;
  std::vector<uint64_t> bits;
};

const AnniversaryDays& AnniversariesOf(int64_t today, const CivilDate& now, bool leap_day_too) {
  thread_local AnniversaryDays a;
  if (a.today == today) return a;
  a.today = today;
  a.first = DaysFromCivil(1800, 1, 1);
  a.bits.assign(static_cast<size_t>(DaysFromCivil(2201, 1, 1) - a.first) / 64 + 1, 0);
  auto mark = [&](int64_t d) {
    if (d == today) return;
    const uint64_t x = static_cast<uint64_t>(d - a.first);
    if (x < a.bits.size() * 64) a.bits[x >> 6] |= uint64_t{1} << (x & 63);
  };
  // The bits run a few weeks into 2201: its anniversaries count too.
  for (int64_t y = 1800; y <= 2201; ++y) {
    if (now.day <= DaysInMonth(y, now.month)) mark(DaysFromCivil(y, now.month, now.day));
    if (leap_day_too && IsLeapYear(y)) mark(DaysFromCivil(y, 2, 29));
  }
  return a;
}

// The local dates of operand k for every row (0 where the result is absent): for a
// timestamp, in one pass when one offset serves them all.
void LocalDatesOf(const BuiltinCall& call, size_t k, int64_t* days) {
  const Vec& v = *call.a[k];
  if (call.t[k].kind == TypeKind::Timestamp) {
    call.tz.LocalDates(v.i.data(), call.out.present.data(), call.rows, days);
  } else {
    for (size_t r = 0; r < call.rows; ++r) days[r] = call.out.present[r] ? v.i[r] : 0;
  }
}

// Months or whole years from the dates of operand 0 to those of operand 1 (as
// MonthsBetween and YearsBetween), over the rows' calendar fields; false when
// CivilRows cannot take the dates.
bool CalendarSpans(const BuiltinCall& call, bool years, int64_t* out) {
  const size_t rows = call.rows;
  thread_local std::vector<int64_t> da, db;
  thread_local CivilBuffers x, y;
  da.resize(rows), db.resize(rows);
  LocalDatesOf(call, 0, da.data());
  LocalDatesOf(call, 1, db.data());
  if (!x.Fill(da.data(), rows) || !y.Fill(db.data(), rows)) return false;
  for (size_t r = 0; r < rows; ++r) {
    // Months: the day of the month must have been reached; years: the month and day.
    const int64_t from = years ? x.month[r] * 32 + x.day[r] : x.day[r];
    const int64_t to = years ? y.month[r] * 32 + y.day[r] : y.day[r];
    const int64_t whole = years ? int64_t{y.year[r]} - x.year[r]
                                : (int64_t{y.year[r]} - x.year[r]) * 12 + (int64_t{y.month[r]} - x.month[r]);
    out[r] = whole - (whole > 0 && to < from ? 1 : 0) + (whole < 0 && to > from ? 1 : 0);
  }
  return true;
}

}  // namespace

void MorselEval::DateBuiltin(BuiltinCall& call, Scope& scope) {
  const ir::Node& n = call.n;
  const size_t rows = call.rows;
  const std::vector<const Vec*>& a = call.a;
  const std::vector<Type>& t = call.t;
  Vec& out = call.out;
  const TimeZoneTable& tz = call.tz;
  const int64_t today = call.today;
  auto date_of = [&call](size_t k, size_t r) { return call.DateOf(k, r); };
  auto each = [&call](auto fn) { call.Each(fn); };
  switch (static_cast<BuiltinId>(call.n.a)) {
    case BuiltinId::DaysSince: each([&](size_t r) { out.i[r] = today - date_of(0, r); }); break;
    case BuiltinId::HoursSince: each([&](size_t r) { out.i[r] = FloorDiv(in_.now() - a[0]->i[r], kHour); }); break;
    case BuiltinId::DaysBetween: each([&](size_t r) { out.i[r] = date_of(1, r) - date_of(0, r); }); break;
    case BuiltinId::MonthsBetween:
      if (!CalendarSpans(call, false, out.i.data())) {
        each([&](size_t r) { out.i[r] = MonthsBetween(date_of(0, r), date_of(1, r)); });
      }
      break;
    case BuiltinId::YearsBetween:
      if (!CalendarSpans(call, true, out.i.data())) {
        each([&](size_t r) { out.i[r] = YearsBetween(date_of(0, r), date_of(1, r)); });
      }
      break;
    case BuiltinId::YearsSince: {
      const CivilBuffers* c = t[0].kind == TypeKind::Date ? CivilOf(*a[0]) : nullptr;
      if (!c) {
        each([&](size_t r) { out.i[r] = YearsBetween(date_of(0, r), today); });
        break;
      }
      // YearsBetween(d, today) over whole vectors: the anniversary must have been reached.
      const CivilDate now = CivilFromDays(today);
      const int32_t ty = static_cast<int32_t>(now.year), tmd = static_cast<int32_t>(now.month * 32 + now.day);
      const int32_t* y = c->year.data();
      const uint8_t* m = c->month.data();
      const uint8_t* d = c->day.data();
      int64_t* o = out.i.data();
      for (size_t r = 0; r < rows; ++r) {
        const int32_t md = m[r] * 32 + d[r];
        const int32_t years = ty - y[r];
        o[r] = years - (years > 0 && tmd < md ? 1 : 0) + (years < 0 && md < tmd ? 1 : 0);
      }
      break;
    }
    case BuiltinId::DateOf: LocalDatesOf(call, 0, out.i.data()); break;
    case BuiltinId::StartOf: {
      std::unordered_map<int64_t, int64_t> cache;
      each([&](size_t r) {
        auto it = cache.find(a[0]->i[r]);
        if (it == cache.end()) it = cache.emplace(a[0]->i[r], tz.StartOfDay(a[0]->i[r])).first;
        out.i[r] = it->second;
      });
      break;
    }
    case BuiltinId::Year:
    case BuiltinId::Month:
    case BuiltinId::Day:
    case BuiltinId::Weekday: {
      const auto id = static_cast<BuiltinId>(n.a);
      // The local dates first, then the calendar fields of all in the vectorized
      // loop (per row, `month(at) == 2` over every event was slower than DuckDB).
      thread_local std::vector<int64_t> days;
      days.resize(rows);
      LocalDatesOf(call, 0, days.data());
      const CivilBuffers* c = nullptr;
      thread_local CivilBuffers b;
      if (id != BuiltinId::Weekday && b.Fill(days.data(), rows)) c = &b;
      if (!c) {
        each([&](size_t r) { out.i[r] = DatePart(id, days[r]); });
        break;
      }
      int64_t* o = out.i.data();
      if (id == BuiltinId::Year) {
        for (size_t r = 0; r < rows; ++r) o[r] = c->year[r];
      } else if (id == BuiltinId::Month) {
        for (size_t r = 0; r < rows; ++r) o[r] = c->month[r];
      } else {
        for (size_t r = 0; r < rows; ++r) o[r] = c->day[r];
      }
      break;
    }
    case BuiltinId::AddMonths:
    case BuiltinId::AddYears: {
      const bool months = static_cast<BuiltinId>(n.a) == BuiltinId::AddMonths;
      each([&](size_t r) {
        const std::optional<int64_t> d = months ? AddMonths(a[0]->i[r], a[1]->i[r]) : AddYears(a[0]->i[r], a[1]->i[r]);
        if (!d) Fail(scope, r, n, months ? "value out of range in `add_months`" : "value out of range in `add_years`");
        out.i[r] = d.value_or(0);
      });
      break;
    }
    case BuiltinId::Anniversary:
      each([&](size_t r) { out.i[r] = AnniversaryIn(date_of(0, r), CivilFromDays(today).year); });
      break;
    case BuiltinId::IsAnniversary: {
      // Today's month and day, and 29 February too on 28 February of other years.
      const CivilDate now = CivilFromDays(today);
      const bool leap_day_too = now.month == 2 && now.day == 28 && !IsLeapYear(now.year);
      if (t[0].kind == TypeKind::Date) {
        // Days 1800-2200: a bit per day (the anniversaries of this run's today).
        const AnniversaryDays& ad = AnniversariesOf(today, now, leap_day_too);
        const int64_t* days = a[0]->i.data();
        const uint64_t span = ad.bits.size() * 64;
        bool inside = true;
        for (size_t r = 0; r < rows; ++r) inside &= static_cast<uint64_t>(days[r] - ad.first) < span;
        if (inside) {
          int64_t* o = out.i.data();
          const uint64_t* bits = ad.bits.data();
          for (size_t r = 0; r < rows; ++r) {
            const uint64_t x = static_cast<uint64_t>(days[r] - ad.first);
            o[r] = static_cast<int64_t>((bits[x >> 6] >> (x & 63)) & 1);
          }
          break;
        }
      }
      // Timestamps, and dates outside 1800-2200: row by row.
      each([&](size_t r) {
        int64_t d = date_of(0, r);
        CivilDate c = CivilFromDays(d);
        bool same = c.month == now.month && (c.day == now.day || (leap_day_too && c.day == 29));
        out.i[r] = same && d != today;
      });
      break;
    }
    case BuiltinId::Days:
    case BuiltinId::Hours: {
      const auto id = static_cast<BuiltinId>(n.a);
      const int64_t unit = stdlib::DurationUnit(id);
      each([&](size_t r) {
        if (!stdlib::ScaleDuration(a[0]->i[r], unit, &out.i[r])) Fail(scope, r, n, stdlib::DurationOutOfRange(id));
      });
      break;
    }
    case BuiltinId::Lower: case BuiltinId::Upper: case BuiltinId::Trim: case BuiltinId::Length:
    case BuiltinId::Contains: case BuiltinId::StartsWith: case BuiltinId::EndsWith:
    case BuiltinId::Abs: case BuiltinId::Round: case BuiltinId::Floor: case BuiltinId::Ceil:
    case BuiltinId::Least: case BuiltinId::Greatest: case BuiltinId::ToFloat:
    case BuiltinId::ToDecimal: case BuiltinId::ToInt: case BuiltinId::Bucket:
    case BuiltinId::CountryTimeZone: case BuiltinId::Rank: case BuiltinId::Percentile: break;  // not a date built-in
  }
}

}  // namespace sam::interp
