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

// The customers a ranking orders (present, and in `among` if given), with their order
// keys: `visit(fn)` calls fn(row, key) for each, in row order. The keys are computed
// on each pass rather than stored: reading the values again is cheaper for a fresh
// process than mapping memory for a copy of them.
struct Eligible {
  const Vec& value;
  const Vec* among;
  uint64_t flip;  // ~0: `bottom` (a smaller value ranks better)

  bool All() const { return value.all_present() && !among; }
  bool In(uint64_t c) const { return value.Present(c) && (!among || among->True(c)); }
  template <class Fn>
  void Visit(Fn&& fn) const {
    if (value.kind == TypeKind::Float) {
      Loop(value.f.data(), fn);
    } else {
      Loop(value.i.data(), fn);
    }
  }
  // One loop per value type, and a loop without tests when every customer is ranked
  // (the usual case): each pass over a million values is a millisecond otherwise.
  template <class T, class Fn>
  void Loop(const T* v, Fn& fn) const {
    if (All()) {
      for (uint64_t c = 0; c < value.n; ++c) fn(c, flip ^ OrderKey(v[c]));
      return;
    }
    for (uint64_t c = 0; c < value.n; ++c) {
      if (In(c)) fn(c, flip ^ OrderKey(v[c]));
    }
  }
  uint64_t Count() const {
    if (All()) return value.n;
    uint64_t count = 0;
    for (uint64_t c = 0; c < value.n; ++c) count += In(c);
    return count;
  }
};

// `top`/`bottom`: the k-th best value by histogram selection, then everyone ranked
// before it, and of those equal to it the first by key (row). One byte per customer
// (1: a member): the result is a boolean, and 8 bytes each would be 8 MB of fresh
// memory for a million customers.
rt::ColumnVector<uint8_t> TopOrBottom(const Vec& value, const Vec* among, const ir::PopSpec& spec) {
  // A larger key ranks better: `bottom` flips the order.
  const Eligible eligible{value, among, spec.kind == ir::PopSpec::Bottom ? ~uint64_t{0} : 0};
  const uint64_t count = eligible.Count();
  uint64_t k = spec.percent ? static_cast<uint64_t>(static_cast<__int128>(spec.amount) * count / (100 * kDecimalScale))
                            : static_cast<uint64_t>(std::max<int64_t>(0, spec.amount));
  k = std::min(k, count);
  rt::ColumnVector<uint8_t> member;
  if (k == 0) {
    member.assign(value.n, 0);
    return member;
  }
  auto keys = [&](auto&& fn) { eligible.Visit([&](uint64_t, uint64_t key) { fn(key); }); };
  const uint64_t kth = KthLargestOf(keys, count, k);
  uint64_t better = 0;
  keys([&](uint64_t key) { better += key > kth; });
  uint64_t ties = k - better;
  // The pass below writes every ranked customer's byte: the others need zeroing only
  // if there are any.
  if (eligible.All()) {
    member.resize(value.n);
  } else {
    member.assign(value.n, 0);
  }
  eligible.Visit([&](uint64_t c, uint64_t key) {
    const bool tie = key == kth && ties > 0;
    ties -= tie;
    member[c] = static_cast<uint8_t>(key > kth) | static_cast<uint8_t>(tie);
  });
  return member;
}

// `rank` and `percentile`: 1 is the largest value; ties by key (row), ascending.
Vec RankOrPercentile(const Vec& value, const Vec* among, const ir::PopSpec& spec) {
  const uint64_t total = value.n;
  const Eligible eligible{value, among, ~uint64_t{0}};  // ascending order of ~key: the largest first
  rt::ColumnVector<uint64_t> keys;
  rt::ColumnVector<uint32_t> rows;  // the eligible customers, in row order
  const uint64_t count = eligible.Count();
  keys.reserve(count);
  rows.reserve(count);
  eligible.Visit([&](uint64_t c, uint64_t key) {
    keys.push_back(key);
    rows.push_back(static_cast<uint32_t>(c));
  });
  const rt::ColumnVector<uint32_t> ranked = SortByKey(std::move(keys), std::move(rows));

  // When every customer is ranked, every value is written: no zeroing first, and no
  // presence bytes.
  Vec out;
  out.n = total;
  if (count == total) {
    out.i.resize(total);
  } else {
    out.i.assign(total, 0);
    out.present.assign(total, 0);
  }
  for (uint64_t x = 0; x < count; ++x) {
    uint32_t c = ranked[x];
    if (count < total) out.present[c] = 1;
    int64_t rank = static_cast<int64_t>(x + 1);
    if (spec.kind == ir::PopSpec::Rank) {
      out.i[c] = rank;
    } else {
      // 100 * (N - rank) / N as a decimal, rounded half to even.
      __int128 num = static_cast<__int128>(100 * kDecimalScale) * (static_cast<int64_t>(count) - rank);
      out.i[c] = static_cast<int64_t>(ir::RoundDiv(num, static_cast<__int128>(count)));
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
  auto out = std::make_unique<PopulationResult>();
  if (spec.kind == ir::PopSpec::Top || spec.kind == ir::PopSpec::Bottom) {
    out->member = TopOrBottom(value, among, spec);
    out->is_member = true;
  } else {
    out->values = RankOrPercentile(value, among, spec);
  }
  population_[id] = std::move(out);
}

}  // namespace sam::interp
