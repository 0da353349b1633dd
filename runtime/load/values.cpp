#include "runtime/load/values.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "runtime/load/tz_cache.hpp"
#include "schema/calendar.hpp"
#include "schema/types.hpp"
#include "schema/value_text.hpp"

namespace sam::rt::load {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// n digits at p as a number; false unless all are digits.
bool Digits(const char* p, int n, int& out) {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    if (!IsDigit(p[i])) return false;
    v = v * 10 + (p[i] - '0');
  }
  out = v;
  return true;
}

// The shown value in a reason: cut long ones.
std::string Shown(std::string_view s) {
  if (s.size() > 40) return fmt::format("`{}...`", s.substr(0, 40));
  return fmt::format("`{}`", s);
}

bool EqualNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// YYYY-MM-DD at the start of s. False when it is not one; `why` then says which part
// does not exist when the form is right ("February 2026 has 28 days"), else is empty:
// a user who typed 2026-02-30 needs to hear about the day, not about the format.
bool DatePart(std::string_view s, int64_t& days, std::string& why) {
  int y, m, d;
  why.clear();
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  if (!Digits(s.data(), 4, y) || !Digits(s.data() + 5, 2, m) || !Digits(s.data() + 8, 2, d)) return false;
  why = DateProblem(y, m, d);
  if (!why.empty()) return false;
  days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

// Why a wall-clock time HH:MM:SS does not exist, or "" when it does.
std::string TimeProblem(int h, int m, int sec) {
  if (h > 23) return fmt::format("hour {:02} is past 23", h);
  if (m > 59) return fmt::format("minute {:02} is past 59", m);
  if (sec > 59) return fmt::format("second {:02} is past 59 (leap seconds are not read)", sec);
  return {};
}

}  // namespace

bool ParseInt(std::string_view s, int64_t& out, std::string& reason) {
  const char* p = s.data();
  const char* end = p + s.size();
  if (p != end && *p == '+' && end - p > 1 && p[1] != '-') ++p;
  auto [ptr, ec] = std::from_chars(p, end, out);
  if (ec == std::errc() && ptr == end) return true;
  if (ec == std::errc::result_out_of_range) {
    reason = fmt::format("{} is out of the range of `int`", Shown(s));
  } else {
    reason = fmt::format("{} is not an integer", Shown(s));
  }
  return false;
}

bool ParseDecimal(std::string_view s, int64_t& out, std::string& reason) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  unsigned __int128 v = 0;
  int int_digits = 0, frac_digits = 0;
  bool overflow = false;
  for (; i < s.size() && IsDigit(s[i]); ++i, ++int_digits) {
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
    if (v > (static_cast<unsigned __int128>(1) << 64)) overflow = true, v = static_cast<unsigned __int128>(1) << 64;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      if (frac_digits < 6) {
        v = v * 10 + static_cast<unsigned>(s[i] - '0');
        ++frac_digits;
      } else if (s[i] != '0') {
        reason = fmt::format("{} has more than 6 digits after the decimal point", Shown(s));
        return false;
      }
    }
    if (frac_digits == 0 && int_digits == 0) int_digits = -1;
  }
  if (i != s.size() || int_digits + frac_digits <= 0) {
    reason = fmt::format("{} is not a decimal number", Shown(s));
    return false;
  }
  for (int k = frac_digits; k < 6; ++k) v *= 10;
  unsigned __int128 limit = static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()) + (neg ? 1 : 0);
  if (overflow || v > limit) {
    reason = fmt::format("{} is out of the range of `decimal`", Shown(s));
    return false;
  }
  out = neg ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
  return true;
}

bool ParseFloat(std::string_view s, double& out, std::string& reason) {
  const char* p = s.data();
  const char* end = p + s.size();
  if (p != end && *p == '+' && end - p > 1 && p[1] != '-') ++p;
  auto [ptr, ec] = std::from_chars(p, end, out, std::chars_format::general);
  if (ec == std::errc() && ptr == end && std::isfinite(out)) return true;
  if (ec == std::errc::result_out_of_range) {
    reason = fmt::format("{} is out of the range of `float`", Shown(s));
  } else {
    reason = fmt::format("{} is not a finite number", Shown(s));
  }
  return false;
}

bool ParseBool(std::string_view s, int64_t& out, std::string& reason) {
  if (EqualNoCase(s, "true") || s == "1") {
    out = 1;
    return true;
  }
  if (EqualNoCase(s, "false") || s == "0") {
    out = 0;
    return true;
  }
  reason = fmt::format("{} is not a bool (true, false, 1 or 0)", Shown(s));
  return false;
}

bool ParseDate(std::string_view s, int64_t& days, std::string& reason) {
  std::string why;
  if (DatePart(s, days, why) && s.size() == 10) return true;
  if (!why.empty() && s.size() == 10) {
    reason = fmt::format("{} is not a date: {}", Shown(s), why);
  } else {
    reason = fmt::format("{} is not a date (YYYY-MM-DD)", Shown(s));
  }
  return false;
}

bool ParseTimestamp(std::string_view s, TzCache& tz, int64_t& micros, std::string& reason) {
  auto bad = [&] {
    reason = fmt::format("{} is not a timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM])", Shown(s));
    return false;
  };
  int64_t days;
  std::string why;
  if (!DatePart(s, days, why)) {
    if (why.empty()) return bad();
    reason = fmt::format("{} is not a timestamp: {}", Shown(s), why);
    return false;
  }
  int64_t wall = days * kMicrosPerDay;
  size_t i = 10;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return bad();
    int h, m, sec = 0;
    if (s.size() < i + 6 || !Digits(s.data() + i + 1, 2, h) || s[i + 3] != ':' || !Digits(s.data() + i + 4, 2, m)) return bad();
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (s.size() < i + 3 || !Digits(s.data() + i + 1, 2, sec)) return bad();
      i += 3;
    }
    if (std::string problem = TimeProblem(h, m, sec); !problem.empty()) {
      reason = fmt::format("{} is not a timestamp: {}", Shown(s), problem);
      return false;
    }
    int64_t frac = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      int n = 0;
      for (; i < s.size() && IsDigit(s[i]); ++i, ++n) {
        if (n < 6) {
          frac = frac * 10 + (s[i] - '0');
        } else if (s[i] != '0') {
          reason = fmt::format("{} has more than 6 digits of fractional seconds", Shown(s));
          return false;
        }
      }
      if (n == 0) return bad();
      for (int k = n; k < 6; ++k) frac *= 10;
    }
    wall += ((h * 60 + m) * 60 + sec) * kMicrosPerSecond + frac;
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') {
        if (i + 1 != s.size()) return bad();
        micros = wall;
        return true;
      }
      if (s[i] != '+' && s[i] != '-') return bad();
      int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
      std::string_view z = s.substr(i + 1);
      if (z.size() == 2 && Digits(z.data(), 2, oh)) {
      } else if (z.size() == 4 && Digits(z.data(), 2, oh) && Digits(z.data() + 2, 2, om)) {
      } else if (z.size() == 5 && z[2] == ':' && Digits(z.data(), 2, oh) && Digits(z.data() + 3, 2, om)) {
      } else {
        return bad();
      }
      if (oh > 23 || om > 59) {
        reason = fmt::format("{} is not a timestamp: the zone offset {:02}:{:02} is past 23:59", Shown(s), oh, om);
        return false;
      }
      micros = wall - sign * (oh * 60 + om) * 60 * kMicrosPerSecond;
      return true;
    }
  }
  micros = tz.ToInstant(wall);
  return true;
}

bool ParseDuration(std::string_view s, int64_t& micros, std::string& reason) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && s[i] == '-') neg = true, ++i;
  __int128 total = 0;
  bool any = false;
  while (i < s.size()) {
    __int128 n = 0;
    size_t start = i;
    // Every digit is read, so that a number too large is out of range, not "not a duration".
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      if (n <= std::numeric_limits<int64_t>::max()) n = n * 10 + (s[i] - '0');
    }
    if (i == start || i == s.size()) break;
    int64_t unit;
    if (s.substr(i, 2) == "us") unit = 1, i += 2;
    else if (s.substr(i, 2) == "ms") unit = 1000, i += 2;
    else if (s[i] == 's') unit = kMicrosPerSecond, ++i;
    else if (s[i] == 'm') unit = 60 * kMicrosPerSecond, ++i;
    else if (s[i] == 'h') unit = 3600 * kMicrosPerSecond, ++i;
    else if (s[i] == 'd') unit = kMicrosPerDay, ++i;
    else if (s[i] == 'w') unit = 7 * kMicrosPerDay, ++i;
    else break;
    total += n * unit;
    any = true;
    if (total > std::numeric_limits<int64_t>::max()) {
      reason = fmt::format("{} is out of the range of `duration`", Shown(s));
      return false;
    }
  }
  if (!any || i != s.size()) {
    reason = fmt::format("{} is not a duration (a number and a unit: 30s, 15m, 24h, 30d, 2w, or several: 1h30m)", Shown(s));
    return false;
  }
  micros = static_cast<int64_t>(neg ? -total : total);
  return true;
}

size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  unsigned c = *p;
  if (c < 0x80) return 1;
  int n;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 1;
  else if (c == 0xE0) n = 2, lo = 0xA0;
  else if (c >= 0xE1 && c <= 0xEC) n = 2;
  else if (c == 0xED) n = 2, hi = 0x9F;
  else if (c >= 0xEE && c <= 0xEF) n = 2;
  else if (c == 0xF0) n = 3, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) n = 3;
  else if (c == 0xF4) n = 3, hi = 0x8F;
  else return 0;
  if (end - p <= n) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (int k = 2; k <= n; ++k) {
    if (p[k] < 0x80 || p[k] > 0xBF) return 0;
  }
  return static_cast<size_t>(n) + 1;
}

bool ValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    size_t n = Utf8SequenceLength(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

bool ParseValue(const FieldSpec& spec, std::string_view text, TzCache& tz, Slot& out, std::string& reason) {
  out.present = true;
  switch (spec.type.kind) {
    case TypeKind::Int: return ParseInt(text, out.i, reason);
    case TypeKind::Decimal: return ParseDecimal(text, out.i, reason);
    case TypeKind::Float: return ParseFloat(text, out.f, reason);
    case TypeKind::Bool: return ParseBool(text, out.i, reason);
    case TypeKind::Date: return ParseDate(text, out.i, reason);
    case TypeKind::Timestamp: return ParseTimestamp(text, tz, out.i, reason);
    case TypeKind::Duration: return ParseDuration(text, out.i, reason);
    case TypeKind::Enum: {
      for (size_t v = 0; v < spec.variants.size(); ++v) {
        if (spec.variants[v] == text) {
          out.i = static_cast<int64_t>(v);
          return true;
        }
      }
      std::string list;
      for (size_t v = 0; v < spec.variants.size() && list.size() < 200; ++v) list += (v ? ", " : "") + spec.variants[v];
      if (list.size() >= 200) list += ", ...";
      reason = fmt::format("{} is not a variant of the enum (expected one of: {})", Shown(text), list);
      return false;
    }
    case TypeKind::String:
      if (!ValidUtf8(text)) {
        reason = "invalid UTF-8";
        return false;
      }
      out.s = text;
      return true;
    case TypeKind::Error: case TypeKind::Set: case TypeKind::Stream: case TypeKind::Row:
    case TypeKind::RefTable: break;
  }
  reason = "a column of this type cannot be loaded";
  return false;
}

}  // namespace sam::rt::load
