// The meaning of IR operations on single values. Constant folding uses it, and it is
// the scalar reference the runtime's vector kernels are tested against.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "ir/ir.hpp"

namespace sam::ir {

struct EvalError {
  std::string message;  // "integer overflow in `+`"
};

struct Operand {
  Type type;
  Value value;
};

// Evaluates `op` (one without data: no fields, aggregates, lets, today/now) on
// operands. `timezone` places dates (DateToTimestamp). Returns an error on overflow;
// a division by zero gives an absent value, as the language defines.
std::variant<Value, EvalError> Evaluate(Op op, Type result, int32_t builtin, const std::vector<Operand>& args,
                                        const std::string& timezone);

// Whether Evaluate can compute `op` from constant operands.
bool IsFoldable(Op op, int32_t builtin);

// num / den rounded to the nearest integer, halves to even (banker's rounding keeps
// sums of many rounded values unbiased): decimal `*`, `/`, `avg`, `percentile`.
__int128 RoundDiv(__int128 num, __int128 den);

}  // namespace sam::ir
