// The list of built-in functions (builtins.def), as data for the checker, the
// backends and the docs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/types.hpp"

namespace sam::stdlib {

enum class BuiltinId : uint16_t {
#define SAM_BUILTIN(id, sig, cat, doc) id,
#include "stdlib/builtins.def"
#undef SAM_BUILTIN
};

enum class Category : uint8_t { Scalar, Population };

// A parameter or result type as written in a signature. `Number` is int, decimal or
// float; `Same` (written `T`) is the type of the first argument.
enum class SigType : uint8_t { Int, Decimal, Float, Number, Bool, String, Date, Timestamp, Duration, Same };

struct SigParam {
  std::vector<SigType> alternatives;  // `date|timestamp`
};

struct BuiltinInfo {
  BuiltinId id;
  std::string_view name;
  std::string_view signature;
  Category category;
  std::string_view doc;
  std::vector<SigParam> params;
  SigType result;
  bool result_optional;
};

const std::vector<BuiltinInfo>& AllBuiltins();

// `days(n)` and `hours(n)`, the one rule that constant folding and every backend use:
// n times the unit (DurationUnit: microseconds), false when that leaves the 64-bit
// range, with DurationOutOfRange as the error.
int64_t DurationUnit(BuiltinId id);
inline bool ScaleDuration(int64_t n, int64_t unit, int64_t* out) { return !__builtin_mul_overflow(n, unit, out); }
std::string DurationOutOfRange(BuiltinId id);
const BuiltinInfo* FindBuiltin(std::string_view name);
// The type an argument of type `arg` becomes for parameter `p`: a number `p` does not
// take as it is becomes the narrowest wider one `p` takes (`floor(decimal|float)`
// makes an int a decimal); anything else stays.
TypeKind ParamKind(const SigParam& p, TypeKind arg);
const BuiltinInfo& Builtin(BuiltinId id);

// The aggregates over events; the language gives them their own syntax, this list
// serves the docs and `sam explain aggregates`.
struct AggregateInfo {
  std::string_view name;
  std::string_view doc;
};
const std::vector<AggregateInfo>& AllAggregates();

}  // namespace sam::stdlib
