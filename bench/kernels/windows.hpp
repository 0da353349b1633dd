// Windowed count and sum of an event column per customer, for a chunk of customers.
// The windows are recent (they end at the run date), so each customer's window is
// found from the recent end of its CSR range (common.hpp, WindowFromEnd) and only its
// rows are summed, in the stored domain. (A branch-free pass keeping running sums
// over the chunk's rows, with each customer's sums as differences at its CSR bounds,
// was measured slower at 1M customers: 18.6 against 14.7 ms on one thread.)
#pragma once

#include "bench/kernels/common.hpp"

namespace sam::bench::kernels {

// Customers per chunk of a windowed pass.
inline constexpr uint64_t kWindowGrain = 4096;

// f(c, n, stored_sum) for customers [b, e): n rows of `value` with time in [lo, hi)
// (logical microseconds), stored_sum the sum of their stored values (logical sum =
// n * base + stored_sum * unit).
template <class F>
void WindowSums(const TableRef& events, const rt::Column& value, int64_t lo, int64_t hi, uint64_t b, uint64_t e, F f) {
  if (!value.all_present()) throw std::runtime_error("kernel: WindowSums over an optional column");
  const uint64_t* off = events.off();
  WithStored(events.time(), [&](const auto* t) {
    using T = std::remove_cvref_t<decltype(*t)>;
    const Bounds<T> window(LogicalRange(events.time(), lo, hi - 1));
    WithStored(value, [&](const auto* v) {
      for (uint64_t c = b; c < e; ++c) {
        uint64_t first = 0, last = 0;
        if (!window.none) WindowFromEnd(t, off[c], off[c + 1], window.lo, window.hi, first, last);
        int64_t s = 0;
        for (uint64_t r = first; r < last; ++r) s += v[r];
        f(c, static_cast<int64_t>(last - first), s);
      }
    });
  });
}

}  // namespace sam::bench::kernels
