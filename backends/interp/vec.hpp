// A vector of values of one type: the unit of work of the interpreter. One entry per
// row of a scope (a customer of a morsel, an event, a pair of nested events).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/data/huge_pages.hpp"
#include "schema/types.hpp"

namespace sam::interp {

struct Vec {
  TypeKind kind = TypeKind::Int;
  size_t n = 0;
  // In 2 MB pages when a whole customer column large (see rt::HugeAllocator).
  rt::ColumnVector<int64_t> i;           // every kind but Float and String (logical values)
  rt::ColumnVector<double> f;            // Float
  rt::ColumnVector<std::string_view> s;  // String: into column dictionaries or the string arena
  rt::ColumnVector<uint8_t> present;     // 0/1 per row; empty: all present

  bool all_present() const { return present.empty(); }
  bool Present(size_t r) const { return present.empty() || present[r] != 0; }
  // Makes `present` explicit (all 1) so that rows can be cleared.
  void MaterializePresent() {
    if (present.empty()) present.assign(n, 1);
  }
  void SetAbsent(size_t r) {
    MaterializePresent();
    present[r] = 0;
  }
  // Drops `present` when every row is present.
  void DropFullPresence() {
    for (uint8_t p : present) {
      if (p == 0) return;
    }
    present.clear();
  }
  // A bool vector's row: present and true.
  bool True(size_t r) const { return Present(r) && i[r] != 0; }

  // n values and presence bytes, uninitialized: for a caller that writes them all.
  static Vec Unset(TypeKind k, size_t n) {
    Vec v;
    v.kind = k;
    v.n = n;
    if (k == TypeKind::Float) {
      v.f.resize(n);
    } else if (k == TypeKind::String) {
      v.s.resize(n);
    } else {
      v.i.resize(n);
    }
    v.present.resize(n);
    return v;
  }
  static Vec Of(TypeKind k, size_t n) {
    Vec v;
    v.kind = k;
    v.n = n;
    if (k == TypeKind::Float) {
      v.f.assign(n, 0);
    } else if (k == TypeKind::String) {
      v.s.assign(n, {});
    } else {
      v.i.assign(n, 0);
    }
    return v;
  }
};

// out[r] &= in[r] for n bytes (raw pointers, so that the loop vectorizes).
inline void AndBytes(uint8_t* __restrict out, const uint8_t* __restrict in, size_t n) {
  for (size_t r = 0; r < n; ++r) out[r] &= in[r];
}

// out[r] |= in[r] for n bytes.
inline void OrBytes(uint8_t* __restrict out, const uint8_t* __restrict in, size_t n) {
  for (size_t r = 0; r < n; ++r) out[r] |= in[r];
}

// The storage kind of a SAM type: Float, String, or Int for everything else.
inline TypeKind StorageOf(TypeKind k) {
  return k == TypeKind::Float || k == TypeKind::String ? k : TypeKind::Int;
}

}  // namespace sam::interp
