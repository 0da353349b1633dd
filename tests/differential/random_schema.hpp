// A random schema for the differential test: customers with fields of every type
// (optional or not), one to three event tables (timestamp or date time columns),
// enums, and sometimes a list and a reference table; and random data for it, as the
// CSV files a data folder holds, with the edge cases the backends must agree on:
// customers without events, with one, with more than 64 (so that the JIT both scans
// and searches a window), optional columns with every value absent, and integers at
// the ends of the 64-bit range.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/differential/rng.hpp"

namespace sam::differential {

enum class Kind : uint8_t { Int, Decimal, Float, Bool, String, Date, Timestamp, Duration, Enum };

struct Field {
  std::string name;
  Kind kind = Kind::Int;
  bool optional = false;
  int enum_id = -1;         // Kind::Enum: index in RandomSchema::enums
  bool all_absent = false;  // data: every value absent (optional fields)
  bool extreme = false;     // data: some values near the ends of the 64-bit range
};

struct EventTable {
  std::string name;
  std::string time;  // the time column
  bool date_time = false;
  std::vector<Field> fields;  // without the customer and time columns
};

struct EnumDef {
  std::string name;
  std::vector<std::string> variants;
};

struct RandomSchema {
  std::string zone;
  std::vector<EnumDef> enums;
  std::vector<Field> customer;  // customer[0] is the key, `id: int`
  std::vector<EventTable> events;
  bool list = false;       // `list vips of customers by cid`
  bool reference = false;  // `table offers key code { code: string  bonus: int?  label: string }`
};

RandomSchema MakeSchema(Rng& r);
// `timezone`, the enums and the schema block.
std::string SchemaText(const RandomSchema& s);
// The CSV files of a data folder for `s` (file name -> contents), as of run date
// `today` (days since 1970-01-01): events mostly before it, some after.
std::map<std::string, std::string> MakeData(Rng& r, const RandomSchema& s, int64_t today);

// Literal text shared by the program and the data.
std::string DateText(int64_t day);

}  // namespace sam::differential
