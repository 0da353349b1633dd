// The local date of a timestamp field, inline: over the UTC days its column's stored
// values span, a table built when lowering gives each day's first local date and the
// instant in that day where the next one begins (the program's zone is known then).
// A kernel reads two numbers per value where it called the zone's look-up per row
// (`years_between(birth_date, date(signup_at))` was slower compiled than interpreted).
// A zone whose clock goes back across a midnight, or skips a whole date, within one
// UTC day of the span keeps the call (TimeZoneTable::DatesGrow).
#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>

#include "backends/jit/emitter.hpp"
#include "runtime/exec/timezone.hpp"

namespace sam::jit {

namespace {
constexpr int64_t kMaxDays = int64_t{1} << 16;  // 179 years: a table of 1 MiB
}  // namespace

// Entries 2d and 2d + 1: the local date at the start of UTC day first_day + d, and
// the first instant of that day on the next local date (INT64_MAX: none).
std::optional<Emitter::LocalDays> Emitter::LocalDaysOf(const rt::Column& col) {
  if (auto it = local_days_.find(&col); it != local_days_.end()) return it->second;
  std::optional<LocalDays>& out = local_days_[&col];
  if (col.size == 0 || col.encoding == rt::Encoding::Plain || col.encoding == rt::Encoding::Float64 ||
      col.encoding == rt::Encoding::Dict32) {
    return out;
  }
  using i128 = __int128;
  const auto [lo, hi] = rt::StoredSpan(col);
  const i128 first = col.base + static_cast<i128>(lo) * col.unit, last = col.base + static_cast<i128>(hi) * col.unit;
  if (first < -(i128{1} << 60) || last > (i128{1} << 60)) return out;
  const int64_t first_day = rt::FloorDiv(static_cast<int64_t>(first), kMicrosPerDay);
  const int64_t days = rt::FloorDiv(static_cast<int64_t>(last), kMicrosPerDay) - first_day + 1;
  if (days > kMaxDays) return out;
  const rt::TimeZoneTable& zone = rt::TimeZoneTable::Of(p_.timezone);
  std::vector<int64_t> entries(static_cast<size_t>(2 * days));
  for (int64_t d = 0; d < days; ++d) {
    const int64_t start = (first_day + d) * kMicrosPerDay, end = start + kMicrosPerDay - 1;
    const int64_t date = zone.LocalDate(start);
    int64_t next = INT64_MAX;
    if (zone.NextChange(start) > end) {  // one offset all day: the next local midnight
      const int64_t midnight = (date + 1) * kMicrosPerDay - zone.OffsetAt(start);
      if (midnight <= end) next = midnight;
    } else {  // a change of offset this day: dates must grow, by one at most
      if (!zone.DatesGrow(start, end) || zone.LocalDate(end) > date + 1) return out;
      if (zone.LocalDate(end) == date + 1) {
        int64_t a = start, b = end;  // LocalDate(a) == date, LocalDate(b) == date + 1
        while (b - a > 1) {
          const int64_t mid = a + (b - a) / 2;
          (zone.LocalDate(mid) == date ? a : b) = mid;
        }
        next = b;
      }
    }
    entries[static_cast<size_t>(2 * d)] = date;
    entries[static_cast<size_t>(2 * d + 1)] = next;
  }
  auto* init = llvm::ConstantDataArray::get(
      cx_, llvm::ArrayRef<uint64_t>(reinterpret_cast<const uint64_t*>(entries.data()), entries.size()));
  auto* table =
      new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "local_days");
  out = LocalDays{first_day, days, table};
  return out;
}

// The local date of `v`, a value of the column `days` was made for.
llvm::Value* Emitter::LocalDate(const LocalDays& days, llvm::Value* v) {
  llvm::Value* d =
      b_.CreateUDiv(b_.CreateSub(v, b_.getInt64(days.first_day * kMicrosPerDay)), b_.getInt64(kMicrosPerDay));
  // Only a value of the column is asked for (inside the span); kept in the table anyway.
  d = b_.CreateSelect(b_.CreateICmpULT(d, b_.getInt64(days.days)), d, b_.getInt64(0));
  llvm::Value* at = b_.CreateShl(d, 1);
  llvm::Value* date = b_.CreateLoad(i64_, b_.CreateGEP(i64_, days.table, at));
  llvm::Value* next = b_.CreateLoad(i64_, b_.CreateGEP(i64_, days.table, b_.CreateOr(at, b_.getInt64(1))));
  return b_.CreateAdd(date, b_.CreateZExt(b_.CreateICmpSGE(v, next), i64_));
}

}  // namespace sam::jit
