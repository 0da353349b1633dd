// Population operations: a customer's place among all customers (or a segment's).
// Ties are broken by customer key, ascending: the customers table is sorted by key, so
// by row number.
#include <algorithm>
#include <numeric>

#include "backends/interp/interpreter.hpp"
#include "backends/interp/rank_select.hpp"
#include "ir/eval.hpp"

namespace sam::interp {

namespace {

using ir::Op;

// `top`/`bottom`: the k-th best value by histogram selection, then everyone ranked
// before it, and of those equal to it the first by key (row).
std::unique_ptr<Vec> TopOrBottom(const Vec& value, const Vec* among, const ir::PopSpec& spec) {
  const uint64_t total = value.n;
  // A larger key ranks better: `bottom` flips the order.
  const uint64_t flip = spec.kind == ir::PopSpec::Bottom ? ~uint64_t{0} : 0;
  rt::ColumnVector<uint64_t> keys;  // eligible customers' keys, in row order
  keys.reserve(total);
  for (uint64_t c = 0; c < total; ++c) {
    if (!value.Present(c) || (among && !among->True(c))) continue;
    keys.push_back(flip ^ (value.kind == TypeKind::Float ? OrderKey(value.f[c]) : OrderKey(value.i[c])));
  }
  const uint64_t count = keys.size();
  uint64_t k = spec.percent ? static_cast<uint64_t>(static_cast<__int128>(spec.amount) * count / (100 * kDecimalScale))
                            : static_cast<uint64_t>(std::max<int64_t>(0, spec.amount));
  k = std::min(k, count);
  auto out = std::make_unique<Vec>(Vec::Of(TypeKind::Int, total));
  if (k == 0) return out;
  const uint64_t kth = KthLargest(keys, k);
  uint64_t better = 0;
  for (uint64_t key : keys) better += key > kth;
  uint64_t ties = k - better;
  uint64_t x = 0;
  for (uint64_t c = 0; c < total; ++c) {
    if (!value.Present(c) || (among && !among->True(c))) continue;
    const uint64_t key = keys[x++];
    if (key > kth || (key == kth && ties > 0 && ties--)) out->i[c] = 1;
  }
  return out;
}

}  // namespace

void Interpreter::ComputePopulation(ir::NodeId id) {
  const ir::Node& n = p_.at(id);
  const ir::PopSpec& spec = p_.pops[n.a];
  // A let's values are kept: the segment that ranks `revenue_365` reads it again.
  const ir::Node& ranked_node = p_.at(n.args[0]);
  Vec computed;
  if (ranked_node.op != Op::LetRef) computed = EvaluateAll(n.args[0]);
  const Vec& value = ranked_node.op == Op::LetRef ? Let(ranked_node.a) : computed;
  const Vec* among = spec.among >= 0 ? &Let(spec.among) : nullptr;
  const uint64_t total = customers();
  if (spec.kind == ir::PopSpec::Top || spec.kind == ir::PopSpec::Bottom) {
    population_[id] = TopOrBottom(value, among, spec);
    return;
  }

  // `rank` and `percentile`: 1 is the largest value; ties by key (row), ascending.
  rt::ColumnVector<uint64_t> keys;
  rt::ColumnVector<uint32_t> rows;  // the eligible customers, in row order
  keys.reserve(total);
  rows.reserve(total);
  for (uint64_t c = 0; c < total; ++c) {
    if (!value.Present(c) || (among && !among->True(c))) continue;
    keys.push_back(~(value.kind == TypeKind::Float ? OrderKey(value.f[c]) : OrderKey(value.i[c])));
    rows.push_back(static_cast<uint32_t>(c));
  }
  rt::ColumnVector<uint32_t> ranked = StableOrder(keys);
  for (uint32_t& x : ranked) x = rows[x];
  const uint64_t count = ranked.size();

  auto out = std::make_unique<Vec>(Vec::Of(TypeKind::Int, total));
  switch (spec.kind) {
    case ir::PopSpec::Top:
    case ir::PopSpec::Bottom:
      break;  // above
    case ir::PopSpec::Rank:
    case ir::PopSpec::Percentile: {
      out->present.assign(total, 0);
      for (uint64_t x = 0; x < count; ++x) {
        uint32_t c = ranked[x];
        out->present[c] = 1;
        int64_t rank = static_cast<int64_t>(x + 1);
        if (spec.kind == ir::PopSpec::Rank) {
          out->i[c] = rank;
        } else {
          // 100 * (N - rank) / N as a decimal, rounded half to even.
          __int128 num = static_cast<__int128>(100 * kDecimalScale) * (static_cast<int64_t>(count) - rank);
          out->i[c] = static_cast<int64_t>(ir::RoundDiv(num, static_cast<__int128>(count)));
        }
      }
      if (count == total) out->present.clear();
      break;
    }
  }
  population_[id] = std::move(out);
}

}  // namespace sam::interp
