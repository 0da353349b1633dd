// The built-in functions of stdlib/builtins.def over vectors. Every built-in
// propagates absence: an absent argument gives an absent result.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "backends/interp/morsel.hpp"
#include "runtime/exec/timezone.hpp"
#include "schema/calendar.hpp"

namespace sam::interp {

using stdlib::BuiltinId;

namespace {

constexpr int64_t kHour = 3600 * kMicrosPerSecond;
constexpr int64_t kScale = kDecimalScale;

bool Fits(__int128 v) { return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max(); }

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

int64_t AddMonths(int64_t d, int64_t n) {
  CivilDate c = CivilFromDays(d);
  int64_t total = c.year * 12 + (c.month - 1) + n;
  int64_t year = FloorDiv(total, 12);
  unsigned month = static_cast<unsigned>(total - year * 12 + 1);
  return DaysFromCivil(year, month, std::min(c.day, DaysInMonth(year, month)));
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
};

// The calendar fields of a date vector's rows, or null when CivilRows cannot.
const CivilBuffers* CivilOf(const Vec& dates) {
  thread_local CivilBuffers b;
  b.year.resize(dates.n);
  b.month.resize(dates.n);
  b.day.resize(dates.n);
  return CivilRows(dates.i.data(), dates.n, b.year.data(), b.month.data(), b.day.data()) ? &b : nullptr;
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

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

const std::unordered_map<std::string, std::string>& CountryZones() {
  static const std::unordered_map<std::string, std::string> zones = [] {
    // zone.tab lists a country's zones by population, the main one first.
    std::unordered_map<std::string, std::string> m;
    std::ifstream in("/usr/share/zoneinfo/zone.tab");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string code, coords, zone;
      if (fields >> code >> coords >> zone) m.emplace(code, zone);
    }
    return m;
  }();
  return zones;
}

uint64_t Fnv1a(std::string_view a, std::string_view b) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a's 64-bit offset basis
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(a);
  mix("\x1f");
  mix(b);
  return h;
}

}  // namespace

Vec MorselEval::Builtin(const ir::Node& n, Scope& scope) {
  const size_t rows = scope.n;
  std::vector<const Vec*> a;
  std::vector<Type> t;
  for (ir::NodeId x : n.args) {
    a.push_back(&Eval(x, scope));
    t.push_back(p_.at(x).type);
  }
  Vec out = Vec::Of(StorageOf(n.type.kind), rows);
  out.present.assign(rows, 1);
  for (const Vec* v : a) {
    if (v->all_present()) continue;
    AndBytes(out.present.data(), v->present.data(), rows);
  }
  const TimeZoneTable& tz = in_.zone();
  // A date or timestamp argument as a local date.
  auto date_of = [&](size_t k, size_t r) { return t[k].kind == TypeKind::Timestamp ? tz.LocalDate(a[k]->i[r]) : a[k]->i[r]; };
  auto each = [&](auto fn) {
    for (size_t r = 0; r < rows; ++r) {
      if (out.present[r]) fn(r);
    }
  };
  const int64_t today = in_.today();
  switch (static_cast<BuiltinId>(n.a)) {
    case BuiltinId::DaysSince: each([&](size_t r) { out.i[r] = today - date_of(0, r); }); break;
    case BuiltinId::HoursSince: each([&](size_t r) { out.i[r] = FloorDiv(in_.now() - a[0]->i[r], kHour); }); break;
    case BuiltinId::DaysBetween: each([&](size_t r) { out.i[r] = date_of(1, r) - date_of(0, r); }); break;
    case BuiltinId::MonthsBetween: each([&](size_t r) { out.i[r] = MonthsBetween(date_of(0, r), date_of(1, r)); }); break;
    case BuiltinId::YearsBetween: each([&](size_t r) { out.i[r] = YearsBetween(date_of(0, r), date_of(1, r)); }); break;
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
    case BuiltinId::DateOf: each([&](size_t r) { out.i[r] = date_of(0, r); }); break;
    case BuiltinId::StartOf: {
      std::unordered_map<int64_t, int64_t> cache;
      each([&](size_t r) {
        auto it = cache.find(a[0]->i[r]);
        if (it == cache.end()) it = cache.emplace(a[0]->i[r], tz.StartOfDay(a[0]->i[r])).first;
        out.i[r] = it->second;
      });
      break;
    }
    case BuiltinId::Year: each([&](size_t r) { out.i[r] = CivilFromDays(date_of(0, r)).year; }); break;
    case BuiltinId::Month: each([&](size_t r) { out.i[r] = CivilFromDays(date_of(0, r)).month; }); break;
    case BuiltinId::Day: each([&](size_t r) { out.i[r] = CivilFromDays(date_of(0, r)).day; }); break;
    case BuiltinId::Weekday:
      each([&](size_t r) { out.i[r] = ((date_of(0, r) % 7) + 7 + 3) % 7 + 1; });
      break;
    case BuiltinId::AddMonths: each([&](size_t r) { out.i[r] = AddMonths(a[0]->i[r], a[1]->i[r]); }); break;
    case BuiltinId::AddYears:
      each([&](size_t r) {
        CivilDate c = CivilFromDays(a[0]->i[r]);
        out.i[r] = AnniversaryIn(a[0]->i[r], c.year + a[1]->i[r]);
      });
      break;
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
    case BuiltinId::Lower:
    case BuiltinId::Upper:
    case BuiltinId::Trim:
      each([&](size_t r) {
        std::string s(a[0]->s[r]);
        auto id = static_cast<BuiltinId>(n.a);
        if (id == BuiltinId::Lower) {
          for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        } else if (id == BuiltinId::Upper) {
          for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        } else {
          size_t b = 0, e = s.size();
          while (b < e && IsSpace(s[b])) ++b;
          while (e > b && IsSpace(s[e - 1])) --e;
          s = s.substr(b, e - b);
        }
        out.s[r] = in_.Intern(std::move(s));
      });
      break;
    case BuiltinId::Length:
      each([&](size_t r) {
        int64_t k = 0;
        for (unsigned char c : a[0]->s[r]) k += (c & 0xC0) != 0x80;
        out.i[r] = k;
      });
      break;
    case BuiltinId::Contains: each([&](size_t r) { out.i[r] = a[0]->s[r].find(a[1]->s[r]) != std::string_view::npos; }); break;
    case BuiltinId::StartsWith: each([&](size_t r) { out.i[r] = a[0]->s[r].starts_with(a[1]->s[r]); }); break;
    case BuiltinId::EndsWith: each([&](size_t r) { out.i[r] = a[0]->s[r].ends_with(a[1]->s[r]); }); break;
    case BuiltinId::Abs:
      if (t[0].kind == TypeKind::Float) {
        each([&](size_t r) { out.f[r] = std::fabs(a[0]->f[r]); });
      } else {
        each([&](size_t r) {
          if (a[0]->i[r] == std::numeric_limits<int64_t>::min()) Fail(scope, r, n, "value out of range in `abs`");
          out.i[r] = a[0]->i[r] < 0 ? -a[0]->i[r] : a[0]->i[r];
        });
      }
      break;
    case BuiltinId::Round:
      if (t[0].kind == TypeKind::Float) {
        each([&](size_t r) {
          double p = std::pow(10.0, static_cast<double>(a[1]->i[r]));
          out.f[r] = std::round(a[0]->f[r] * p) / p;
        });
      } else {
        each([&](size_t r) {
          int64_t digits = a[1]->i[r];
          int64_t x = a[0]->i[r];
          if (digits >= 6) {
            out.i[r] = x;
            return;
          }
          if (6 - digits > 18) {
            out.i[r] = 0;
            return;
          }
          __int128 f = 1;
          for (int64_t k = 0; k < 6 - digits; ++k) f *= 10;
          __int128 m = x < 0 ? -static_cast<__int128>(x) : x;
          __int128 q = (m + f / 2) / f * f;
          __int128 v = x < 0 ? -q : q;
          if (!Fits(v)) Fail(scope, r, n, "value out of range in `round`");
          out.i[r] = static_cast<int64_t>(v);
        });
      }
      break;
    case BuiltinId::Floor:
    case BuiltinId::Ceil: {
      bool floor = static_cast<BuiltinId>(n.a) == BuiltinId::Floor;
      if (t[0].kind == TypeKind::Float) {
        each([&](size_t r) {
          double v = floor ? std::floor(a[0]->f[r]) : std::ceil(a[0]->f[r]);
          if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) Fail(scope, r, n, "value out of range for an int");
          out.i[r] = static_cast<int64_t>(v);
        });
      } else {
        each([&](size_t r) { out.i[r] = floor ? FloorDiv(a[0]->i[r], kScale) : -FloorDiv(-a[0]->i[r], kScale); });
      }
      break;
    }
    case BuiltinId::Least:
    case BuiltinId::Greatest: {
      bool least = static_cast<BuiltinId>(n.a) == BuiltinId::Least;
      if (t[0].kind == TypeKind::Float) {
        each([&](size_t r) { out.f[r] = least ? std::min(a[0]->f[r], a[1]->f[r]) : std::max(a[0]->f[r], a[1]->f[r]); });
      } else {
        each([&](size_t r) { out.i[r] = least ? std::min(a[0]->i[r], a[1]->i[r]) : std::max(a[0]->i[r], a[1]->i[r]); });
      }
      break;
    }
    case BuiltinId::ToFloat:
      each([&](size_t r) {
        switch (t[0].kind) {
          case TypeKind::Float: out.f[r] = a[0]->f[r]; break;
          case TypeKind::Decimal: out.f[r] = static_cast<double>(a[0]->i[r]) / kScale; break;
          case TypeKind::Error: case TypeKind::Int: case TypeKind::Bool: case TypeKind::String:
          case TypeKind::Date: case TypeKind::Timestamp: case TypeKind::Duration: case TypeKind::Enum:
          case TypeKind::Set: case TypeKind::Stream: case TypeKind::Row: case TypeKind::RefTable:
            out.f[r] = static_cast<double>(a[0]->i[r]); break;
        }
      });
      break;
    case BuiltinId::ToDecimal:
      each([&](size_t r) {
        if (t[0].kind == TypeKind::Float) {
          double v = std::nearbyint(a[0]->f[r] * kScale);
          if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) Fail(scope, r, n, "value out of range for a decimal");
          out.i[r] = static_cast<int64_t>(v);
        } else if (t[0].kind == TypeKind::Int) {
          if (__builtin_mul_overflow(a[0]->i[r], kScale, &out.i[r])) Fail(scope, r, n, "value out of range for a decimal");
        } else {
          out.i[r] = a[0]->i[r];
        }
      });
      break;
    case BuiltinId::ToInt:
      each([&](size_t r) {
        if (t[0].kind == TypeKind::Float) {
          double v = std::trunc(a[0]->f[r]);
          if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) Fail(scope, r, n, "value out of range for an int");
          out.i[r] = static_cast<int64_t>(v);
        } else if (t[0].kind == TypeKind::Decimal) {
          out.i[r] = a[0]->i[r] / kScale;
        } else {
          out.i[r] = a[0]->i[r];
        }
      });
      break;
    case BuiltinId::Bucket:
      EnsureRows(scope);
      each([&](size_t r) {
        int64_t k = a[1]->i[r];
        if (k <= 0) Fail(scope, r, n, fmt::format("`bucket` needs a positive number of buckets, got {}", k));
        size_t slot = scope.depth < 0 ? r : scope.cust[r];
        std::string key = in_.CustomerKey(first_customer() + slot);
        out.i[r] = static_cast<int64_t>(Fnv1a(key, a[0]->s[r]) % static_cast<uint64_t>(k));
      });
      break;
    case BuiltinId::CountryTimeZone: {
      const auto& zones = CountryZones();
      each([&](size_t r) {
        auto it = zones.find(std::string(a[0]->s[r]));
        if (it == zones.end()) {
          out.present[r] = 0;
        } else {
          out.s[r] = it->second;
        }
      });
      break;
    }
    case BuiltinId::Rank: case BuiltinId::Percentile:
      throw RuntimeError(fmt::format("internal error: built-in `{}` is not a per-customer function",
                                     stdlib::Builtin(static_cast<BuiltinId>(n.a)).name),
                         n.span);
  }
  out.DropFullPresence();
  return out;
}

}  // namespace sam::interp
