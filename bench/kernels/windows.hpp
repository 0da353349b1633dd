// Windowed count and sum of an event column per customer, for a chunk of customers:
// one branch-free pass over the chunk's rows that keeps running sums of the rows in
// the window (in the stored domain), then each customer's count and sum as the
// difference of the running sums at its CSR bounds. Per customer that is two loads
// and no loop, where a loop per customer mispredicts its exit on every customer.
#pragma once

#include <vector>

#include "bench/kernels/common.hpp"

namespace sam::bench::kernels {

// Customers per chunk: a chunk's running sums (12 bytes a row) stay in L2.
inline constexpr uint64_t kWindowGrain = 4096;

// f(c, n, stored_sum) for customers [b, e): n rows of `value` with time in [lo, hi)
// (logical microseconds), stored_sum the sum of their stored values (logical sum =
// n * base + stored_sum * unit).
template <class F>
void WindowSums(const TableRef& events, const rt::Column& value, int64_t lo, int64_t hi, uint64_t b, uint64_t e, F f) {
  if (!value.all_present()) throw std::runtime_error("kernel: WindowSums over an optional column");
  const uint64_t* off = events.off();
  const uint64_t r0 = off[b], r1 = off[e];
  thread_local std::vector<uint32_t> counts;
  thread_local std::vector<int64_t> sums;
  if (counts.size() < r1 - r0 + 1) {
    counts.resize(r1 - r0 + 1);
    sums.resize(r1 - r0 + 1);
  }
  WithStored(events.time(), [&](const auto* t) {
    using T = std::remove_cvref_t<decltype(*t)>;
    const Bounds<T> window(LogicalRange(events.time(), lo, hi - 1));
    WithStored(value, [&](const auto* v) {
      uint32_t n = 0;
      int64_t s = 0;
      uint32_t* cp = counts.data() - r0;
      int64_t* sp = sums.data() - r0;
      cp[r0] = 0;
      sp[r0] = 0;
      if (!window.none) {
        for (uint64_t r = r0; r < r1; ++r) {
          const bool w = window(t[r]);
          n += w;
          s += w ? static_cast<int64_t>(v[r]) : 0;
          cp[r + 1] = n;
          sp[r + 1] = s;
        }
      } else {
        std::fill(cp + r0, cp + r1 + 1, 0u);
        std::fill(sp + r0, sp + r1 + 1, int64_t{0});
      }
      for (uint64_t c = b; c < e; ++c) f(c, int64_t{cp[off[c + 1]]} - cp[off[c]], sp[off[c + 1]] - sp[off[c]]);
    });
  });
}

}  // namespace sam::bench::kernels
