// Decoding literal text (numbers, dates, times, strings) into values. Each returns
// an error message instead of a value when the text is out of range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace sam {

struct LiteralError {
  std::string message;
};
template <typename T>
using Decoded = std::variant<T, LiteralError>;

// Why year y, month m, day d is not a date ("February 2026 has 28 days"), or "" when
// it is one: a user who typed 2026-02-30 needs to hear about the day, not the format.
std::string DateProblem(int64_t y, int m, int d);

Decoded<int64_t> DecodeInt(std::string_view text);
Decoded<int64_t> DecodeDecimal(std::string_view text);  // scaled by 10^6
Decoded<double> DecodeFloat(std::string_view text);
Decoded<int64_t> DecodeDate(std::string_view text);      // days since 1970-01-01
// Microseconds since the epoch; `has_zone` tells whether the text carried `Z` or an
// offset. Without one the value is a wall-clock time that the checker places in the
// program's time zone.
Decoded<int64_t> DecodeTimestamp(std::string_view text, bool* has_zone);
Decoded<int64_t> DecodeDuration(std::string_view text);  // microseconds
Decoded<int> DecodeTimeOfDay(std::string_view text);     // minutes after midnight
Decoded<int> DecodeMonthDay(std::string_view text);      // month * 100 + day
Decoded<int64_t> DecodePercent(std::string_view text);   // scaled by 10^6
// The contents of a string literal, quotes included in `text`, escapes decoded.
// On error, `*error_offset` is the offset in `text` of the bad escape.
Decoded<std::string> DecodeString(std::string_view text, size_t* error_offset);

std::string FormatDate(int64_t days);
std::string FormatTimestamp(int64_t micros);
std::string FormatDuration(int64_t micros);
std::string FormatDecimal(int64_t scaled);

}  // namespace sam
