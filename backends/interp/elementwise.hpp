// What the elementwise_*.cpp files share: the presence of a result of operands that
// propagate absence.
#pragma once

#include "backends/interp/vec.hpp"

namespace sam::interp {

// out is present where a (and b, if given) are.
inline void AndPresence(Vec& out, const Vec& a, const Vec* b = nullptr) {
  if (a.all_present() && (!b || b->all_present())) return;
  out.present.assign(out.n, 1);
  if (!a.all_present()) {
    AndBytes(out.present.data(), a.present.data(), out.n);
  }
  if (b && !b->all_present()) {
    AndBytes(out.present.data(), b->present.data(), out.n);
  }
}

}  // namespace sam::interp
