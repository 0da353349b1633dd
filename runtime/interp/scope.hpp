// Scopes of one morsel's evaluation: the customers of the morsel, the events an
// aggregate reads, the event pairs of a nested aggregate. A node is evaluated in the
// shallowest scope that has what it reads (Interpreter::Depths) and broadcast down.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "runtime/interp/vec.hpp"

namespace sam::rt {

struct Scope {
  int depth = -1;  // -1: the morsel's customers; d >= 0: events of event depth d
  size_t n = 0;
  Scope* parent = nullptr;
  int table = -1;  // depth >= 0: the event table
  // Event rows of this scope: first + r when dense, else rows[r].
  bool dense = false;
  uint64_t first = 0;
  std::vector<uint32_t> rows;
  std::vector<uint32_t> cust;  // depth >= 0: row -> customer slot in the morsel
  std::vector<uint32_t> up;    // depth >= 0: row -> row of the parent scope
  std::unordered_map<ir::NodeId, Vec> memo;
  std::map<int, std::vector<uint32_t>> ancestor_rows;  // by depth

  uint64_t EventRow(size_t r) const { return dense ? first + r : rows[r]; }
};

}  // namespace sam::rt
