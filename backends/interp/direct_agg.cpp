#include "backends/interp/direct_agg.hpp"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "ir/eval.hpp"
#include "runtime/exec/bit_set.hpp"

namespace sam::interp {

using ir::Op;
using i128 = __int128;

namespace {

bool OwnField(const ir::Program& p, const ir::AggSpec& g, ir::NodeId id) {
  const ir::Node& n = p.at(id);
  return n.op == Op::EventField && n.a == g.table && n.c == g.depth;
}

// Row r's integer sum of m values, or their average (absent for none); the first row
// out of the 64-bit range goes to `overflow`.
void PutSum(i128 sum, int64_t m, const DirectAgg& d, const ir::AggSpec& g, const Type& result, size_t r, Vec& out,
            std::optional<size_t>& overflow) {
  if (g.op == AggOp::Avg) {
    if (m == 0) return;
    // An average of ints is a decimal: scale before dividing.
    if (d.value_type.kind == TypeKind::Int && result.kind == TypeKind::Decimal) sum *= kDecimalScale;
    sum = ir::RoundDiv(sum, m);
    out.present[r] = 1;
  }
  if (sum < std::numeric_limits<int64_t>::min() || sum > std::numeric_limits<int64_t>::max()) {
    if (!overflow) overflow = r;
    return;
  }
  out.i[r] = static_cast<int64_t>(sum);
}

bool NeedsValuePresent(const ir::AggSpec& g) {
  switch (g.op) {
    case AggOp::Any:
    case AggOp::None:
    case AggOp::All: return false;
    case AggOp::First:
    case AggOp::Last: return !g.row_field;
    case AggOp::Count: case AggOp::Sum: case AggOp::Min: case AggOp::Max: case AggOp::Avg: break;
  }
  return true;
}

}  // namespace

std::optional<DirectAgg> PlanDirect(const ir::Program& p, const Database& db, const ir::AggSpec& g,
                                    const Invariants& invariant, const OuterNode& outer,
                                    const DictionaryTest& dictionary) {
  if (g.table < 0 || static_cast<size_t>(g.table) >= db.tables.size()) return std::nullopt;
  DirectAgg d;
  FieldColumn own = [&](ir::NodeId f) -> const Column* {
    return OwnField(p, g, f) ? &db.tables[g.table].columns[p.at(f).b] : nullptr;
  };
  if (g.filter != ir::kNone && !AddTests(p, own, invariant, outer, g.filter, d.tests, dictionary)) return std::nullopt;
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
    case AggOp::Count:
      if (g.distinct && d.value) break;  // below
      [[fallthrough]];
    case AggOp::Any:
    case AggOp::None:
    case AggOp::All: {
      size_t k = 0;
      for (size_t r = 0; r < rows; ++r) {
        const uint64_t n = e[r] - s[r];
        const uint64_t m = matches(k, n);
        k += n;
        switch (g.op) {
          case AggOp::Count: out.i[r] = static_cast<int64_t>(m); break;
          case AggOp::Any: out.i[r] = m > 0; break;
          case AggOp::None: out.i[r] = m == 0; break;
          case AggOp::Sum: case AggOp::Min: case AggOp::Max: case AggOp::Avg: case AggOp::First:
          case AggOp::Last: case AggOp::All: out.i[r] = m == n; break;
        }
      }
      return overflow;
    }
    case AggOp::Sum: case AggOp::Min: case AggOp::Max: case AggOp::Avg: case AggOp::First:
    case AggOp::Last: break;
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
        case AggOp::Count: {  // distinct
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
            // hi >= lo: their distance as unsigned (as signed it overflows for values
            // far apart, and read as under 64 it counted 3 of 7 distinct decimals).
            if (static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) < 64) {
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
        case AggOp::Sum:
        case AggOp::Avg: {
          if constexpr (kFloat) {
            double acc = 0;
            int64_t m = 0;
            for (uint64_t x = 0; x < n; ++x) {
              if (match(k0 + x)) acc += v[b + x], ++m;
            }
            if (g.op == AggOp::Sum) {
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
        case AggOp::Min:
        case AggOp::Max: {
          const bool is_min = g.op == AggOp::Min;
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
        case AggOp::First:
        case AggOp::Last: {
          // Events are sorted by time; equal times keep the file's order.
          int64_t pick = -1;
          if (g.op == AggOp::First) {
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
        case AggOp::Any: case AggOp::All: case AggOp::None: break;
      }
    }
  });
  return overflow;
}

namespace {

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
  const bool sum = g.op == AggOp::Sum || g.op == AggOp::Avg;
  // `all`: every event of the window matches: the window's own matches are counted
  // too, from the shared entry (its mask stays as it is, the tests go into a copy).
  const bool all = g.op == AggOp::All;
  if (g.op != AggOp::Count && g.op != AggOp::Any && g.op != AggOp::None && !(all && shared) && !sum) return false;
  if (g.op == AggOp::Count && g.distinct && d.value) return false;
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
  const uint64_t s[1] = {first}, e[1] = {last};
  // The window's mask: low <= time < horizon.
  FlatMatches& window = shared ? *shared : scratch;
  if (!window.mask_ready) {
    window.mask.assign(n, 1);
    EventTest t;
    t.column = &time;
    StoredRange(time, low ? static_cast<i128>(*low) : static_cast<i128>(std::numeric_limits<int64_t>::min()),
                static_cast<i128>(horizon) - 1, t);
    ApplyTest(t, s, e, 1, window.mask.data());
    window.mask_ready = shared != nullptr;
  }
  // This aggregate's matches: the window's, or a copy with its own tests applied.
  FlatMatches& fm = d.tests.empty() ? window : scratch;
  if (!d.tests.empty()) {
    if (&fm != &window) fm.mask = window.mask;
    for (const EventTest& t : d.tests) ApplyTest(t, s, e, 1, fm.mask.data());
  }
  // Matches per customer from a bit set of the mask and popcounts before each word:
  // a few operations per customer, nothing serial per event.
  auto count_bits = [&](FlatMatches& f) {
    if (f.bits_ready) return;
    const size_t words = n / 64 + 1;
    f.bits.assign(words, 0);
    rt::PackBits(f.mask.data(), n, f.bits.data());
    f.counts.resize(words + 1);
    f.counts[0] = 0;
    for (size_t w = 0; w < words; ++w)
      f.counts[w + 1] = f.counts[w] + static_cast<uint32_t>(__builtin_popcountll(f.bits[w]));
    f.bits_ready = shared != nullptr && &f == shared;
  };
  count_bits(fm);
  if (all) count_bits(window);
  std::vector<uint8_t>& mask = fm.mask;
  auto before_in = [](const FlatMatches& f, uint64_t x) {  // matches among the first x events
    return static_cast<int64_t>(f.counts[x >> 6]) +
           __builtin_popcountll(f.bits[x >> 6] & ((uint64_t{1} << (x & 63)) - 1));
  };
  auto before = [&](uint64_t x) { return before_in(fm, x); };
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
      case AggOp::Count: out.i[r] = m; break;
      case AggOp::Any: out.i[r] = m > 0; break;
      case AggOp::None: out.i[r] = m == 0; break;
      case AggOp::All: out.i[r] = m == before_in(window, en) - before_in(window, b); break;
      case AggOp::Sum: case AggOp::Min: case AggOp::Max: case AggOp::Avg: case AggOp::First:
      case AggOp::Last:
        PutSum(static_cast<i128>(m) * value->base + static_cast<i128>(sums[en] - sums[b]) * value->unit, m, d, g, result,
               r, out, overflow);
    }
  }
  return true;
}

}  // namespace sam::interp
