#include "ir/eval.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "schema/time_zone.hpp"

namespace sam::ir {
namespace {

using i128 = __int128;

bool Fits(i128 v) { return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max(); }

std::variant<Value, EvalError> Int(i128 v, std::string_view what) {
  if (!Fits(v)) return EvalError{fmt::format("value out of range in `{}`", what)};
  Value out;
  out.i = static_cast<int64_t>(v);
  return out;
}

Value Bool(bool b) {
  Value v;
  v.i = b;
  return v;
}

Value Float(double f) {
  Value v;
  v.f = f;
  return v;
}

int Compare(const Operand& a, const Operand& b) {
  if (a.type.kind == TypeKind::Float) return FloatOrder(a.value.f, b.value.f);
  if (a.type.kind == TypeKind::String) return a.value.s.compare(b.value.s) < 0 ? -1 : a.value.s == b.value.s ? 0 : 1;
  return a.value.i < b.value.i ? -1 : a.value.i > b.value.i ? 1 : 0;
}

// `and` (decider false) and `or` (decider true) in Kleene's logic, as ops.def states:
// a side equal to the decider decides, even when the other is absent; otherwise an
// absent side leaves the result absent.
Value Kleene(const Value& a, const Value& b, bool decider) {
  const auto decides = [decider](const Value& v) { return !v.absent && (v.i != 0) == decider; };
  if (decides(a) || decides(b)) return Bool(decider);
  if (a.absent || b.absent) {
    Value v;
    v.absent = true;
    return v;
  }
  return Bool(!decider);
}

constexpr int64_t kDay = kMicrosPerDay;
constexpr int64_t kScale = kDecimalScale;

}  // namespace

__int128 RoundDiv(__int128 num, __int128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 q = num / den, r = num % den;
  if (r < 0) {
    r += den;
    q -= 1;
  }
  i128 twice = 2 * r;
  if (twice > den || (twice == den && (q & 1))) q += 1;
  return q;
}

bool IsFoldable(Op op, int32_t builtin) {
  switch (op) {
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
    case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Eq: case Op::Ne: case Op::Lt:
    case Op::Le: case Op::Gt: case Op::Ge: case Op::And: case Op::Or: case Op::IsPresent:
    case Op::Coalesce: case Op::If: case Op::InSet:
      return true;
    case Op::Call:
      return builtin == static_cast<int32_t>(stdlib::BuiltinId::Days) ||
             builtin == static_cast<int32_t>(stdlib::BuiltinId::Hours);
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Agg: case Op::Population: case Op::Lookup: break;
  }
  return false;
}

std::variant<Value, EvalError> Evaluate(Op op, Type result, int32_t builtin, const std::vector<Operand>& args,
                                        const std::string& timezone) {
  // Absent operands: only these operations look at absence; the rest propagate it.
  switch (op) {
    case Op::IsPresent: return Bool(!args[0].value.absent);
    case Op::Coalesce: return args[0].value.absent ? args[1].value : args[0].value;
    case Op::If: return args[0].value.i ? args[1].value : args[2].value;
    case Op::And: return Kleene(args[0].value, args[1].value, false);
    case Op::Or: return Kleene(args[0].value, args[1].value, true);
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
    case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Eq: case Op::Ne: case Op::Lt:
    case Op::Le: case Op::Gt: case Op::Ge: case Op::InSet: case Op::Call: case Op::Agg:
    case Op::Population: case Op::Lookup: break;
  }
  for (const auto& a : args) {
    if (a.value.absent) {
      Value v;
      v.absent = true;
      return v;
    }
  }
  const Operand& x = args[0];
  TypeKind k = x.type.kind;
  auto binary_int = [&](auto fn, std::string_view what) -> std::variant<Value, EvalError> {
    return Int(fn(static_cast<i128>(x.value.i), static_cast<i128>(args[1].value.i)), what);
  };
  switch (op) {
    case Op::Cast: {
      TypeKind to = result.kind;
      if (to == k) return x.value;
      if (to == TypeKind::Float) return Float(k == TypeKind::Int ? static_cast<double>(x.value.i) : static_cast<double>(x.value.i) / kScale);
      if (to == TypeKind::Decimal && k == TypeKind::Int) return Int(static_cast<i128>(x.value.i) * kScale, "decimal");
      if (to == TypeKind::Decimal && k == TypeKind::Float) {
        double scaled = std::nearbyint(x.value.f * kScale);
        if (!std::isfinite(scaled) || std::fabs(scaled) >= 9.2e18) return EvalError{"value out of range for a decimal"};
        Value v;
        v.i = static_cast<int64_t>(scaled);
        return v;
      }
      if (to == TypeKind::Int && k == TypeKind::Decimal) {
        Value v;
        v.i = x.value.i / kScale;
        return v;
      }
      if (to == TypeKind::Int && k == TypeKind::Float) {
        if (!std::isfinite(x.value.f) || std::fabs(x.value.f) >= 9.2e18) return EvalError{"value out of range for an int"};
        Value v;
        v.i = static_cast<int64_t>(std::trunc(x.value.f));
        return v;
      }
      return x.value;
    }
    case Op::DateToTimestamp: {
      Value v;
      v.i = StartOfDay(x.value.i, timezone);
      return v;
    }
    case Op::Neg:
      if (k == TypeKind::Float) return Float(-x.value.f);
      return Int(-static_cast<i128>(x.value.i), "-");
    case Op::Not: return Bool(!x.value.i);
    case Op::Add:
    case Op::Sub: {
      const Operand& y = args[1];
      bool sub = op == Op::Sub;
      if (k == TypeKind::Float) return Float(sub ? x.value.f - y.value.f : x.value.f + y.value.f);
      if (k == TypeKind::String) {
        Value v;
        v.s = x.value.s + y.value.s;
        return v;
      }
      // A date moved by a duration moves by whole days.
      if (k == TypeKind::Date && y.type.kind == TypeKind::Duration) {
        i128 days = y.value.i / kDay;
        return Int(sub ? x.value.i - days : x.value.i + days, sub ? "-" : "+");
      }
      if (k == TypeKind::Duration && y.type.kind == TypeKind::Date) return Int(y.value.i + x.value.i / kDay, "+");
      if (k == TypeKind::Date && y.type.kind == TypeKind::Date) return Int((static_cast<i128>(x.value.i) - y.value.i) * kDay, "-");
      return binary_int([sub](i128 a, i128 b) { return sub ? a - b : a + b; }, sub ? "-" : "+");
    }
    case Op::Mul: {
      const Operand& y = args[1];
      if (k == TypeKind::Float) return Float(x.value.f * y.value.f);
      if (k == TypeKind::Decimal && y.type.kind == TypeKind::Decimal) {
        return Int(RoundDiv(static_cast<i128>(x.value.i) * y.value.i, kScale), "*");
      }
      return binary_int([](i128 a, i128 b) { return a * b; }, "*");
    }
    case Op::Div: {
      const Operand& y = args[1];
      if (k == TypeKind::Float) {
        if (y.value.f == 0) {
          Value v;
          v.absent = true;
          return v;
        }
        return Float(x.value.f / y.value.f);
      }
      if (y.value.i == 0) {
        Value v;
        v.absent = true;
        return v;
      }
      if (k == TypeKind::Decimal) return Int(RoundDiv(static_cast<i128>(x.value.i) * kScale, y.value.i), "/");
      return Int(RoundDiv(x.value.i, y.value.i), "/");
    }
    case Op::Min: return Compare(x, args[1]) <= 0 ? x.value : args[1].value;
    case Op::Max: return Compare(x, args[1]) >= 0 ? x.value : args[1].value;
    case Op::Eq: return Bool(Compare(x, args[1]) == 0);
    case Op::Ne: return Bool(Compare(x, args[1]) != 0);
    case Op::Lt: return Bool(Compare(x, args[1]) < 0);
    case Op::Le: return Bool(Compare(x, args[1]) <= 0);
    case Op::Gt: return Bool(Compare(x, args[1]) > 0);
    case Op::Ge: return Bool(Compare(x, args[1]) >= 0);
    case Op::InSet:
      for (size_t i = 1; i < args.size(); ++i) {
        if (Compare(x, args[i]) == 0) return Bool(true);
      }
      return Bool(false);
    case Op::Call:
      if (builtin == static_cast<int32_t>(stdlib::BuiltinId::Days) || builtin == static_cast<int32_t>(stdlib::BuiltinId::Hours)) {
        const auto id = static_cast<stdlib::BuiltinId>(builtin);
        Value v;
        if (!stdlib::ScaleDuration(x.value.i, stdlib::DurationUnit(id), &v.i)) return EvalError{stdlib::DurationOutOfRange(id)};
        return v;
      }
      break;
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::And: case Op::Or: case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::Agg:
    case Op::Population: case Op::Lookup: break;
  }
  return EvalError{fmt::format("`{}` cannot be evaluated without data", OpName(op))};
}

}  // namespace sam::ir
