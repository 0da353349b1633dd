// The string built-ins over vectors, and country_timezone (builtins.cpp dispatches).
#include <fmt/format.h>

#include <algorithm>
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

}  // namespace

void MorselEval::StringBuiltin(BuiltinCall& call, Scope& /*scope*/) {
  const ir::Node& n = call.n;
  const std::vector<const Vec*>& a = call.a;
  Vec& out = call.out;
  auto each = [&call](auto fn) { call.Each(fn); };
  switch (static_cast<BuiltinId>(call.n.a)) {
    case BuiltinId::Lower:
    case BuiltinId::Upper:
    case BuiltinId::Trim: {
      // The results are as long as the arguments: one buffer holds them all.
      const auto id = static_cast<BuiltinId>(n.a);
      size_t bytes = 0;
      if (id != BuiltinId::Trim) each([&](size_t r) { bytes += a[0]->s[r].size(); });
      char* at = id != BuiltinId::Trim ? in_.InternBuffer(bytes) : nullptr;
      each([&](size_t r) {
        std::string_view s = a[0]->s[r];
        if (id == BuiltinId::Trim) {
          size_t b = 0, e = s.size();
          while (b < e && IsSpace(s[b])) ++b;
          while (e > b && IsSpace(s[e - 1])) --e;
          out.s[r] = s.substr(b, e - b);  // a part of the argument, which lives as long
          return;
        }
        for (size_t k = 0; k < s.size(); ++k) at[k] = id == BuiltinId::Lower ? AsciiLower(s[k]) : AsciiUpper(s[k]);
        out.s[r] = std::string_view(at, s.size());
        at += s.size();
      });
      break;
    }
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
    case BuiltinId::DaysSince: case BuiltinId::HoursSince: case BuiltinId::DaysBetween:
    case BuiltinId::MonthsBetween: case BuiltinId::YearsBetween: case BuiltinId::YearsSince:
    case BuiltinId::DateOf: case BuiltinId::StartOf: case BuiltinId::Year: case BuiltinId::Month:
    case BuiltinId::Day: case BuiltinId::Weekday: case BuiltinId::AddMonths:
    case BuiltinId::AddYears: case BuiltinId::Anniversary: case BuiltinId::IsAnniversary:
    case BuiltinId::Days: case BuiltinId::Hours: case BuiltinId::Abs: case BuiltinId::Round:
    case BuiltinId::Floor: case BuiltinId::Ceil: case BuiltinId::Least: case BuiltinId::Greatest:
    case BuiltinId::ToFloat: case BuiltinId::ToDecimal: case BuiltinId::ToInt:
    case BuiltinId::Bucket: case BuiltinId::Rank: case BuiltinId::Percentile: break;  // not a string built-in
  }
}

}  // namespace sam::interp
