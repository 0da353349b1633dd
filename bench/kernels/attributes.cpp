// Attribute segments: tests on the customers' own columns, one whole-column pass of
// 64-row masks (narrow compares in the stored domain, validity words ANDed in), with
// the rare per-row tests (a day set) only on the rows the masks leave.
#include <vector>

#include "bench/kernels/common.hpp"
#include "bench/kernels/kernels.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"

namespace sam::bench::kernels {
namespace {

// The stored range of a dictionary column whose string is `s` (empty when absent).
StoredRange CodeOf(const rt::Column& c, std::string_view s) {
  const int64_t code = c.FindCode(s);
  return code < 0 ? StoredRange{} : Equal(c, code);
}

// add_months as the built-in: the day of month clamped to the target month's length.
int64_t AddMonths(int64_t day, int64_t n) {
  const CivilDate c = CivilFromDays(day);
  const int64_t total = c.year * 12 + (c.month - 1) + n;
  const int64_t year = FloorDiv(total, 12);
  const unsigned month = static_cast<unsigned>(total - year * 12 + 1);
  return DaysFromCivil(year, month, std::min(c.day, DaysInMonth(year, month)));
}

// A set of days as bits over the years a date column spans.
struct DaySet {
  int64_t first = 0;
  std::vector<uint64_t> bits;
  DaySet(int64_t from_year, int64_t to_year) : first(DaysFromCivil(from_year, 1, 1)) {
    bits.assign(static_cast<size_t>(DaysFromCivil(to_year + 1, 1, 1) - first) / 64 + 1, 0);
  }
  void Add(int64_t day) {
    const uint64_t x = static_cast<uint64_t>(day - first);
    if (x < bits.size() * 64) bits[x >> 6] |= uint64_t{1} << (x & 63);
  }
  bool Has(int64_t day) const {
    const uint64_t x = static_cast<uint64_t>(day - first);
    return x < bits.size() * 64 && ((bits[x >> 6] >> (x & 63)) & 1);
  }
};

// The years of every day a date column can hold (its stored type's range).
template <class T>
DaySet YearsOf(const rt::Column& c) {
  const int64_t a = c.base + int64_t{std::numeric_limits<T>::min()} * c.unit;
  const int64_t b = c.base + int64_t{std::numeric_limits<T>::max()} * c.unit;
  constexpr int64_t kFar = 1'000'000;  // wider columns: days 1 million apart are no birthdays anyway
  return DaySet(CivilFromDays(std::max(a, -kFar)).year, CivilFromDays(std::min(b, kFar)).year);
}

// is_anniversary(d): d's month and day are today's (29 February on 28 February of a
// common year), d itself not today.
template <class T>
DaySet Anniversaries(const rt::Column& c, int64_t today) {
  DaySet s = YearsOf<T>(c);
  const CivilDate now = CivilFromDays(today);
  const bool leap_day_too = now.month == 2 && now.day == 28 && !IsLeapYear(now.year);
  const int64_t y0 = CivilFromDays(s.first).year, y1 = y0 + static_cast<int64_t>(s.bits.size() * 64 / 365) + 1;
  for (int64_t y = y0; y <= y1; ++y) {
    if (now.day <= DaysInMonth(y, now.month) && DaysFromCivil(y, now.month, now.day) != today) s.Add(DaysFromCivil(y, now.month, now.day));
    if (leap_day_too && IsLeapYear(y)) s.Add(DaysFromCivil(y, 2, 29));
  }
  return s;
}

// The days whose month and day are these.
template <class T>
DaySet MonthDay(const rt::Column& c, unsigned month, unsigned day) {
  DaySet s = YearsOf<T>(c);
  const int64_t y0 = CivilFromDays(s.first).year, y1 = y0 + static_cast<int64_t>(s.bits.size() * 64 / 365) + 1;
  for (int64_t y = y0; y <= y1; ++y) {
    if (day <= DaysInMonth(y, month)) s.Add(DaysFromCivil(y, month, day));
  }
  return s;
}

// Keeps the rows of `mask` whose date (stored in `d`) is in the set.
template <class T>
uint64_t InDays(uint64_t mask, const T* d, uint64_t r, const rt::Column& c, const DaySet& s) {
  uint64_t keep = 0;
  for (uint64_t m = mask; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    keep |= uint64_t{s.Has(c.base + d[r + i] * c.unit)} << i;
  }
  return keep;
}

// A string column equal to `s` and a present date column in a day set.
template <class Days>
Answer CountryAndDays(const KernelInput& in, std::string_view country_name, Days days_of) {
  const rt::Column& country = in.db.customer_table().columns[Names{in.program}.Field(in.db.customers, "country")];
  const rt::Column& birth = in.db.customer_table().columns[Names{in.program}.Field(in.db.customers, "birth_date")];
  const StoredRange code = CodeOf(country, country_name);
  return WithCodes(country, [&](const auto* cc) {
    using C = std::remove_cvref_t<decltype(*cc)>;
    const Bounds<C> is_country(code);
    return WithStored(birth, [&](const auto* bd) {
      using D = std::remove_cvref_t<decltype(*bd)>;
      const DaySet set = days_of.template operator()<D>(birth);
      if (is_country.none) return Answer{};
      return ScanCustomers(in, [&](uint64_t r) {
        const uint64_t m = Mask64([=](int i) { return is_country(cc[r + i]); }) & ValidWord(birth, r);
        return m ? InDays(m, bd, r, birth, set) : 0;
      });
    });
  });
}

const rt::Column& CustomerColumn(const KernelInput& in, std::string_view field) {
  return in.db.customer_table().columns[Names{in.program}.Field(in.db.customers, field)];
}

// A timestamp column's stored values in [lo, hi) as a mask, validity included.
template <class T>
uint64_t TimeMask(const T* v, const rt::Column& c, const Bounds<T>& in_range, uint64_t r) {
  return Mask64([=](int i) { return in_range(v[r + i]); }) & ValidWord(c, r);
}

// count customers where <timestamp field> in [lo, hi)
Answer TimestampBetween(const KernelInput& in, std::string_view field, int64_t lo, int64_t hi) {
  const rt::Column& c = CustomerColumn(in, field);
  return WithStored(c, [&](const auto* v) {
    using T = std::remove_cvref_t<decltype(*v)>;
    const Bounds<T> range(LogicalRange(c, lo, hi - 1));
    if (range.none) return Answer{};
    return ScanCustomers(in, [&](uint64_t r) { return TimeMask(v, c, range, r); });
  });
}

constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();

}  // namespace

// count birthday_today where country == "NL"
Answer BirthdayNl(const KernelInput& in) {
  return CountryAndDays(in, "NL", [&]<class D>(const rt::Column& c) { return Anniversaries<D>(c, in.today); });
}

// count customers where country == "DE" and birth_date is present and
//   birth_date <= add_years(today, -65)
Answer SeniorsDe(const KernelInput& in) {
  const rt::Column& country = CustomerColumn(in, "country");
  const rt::Column& birth = CustomerColumn(in, "birth_date");
  const StoredRange code = CodeOf(country, "DE");
  const StoredRange born = LogicalRange(birth, kMin, AddMonths(in.today, -65 * 12));
  return WithCodes(country, [&](const auto* cc) {
    const Bounds<std::remove_cvref_t<decltype(*cc)>> is_country(code);
    return WithStored(birth, [&](const auto* bd) {
      const Bounds<std::remove_cvref_t<decltype(*bd)>> old_enough(born);
      if (is_country.none || old_enough.none) return Answer{};
      return ScanCustomers(in, [&](uint64_t r) {
        return Mask64([=](int i) { return is_country(cc[r + i]) & old_enough(bd[r + i]); }) & ValidWord(birth, r);
      });
    });
  });
}

// count customers where country == "BE" and inflow_channel in {web, app} and
//   signup_at within 365d
Answer NewBeApp(const KernelInput& in) {
  const rt::Column& country = CustomerColumn(in, "country");
  const rt::Column& inflow = CustomerColumn(in, "inflow_channel");
  const rt::Column& signup = CustomerColumn(in, "signup_at");
  const Names names{in.program};
  const int field = names.Field(in.db.customers, "inflow_channel");
  const StoredRange web = Equal(inflow, names.Variant(in.db.customers, field, "web"));
  const StoredRange app = Equal(inflow, names.Variant(in.db.customers, field, "app"));
  const StoredRange code = CodeOf(country, "BE");
  const StoredRange recent = LogicalRange(signup, in.now - 365 * kDay, in.now - 1);
  return WithCodes(country, [&](const auto* cc) {
    const Bounds<std::remove_cvref_t<decltype(*cc)>> is_country(code);
    return WithVariants(inflow, [&](const auto* ch) {
      using E = std::remove_cvref_t<decltype(*ch)>;
      const Bounds<E> is_web(web), is_app(app);
      return WithStored(signup, [&](const auto* s) {
        const Bounds<std::remove_cvref_t<decltype(*s)>> is_recent(recent);
        if (is_country.none || is_recent.none) return Answer{};
        return ScanCustomers(in, [&](uint64_t r) {
          return Mask64([=](int i) {
                   return is_country(cc[r + i]) & (is_web(ch[r + i]) | is_app(ch[r + i])) & is_recent(s[r + i]);
                 }) &
                 ValidWord(signup, r) & ValidWord(inflow, r) & ValidWord(country, r);
        });
      });
    });
  });
}

// count customers where signup_at < add_years(today, -2)
Answer Signup2y(const KernelInput& in) {
  return TimestampBetween(in, "signup_at", kMin, StartOfDay(AddMonths(in.today, -24), in.program.timezone));
}

// count customers where newsletter_optin_at is present and
//   newsletter_optin_at >= add_months(today, -12)
Answer Optin12m(const KernelInput& in) {
  return TimestampBetween(in, "newsletter_optin_at", StartOfDay(AddMonths(in.today, -12), in.program.timezone), kMax);
}

// count customers where birth_date is present and month(birth_date) == 11 and
//   day(birth_date) == 23 and marketing_optin_at is present
Answer BirthdayOptin(const KernelInput& in) {
  const rt::Column& birth = CustomerColumn(in, "birth_date");
  const rt::Column& optin = CustomerColumn(in, "marketing_optin_at");
  return WithStored(birth, [&](const auto* bd) {
    using D = std::remove_cvref_t<decltype(*bd)>;
    const DaySet set = MonthDay<D>(birth, 11, 23);
    return ScanCustomers(in, [&](uint64_t r) {
      const uint64_t m = ValidWord(birth, r) & ValidWord(optin, r);
      return m ? InDays(m, bd, r, birth, set) : 0;
    });
  });
}

}  // namespace sam::bench::kernels
