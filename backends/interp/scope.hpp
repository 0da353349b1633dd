// Scopes of one morsel's evaluation: the customers of the morsel, the events an
// aggregate reads, the event pairs of a nested aggregate. A node is evaluated in the
// shallowest scope that has what it reads (Interpreter::Depths) and broadcast down.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "backends/interp/runtime_types.hpp"
#include "backends/interp/vec.hpp"
#include "ir/ir.hpp"

namespace sam::interp {

struct Scope {
  int depth = -1;  // -1: the morsel's customers; d >= 0: events of event depth d
  size_t n = 0;
  Scope* parent = nullptr;
  int table = -1;  // depth >= 0: the event table
  // Event rows of this scope: first + r when dense, else rows[r].
  bool dense = false;
  uint64_t first = 0;
  std::vector<uint32_t> rows;
  std::vector<uint32_t> cust;  // depth >= 0: row -> customer slot in the morsel (EnsureRows)
  std::vector<uint32_t> up;    // depth >= 0: row -> row of the parent scope (EnsureRows)
  // A dense scope over whole customers fills cust and up only when a node needs them
  // (most aggregates read only their own events): customers slots [lazy_r0, lazy_r1)
  // of the morsel starting at customer row lazy_c0, event offsets lazy_offsets.
  const uint64_t* lazy_offsets = nullptr;
  uint64_t lazy_c0 = 0;
  size_t lazy_r0 = 0, lazy_r1 = 0;
  std::unordered_map<ir::NodeId, Vec> memo;
  std::map<int, std::vector<uint32_t>> ancestor_rows;  // by depth

  uint64_t EventRow(size_t r) const { return dense ? first + r : rows[r]; }
};

// Fills a lazy scope's cust and up.
inline void EnsureRows(Scope& s) {
  if (!s.lazy_offsets || !s.cust.empty() || s.n == 0) return;
  s.cust.resize(s.n);
  for (size_t r = s.lazy_r0; r < s.lazy_r1; ++r) {
    const uint64_t c = s.lazy_c0 + r;
    for (uint64_t x = s.lazy_offsets[c]; x < s.lazy_offsets[c + 1]; ++x) s.cust[x - s.first] = static_cast<uint32_t>(r);
  }
  s.up = s.cust;  // the parent is the customers scope
}

}  // namespace sam::interp
