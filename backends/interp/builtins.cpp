// The built-in functions of stdlib/builtins.def over vectors: the dispatch to one file
// per class (builtins_date.cpp, builtins_string.cpp, builtins_number.cpp). Every
// built-in propagates absence: an absent argument gives an absent result.
#include <fmt/format.h>

#include <atomic>

#include "backends/interp/builtins.hpp"
#include "backends/interp/morsel.hpp"

namespace sam::interp {

using stdlib::BuiltinId;

namespace {
std::atomic<uint64_t> builtin_rows{0};
}  // namespace

uint64_t BuiltinRowsComputed() { return builtin_rows.load(std::memory_order_relaxed); }

bool OperandsDecide(BuiltinId id) {
  switch (id) {
    case BuiltinId::DaysSince: case BuiltinId::HoursSince: case BuiltinId::DaysBetween:
    case BuiltinId::MonthsBetween: case BuiltinId::YearsBetween: case BuiltinId::YearsSince:
    case BuiltinId::DateOf: case BuiltinId::StartOf: case BuiltinId::Year: case BuiltinId::Month:
    case BuiltinId::Day: case BuiltinId::Weekday: case BuiltinId::AddMonths:
    case BuiltinId::AddYears: case BuiltinId::Anniversary: case BuiltinId::IsAnniversary:
    case BuiltinId::Days: case BuiltinId::Hours: case BuiltinId::Lower: case BuiltinId::Upper:
    case BuiltinId::Trim: case BuiltinId::Length: case BuiltinId::Contains: case BuiltinId::StartsWith:
    case BuiltinId::EndsWith: case BuiltinId::CountryTimeZone: case BuiltinId::Abs: case BuiltinId::Round:
    case BuiltinId::Floor: case BuiltinId::Ceil: case BuiltinId::Least: case BuiltinId::Greatest:
    case BuiltinId::ToFloat: case BuiltinId::ToDecimal: case BuiltinId::ToInt:
      return true;
    case BuiltinId::Bucket:  // hashes the customer's key with its operands
    case BuiltinId::Rank:    // over every customer
    case BuiltinId::Percentile:
      return false;
  }
  return false;
}

Vec MorselEval::Builtin(const ir::Node& n, Scope& scope) {
  const size_t rows = scope.n;
  builtin_rows.fetch_add(rows, std::memory_order_relaxed);
  BuiltinCall call{n, rows, {}, {}, Vec::Of(StorageOf(n.type.kind), rows), in_.zone(), in_.today()};
  for (ir::NodeId x : n.args) {
    call.a.push_back(&Eval(x, scope));
    call.t.push_back(p_.at(x).type);
  }
  call.out.present.assign(rows, 1);
  for (const Vec* v : call.a) {
    if (v->all_present()) continue;
    AndBytes(call.out.present.data(), v->present.data(), rows);
  }
  // One function per class of built-in, one file each.
  switch (static_cast<BuiltinId>(n.a)) {
    case BuiltinId::DaysSince: case BuiltinId::HoursSince: case BuiltinId::DaysBetween:
    case BuiltinId::MonthsBetween: case BuiltinId::YearsBetween: case BuiltinId::YearsSince:
    case BuiltinId::DateOf: case BuiltinId::StartOf: case BuiltinId::Year: case BuiltinId::Month:
    case BuiltinId::Day: case BuiltinId::Weekday: case BuiltinId::AddMonths:
    case BuiltinId::AddYears: case BuiltinId::Anniversary: case BuiltinId::IsAnniversary:
    case BuiltinId::Days: case BuiltinId::Hours: DateBuiltin(call, scope); break;
    case BuiltinId::Lower: case BuiltinId::Upper: case BuiltinId::Trim: case BuiltinId::Length:
    case BuiltinId::Contains: case BuiltinId::StartsWith: case BuiltinId::EndsWith:
    case BuiltinId::CountryTimeZone: StringBuiltin(call, scope); break;
    case BuiltinId::Abs: case BuiltinId::Round: case BuiltinId::Floor: case BuiltinId::Ceil:
    case BuiltinId::Least: case BuiltinId::Greatest: case BuiltinId::ToFloat:
    case BuiltinId::ToDecimal: case BuiltinId::ToInt: case BuiltinId::Bucket: NumberBuiltin(call, scope); break;
    case BuiltinId::Rank: case BuiltinId::Percentile:
      throw RuntimeError(fmt::format("internal error: built-in `{}` is not a per-customer function",
                                     stdlib::Builtin(static_cast<BuiltinId>(n.a)).name),
                         n.span);
  }
  call.out.DropFullPresence();
  return std::move(call.out);
}

}  // namespace sam::interp
