// One batch of an aggregate's event segments and the reductions over it, by class of
// aggregate (aggregate_reduce.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "backends/interp/vec.hpp"
#include "ir/ir.hpp"

namespace sam::interp {

// Enclosing rows r0..r1 and their events: rows begin[r - r0]..end[r - r0] of the
// filter and value vectors (null: none).
struct AggBatch {
  const ir::AggSpec& g;
  const ir::Node& n;
  const Vec* filter;
  const Vec* value;
  Type value_type;
  TypeKind out_kind;
  const std::vector<uint64_t>& begin;
  const std::vector<uint64_t>& end;
  size_t r0, r1;
};

void ReduceTests(const AggBatch& batch, Vec& out);  // any, none, all
void ReduceCount(const AggBatch& batch, Vec& out);
// sum, avg; the first row whose result is out of range, if any.
std::optional<size_t> ReduceSum(const AggBatch& batch, Vec& out);
void ReduceMinMax(const AggBatch& batch, Vec& out);
void ReduceFirstLast(const AggBatch& batch, Vec& out);

}  // namespace sam::interp
