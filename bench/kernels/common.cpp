// The out-of-line parts of common.hpp.
#include "bench/kernels/common.hpp"

namespace sam::bench::kernels {

void AddRows(const rt::Column& key, uint64_t r, uint64_t mask, uint64_t n, Answer& out, int64_t& key_sum) {
  WithStored(key, [&](const auto* k) { AddRows(k, r, mask, n, out, key_sum); });
}

}  // namespace sam::bench::kernels
