// Runtime helpers the generated code calls by address (ORC absolute symbols): the
// calendar's irregular rules (months of unequal length, leap days) and the program's
// time zone. Each is a pure function of its arguments (a time-zone table does not
// change while a kernel runs), declared so to LLVM: a call with the same arguments
// for every customer (`add_years(today, -2)`) is made once per kernel call.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

namespace sam::rt {
class TimeZoneTable;
struct Column;
}

namespace sam::jit {
// What add_months and add_years return for a date out of range (beyond a year of
// 10^15): never a date they compute, which stays within it.
inline constexpr int64_t kOutOfRange = INT64_MIN;

// The tables of one tabulated test of one kernel, by run date.
struct DayTables {
  std::mutex mutex;
  std::map<int64_t, std::vector<uint64_t>> bits;
};
}

extern "C" {
// The local date of an instant, and a date's local midnight, in the zone's table.
int64_t sam_jit_local_date(const sam::rt::TimeZoneTable* zone, int64_t micros);
int64_t sam_jit_start_of_day(const sam::rt::TimeZoneTable* zone, int64_t days);
// 1 when local dates never go back between the instants lo and hi (no clock turned
// back across a midnight): TimeZoneTable::DatesGrow.
int64_t sam_jit_dates_grow(const sam::rt::TimeZoneTable* zone, int64_t lo, int64_t hi);
// add_months(d, n), add_years(d, n): the same day of the month, the month's last
// day when it has fewer (29 February in a common year: 28 February); kOutOfRange
// beyond a year of 10^15.
int64_t sam_jit_add_months(int64_t days, int64_t months);
int64_t sam_jit_add_years(int64_t days, int64_t years);
// The anniversary of `days` in the year of `today` (29 February on 28 February in
// common years).
int64_t sam_jit_anniversary(int64_t days, int64_t today);
// String tests (strings.hpp): row `ra` of column `a` with flags `fa` applied, against
// row `rb` of `b` with `fb`, or (b null) the `n` bytes at `s`, applied already; `_of`:
// those bytes against the column's row.
int64_t sam_jit_string_test(int64_t op, const sam::rt::Column* a, int64_t ra, int64_t fa, const sam::rt::Column* b,
                            int64_t rb, int64_t fb, const char* s, int64_t n);
int64_t sam_jit_string_test_of(int64_t op, const char* s, int64_t n, const sam::rt::Column* b, int64_t rb, int64_t fb);
// Bit r of `bits` (zeroed here, (end - begin) / 64 + 1 words): whether row begin + r of
// plain column `c`, with `flags` applied, contains the `n` bytes at `s` (n > 0).
void sam_jit_contains_rows(const sam::rt::Column* c, int64_t begin, int64_t end, const char* s, int64_t n,
                           int64_t flags, uint64_t* bits);
// length(x) of a column's row, with flags applied (code points).
int64_t sam_jit_string_length(const sam::rt::Column* c, int64_t row, int64_t flags);
// 10^digits as round(x, digits) of a float scales it (std::pow, as LLVM might not fold).
double sam_jit_pow10(int64_t digits);
// count(distinct x): a buffer of at least `n` values, the calling thread's own (reused
// by its next aggregate), and the number of distinct values among its first `n`
// (sorted in place).
int64_t* sam_jit_scratch(uint64_t n);
int64_t sam_jit_count_distinct(int64_t* values, uint64_t n);
// A count over a window the same for every customer (lower_aggregate.cpp, Flat): a
// buffer of at least `n` words (bits and counts), the calling thread's own for this
// `slot` (one per such count in a kernel), reused by its next call.
uint64_t* sam_jit_prefix(uint64_t slot, uint64_t n);
// Its bits and counts for the stored times in [lo, hi] (runtime/exec/bit_set.hpp),
// compiled ahead of time.
void sam_jit_window_bits(const void* times, uint64_t width, uint64_t n, int64_t lo, int64_t hi, uint64_t* bits);
// A date test tabulated over a date column's stored values (lower_tables.cpp): `fill`
// writes each entry's value and presence as bytes (entry `entries - 1`: the column
// absent); returned are two bitmaps of (entries + 63) / 64 words, values then
// presences, filled once per run date and kept in `tables`, which the kernel owns (a
// table kept by the function's address would outlive the JIT that made it, and answer
// for the next function placed there).
// `zone` is the program's time-zone table, for a test that converts other timestamps.
using SamJitFill = void (*)(uint8_t* values, uint8_t* presences, int64_t today, int64_t zone);
const uint64_t* sam_jit_day_table(sam::jit::DayTables* tables, SamJitFill fill, int64_t today, int64_t zone,
                                  int64_t entries);
// The same over a timestamp column's quarters of an hour from `origin` (`quarters` of
// them, then the entry of an absent value): `fill` computes a test per local date
// (`days` from `first_day`, then absent), each quarter takes its local date's.
const uint64_t* sam_jit_quarter_table(sam::jit::DayTables* tables, SamJitFill fill, int64_t today, int64_t zone,
                                      int64_t origin, int64_t quarters, int64_t first_day, int64_t days);
}

namespace sam::jit {

struct Helper {
  const char* name;
  void* address;
};
// Every helper above, for Orc to define.
const Helper* Helpers(int* count);

}  // namespace sam::jit
