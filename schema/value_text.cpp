#include "schema/value_text.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "schema/calendar.hpp"
#include "schema/types.hpp"

namespace sam {
namespace {

// Digits with `_` separators; false on overflow.
bool Accumulate(std::string_view digits, int64_t& out) {
  out = 0;
  for (char c : digits) {
    if (c == '_') continue;
    if (__builtin_mul_overflow(out, 10, &out) || __builtin_add_overflow(out, c - '0', &out)) return false;
  }
  return true;
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::string DateProblem(int64_t y, int m, int d) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  if (m < 1 || m > 12) return fmt::format("there is no month {:02}", m);
  if (d < 1) return "there is no day 00";
  const unsigned last = DaysInMonth(y, static_cast<unsigned>(m));
  if (static_cast<unsigned>(d) > last) return fmt::format("{} {:04} has {} days", kMonths[m - 1], y, last);
  return {};
}

Decoded<int64_t> DecodeInt(std::string_view text) {
  int64_t v;
  if (!Accumulate(text, v)) return LiteralError{"integer literal does not fit in 64 bits"};
  return v;
}

Decoded<int64_t> DecodeDecimal(std::string_view text) {
  // Without a point (test records, data) the text is all whole part.
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  std::string digits;
  for (char c : frac) {
    if (c != '_') digits += c;
  }
  if (digits.size() > static_cast<size_t>(kDecimalDigits)) {
    return LiteralError{fmt::format("a decimal has at most {} digits after the point", kDecimalDigits)};
  }
  int64_t w, f = 0;
  if (!Accumulate(whole, w)) return LiteralError{"decimal literal out of range"};
  for (size_t i = 0; i < static_cast<size_t>(kDecimalDigits); ++i) f = f * 10 + (i < digits.size() ? digits[i] - '0' : 0);
  int64_t v;
  if (__builtin_mul_overflow(w, kDecimalScale, &v) || __builtin_add_overflow(v, f, &v)) {
    return LiteralError{"decimal literal out of range"};
  }
  return v;
}

Decoded<double> DecodeFloat(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c != '_') clean += c;
  }
  double v = std::strtod(clean.c_str(), nullptr);
  if (!std::isfinite(v)) return LiteralError{"float literal out of range"};
  return v;
}

// Strict `YYYY-MM-DD`: the lexer only hands over that form, but command-line options
// (--today, --as-of) reach here with any text, and reading `2026-12-011` as 2026-12-01
// would answer for the wrong day.
Decoded<int64_t> DecodeDate(std::string_view t) {
  auto digits = [t](size_t at, size_t n) {
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
    }
    return true;
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !digits(0, 4) || !digits(5, 2) || !digits(8, 2)) {
    return LiteralError{fmt::format("`{}` is not a date of the form YYYY-MM-DD", t)};
  }
  const int y = Num(t.substr(0, 4)), m = Num(t.substr(5, 2)), d = Num(t.substr(8, 2));
  if (std::string why = DateProblem(y, m, d); !why.empty()) {
    return LiteralError{fmt::format("`{}` is not a date: {}", t, why)};
  }
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

Decoded<int64_t> DecodeTimestamp(std::string_view t, bool* has_zone) {
  auto day = DecodeDate(t.substr(0, 10));
  if (auto* e = std::get_if<LiteralError>(&day)) return *e;
  std::string_view rest = t.substr(11);
  int hh = Num(rest.substr(0, 2)), mm = Num(rest.substr(3, 2)), ss = 0;
  int64_t micros = 0;
  size_t i = 5;
  if (i < rest.size() && rest[i] == ':') {
    ss = Num(rest.substr(i + 1, 2));
    i += 3;
    if (i < rest.size() && rest[i] == '.') {
      ++i;
      int64_t scale = 100'000;
      while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
        if (scale == 0) return LiteralError{"timestamps have at most 6 digits of fractional seconds"};
        micros += (rest[i] - '0') * scale;
        scale /= 10;
        ++i;
      }
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return LiteralError{fmt::format("`{}` is not a time of day", rest.substr(0, i))};
  int64_t v = std::get<int64_t>(day) * kMicrosPerDay + ((hh * 60 + mm) * 60 + ss) * kMicrosPerSecond + micros;
  *has_zone = false;
  if (i < rest.size()) {
    *has_zone = true;
    if (rest[i] != 'Z') {
      int oh = Num(rest.substr(i + 1, 2)), om = Num(rest.substr(i + 4, 2));
      if (oh > 14 || om > 59) return LiteralError{"time zone offset out of range"};
      int64_t off = (oh * 60 + om) * 60 * kMicrosPerSecond;
      v += rest[i] == '+' ? -off : off;
    }
  }
  return v;
}

Decoded<int64_t> DecodeDuration(std::string_view text) {
  int64_t n;
  if (!Accumulate(text.substr(0, text.size() - 1), n)) return LiteralError{"duration out of range"};
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = kMicrosPerSecond; break;
    case 'm': unit = 60 * kMicrosPerSecond; break;
    case 'h': unit = 3600 * kMicrosPerSecond; break;
    case 'd': unit = kMicrosPerDay; break;
    case 'w': unit = 7 * kMicrosPerDay; break;
  }
  int64_t v;
  if (__builtin_mul_overflow(n, unit, &v)) return LiteralError{"duration out of range"};
  return v;
}

Decoded<int> DecodeTimeOfDay(std::string_view text) {
  size_t colon = text.find(':');
  int hh = Num(text.substr(0, colon)), mm = Num(text.substr(colon + 1));
  if (hh > 23 || mm > 59) return LiteralError{fmt::format("`{}` is not a time of day (00:00 to 23:59)", text)};
  return hh * 60 + mm;
}

Decoded<int> DecodeMonthDay(std::string_view text) {
  int m = Num(text.substr(0, 2)), d = Num(text.substr(3, 2));
  // Any day that exists in some year; 02-29 fires on 28 February in other years.
  constexpr int kLeapYear = 2000;
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > DaysInMonth(kLeapYear, static_cast<unsigned>(m))) {
    return LiteralError{fmt::format("`{}` is not a day of the year (MM-DD)", text)};
  }
  return m * 100 + d;
}

Decoded<int64_t> DecodePercent(std::string_view text) {
  std::string_view num = text.substr(0, text.size() - 1);
  auto v = num.find('.') == std::string_view::npos ? DecodeInt(num) : DecodeDecimal(num);
  if (auto* e = std::get_if<LiteralError>(&v)) return *e;
  int64_t x = std::get<int64_t>(v);
  if (num.find('.') == std::string_view::npos) {
    if (x > 100) return LiteralError{fmt::format("`{}` is more than 100%", text)};
    return x * kDecimalScale;
  }
  if (x > 100 * kDecimalScale) return LiteralError{fmt::format("`{}` is more than 100%", text)};
  return x;
}

Decoded<std::string> DecodeString(std::string_view text, size_t* error_offset) {
  std::string out;
  std::string_view body = text.substr(1, text.size() - 2);
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    *error_offset = i + 1;
    if (++i >= body.size()) return LiteralError{"unfinished escape sequence"};
    switch (body[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'u': {
        size_t close = body.find('}', i);
        if (i + 1 >= body.size() || body[i + 1] != '{' || close == std::string_view::npos || close - i - 2 > 6 ||
            close == i + 2) {
          return LiteralError{"expected `\\u{XXXX}` with 1 to 6 hexadecimal digits"};
        }
        uint32_t cp = 0;
        for (size_t k = i + 2; k < close; ++k) {
          char h = body[k];
          int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
          if (d < 0) return LiteralError{"expected hexadecimal digits in `\\u{...}`"};
          cp = cp * 16 + static_cast<uint32_t>(d);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) return LiteralError{"not a valid Unicode character"};
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xF0 | (cp >> 18));
          out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        i = close;
        break;
      }
      default:
        return LiteralError{fmt::format("unknown escape `\\{}`; escapes are \\\" \\\\ \\n \\t \\r \\u{{XXXX}}", body[i])};
    }
  }
  return out;
}

std::string FormatDate(int64_t days) {
  const CivilDate c = CivilFromDays(days);
  // Compiled formats: plans and exports write hundreds of thousands of dates.
  return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}"), c.year, c.month, c.day);
}

std::string FormatTimestamp(int64_t micros) {
  int64_t days = micros >= 0 ? micros / kMicrosPerDay : -((-micros + kMicrosPerDay - 1) / kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  int64_t secs = rest / kMicrosPerSecond, us = rest % kMicrosPerSecond;
  const CivilDate c = CivilFromDays(days);
  std::string s = fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}"), c.year, c.month, c.day, secs / 3600,
                              secs / 60 % 60, secs % 60);
  if (us) s += fmt::format(FMT_COMPILE(".{:06}"), us);
  return s + "Z";
}

std::string FormatDuration(int64_t micros) {
  struct Unit {
    int64_t size;
    char c;
  };
  static const Unit units[] = {{7 * kMicrosPerDay, 'w'}, {kMicrosPerDay, 'd'}, {3600 * kMicrosPerSecond, 'h'},
                               {60 * kMicrosPerSecond, 'm'}, {kMicrosPerSecond, 's'}};
  if (micros == 0) return "0d";
  for (const auto& u : units) {
    if (micros % u.size == 0) return fmt::format("{}{}", micros / u.size, u.c);
  }
  return fmt::format("{}us", micros);
}

std::string FormatDecimal(int64_t v) {
  bool neg = v < 0;
  uint64_t a = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string s = fmt::format("{}{}.{:06}", neg ? "-" : "", a / kDecimalScale, a % kDecimalScale);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s += '0';
  return s;
}

}  // namespace sam
