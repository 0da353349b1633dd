// The types of SAM values, as the checker assigns them and the IR carries them.
#pragma once

#include <cstdint>
#include <string>

namespace sam {

enum class TypeKind : uint8_t {
  Error,  // after a reported error: accepted everywhere, never reported again
  Int,
  Decimal,
  Float,
  Bool,
  String,
  Date,
  Timestamp,
  Duration,
  Enum,      // ref: enum id
  Set,       // elem (+ ref for a set of enum values)
  Stream,    // an event table as a sequence of events; ref: table id
  Row,       // one row of a table (an event, a reference row); ref: table id
  RefTable,  // a reference table, to be indexed: propositions[key]; ref: table id
};

struct Type {
  TypeKind kind = TypeKind::Error;
  bool optional = false;
  TypeKind elem = TypeKind::Error;  // Set
  int32_t ref = -1;

  static Type Of(TypeKind k, bool opt = false) { return Type{k, opt, TypeKind::Error, -1}; }
  static Type EnumOf(int32_t id, bool opt = false) { return Type{TypeKind::Enum, opt, TypeKind::Error, id}; }
  static Type RowOf(int32_t table, bool opt = false) { return Type{TypeKind::Row, opt, TypeKind::Error, table}; }
  bool is_error() const { return kind == TypeKind::Error; }
  bool is_numeric() const { return kind == TypeKind::Int || kind == TypeKind::Decimal || kind == TypeKind::Float; }
  bool is_time() const { return kind == TypeKind::Date || kind == TypeKind::Timestamp; }
  Type Required() const {
    Type t = *this;
    t.optional = false;
    return t;
  }
  Type Optional() const {
    Type t = *this;
    t.optional = true;
    return t;
  }
  bool operator==(const Type&) const = default;
};

// How values are represented: dates are days since 1970-01-01, timestamps and durations
// microseconds (timestamps since 1970-01-01T00:00:00Z), decimals scaled by 10^6.
inline constexpr int64_t kDecimalScale = 1'000'000;
inline constexpr int kDecimalDigits = 6;
inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// int -> decimal -> float.
TypeKind WidenNumeric(TypeKind a, TypeKind b);

// -1, 0 or 1 as a is below, equal to or above b in the order every backend compares
// floats in (docs/language.md, 3.3), as DuckDB and PostgreSQL do: NaN (what infinity
// minus infinity gives) equals NaN and is above every other value; -0.0 equals 0.0.
inline int FloatOrder(double a, double b) {
  const bool nan_a = a != a, nan_b = b != b;
  if (nan_a || nan_b) return nan_a == nan_b ? 0 : nan_a ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace sam
