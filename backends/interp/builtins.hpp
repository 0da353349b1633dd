// What the built-ins' files (builtins_*.cpp) share: one call over a scope's rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "backends/interp/vec.hpp"
#include "ir/ir.hpp"
#include "backends/interp/runtime_types.hpp"
#include "runtime/exec/timezone.hpp"

namespace sam::interp {

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
