#include "runtime/interp/direct_agg.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <type_traits>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "compiler/ir/eval.hpp"

namespace sam::rt {

using ir::Op;
using i128 = __int128;

namespace {

constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

i128 FloorDiv128(i128 a, i128 b) {
  i128 q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t Clamp(i128 v) { return v < kMin64 ? kMin64 : v > kMax64 ? kMax64 : static_cast<int64_t>(v); }

// Stored values s with lo <= base + s * unit <= hi (unit > 0).
void StoredRange(const Column& c, i128 lo, i128 hi, EventTest& t) {
  t.lo = Clamp(-FloorDiv128(-(lo - c.base), c.unit));  // ceil
  t.hi = Clamp(FloorDiv128(hi - c.base, c.unit));
  if (lo > hi) t.lo = 1, t.hi = 0;
}

bool OwnField(const ir::Program& p, const ir::AggSpec& g, ir::NodeId id) {
  const ir::Node& n = p.at(id);
  return n.op == Op::EventField && n.a == g.table && n.c == g.depth;
}

using Invariants = std::vector<std::optional<ir::Value>>;

// The value of a node that is the same for all events and present, or null.
const ir::Value* ConstantOf(const Invariants& inv, ir::NodeId id) {
  return inv[id] && !inv[id]->absent ? &*inv[id] : nullptr;
}

Op Mirror(Op op) {
  switch (op) {
    case Op::Lt: return Op::Gt;
    case Op::Le: return Op::Ge;
    case Op::Gt: return Op::Lt;
    case Op::Ge: return Op::Le;
    default: return op;
  }
}

// `field op constant` as a test on the field's column.
bool CompareTest(const Column& c, Op op, const ir::Node& field, TypeKind kk, const ir::Value& k, EventTest& t) {
  const TypeKind fk = field.type.kind;
  if (fk != kk) return false;
  if (c.encoding == Encoding::Float64) {
    t.float_op = op;
    t.f = k.f;
    return true;
  }
  i128 lo, hi;
  if (fk == TypeKind::String) {
    if (c.encoding != Encoding::Dict32) return false;
    // Codes order like their strings.
    const i128 lb = c.LowerBound(k.s);
    const i128 eq = c.FindCode(k.s) >= 0;
    switch (op) {
      case Op::Eq:
      case Op::Ne: lo = lb, hi = eq ? lb : lb - 1; break;
      case Op::Lt: lo = kMin64, hi = lb - 1; break;
      case Op::Le: lo = kMin64, hi = lb - 1 + eq; break;
      case Op::Gt: lo = lb + eq, hi = kMax64; break;
      default: lo = lb, hi = kMax64; break;
    }
  } else {
    if (StorageOf(fk) != TypeKind::Int || c.encoding == Encoding::Plain) return false;
    const i128 v = k.i;
    switch (op) {
      case Op::Eq:
      case Op::Ne: lo = hi = v; break;
      case Op::Lt: lo = kMin64, hi = v - 1; break;
      case Op::Le: lo = kMin64, hi = v; break;
      case Op::Gt: lo = v + 1, hi = kMax64; break;
      default: lo = v, hi = kMax64; break;
    }
  }
  StoredRange(c, lo, hi, t);
  t.negate = op == Op::Ne;
  return true;
}

// Adds the tests of a `where` (a conjunction) on the aggregate's own events.
// The column a node reads, if it is a field the tests may read; else null.
using FieldColumn = std::function<const Column*(ir::NodeId)>;

using OuterNode = std::function<bool(ir::NodeId)>;

bool AddTests(const ir::Program& p, const FieldColumn& field, const Invariants& inv, const OuterNode& outer,
              ir::NodeId id, std::vector<EventTest>& out) {
  const ir::Node& n = p.at(id);
  auto column = [&](ir::NodeId f) -> const Column& { return *field(f); };
  auto is_field = [&](ir::NodeId f) { return field(f) != nullptr; };
  switch (n.op) {
    case Op::And:
      return AddTests(p, field, inv, outer, n.args[0], out) && AddTests(p, field, inv, outer, n.args[1], out);
    case Op::Const:
      // `where true` tests nothing; anything else falls back.
      return !n.value.absent && n.type.kind == TypeKind::Bool && n.value.i != 0;
    case Op::IsPresent: {
      if (!is_field(n.args[0])) return false;
      EventTest t;
      t.column = &column(n.args[0]);
      t.presence_only = true;
      out.push_back(std::move(t));
      return true;
    }
    case Op::EventField:
    case Op::Not: {
      // A bool field: `complaint` holds where it is present and true, `not complaint`
      // where it is present and false.
      const ir::NodeId f = n.op == Op::Not ? n.args[0] : id;
      if (!is_field(f) || p.at(f).type.kind != TypeKind::Bool) return false;
      const Column& c = column(f);
      if (c.encoding == Encoding::Plain || c.encoding == Encoding::Float64) return false;
      EventTest t;
      t.column = &c;
      StoredRange(c, 0, 0, t);
      t.negate = n.op != Op::Not;
      out.push_back(std::move(t));
      return true;
    }
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
      ir::NodeId f = n.args[0], k = n.args[1];
      Op op = n.op;
      if (!is_field(f)) std::swap(f, k), op = Mirror(op);
      const ir::Value* kv = ConstantOf(inv, k);
      if (is_field(f) && !kv && op == Op::Eq && outer(k) && p.at(k).type.kind == p.at(f).type.kind) {
        const Column& c = column(f);
        if (c.encoding == Encoding::Float64) return false;
        EventTest t;
        t.column = &c;
        t.outer = k;
        out.push_back(std::move(t));
        return true;
      }
      if (!is_field(f) || !kv) return false;
      EventTest t;
      t.column = &column(f);
      if (!CompareTest(*t.column, op, p.at(f), p.at(k).type.kind, *kv, t)) return false;
      out.push_back(std::move(t));
      return true;
    }
    case Op::InSet: {
      const ir::NodeId f = n.args[0];
      if (!is_field(f)) return false;
      const Column& c = column(f);
      const TypeKind fk = p.at(f).type.kind;
      if (c.encoding == Encoding::Float64 || c.encoding == Encoding::Plain) return false;
      if (fk == TypeKind::String && c.encoding != Encoding::Dict32) return false;
      EventTest t;
      t.column = &c;
      t.is_set = true;
      for (size_t a = 1; a < n.args.size(); ++a) {
        const ir::Value* k = ConstantOf(inv, n.args[a]);
        if (!k || p.at(n.args[a]).type.kind != fk) return false;
        const i128 v = fk == TypeKind::String ? c.FindCode(k->s) : k->i;
        if (fk == TypeKind::String && v < 0) continue;  // matches no row
        EventTest one;
        StoredRange(c, v, v, one);
        if (one.lo == one.hi) t.set.push_back(one.lo);
      }
      out.push_back(std::move(t));
      return true;
    }
    default: return false;
  }
}

// Calls f with the column's stored values as a typed pointer.
template <class F>
void WithStored(const Column& c, F&& f) {
  switch (c.encoding) {
    case Encoding::Int8: f(c.values.as<int8_t>()); break;
    case Encoding::Int16: f(c.values.as<int16_t>()); break;
    case Encoding::Int32:
    case Encoding::Dict32: f(c.values.as<int32_t>()); break;
    case Encoding::Int64: f(c.values.as<int64_t>()); break;
    default: f(c.values.as<double>()); break;
  }
}

bool FloatCompare(Op op, double x, double k) {
  switch (op) {
    case Op::Eq: return x == k;
    case Op::Ne: return x != k;
    case Op::Lt: return x < k;
    case Op::Le: return x <= k;
    case Op::Gt: return x > k;
    default: return x >= k;
  }
}

// m[i] &= lo <= v[i] <= hi (xor flip), compared in T so that the loop vectorizes.
template <class T>
void RangeSpan(const T* __restrict v, size_t n, int64_t lo, int64_t hi, uint8_t flip, uint8_t* __restrict m) {
  constexpr int64_t kLo = std::numeric_limits<T>::min(), kHi = std::numeric_limits<T>::max();
  if (lo > kHi || hi < kLo || lo > hi) {
    // No stored value is inside.
    if (!flip) std::fill(m, m + n, uint8_t{0});
    return;
  }
  const T l = static_cast<T>(std::max(lo, kLo)), h = static_cast<T>(std::min(hi, kHi));
  for (size_t i = 0; i < n; ++i) m[i] &= static_cast<uint8_t>(static_cast<uint8_t>((v[i] >= l) & (v[i] <= h)) ^ flip);
}

template <class T>
void SetSpan(const T* __restrict v, size_t n, const std::vector<int64_t>& set, uint8_t* __restrict m) {
  // Stored values of small sets (enums, a few strings) usually fit in 64 consecutive
  // values: a bit test per row instead of a comparison per member.
  if (set.empty()) {
    std::fill(m, m + n, uint8_t{0});
    return;
  }
  const int64_t lo = *std::min_element(set.begin(), set.end());
  const int64_t hi = *std::max_element(set.begin(), set.end());
  if (hi - lo < 64) {
    uint64_t bits = 0;
    for (int64_t x : set) bits |= uint64_t{1} << (x - lo);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t d = static_cast<uint64_t>(static_cast<int64_t>(v[i]) - lo);
      m[i] &= static_cast<uint8_t>(d < 64 ? (bits >> d) & 1 : 0);
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const int64_t sv = v[i];
    uint8_t in = 0;
    for (int64_t x : set) in |= static_cast<uint8_t>(sv == x);
    m[i] &= in;
  }
}

void PresentSpan(const uint64_t* __restrict w, uint64_t first, size_t n, uint8_t* __restrict m) {
  for (size_t i = 0; i < n; ++i) {
    const uint64_t x = first + i;
    m[i] &= static_cast<uint8_t>((w[x >> 6] >> (x & 63)) & 1);
  }
}

// For every row's events [s[r], e[r]), the rows' events one after the other in the
// mask: mask &= the column is present, then f(r, first event, events, mask there).
template <class F>
void ForEachSpan(const Column& c, const uint64_t* s, const uint64_t* e, size_t rows, uint8_t* mask, F&& f) {
  size_t k = 0;
  for (size_t r = 0; r < rows; ++r) {
    const uint64_t b = s[r];
    const size_t n = e[r] - b;
    uint8_t* m = mask + k;
    k += n;
    if (!c.all_present()) PresentSpan(c.validity.as<uint64_t>(), b, n, m);
    f(r, b, n, m);
  }
}

// mask &= field == the row's outer value, for every row's events (see ApplyTest).
void ApplyOuterTest(const EventTest& t, const Vec& outer, const uint64_t* s, const uint64_t* e, size_t rows,
                    uint8_t* mask) {
  const Column& c = *t.column;
  ForEachSpan(c, s, e, rows, mask, [&](size_t r, uint64_t b, size_t n, uint8_t* m) {
    if (n == 0) return;
    if (!outer.Present(r)) {
      std::fill(m, m + n, uint8_t{0});
      return;
    }
    if (c.encoding == Encoding::Plain) {
      // Ids often share a prefix (`C-1234-`) and differ at the end: test the last byte first.
      const std::string_view want = outer.s[r];
      for (size_t i = 0; i < n; ++i) {
        const std::string_view got = c.Str(b + i);
        m[i] &= static_cast<uint8_t>(got.size() == want.size() && (want.empty() || got.back() == want.back()) && got == want);
      }
      return;
    }
    // The wanted logical value (a string's code) in stored units, if it is stored at all.
    i128 logical;
    if (c.encoding == Encoding::Dict32) {
      logical = c.FindCode(outer.s[r]);
      if (logical < 0) {
        std::fill(m, m + n, uint8_t{0});
        return;
      }
    } else {
      logical = outer.i[r];
    }
    EventTest one;
    StoredRange(c, logical, logical, one);
    WithStored(c, [&](const auto* v) {
      using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
      if constexpr (!std::is_floating_point_v<T>) RangeSpan<T>(v + b, n, one.lo, one.hi, 0, m);
    });
  });
}

// mask &= test, over every row's events [s[r], e[r]) in order, the rows' events one
// after the other in the mask.
void ApplyTest(const EventTest& t, const uint64_t* s, const uint64_t* e, size_t rows, uint8_t* mask) {
  const Column& c = *t.column;
  if (t.presence_only) {
    ForEachSpan(c, s, e, rows, mask, [](size_t, uint64_t, size_t, uint8_t*) {});
    return;
  }
  ForEachSpan(c, s, e, rows, mask, [&](size_t, uint64_t b, size_t n, uint8_t* m) {
    WithStored(c, [&](const auto* v) {
      using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
      if constexpr (std::is_floating_point_v<T>) {
        for (size_t i = 0; i < n; ++i) m[i] &= static_cast<uint8_t>(FloatCompare(t.float_op, v[b + i], t.f));
      } else if (t.is_set) {
        SetSpan<T>(v + b, n, t.set, m);
      } else {
        RangeSpan<T>(v + b, n, t.lo, t.hi, t.negate ? 1 : 0, m);
      }
    });
  });
}

// Row r's integer sum of m values, or their average (absent for none); the first row
// out of the 64-bit range goes to `overflow`.
void PutSum(i128 sum, int64_t m, const DirectAgg& d, const ir::AggSpec& g, const Type& result, size_t r, Vec& out,
            std::optional<size_t>& overflow) {
  if (g.op == ast::AggOp::Avg) {
    if (m == 0) return;
    // An average of ints is a decimal: scale before dividing.
    if (d.value_type.kind == TypeKind::Int && result.kind == TypeKind::Decimal) sum *= ast::kDecimalScale;
    sum = ir::RoundDiv(sum, m);
    out.present[r] = 1;
  }
  if (sum < kMin64 || sum > kMax64) {
    if (!overflow) overflow = r;
    return;
  }
  out.i[r] = static_cast<int64_t>(sum);
}

bool NeedsValuePresent(const ir::AggSpec& g) {
  switch (g.op) {
    case ast::AggOp::Any:
    case ast::AggOp::None:
    case ast::AggOp::All: return false;
    case ast::AggOp::First:
    case ast::AggOp::Last: return !g.row_field;
    default: return true;
  }
}

}  // namespace

std::optional<DirectAgg> PlanDirect(const ir::Program& p, const Database& db, const ir::AggSpec& g,
                                    const Invariants& invariant, const OuterNode& outer) {
  if (g.table < 0 || static_cast<size_t>(g.table) >= db.tables.size()) return std::nullopt;
  DirectAgg d;
  FieldColumn own = [&](ir::NodeId f) -> const Column* {
    return OwnField(p, g, f) ? &db.tables[g.table].columns[p.at(f).b] : nullptr;
  };
  if (g.filter != ir::kNone && !AddTests(p, own, invariant, outer, g.filter, d.tests)) return std::nullopt;
  if (g.value != ir::kNone) {
    if (!OwnField(p, g, g.value)) return std::nullopt;
    const ir::Node& v = p.at(g.value);
    d.value = &db.tables[g.table].columns[v.b];
    d.value_type = v.type;
    if (d.value->encoding == Encoding::Plain) return std::nullopt;
    if (StorageOf(v.type.kind) == TypeKind::String && d.value->encoding != Encoding::Dict32) return std::nullopt;
    if (StorageOf(v.type.kind) == TypeKind::Float && d.value->encoding != Encoding::Float64) return std::nullopt;
    if (StorageOf(v.type.kind) == TypeKind::Int && d.value->encoding == Encoding::Float64) return std::nullopt;
    if (NeedsValuePresent(g) && !d.value->all_present()) {
      EventTest t;
      t.column = d.value;
      t.presence_only = true;
      d.tests.push_back(std::move(t));
    }
  }
  return d;
}

std::optional<size_t> RunDirect(const DirectAgg& d, const ir::AggSpec& g, const Type& result, const uint64_t* s,
                                const uint64_t* e, size_t rows, const std::vector<const Vec*>& outer, Vec& out) {
  thread_local std::vector<uint8_t> mask_buffer;
  const uint8_t* mask = nullptr;
  if (!d.tests.empty()) {
    size_t total = 0;
    for (size_t r = 0; r < rows; ++r) total += e[r] - s[r];
    mask_buffer.assign(total, 1);
    size_t next_outer = 0;
    for (const EventTest& t : d.tests) {
      if (t.outer != ir::kNone) {
        ApplyOuterTest(t, *outer[next_outer++], s, e, rows, mask_buffer.data());
      } else {
        ApplyTest(t, s, e, rows, mask_buffer.data());
      }
    }
    mask = mask_buffer.data();
  }
  // Every row's matching events: mask[k .. k + (e - s)) for the row at k.
  auto matches = [&](size_t k, uint64_t n) -> uint64_t {
    if (!mask) return n;
    uint64_t m = 0;
    for (uint64_t x = 0; x < n; ++x) m += mask[k + x];
    return m;
  };
  auto match = [&](size_t k) { return mask == nullptr || mask[k] != 0; };

  std::optional<size_t> overflow;
  switch (g.op) {
    case ast::AggOp::Count:
      if (g.distinct && d.value) break;  // below
      [[fallthrough]];
    case ast::AggOp::Any:
    case ast::AggOp::None:
    case ast::AggOp::All: {
      size_t k = 0;
      for (size_t r = 0; r < rows; ++r) {
        const uint64_t n = e[r] - s[r];
        const uint64_t m = matches(k, n);
        k += n;
        switch (g.op) {
          case ast::AggOp::Count: out.i[r] = static_cast<int64_t>(m); break;
          case ast::AggOp::Any: out.i[r] = m > 0; break;
          case ast::AggOp::None: out.i[r] = m == 0; break;
          default: out.i[r] = m == n; break;
        }
      }
      return overflow;
    }
    default: break;
  }

  const Column& c = *d.value;
  WithStored(c, [&](const auto* v) {
    using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
    constexpr bool kFloat = std::is_floating_point_v<T>;
    // The logical value of a stored one.
    auto logical = [&](T sv) -> int64_t {
      if constexpr (kFloat) {
        return 0;
      } else {
        return c.base + static_cast<int64_t>(sv) * c.unit;
      }
    };
    auto put = [&](size_t r, T sv) {
      if constexpr (kFloat) {
        out.f[r] = sv;
      } else if (out.kind == TypeKind::String) {
        out.s[r] = c.DictEntry(static_cast<uint32_t>(logical(sv)));
      } else {
        out.i[r] = logical(sv);
      }
      if (!out.present.empty()) out.present[r] = 1;
    };
    size_t k = 0;
    for (size_t r = 0; r < rows; ++r) {
      const uint64_t b = s[r], n = e[r] - s[r];
      const size_t k0 = k;
      k += n;
      switch (g.op) {
        case ast::AggOp::Count: {  // distinct
          if constexpr (!kFloat) {
            // Few values close together (enum codes, a customer's products): a bit per value.
            int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
            for (uint64_t x = 0; x < n; ++x) {
              if (match(k0 + x)) lo = std::min<int64_t>(lo, v[b + x]), hi = std::max<int64_t>(hi, v[b + x]);
            }
            if (lo > hi) {
              out.i[r] = 0;
              break;
            }
            if (hi - lo < 64) {
              uint64_t bits = 0;
              for (uint64_t x = 0; x < n; ++x) {
                if (match(k0 + x)) bits |= uint64_t{1} << (v[b + x] - lo);
              }
              out.i[r] = __builtin_popcountll(bits);
              break;
            }
          }
          thread_local std::vector<T> seen;
          seen.clear();
          for (uint64_t x = 0; x < n; ++x) {
            if (match(k0 + x)) seen.push_back(v[b + x]);
          }
          std::sort(seen.begin(), seen.end());
          out.i[r] = std::unique(seen.begin(), seen.end()) - seen.begin();
          break;
        }
        case ast::AggOp::Sum:
        case ast::AggOp::Avg: {
          if constexpr (kFloat) {
            double acc = 0;
            int64_t m = 0;
            for (uint64_t x = 0; x < n; ++x) {
              if (match(k0 + x)) acc += v[b + x], ++m;
            }
            if (g.op == ast::AggOp::Sum) {
              out.f[r] = acc;
            } else if (m > 0) {
              out.f[r] = acc / static_cast<double>(m);
              out.present[r] = 1;
            }
          } else {
            // Stored values summed, scaled once: sum = m * base + unit * sum(stored).
            using Acc = std::conditional_t<sizeof(T) < 8, int64_t, i128>;
            Acc acc = 0;
            int64_t m = 0;
            if (!mask) {
              for (uint64_t x = 0; x < n; ++x) acc += v[b + x];
              m = static_cast<int64_t>(n);
            } else {
              for (uint64_t x = 0; x < n; ++x) {
                const Acc on = mask[k0 + x];
                acc += on * static_cast<Acc>(v[b + x]);
                m += mask[k0 + x];
              }
            }
            PutSum(static_cast<i128>(m) * c.base + static_cast<i128>(acc) * c.unit, m, d, g, result, r, out, overflow);
          }
          break;
        }
        case ast::AggOp::Min:
        case ast::AggOp::Max: {
          const bool is_min = g.op == ast::AggOp::Min;
          bool found = false;
          T best{};
          for (uint64_t x = 0; x < n; ++x) {
            if (!match(k0 + x)) continue;
            const T sv = v[b + x];
            if (!found || (is_min ? sv < best : sv > best)) best = sv, found = true;
          }
          if (found) put(r, best);
          break;
        }
        case ast::AggOp::First:
        case ast::AggOp::Last: {
          // Events are sorted by time; equal times keep the file's order.
          int64_t pick = -1;
          if (g.op == ast::AggOp::First) {
            for (uint64_t x = 0; x < n && pick < 0; ++x) {
              if (match(k0 + x)) pick = static_cast<int64_t>(x);
            }
          } else {
            for (uint64_t x = n; x > 0 && pick < 0; --x) {
              if (match(k0 + x - 1)) pick = static_cast<int64_t>(x - 1);
            }
          }
          if (pick >= 0 && c.Present(b + static_cast<uint64_t>(pick))) put(r, v[b + static_cast<uint64_t>(pick)]);
          break;
        }
        default: break;
      }
    }
  });
  return overflow;
}

namespace {

// bits[x / 64] bit x % 64 = m[x] (0/1); bits has room for n / 64 + 1 words, zeroed.
void PackBits(const uint8_t* __restrict m, size_t n, uint64_t* __restrict bits) {
  size_t x = 0;
#if defined(__AVX2__)
  for (; x + 64 <= n; x += 64) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + x));
    const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(m + x + 32));
    // A byte that is not 0 gives a 1 bit.
    const uint32_t l = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, zero)));
    const uint32_t h = ~static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, zero)));
    bits[x / 64] = (static_cast<uint64_t>(h) << 32) | l;
  }
#endif
  for (; x < n; ++x) bits[x / 64] |= static_cast<uint64_t>(m[x] != 0) << (x % 64);
}

template <class T>
void PrefixSums(const T* __restrict v, const uint8_t* __restrict m, size_t n, int64_t* __restrict out) {
  int64_t acc = 0;
  out[0] = 0;
  // Branch-free: whether an event is inside its window is unpredictable.
  for (size_t x = 0; x < n; ++x) out[x + 1] = acc += static_cast<int64_t>(v[x]) & -static_cast<int64_t>(m[x]);
}

}  // namespace

bool RunFlat(const DirectAgg& d, const ir::AggSpec& g, const Type& result, const Column& time, const int64_t* low,
             int64_t horizon, const uint64_t* offsets, uint64_t c0, size_t rows, FlatMatches* shared, Vec& out,
             std::optional<size_t>& overflow) {
  const bool sum = g.op == ast::AggOp::Sum || g.op == ast::AggOp::Avg;
  if (g.op != ast::AggOp::Count && g.op != ast::AggOp::Any && g.op != ast::AggOp::None && !sum) return false;
  if (g.op == ast::AggOp::Count && g.distinct && d.value) return false;
  const Column* value = sum ? d.value : nullptr;
  if (sum) {
    // Float sums must add in event order; 64-bit stored values could overflow a prefix.
    if (!value || (value->encoding != Encoding::Int8 && value->encoding != Encoding::Int16 &&
                   value->encoding != Encoding::Int32)) {
      return false;
    }
  }
  if (time.encoding == Encoding::Float64 || time.encoding == Encoding::Plain) return false;
  for (const EventTest& t : d.tests) {
    if (t.outer != ir::kNone) return false;
  }

  const uint64_t first = offsets[c0], last = offsets[c0 + rows];
  const size_t n = last - first;
  thread_local FlatMatches scratch;
  thread_local std::vector<int64_t> sums;
  FlatMatches& fm = shared ? *shared : scratch;
  std::vector<uint8_t>& mask = fm.mask;
  std::vector<uint64_t>& bits = fm.bits;
  std::vector<uint32_t>& counts = fm.counts;
  if (!shared || !shared->ready) {
    mask.assign(n, 1);
    const uint64_t s[1] = {first}, e[1] = {last};
    // The window: low <= time < horizon.
    EventTest window;
    window.column = &time;
    StoredRange(time, low ? static_cast<i128>(*low) : static_cast<i128>(kMin64), static_cast<i128>(horizon) - 1, window);
    ApplyTest(window, s, e, 1, mask.data());
    for (const EventTest& t : d.tests) ApplyTest(t, s, e, 1, mask.data());
    // Matches per customer from a bit set of the mask and popcounts before each word:
    // a few operations per customer, nothing serial per event.
    const size_t words = n / 64 + 1;
    bits.assign(words, 0);
    PackBits(mask.data(), n, bits.data());
    counts.resize(words + 1);
    counts[0] = 0;
    for (size_t w = 0; w < words; ++w) counts[w + 1] = counts[w] + static_cast<uint32_t>(__builtin_popcountll(bits[w]));
    fm.ready = shared != nullptr;
  }
  auto before = [&](uint64_t x) {  // matches among the first x events
    return static_cast<int64_t>(counts[x >> 6]) + __builtin_popcountll(bits[x >> 6] & ((uint64_t{1} << (x & 63)) - 1));
  };
  if (value) {
    sums.resize(n + 1);
    WithStored(*value, [&](const auto* v) {
      using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
      if constexpr (!std::is_floating_point_v<T>) PrefixSums<T>(v + first, mask.data(), n, sums.data());
    });
  }
  for (size_t r = 0; r < rows; ++r) {
    const uint64_t b = offsets[c0 + r] - first, en = offsets[c0 + r + 1] - first;
    const int64_t m = before(en) - before(b);
    switch (g.op) {
      case ast::AggOp::Count: out.i[r] = m; break;
      case ast::AggOp::Any: out.i[r] = m > 0; break;
      case ast::AggOp::None: out.i[r] = m == 0; break;
      default:
        PutSum(static_cast<i128>(m) * value->base + static_cast<i128>(sums[en] - sums[b]) * value->unit, m, d, g, result,
               r, out, overflow);
    }
  }
  return true;
}

std::optional<EventTest> PlanCustomerTest(const ir::Program& p, const Database& db, ir::NodeId id,
                                          const std::vector<std::optional<ir::Value>>& invariant) {
  const ir::Node& n = p.at(id);
  switch (n.op) {
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
    case Op::InSet: break;
    default: return std::nullopt;
  }
  if (db.customers < 0) return std::nullopt;
  FieldColumn customer = [&](ir::NodeId f) -> const Column* {
    return p.at(f).op == Op::CustomerField ? &db.customer_table().columns[p.at(f).a] : nullptr;
  };
  std::vector<EventTest> tests;
  const OuterNode none = [](ir::NodeId) { return false; };
  if (!AddTests(p, customer, invariant, none, id, tests) || tests.size() != 1) return std::nullopt;
  return std::move(tests[0]);
}

void RunCustomerTest(const EventTest& t, uint64_t first, size_t n, uint8_t* mask) {
  std::fill(mask, mask + n, uint8_t{1});
  const uint64_t s[1] = {first}, e[1] = {first + n};
  ApplyTest(t, s, e, 1, mask);
}

}  // namespace sam::rt
