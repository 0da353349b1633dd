// Population operations: a customer's place among all customers (or a segment's).
// Ties are broken by customer key, ascending: the customers table is sorted by key, so
// by row number.
#include <algorithm>
#include <numeric>

#include "backends/interp/interpreter.hpp"
#include "ir/eval.hpp"

namespace sam::interp {

namespace {

using ir::Op;

// `top`/`bottom` of integer-like values: the k-th value by selection over a plain copy
// of the values, then everyone before it, and of those equal to it the first by key.
std::unique_ptr<Vec> TopIntegers(const Vec& value, const Vec* among, const ir::PopSpec& spec) {
  const uint64_t total = value.n;
  const bool ascending = spec.kind == ir::PopSpec::Bottom;
  std::vector<int64_t> ranked;
  ranked.reserve(total);
  for (uint64_t c = 0; c < total; ++c) {
    if (value.Present(c) && (!among || among->True(c))) ranked.push_back(value.i[c]);
  }
  const uint64_t count = ranked.size();
  uint64_t k = spec.percent ? static_cast<uint64_t>(static_cast<__int128>(spec.amount) * count / (100 * kDecimalScale))
                            : static_cast<uint64_t>(std::max<int64_t>(0, spec.amount));
  k = std::min(k, count);
  auto out = std::make_unique<Vec>(Vec::Of(TypeKind::Int, total));
  if (k == 0) return out;
  // The k-th value in rank order; `before` ranks strictly better values first.
  auto before = [ascending](int64_t a, int64_t b) { return ascending ? a < b : a > b; };
  std::nth_element(ranked.begin(), ranked.begin() + static_cast<int64_t>(k) - 1, ranked.end(), before);
  const int64_t kth = ranked[k - 1];
  // Values ranked before the k-th all make it; of those equal to it, as many as remain,
  // lowest key (row) first.
  uint64_t better = 0;
  for (uint64_t x = 0; x < count; ++x) better += before(ranked[x], kth);
  uint64_t ties = k - better;
  for (uint64_t c = 0; c < total; ++c) {
    if (!value.Present(c) || (among && !among->True(c))) continue;
    const int64_t v = value.i[c];
    if (before(v, kth)) {
      out->i[c] = 1;
    } else if (v == kth && ties > 0) {
      out->i[c] = 1;
      --ties;
    }
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
  if ((spec.kind == ir::PopSpec::Top || spec.kind == ir::PopSpec::Bottom) && value.kind != TypeKind::Float) {
    population_[id] = TopIntegers(value, among, spec);
    return;
  }

  std::vector<uint32_t> ranked;
  ranked.reserve(total);
  for (uint64_t c = 0; c < total; ++c) {
    if (value.Present(c) && (!among || among->True(c))) ranked.push_back(static_cast<uint32_t>(c));
  }
  const bool ascending = spec.kind == ir::PopSpec::Bottom;
  auto before = [&](uint32_t a, uint32_t b) {
    if (value.kind == TypeKind::Float) {
      if (value.f[a] != value.f[b]) return ascending ? value.f[a] < value.f[b] : value.f[a] > value.f[b];
    } else if (value.i[a] != value.i[b]) {
      return ascending ? value.i[a] < value.i[b] : value.i[a] > value.i[b];
    }
    return a < b;
  };
  const uint64_t count = ranked.size();
  // `top` and `bottom` need only the first k in order's set, not their order.
  const bool partial = spec.kind == ir::PopSpec::Top || spec.kind == ir::PopSpec::Bottom;
  if (!partial) std::sort(ranked.begin(), ranked.end(), before);

  auto out = std::make_unique<Vec>(Vec::Of(TypeKind::Int, total));
  switch (spec.kind) {
    case ir::PopSpec::Top:
    case ir::PopSpec::Bottom: {
      // `top P%`: the first floor(P * N / 100); `top K`: the first K.
      uint64_t k = spec.percent
                       ? static_cast<uint64_t>(static_cast<__int128>(spec.amount) * count / (100 * kDecimalScale))
                       : static_cast<uint64_t>(std::max<int64_t>(0, spec.amount));
      k = std::min(k, count);
      if (k > 0 && k < count) std::nth_element(ranked.begin(), ranked.begin() + static_cast<int64_t>(k) - 1, ranked.end(), before);
      for (uint64_t x = 0; x < k; ++x) out->i[ranked[x]] = 1;
      break;
    }
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
