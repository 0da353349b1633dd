// Text to SAM values, per column type (docs/data.md lists the accepted forms). Every
// parser takes the field's bytes and either fills `out` or returns why not: the reason
// goes to the rejects file, so it names what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/types.hpp"

namespace sam::rt::load {

class TzCache;

// One value before it goes into a ColumnBuilder.
struct Slot {
  int64_t i = 0;
  double f = 0;
  std::string_view s;  // strings: the text (valid until the next row)
  bool present = false;
};

// A column as the converters need it.
struct FieldSpec {
  std::string name;
  Type type;
  std::vector<std::string> variants;  // enums
  std::string type_code;              // the type as the schema writes it (`date?`), for hints
};

// Converts `text` (non-empty) to a value of `spec`'s type; false with `reason` set when
// it is not one.
bool ParseValue(const FieldSpec& spec, std::string_view text, TzCache& tz, Slot& out, std::string& reason);

// The individual converters, for tests.
bool ParseInt(std::string_view s, int64_t& out, std::string& reason);
bool ParseDecimal(std::string_view s, int64_t& out, std::string& reason);  // scaled by 10^6
bool ParseFloat(std::string_view s, double& out, std::string& reason);
bool ParseBool(std::string_view s, int64_t& out, std::string& reason);
bool ParseDate(std::string_view s, int64_t& days, std::string& reason);
bool ParseTimestamp(std::string_view s, TzCache& tz, int64_t& micros, std::string& reason);
bool ParseDuration(std::string_view s, int64_t& micros, std::string& reason);

// The length of the UTF-8 sequence at p (< end), or 0 when its bytes are not one.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);
// Whether `s` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool ValidUtf8(std::string_view s);

}  // namespace sam::rt::load
