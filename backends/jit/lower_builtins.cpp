// Built-ins in generated code: calendar fields inline (integer arithmetic LLVM can
// vectorize), the calendar's irregular rules and the time zone through helpers
// (helpers.hpp), durations and conversions inline.
#include <fmt/format.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Intrinsics.h>

#include <vector>

#include "backends/jit/emitter.hpp"
#include "backends/jit/helpers.hpp"
#include "runtime/exec/timezone.hpp"
#include "stdlib/builtins.hpp"

namespace sam::jit {

using ir::NodeId;
using stdlib::BuiltinId;

namespace {
constexpr int64_t kHour = 3600 * kMicrosPerSecond;
}  // namespace

llvm::Value* Emitter::CallHelper(const char* name, std::initializer_list<llvm::Value*> args) {
  return Call(name, i64_, args, true);
}

llvm::Value* Emitter::CallRuntime(const char* name, llvm::Type* result, std::initializer_list<llvm::Value*> args) {
  return Call(name, result, args, false);
}

llvm::Value* Emitter::Call(const char* name, llvm::Type* result, std::initializer_list<llvm::Value*> args, bool pure) {
  llvm::Function* f = m_.getFunction(name);
  if (f == nullptr) {
    std::vector<llvm::Type*> types;
    for (llvm::Value* a : args) types.push_back(a->getType());
    f = llvm::Function::Create(llvm::FunctionType::get(result, types, false), llvm::Function::ExternalLinkage, name, m_);
    f->setDoesNotThrow();
    if (pure) {
      // helpers.hpp: LLVM may hoist a call whose arguments do not change, also out of a
      // loop that may leave early (an overflow's exit): a pure helper returns a value
      // for any argument (the kernel already calls them on absent values' garbage), so
      // calling it where the program would not is safe. `start_of(today)` was called
      // per customer: 12 ms at 1M customers against the interpreter's 0.5.
      f->setDoesNotAccessMemory();
      f->addFnAttr(llvm::Attribute::WillReturn);
      f->addFnAttr(llvm::Attribute::Speculatable);
    }
  }
  return b_.CreateCall(f, args);
}

llvm::Value* Emitter::Zone() { return b_.CreateIntToPtr(zone_, ptr_); }

// A date, or a timestamp's local date: in a zone of one offset (UTC), computed
// here, so that loops over timestamps keep no call; of a field, from its column's
// table of local days (lower_local_dates.cpp); else by the zone's table.
llvm::Value* Emitter::DateOf(NodeId arg, llvm::Value* v) {
  if (p_.at(arg).type.kind != TypeKind::Timestamp) return v;
  if (substitute_ && SameField(substitute_->field, arg)) return v;  // a fill function's date (lower_tables.cpp)
  if (const std::optional<int64_t> fixed = rt::TimeZoneTable::Of(p_.timezone).FixedOffset()) {
    return FloorDiv(b_.CreateAdd(v, b_.getInt64(*fixed)), kMicrosPerDay);
  }
  const ir::Op op = p_.at(arg).op;
  if (op == ir::Op::CustomerField || op == ir::Op::EventField) {
    if (const std::optional<LocalDays> days = LocalDaysOf(FieldColumn(arg))) return LocalDate(*days, v);
  }
  return CallHelper("sam_jit_local_date", {Zone(), v});
}

llvm::Value* Emitter::FloorDiv(llvm::Value* a, int64_t b) {
  llvm::Value* q = b_.CreateSDiv(a, b_.getInt64(b));
  llvm::Value* r = b_.CreateSRem(a, b_.getInt64(b));
  llvm::Value* adjust = b_.CreateAnd(b_.CreateICmpNE(r, b_.getInt64(0)), b_.CreateICmpSLT(r, b_.getInt64(0)));
  return b_.CreateSub(q, b_.CreateZExt(adjust, i64_));
}

// Year, month and day of a date: Howard Hinnant's civil_from_days, with the 400-year
// era found through a double (an estimate off by at most one for any 64-bit day,
// then corrected exactly) and the rest in 32-bit arithmetic, so that LLVM vectorizes
// it (64-bit division by a constant does not vectorize).
Emitter::Civil Emitter::CivilOf(llvm::Value* days) {
  auto* i32 = b_.getInt32Ty();
  auto k64 = [&](int64_t v) { return b_.getInt64(v); };
  auto k32 = [&](uint32_t v) { return b_.getInt32(v); };
  llvm::Value* z = b_.CreateAdd(days, k64(719468));
  llvm::Value* estimate = b_.CreateFMul(b_.CreateSIToFP(z, f64_), llvm::ConstantFP::get(f64_, 1.0 / 146097.0));
  llvm::Value* era = b_.CreateFPToSI(b_.CreateUnaryIntrinsic(llvm::Intrinsic::floor, estimate), i64_);
  llvm::Value* r = b_.CreateSub(z, b_.CreateMul(era, k64(146097)));
  llvm::Value* low = b_.CreateICmpSLT(r, k64(0));
  llvm::Value* high = b_.CreateICmpSGE(r, k64(146097));
  era = b_.CreateSub(b_.CreateAdd(era, b_.CreateZExt(high, i64_)), b_.CreateZExt(low, i64_));
  r = b_.CreateSelect(low, b_.CreateAdd(r, k64(146097)), b_.CreateSelect(high, b_.CreateSub(r, k64(146097)), r));
  llvm::Value* doe = b_.CreateTrunc(r, i32);  // [0, 146096]
  llvm::Value* yoe = b_.CreateUDiv(
      b_.CreateSub(b_.CreateAdd(b_.CreateSub(doe, b_.CreateUDiv(doe, k32(1460))), b_.CreateUDiv(doe, k32(36524))),
                   b_.CreateUDiv(doe, k32(146096))),
      k32(365));
  llvm::Value* doy = b_.CreateSub(
      doe, b_.CreateSub(b_.CreateAdd(b_.CreateMul(yoe, k32(365)), b_.CreateUDiv(yoe, k32(4))), b_.CreateUDiv(yoe, k32(100))));
  llvm::Value* mp = b_.CreateUDiv(b_.CreateAdd(b_.CreateMul(doy, k32(5)), k32(2)), k32(153));
  llvm::Value* day = b_.CreateAdd(b_.CreateSub(doy, b_.CreateUDiv(b_.CreateAdd(b_.CreateMul(mp, k32(153)), k32(2)), k32(5))), k32(1));
  llvm::Value* month = b_.CreateSelect(b_.CreateICmpULT(mp, k32(10)), b_.CreateAdd(mp, k32(3)), b_.CreateSub(mp, k32(9)));
  llvm::Value* year = b_.CreateAdd(b_.CreateAdd(b_.CreateZExt(yoe, i64_), b_.CreateMul(era, k64(400))),
                                   b_.CreateZExt(b_.CreateICmpULE(month, k32(2)), i64_));
  return {year, b_.CreateZExt(month, i64_), b_.CreateZExt(day, i64_)};
}

// Whole months from x to y, inline (a helper call per row kept the loop from being
// vectorized: 1.7x the interpreter's time): a month counts once y's day of the month
// reaches x's.
llvm::Value* Emitter::MonthsBetween(const Civil& x, const Civil& y) {
  llvm::Value* zero = b_.getInt64(0);
  llvm::Value* months =
      b_.CreateAdd(b_.CreateMul(b_.CreateSub(y.year, x.year), b_.getInt64(12)), b_.CreateSub(y.month, x.month));
  llvm::Value* down = b_.CreateAnd(b_.CreateICmpSGT(months, zero), b_.CreateICmpSLT(y.day, x.day));
  llvm::Value* up = b_.CreateAnd(b_.CreateICmpSLT(months, zero), b_.CreateICmpSGT(y.day, x.day));
  return b_.CreateAdd(b_.CreateSub(months, b_.CreateZExt(down, i64_)), b_.CreateZExt(up, i64_));
}

// Whole years from x to y, as an age counts them, inline.
llvm::Value* Emitter::YearsBetween(const Civil& x, const Civil& y) {
  auto md = [&](const Civil& c) { return b_.CreateAdd(b_.CreateMul(c.month, b_.getInt64(32)), c.day); };
  llvm::Value* zero = b_.getInt64(0);
  llvm::Value* years = b_.CreateSub(y.year, x.year);
  llvm::Value* down = b_.CreateAnd(b_.CreateICmpSGT(years, zero), b_.CreateICmpSLT(md(y), md(x)));
  llvm::Value* up = b_.CreateAnd(b_.CreateICmpSLT(years, zero), b_.CreateICmpSLT(md(x), md(y)));
  return b_.CreateAdd(b_.CreateSub(years, b_.CreateZExt(down, i64_)), b_.CreateZExt(up, i64_));
}

// Whole years from `days` to today, as an age counts them (the anniversary must have
// been reached), inline: today's fields are the same for every customer.
llvm::Value* Emitter::YearsSince(llvm::Value* days) { return YearsBetween(CivilOf(days), CivilOf(today_)); }

// Whether today is the anniversary of `days` (not the day itself; 29 February's is
// 28 February in a common year), inline.
llvm::Value* Emitter::IsAnniversary(llvm::Value* days) {
  const Civil c = CivilOf(days), now = CivilOf(today_);
  auto is = [&](llvm::Value* v, int64_t k) { return b_.CreateICmpEQ(v, b_.getInt64(k)); };
  auto divisible = [&](llvm::Value* y, int64_t k) { return is(b_.CreateSRem(y, b_.getInt64(k)), 0); };
  llvm::Value* leap = b_.CreateOr(b_.CreateAnd(divisible(now.year, 4), b_.CreateNot(divisible(now.year, 100))),
                                  divisible(now.year, 400));
  llvm::Value* leap_day_too = b_.CreateAnd(b_.CreateAnd(is(now.month, 2), is(now.day, 28)), b_.CreateNot(leap));
  llvm::Value* day = b_.CreateOr(b_.CreateICmpEQ(c.day, now.day), b_.CreateAnd(leap_day_too, is(c.day, 29)));
  llvm::Value* same = b_.CreateAnd(b_.CreateICmpEQ(c.month, now.month), day);
  return FromBool(b_.CreateAnd(same, b_.CreateICmpNE(days, today_)));
}

// A float made whole (`whole`: floor, ceil or trunc) as an int; out of an int's range
// (or not a number), the node's overflow.
llvm::Value* Emitter::FloatToInt(NodeId id, llvm::Intrinsic::ID whole, llvm::Value* x, llvm::Value* present) {
  llvm::Value* v = b_.CreateUnaryIntrinsic(whole, x);
  llvm::Value* fits =
      b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, v), llvm::ConstantFP::get(f64_, 9.2e18));
  MayFail(id, b_.CreateNot(fits), present);
  return b_.CreateSelect(fits, b_.CreateFPToSI(v, i64_), b_.getInt64(0));  // fptosi out of range is poison
}

// round(x, digits) of a decimal (6 digits after the point): halves away from zero, in
// 128 bits; a result beyond the decimals' range is the node's overflow.
llvm::Value* Emitter::RoundDecimal(NodeId id, llvm::Value* x, llvm::Value* digits, llvm::Value* present) {
  std::vector<uint64_t> powers(19, 1);
  for (size_t k = 1; k < powers.size(); ++k) powers[k] = powers[k - 1] * 10;
  auto* init = llvm::ConstantDataArray::get(cx_, llvm::ArrayRef<uint64_t>(powers));
  auto* table = new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "powers");
  llvm::Value* keep = b_.CreateICmpSGE(digits, b_.getInt64(6));    // as precise as a decimal already
  llvm::Value* zero = b_.CreateICmpSLT(digits, b_.getInt64(-12));  // 10^(6 - digits) beyond every decimal
  llvm::Value* exponent =
      b_.CreateSelect(b_.CreateOr(keep, zero), b_.getInt64(0), b_.CreateSub(b_.getInt64(6), digits));
  auto* i128 = b_.getInt128Ty();
  llvm::Value* f = b_.CreateZExt(b_.CreateLoad(i64_, b_.CreateGEP(i64_, table, exponent)), i128);
  llvm::Value* m = b_.CreateBinaryIntrinsic(llvm::Intrinsic::abs, b_.CreateSExt(x, i128), b_.getFalse());
  llvm::Value* q = b_.CreateMul(b_.CreateUDiv(b_.CreateAdd(m, b_.CreateLShr(f, 1)), f), f);
  llvm::Value* v = b_.CreateSelect(b_.CreateICmpSLT(x, b_.getInt64(0)), b_.CreateNeg(q), q);
  llvm::Value* fits = b_.CreateAnd(b_.CreateICmpSGE(v, llvm::ConstantInt::get(i128, INT64_MIN, true)),
                                   b_.CreateICmpSLE(v, llvm::ConstantInt::get(i128, INT64_MAX, true)));
  MayFail(id, b_.CreateAnd(b_.CreateNot(b_.CreateOr(keep, zero)), b_.CreateNot(fits)), present);
  return b_.CreateSelect(keep, x, b_.CreateSelect(zero, b_.getInt64(0), b_.CreateTrunc(v, i64_)));
}

V Emitter::Builtin(NodeId id, const ir::Node& n) {
  const auto builtin = static_cast<BuiltinId>(n.a);
  if (builtin == BuiltinId::Length || builtin == BuiltinId::Contains || builtin == BuiltinId::StartsWith ||
      builtin == BuiltinId::EndsWith) {
    return StringCall(n);  // of strings, which are not values here
  }
  std::vector<V> a;
  llvm::Value* present = b_.getTrue();
  for (NodeId x : n.args) {
    a.push_back(Emit(x));
    present = b_.CreateAnd(present, a.back().present);
  }
  auto date = [&](size_t k) { return DateOf(n.args[k], a[k].v); };
  auto value = [&](llvm::Value* v) { return V{v, present}; };
  switch (builtin) {
    case BuiltinId::DaysSince: return value(b_.CreateSub(today_, date(0)));
    case BuiltinId::HoursSince: return value(FloorDiv(b_.CreateSub(now_, a[0].v), kHour));
    case BuiltinId::DaysBetween: return value(b_.CreateSub(date(1), date(0)));
    case BuiltinId::MonthsBetween: return value(MonthsBetween(CivilOf(date(0)), CivilOf(date(1))));
    case BuiltinId::YearsBetween: return value(YearsBetween(CivilOf(date(0)), CivilOf(date(1))));
    case BuiltinId::YearsSince: return value(YearsSince(date(0)));
    case BuiltinId::DateOf: return value(date(0));
    case BuiltinId::StartOf: return value(CallHelper("sam_jit_start_of_day", {Zone(), a[0].v}));
    case BuiltinId::Year: return value(CivilOf(date(0)).year);
    case BuiltinId::Month: return value(CivilOf(date(0)).month);
    case BuiltinId::Day: return value(CivilOf(date(0)).day);
    case BuiltinId::Weekday: {
      // 1 Monday .. 7 Sunday: 1970-01-01 was a Thursday.
      llvm::Value* d = date(0);
      llvm::Value* m = b_.CreateSRem(d, b_.getInt64(7));
      return value(b_.CreateAdd(b_.CreateSRem(b_.CreateAdd(m, b_.getInt64(10)), b_.getInt64(7)), b_.getInt64(1)));
    }
    case BuiltinId::AddMonths:
    case BuiltinId::AddYears: {
      // A date out of range comes back as kOutOfRange (helpers.hpp): the node's overflow.
      llvm::Value* r = CallHelper(builtin == BuiltinId::AddMonths ? "sam_jit_add_months" : "sam_jit_add_years", {a[0].v, a[1].v});
      MayFail(id, b_.CreateICmpEQ(r, b_.getInt64(kOutOfRange)), present);
      return value(r);
    }
    case BuiltinId::Anniversary: return value(CallHelper("sam_jit_anniversary", {date(0), today_}));
    case BuiltinId::IsAnniversary: return value(IsAnniversary(date(0)));
    case BuiltinId::Days:
    case BuiltinId::Hours: {
      llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, a[0].v,
                                                b_.getInt64(stdlib::DurationUnit(builtin)));
      MayFail(id, b_.CreateExtractValue(r, 1), present);
      return value(b_.CreateExtractValue(r, 0));
    }
    case BuiltinId::Abs: {
      if (a[0].v->getType() == f64_) return value(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, a[0].v));
      MayFail(id, b_.CreateICmpEQ(a[0].v, b_.getInt64(INT64_MIN)), present);
      return value(b_.CreateBinaryIntrinsic(llvm::Intrinsic::abs, a[0].v, b_.getFalse()));
    }
    case BuiltinId::Floor:
      if (a[0].v->getType() == f64_) return value(FloatToInt(id, llvm::Intrinsic::floor, a[0].v, present));
      return value(FloorDiv(a[0].v, kDecimalScale));
    case BuiltinId::Ceil:
      if (a[0].v->getType() == f64_) return value(FloatToInt(id, llvm::Intrinsic::ceil, a[0].v, present));
      return value(b_.CreateNeg(FloorDiv(b_.CreateNeg(a[0].v), kDecimalScale)));
    case BuiltinId::Round:
      if (a[0].v->getType() == f64_) {
        // round(x * p) / p with p = 10^digits (the helper's std::pow), halves away from zero.
        llvm::Value* p = Call("sam_jit_pow10", f64_, {a[1].v}, true);
        return value(b_.CreateFDiv(b_.CreateUnaryIntrinsic(llvm::Intrinsic::round, b_.CreateFMul(a[0].v, p)), p));
      }
      return value(RoundDecimal(id, a[0].v, a[1].v, present));
    case BuiltinId::Least:
    case BuiltinId::Greatest: {
      const bool least = builtin == BuiltinId::Least;
      llvm::Value *x = a[0].v, *y = a[1].v;
      if (x->getType() == f64_) {  // least: y below x ? y : x; greatest: x below y ? y : x (FloatOrder)
        return value(least ? b_.CreateSelect(FloatBelow(y, x), y, x) : b_.CreateSelect(FloatBelow(x, y), y, x));
      }
      return value(least ? b_.CreateSelect(b_.CreateICmpSLT(y, x), y, x) : b_.CreateSelect(b_.CreateICmpSLT(x, y), y, x));
    }
    case BuiltinId::ToFloat: {
      const TypeKind from = p_.at(n.args[0]).type.kind;
      if (from == TypeKind::Float) return value(a[0].v);
      llvm::Value* f = b_.CreateSIToFP(a[0].v, f64_);
      if (from == TypeKind::Decimal) f = b_.CreateFDiv(f, llvm::ConstantFP::get(f64_, static_cast<double>(kDecimalScale)));
      return value(f);
    }
    case BuiltinId::ToDecimal: {
      if (p_.at(n.args[0]).type.kind != TypeKind::Int) return value(a[0].v);  // a decimal already
      llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, a[0].v, b_.getInt64(kDecimalScale));
      MayFail(id, b_.CreateExtractValue(r, 1), present);
      return value(b_.CreateExtractValue(r, 0));
    }
    case BuiltinId::ToInt:
      if (a[0].v->getType() == f64_) return value(FloatToInt(id, llvm::Intrinsic::trunc, a[0].v, present));
      if (p_.at(n.args[0]).type.kind == TypeKind::Decimal) return value(b_.CreateSDiv(a[0].v, b_.getInt64(kDecimalScale)));
      return value(a[0].v);
    case BuiltinId::Lower:
    case BuiltinId::Upper:
    case BuiltinId::Trim:
    case BuiltinId::Length: case BuiltinId::Contains: case BuiltinId::StartsWith: case BuiltinId::EndsWith:
    case BuiltinId::Bucket: case BuiltinId::CountryTimeZone: case BuiltinId::Rank: case BuiltinId::Percentile: break;
  }
  throw std::logic_error(fmt::format("JIT: built-in `{}` is not compiled", stdlib::Builtin(builtin).name));
}

}  // namespace sam::jit
