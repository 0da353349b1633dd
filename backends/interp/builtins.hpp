// What the built-ins' files (builtins_*.cpp) share: one call over a scope's rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "backends/interp/vec.hpp"
#include "ir/ir.hpp"
#include "backends/interp/runtime_types.hpp"
#include "runtime/exec/timezone.hpp"
#include "schema/calendar.hpp"
#include "stdlib/builtins.hpp"

namespace sam::interp {

// year, month, day or weekday (1 Monday .. 7 Sunday) of a date: the built-ins' one
// definition, also used by the tests on stored dates (column_filter.cpp).
// `lower` / `upper` of one character: ASCII letters only (docs/builtins.md).
inline char AsciiLower(char c) {
  return static_cast<unsigned char>(c - 'A') < 26 ? static_cast<char>(c + ('a' - 'A')) : c;
}
inline char AsciiUpper(char c) {
  return static_cast<unsigned char>(c - 'a') < 26 ? static_cast<char>(c - ('a' - 'A')) : c;
}

// What `trim` removes: spaces, tabs and line breaks.
inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline bool IsDatePart(stdlib::BuiltinId id) {
  return id == stdlib::BuiltinId::Year || id == stdlib::BuiltinId::Month || id == stdlib::BuiltinId::Day ||
         id == stdlib::BuiltinId::Weekday;
}
inline int64_t DatePart(stdlib::BuiltinId id, int64_t days) {
  if (id == stdlib::BuiltinId::Weekday) return ((days % 7) + 7 + 3) % 7 + 1;
  const CivilDate c = CivilFromDays(days);
  return id == stdlib::BuiltinId::Year ? c.year : id == stdlib::BuiltinId::Month ? c.month : c.day;
}

// Whether a built-in's value is decided by its operands alone (with the run's today
// and now), so that invariant operands give an invariant value: not `bucket`, which
// reads the customer's key, nor the population built-ins.
bool OperandsDecide(stdlib::BuiltinId id);

// A built-in's operands and result, present where every operand is (every built-in
// propagates absence).
struct BuiltinCall {
  const ir::Node& n;
  size_t rows;
  std::vector<const Vec*> a;  // operand values
  std::vector<Type> t;        // operand types
  Vec out;
  const TimeZoneTable& tz;
  int64_t today;

  // A date or timestamp argument as a local date.
  int64_t DateOf(size_t k, size_t r) const { return t[k].kind == TypeKind::Timestamp ? tz.LocalDate(a[k]->i[r]) : a[k]->i[r]; }
  // fn(r) for the rows where the result is present.
  template <class Fn>
  void Each(Fn fn) {
    for (size_t r = 0; r < rows; ++r) {
      if (out.present[r]) fn(r);
    }
  }
};

}  // namespace sam::interp
