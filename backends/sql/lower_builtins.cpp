// Built-in functions (stdlib/builtins.def), on values in SAM's form.
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "backends/sql/lower.hpp"
#include "schema/calendar.hpp"

namespace sam::sql {

using ir::Node;
using ir::NodeId;
using stdlib::BuiltinId;

namespace {

// `country_timezone`: the tz database's zone.tab lists a country's zones by
// population, the main one first. As a CASE over every country it lists.
std::string CountryZones(const std::string& code) {
  std::ifstream in("/usr/share/zoneinfo/zone.tab");
  std::string out = "(CASE " + code, line;
  std::set<std::string> seen;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string country, coords, zone;
    if (fields >> country >> coords >> zone && seen.insert(country).second) {
      out += fmt::format(" WHEN '{}' THEN '{}'", country, zone);
    }
  }
  return seen.empty() ? "" : out + " END)";
}

}  // namespace

std::string Lowerer::Calendar(const char* part, const std::string& days) const {
  // The run date's parts are constants of the statement: written as numbers.
  int64_t day = 0;
  const auto [end, ec] = std::from_chars(days.data(), days.data() + days.size(), day);
  if (ec == std::errc() && end == days.data() + days.size()) {
    const CivilDate c = CivilFromDays(day);
    const std::string_view which = part;
    if (which == "YEAR") return fmt::format("{}", c.year);
    if (which == "MONTH") return fmt::format("{}", c.month);
    if (which == "DAY") return fmt::format("{}", c.day);
  }
  auto stored = stored_dates_.find(days);
  const std::string date = stored != stored_dates_.end() ? stored->second : Fmt(d_.date_of_days, days);
  return Fmt(d_.to_bigint, fmt::format("EXTRACT({} FROM {})", part, date));
}

// a / b rounded toward minus infinity, for a positive constant b.
std::string Lowerer::FloorDiv(const std::string& a, int64_t b) const {
  const std::string d = fmt::format("{}", b);
  return "(" + Fmt(d_.int_div, a, d) + " - CASE WHEN " + Fmt(d_.int_mod, a, d) + " < 0 THEN 1 ELSE 0 END)";
}

// The date of a date or timestamp operand, in days.
std::string Lowerer::LocalDays(const Node& arg, const std::string& v) const {
  return arg.type.kind == TypeKind::Timestamp ? "(" + Fmt(d_.local_days, v, p_.timezone) + ")" : v;
}

// `round(x, digits)` for constant digits, halves away from zero, as the interpreter
// computes it: a decimal on its scaled integer, a float as round(x * 10^d) / 10^d.
std::string Lowerer::Round(const Node& n, const std::string& x) {
  std::optional<ir::Value> digits = Folded(n.args[1]);
  if (!digits || digits->absent) return "";
  const int64_t d = digits->i;
  if (p_.at(n.args[0]).type.kind == TypeKind::Float) {
    const std::string p = Fmt(d_.to_double, fmt::format("{}", std::pow(10.0, static_cast<double>(d))));
    const std::string y = "abs(" + x + " * " + p + ")";
    return fmt::format("(sign({0}) * CASE WHEN {1} - floor({1}) >= 0.5 THEN floor({1}) + 1 ELSE floor({1}) END / {2})",
                       x, y, p);
  }
  if (d >= 6) return x;
  if (6 - d > 18) return "(" + x + " * 0)";
  int64_t f = 1;
  for (int64_t k = 0; k < 6 - d; ++k) f *= 10;
  return Fmt(d_.to_bigint, fmt::format("{0} * {1}", Fmt(d_.int_sign, x),
                                       Fmt(d_.wide_div, Fmt(d_.wide, "abs(" + x + ")") + fmt::format(" + {}", f / 2),
                                           fmt::format("{}", f)) +
                                           fmt::format(" * {}", f)));
}

std::string Lowerer::Builtin(NodeId id, Scope& s) {
  const Node& n = p_.at(id);
  std::vector<std::string> a;
  for (NodeId x : n.args) a.push_back(Expr(x, s));
  auto day_of = [&](size_t k) { return LocalDays(p_.at(n.args[k]), a[k]); };
  auto kind = [&](size_t k) { return p_.at(n.args[k]).type.kind; };
  const CivilDate now = CivilFromDays(r_.today);
  // Years from x to y as in an age (days): the anniversary must have been reached.
  auto years_between = [&](const std::string& x, const std::string& y) {
    const std::string years = "(" + Calendar("YEAR", y) + " - " + Calendar("YEAR", x) + ")";
    const std::string mdx = "(" + Calendar("MONTH", x) + " * 32 + " + Calendar("DAY", x) + ")";
    const std::string mdy = "(" + Calendar("MONTH", y) + " * 32 + " + Calendar("DAY", y) + ")";
    return fmt::format(
        "({0} - CASE WHEN {0} > 0 AND {2} < {1} THEN 1 ELSE 0 END + CASE WHEN {0} < 0 AND {1} < {2} THEN 1 ELSE 0 END)",
        years, mdx, mdy);
  };
  auto add_months = [&](const std::string& days, const std::string& months) {
    return Fmt(d_.epoch_days, Fmt(d_.add_months, Fmt(d_.date_of_days, days), months));
  };
  const std::string today = fmt::format("{}", r_.today);
  switch (n.builtin()) {
    case BuiltinId::Days: return IntOp(a[0], " * ", fmt::format("{}", kMicrosPerDay));
    case BuiltinId::Hours: return IntOp(a[0], " * ", "3600000000");
    case BuiltinId::DaysSince: return "(" + today + " - " + day_of(0) + ")";
    case BuiltinId::HoursSince: return FloorDiv(fmt::format("({} - {})", now_, a[0]), 3'600'000'000);
    case BuiltinId::DaysBetween: return "(" + day_of(1) + " - " + day_of(0) + ")";
    case BuiltinId::MonthsBetween: {
      const std::string x = day_of(0), y = day_of(1);
      const std::string months = "((" + Calendar("YEAR", y) + " - " + Calendar("YEAR", x) + ") * 12 + " +
                                 Calendar("MONTH", y) + " - " + Calendar("MONTH", x) + ")";
      return fmt::format(
          "({0} - CASE WHEN {0} > 0 AND {2} < {1} THEN 1 ELSE 0 END + CASE WHEN {0} < 0 AND {2} > {1} THEN 1 ELSE 0 "
          "END)",
          months, Calendar("DAY", x), Calendar("DAY", y));
    }
    case BuiltinId::YearsBetween: return years_between(day_of(0), day_of(1));
    case BuiltinId::YearsSince: return years_between(day_of(0), today);
    case BuiltinId::DateOf: return day_of(0);
    case BuiltinId::StartOf: return Fmt(d_.local_midnight, a[0], p_.timezone);
    case BuiltinId::Year: return Calendar("YEAR", day_of(0));
    case BuiltinId::Month: return Calendar("MONTH", day_of(0));
    case BuiltinId::Day: return Calendar("DAY", day_of(0));
    case BuiltinId::Weekday: return Fmt(d_.to_bigint, Fmt(d_.iso_weekday, Fmt(d_.date_of_days, day_of(0))));
    // 29 February moves to 28 February in other years: what adding months does.
    case BuiltinId::AddMonths: return add_months(a[0], a[1]);
    case BuiltinId::AddYears: return add_months(a[0], "(" + a[1] + ") * 12");
    case BuiltinId::Anniversary: {
      const std::string d = day_of(0);
      return add_months(d, fmt::format("({} - {}) * 12", now.year, Calendar("YEAR", d)));
    }
    case BuiltinId::IsAnniversary: {
      const std::string d = day_of(0);
      const bool leap_day_too = now.month == 2 && now.day == 28 && !IsLeapYear(now.year);
      return fmt::format("({0} = {1} AND ({2} = {3}{4}) AND {5} <> {6})", Calendar("MONTH", d), now.month,
                         Calendar("DAY", d), now.day, leap_day_too ? " OR " + Calendar("DAY", d) + " = 29" : "", d,
                         today);
    }
    case BuiltinId::Lower: return "translate(" + a[0] + ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
    case BuiltinId::Upper: return "translate(" + a[0] + ", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')";
    case BuiltinId::Length: return Fmt(d_.char_length, a[0]);
    case BuiltinId::Contains: return "(" + Fmt(d_.strpos, a[0], a[1]) + " > 0)";
    case BuiltinId::StartsWith: return Fmt(d_.starts_with, a[0], a[1]);
    case BuiltinId::EndsWith: return Fmt(d_.ends_with, a[0], a[1]);
    case BuiltinId::Abs: return "abs(" + a[0] + ")";
    case BuiltinId::Floor:
      if (kind(0) == TypeKind::Float) {
        return Checked("abs(" + a[0] + ") >= 9.2e18", "value out of range for an int",
                       Fmt(d_.to_bigint, "floor(" + a[0] + ")"));
      }
      return FloorDiv(a[0], kDecimalScale);
    case BuiltinId::Ceil:
      if (kind(0) == TypeKind::Float) {
        return Checked("abs(" + a[0] + ") >= 9.2e18", "value out of range for an int",
                       Fmt(d_.to_bigint, "ceil(" + a[0] + ")"));
      }
      return "(-" + FloorDiv("(-" + a[0] + ")", kDecimalScale) + ")";
    case BuiltinId::Least: return MinMax(true, n.type.kind, a[0], a[1]);
    case BuiltinId::Greatest: return MinMax(false, n.type.kind, a[0], a[1]);
    case BuiltinId::ToFloat:
    case BuiltinId::ToDecimal:
    case BuiltinId::ToInt: return Convert(kind(0), n.type.kind, a[0]);
    case BuiltinId::Trim: return Fmt(d_.trim, a[0], std::string(d_.whitespace));
    case BuiltinId::Round:
      if (std::string rounded = Round(n, a[0]); !rounded.empty()) return rounded;
      break;
    case BuiltinId::CountryTimeZone: {
      std::string zones = CountryZones(a[0]);
      if (!zones.empty()) return zones;
      break;  // no zone.tab: unsupported rather than always absent
    }
    case BuiltinId::Bucket:
      if (d_.bucket.empty()) break;
      return Checked("(" + a[1] + ") <= 0", "`bucket` needs a positive number of buckets",
                     fmt::format(fmt::runtime(d_.bucket), Fmt(d_.key_text, s.key), a[0], a[1]));
    case BuiltinId::Rank:
    case BuiltinId::Percentile: break;
  }
  if (n.builtin() == BuiltinId::Round) return Fail(id, "`round` with digits that are not a constant");
  return Fail(id, fmt::format("`{}`", stdlib::Builtin(n.builtin()).name));
}

}  // namespace sam::sql
