// Aggregates over a customer's events: window bounds by binary search in the
// customer's time-sorted range, `where` and the value as vectors over all events of a
// batch of enclosing rows, then one reduction per row.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "backends/interp/aggregate_reduce.hpp"
#include "backends/interp/morsel.hpp"
#include "ir/eval.hpp"

namespace sam::interp {

using ir::Op;

namespace {

using i128 = __int128;

constexpr size_t kBatchRows = size_t{1} << 16;

// The threshold in stored units: time >= target  <=>  stored >= Threshold(target).
// Returns false when no stored value can reach it (all are below).
template <class T>
inline bool StoredThreshold(const Column& c, int64_t target, T& out, bool& all) {
  int64_t diff64;
  i128 q;
  if (!__builtin_sub_overflow(target, c.base, &diff64)) {
    int64_t q64 = diff64 / c.unit;
    if (diff64 % c.unit != 0 && diff64 > 0) q64 += 1;
    q = q64;
  } else {
    i128 diff = static_cast<i128>(target) - c.base;
    q = diff / c.unit;
    if (diff % c.unit != 0 && diff > 0) q += 1;
  }
  all = q <= static_cast<i128>(std::numeric_limits<T>::min());
  if (q > static_cast<i128>(std::numeric_limits<T>::max())) return false;
  out = all ? std::numeric_limits<T>::min() : static_cast<T>(q);
  return true;
}

// The first row in [b, e) whose stored time is >= t. Windows usually cut few events
// off: test the ends before searching.
template <class T>
inline uint64_t LowerBound(const T* v, uint64_t b, uint64_t e, T t) {
  uint64_t n = e - b;
  if (n <= 32) {
    // A customer's events are usually few: counting those before t (a branch-free
    // linear pass) costs less than the mispredicted branches of a search.
    uint64_t before = 0;
    for (uint64_t x = b; x < e; ++x) before += v[x] < t;
    return b + before;
  }
  if (v[e - 1] < t) return e;
  if (v[b] >= t) return b;
  // Branch-free: the customer's events are few and the comparisons unpredictable.
  const T* base = v + b;
  while (n > 1) {
    uint64_t half = n / 2;
    base = base[half - 1] < t ? base + half : base;
    n -= half;
  }
  return static_cast<uint64_t>(base - v) + (*base < t);
}

// Every row's event range [s, e) within its customer's events and the bounds.
// `uniform`: the rows are the morsel's customers, with one lower bound (or none) for
// all and no upper bound.
template <class T>
void ComputeRanges(const Column& time, const uint64_t* off, uint64_t c0, const Scope& scope, const Vec* low, const Vec* high,
            bool uniform, int64_t horizon, std::vector<uint64_t>& s, std::vector<uint64_t>& e) {
  const T* v = time.values.as<T>();
  const size_t rows = scope.n;
  // Bounds are mostly the same for every row (`now - 365d`): convert each distinct
  // target to stored units once.
  struct Cached {
    int64_t target = 0;
    bool valid = false, reachable = false, all = false;
    T t = 0;
  };
  Cached low_cache, high_cache;
  auto threshold = [&](Cached& cache, int64_t target, uint64_t b, uint64_t en) -> uint64_t {
    if (!cache.valid || cache.target != target) {
      cache.valid = true;
      cache.target = target;
      cache.reachable = StoredThreshold<T>(time, target, cache.t, cache.all);
    }
    if (!cache.reachable) return en;
    if (cache.all) return b;
    return LowerBound<T>(v, b, en, cache.t);
  };
  T hz = 0;
  bool hz_all;
  bool hz_ok = StoredThreshold<T>(time, horizon, hz, hz_all);
  auto cut_horizon = [&](uint64_t b, uint64_t en) {
    if (!hz_ok) return en;  // every event is before the horizon
    if (hz_all) return b;
    return en > b && v[en - 1] < hz ? en : LowerBound<T>(v, b, en, hz);
  };
  // The usual window (Aggregate): no per-row checks beyond the searches.
  if (uniform) {
    T tl = 0;
    bool tl_all = true, tl_ok = true;
    if (low) tl_ok = StoredThreshold<T>(time, low->i[0], tl, tl_all);
    for (size_t r = 0; r < rows; ++r) {
      const uint64_t b = off[c0 + r];
      const uint64_t en = cut_horizon(b, off[c0 + r + 1]);
      const uint64_t lo = !tl_ok ? en : tl_all ? b : LowerBound<T>(v, b, en, tl);
      s[r] = lo;
      e[r] = std::max(lo, en);
    }
    return;
  }
  for (size_t r = 0; r < rows; ++r) {
    uint64_t c = c0 + (scope.depth < 0 ? r : scope.cust[r]);
    uint64_t b = off[c], en = off[c + 1];
    if ((low && !low->Present(r)) || (high && !high->Present(r))) {
      s[r] = e[r] = b;  // an absent bound selects nothing
      continue;
    }
    if (low) b = threshold(low_cache, low->i[r], b, en);
    if (high && high->i[r] < horizon) {
      en = threshold(high_cache, high->i[r], b, en);
    } else {
      en = cut_horizon(b, en);
    }
    s[r] = b;
    e[r] = std::max(b, en);
  }
}

struct Segments {
  std::vector<uint64_t> begin, end;  // per enclosing row, in child-scope rows
};

}  // namespace

Vec MorselEval::Aggregate(const ir::Node& n, Scope& scope) {
  const ir::AggSpec& g = p_.aggs[n.a];
  const Table& table = in_.db().tables[g.table];
  const uint64_t* off = table.Offsets();
  const Column& time = table.columns[p_.tables[g.table].time];
  const size_t rows = scope.n;
  EnsureRows(scope);
  const Vec* low = g.low != ir::kNone ? &Eval(g.low, scope) : nullptr;
  const Vec* high = g.high != ir::kNone ? &Eval(g.high, scope) : nullptr;

  // Each enclosing row's events, narrowed to the windows. Only events before `now`
  // are ever seen (for a date time column: before today).
  int64_t horizon = time.type.kind == TypeKind::Date ? in_.today() : in_.now();
  // An end the same for every row (`between` two instants) stops every window as the
  // horizon does (both exclusive): the window is then the usual one, up to the earlier.
  const auto same = [rows](const Vec* v) {
    return v->all_present() && std::all_of(v->i.begin(), v->i.begin() + static_cast<int64_t>(rows),
                                           [&](int64_t x) { return x == v->i[0]; });
  };
  const bool uniform_high = scope.depth < 0 && high != nullptr && rows > 0 && same(high);
  if (uniform_high) horizon = std::min(horizon, high->i[0]);
  // The usual window: the customers' scope, `within` (the same lower bound for every
  // row) or no bound at all.
  const bool uniform =
      scope.depth < 0 && (high == nullptr || uniform_high) && rows > 0 &&
      (low == nullptr || (low->all_present() && std::all_of(low->i.begin(), low->i.begin() + static_cast<int64_t>(rows),
                                                            [&](int64_t x) { return x == low->i[0]; })));
  // Customers with the same window for all: flat passes over the morsel's events.
  const DirectAgg* direct = in_.Direct(n.a);
  if (direct && uniform) {
    Vec out = Vec::Of(StorageOf(n.type.kind), rows);
    if (g.op == AggOp::Avg) out.present.assign(rows, 0);
    std::optional<size_t> bad;
    FlatMatches* shared = nullptr;
    const bool has_low = low != nullptr;
    const int64_t low_value = has_low ? low->i[0] : 0;
    for (Window& w : windows_) {
      if (w.table == g.table && w.has_low == has_low && w.low == low_value && w.horizon == horizon) shared = &w.matches;
    }
    if (!shared) shared = &windows_.emplace_back(Window{g.table, has_low, low_value, horizon, {}}).matches;
    if (RunFlat(*direct, g, n.type, time, low ? &low->i[0] : nullptr, horizon, off, c0_, rows, shared, out, bad)) {
      if (bad) Fail(scope, *bad, n, fmt::format("value out of range in `{}`", AggOpText(g.op)));
      out.DropFullPresence();
      return out;
    }
  }
  const Ranges* cached = nullptr;
  if (scope.depth < 0) {
    for (const auto& r : ranges_) {
      if (r.table == g.table && in_.SameValue(r.low, g.low) && in_.SameValue(r.high, g.high)) cached = &r;
    }
  }
  std::vector<uint64_t> s_own, e_own;
  if (!cached) {
    s_own.resize(rows);
    e_own.resize(rows);
    switch (time.encoding) {
      case Encoding::Int8: ComputeRanges<int8_t>(time, off, c0_, scope, low, high, uniform, horizon, s_own, e_own); break;
      case Encoding::Int16: ComputeRanges<int16_t>(time, off, c0_, scope, low, high, uniform, horizon, s_own, e_own); break;
      case Encoding::Int32: ComputeRanges<int32_t>(time, off, c0_, scope, low, high, uniform, horizon, s_own, e_own); break;
      case Encoding::Int64: case Encoding::Float64: case Encoding::Dict32: case Encoding::Plain:
        ComputeRanges<int64_t>(time, off, c0_, scope, low, high, uniform, horizon, s_own, e_own); break;
    }
    if (scope.depth < 0) cached = &ranges_.emplace_back(Ranges{g.table, g.low, g.high, std::move(s_own), std::move(e_own)});
  }
  const std::vector<uint64_t>& s = cached ? cached->s : s_own;
  const std::vector<uint64_t>& e = cached ? cached->e : e_own;

  const TypeKind out_kind = StorageOf(n.type.kind);
  Vec out = Vec::Of(out_kind, rows);
  const bool needs_rows = g.filter != ir::kNone || g.value != ir::kNone;
  if (!needs_rows) {
    for (size_t r = 0; r < rows; ++r) {
      uint64_t k = e[r] - s[r];
      switch (g.op) {
        case AggOp::Count: out.i[r] = static_cast<int64_t>(k); break;
        case AggOp::Any: out.i[r] = k > 0; break;
        case AggOp::None: out.i[r] = k == 0; break;
        case AggOp::All: out.i[r] = 1; break;
        case AggOp::Sum: case AggOp::Min: case AggOp::Max: case AggOp::Avg: case AggOp::First:
        case AggOp::Last: throw RuntimeError("internal error: aggregate without a value", n.span);
      }
    }
    return out;
  }

  // Results that start absent: min, max, avg, first, last.
  bool optional_result = g.op == AggOp::Min || g.op == AggOp::Max || g.op == AggOp::Avg ||
                         g.op == AggOp::First || g.op == AggOp::Last;
  if (optional_result) out.present.assign(rows, 0);
  if (direct) {
    std::vector<const Vec*> outer;
    for (const EventTest& t : direct->tests) {
      if (t.outer != ir::kNone) outer.push_back(&Eval(t.outer, scope));
    }
    if (auto bad = RunDirect(*direct, g, n.type, s.data(), e.data(), rows, outer, out)) {
      Fail(scope, *bad, n, fmt::format("value out of range in `{}`", AggOpText(g.op)));
    }
    out.DropFullPresence();
    return out;
  }
  const Type value_type = g.value != ir::kNone ? p_.at(g.value).type : Type{};

  size_t r0 = 0;
  while (r0 < rows) {
    // Between batches too: nested aggregates can make one morsel long.
    in_.context().CheckInterrupt();
    // A batch of enclosing rows with at most kBatchRows events (at least one row).
    size_t r1 = r0;
    uint64_t total = 0;
    while (r1 < rows && (r1 == r0 || total + (e[r1] - s[r1]) <= kBatchRows)) total += e[r1] - s[r1], ++r1;

    Scope child;
    child.depth = g.depth;
    child.parent = &scope;
    child.table = g.table;
    Segments seg;
    seg.begin.resize(r1 - r0);
    seg.end.resize(r1 - r0);
    uint64_t span_first = off[c0_ + (scope.depth < 0 ? r0 : scope.cust[r0])];
    uint64_t span_last = off[c0_ + (scope.depth < 0 ? r1 - 1 : scope.cust[r1 - 1]) + 1];
    bool dense = scope.depth < 0 && total * 2 >= span_last - span_first;
    if (dense) {
      // All events of the batch's customers, in place; windows cut segments.
      child.dense = true;
      child.first = span_first;
      child.n = span_last - span_first;
      child.lazy_offsets = off;
      child.lazy_c0 = c0_;
      child.lazy_r0 = r0;
      child.lazy_r1 = r1;
      for (size_t r = r0; r < r1; ++r) {
        seg.begin[r - r0] = s[r] - span_first;
        seg.end[r - r0] = e[r] - span_first;
      }
    } else {
      child.n = total;
      child.rows.reserve(total);
      child.cust.reserve(total);
      child.up.reserve(total);
      for (size_t r = r0; r < r1; ++r) {
        seg.begin[r - r0] = child.rows.size();
        uint32_t slot = scope.depth < 0 ? static_cast<uint32_t>(r) : scope.cust[r];
        for (uint64_t x = s[r]; x < e[r]; ++x) {
          child.rows.push_back(static_cast<uint32_t>(x));
          child.cust.push_back(slot);
          child.up.push_back(static_cast<uint32_t>(r));
        }
        seg.end[r - r0] = child.rows.size();
      }
    }

    const Vec* filter = g.filter != ir::kNone ? &Eval(g.filter, child) : nullptr;
    const Vec* value = g.value != ir::kNone ? &Eval(g.value, child) : nullptr;
    // One function per class of aggregate (aggregate_reduce.cpp).
    const AggBatch batch{g, n, filter, value, value_type, out_kind, seg.begin, seg.end, r0, r1};
    switch (g.op) {
      case AggOp::Any: case AggOp::None: case AggOp::All: ReduceTests(batch, out); break;
      case AggOp::Count: ReduceCount(batch, out); break;
      case AggOp::Sum:
      case AggOp::Avg:
        if (auto bad = ReduceSum(batch, out)) Fail(scope, *bad, n, fmt::format("value out of range in `{}`", AggOpText(g.op)));
        break;
      case AggOp::Min: case AggOp::Max: ReduceMinMax(batch, out); break;
      case AggOp::First: case AggOp::Last: ReduceFirstLast(batch, out); break;
    }
    r0 = r1;
  }
  out.DropFullPresence();
  return out;
}

}  // namespace sam::interp
