// What the hand-written kernels share: names to columns, stored-domain bounds, the
// threads, 64-row masks and window searches. The kernels compare in the columns'
// stored (narrow) domain: a bound on logical values becomes a bound on stored values
// once per query, so that each row is one narrow compare that the compiler vectorizes.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/kernels.hpp"
#include "runtime/data/huge_pages.hpp"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace sam::bench::kernels {

inline constexpr int64_t kDay = 86'400'000'000;
inline constexpr int64_t kDecimal = 1'000'000;

inline int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
inline int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

// Calls f with the column's stored values, typed by their width.
template <class F>
decltype(auto) WithStored(const rt::Column& c, F&& f) {
  switch (c.encoding) {
    case rt::Encoding::Int8: return f(c.values.as<int8_t>());
    case rt::Encoding::Int16: return f(c.values.as<int16_t>());
    case rt::Encoding::Int32:
    case rt::Encoding::Dict32: return f(c.values.as<int32_t>());
    case rt::Encoding::Int64: return f(c.values.as<int64_t>());
    case rt::Encoding::Float64:
    case rt::Encoding::Plain: break;
  }
  throw std::runtime_error("kernel: a float or plain string column where an integer one was expected");
}

// Calls f with a string column's dictionary codes (always 32-bit), or an enum
// column's variants (8-bit up to 127 variants, as the loader narrows them): one
// instantiation each, where WithStored's four nested over several columns made the
// kernels take minutes to compile.
template <class F>
decltype(auto) WithCodes(const rt::Column& c, F&& f) {
  if (c.encoding != rt::Encoding::Dict32) throw std::runtime_error("kernel: a string column was expected");
  return f(c.values.as<int32_t>());
}
template <class F>
decltype(auto) WithVariants(const rt::Column& c, F&& f) {
  if (c.encoding != rt::Encoding::Int8) throw std::runtime_error("kernel: an enum of up to 127 variants was expected");
  return f(c.values.as<int8_t>());
}

// Stored values s with logical value base + s * unit (unit > 0) in [lo, hi]: an
// inclusive stored range, empty when first > last.
struct StoredRange {
  int64_t first = 0, last = -1;
  bool empty() const { return first > last; }
};
inline StoredRange LogicalRange(const rt::Column& c, int64_t lo, int64_t hi) {
  const int64_t lo_c = std::max(lo, std::numeric_limits<int64_t>::min() / 2);
  const int64_t hi_c = std::min(hi, std::numeric_limits<int64_t>::max() / 2);
  return {CeilDiv(lo_c - c.base, c.unit), FloorDiv(hi_c - c.base, c.unit)};
}
inline StoredRange AtLeast(const rt::Column& c, int64_t v) { return LogicalRange(c, v, std::numeric_limits<int64_t>::max()); }
inline StoredRange Below(const rt::Column& c, int64_t v) { return LogicalRange(c, std::numeric_limits<int64_t>::min(), v - 1); }
inline StoredRange Equal(const rt::Column& c, int64_t v) { return LogicalRange(c, v, v); }

// The range clamped to T's values, so that the per-row compare is in T.
template <class T>
struct Bounds {
  T lo, hi;
  bool none;
  explicit Bounds(StoredRange r)
      : lo(static_cast<T>(std::clamp<int64_t>(r.first, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()))),
        hi(static_cast<T>(std::clamp<int64_t>(r.last, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()))),
        none(r.empty() || r.last < std::numeric_limits<T>::min() || r.first > std::numeric_limits<T>::max()) {}
  bool operator()(T v) const { return (v >= lo) & (v <= hi); }
};

struct Names {
  const ir::Program& p;
  int Table(std::string_view name) const {
    for (size_t i = 0; i < p.tables.size(); ++i) {
      if (p.tables[i].name == name) return static_cast<int>(i);
    }
    throw std::runtime_error("kernel: no table " + std::string(name));
  }
  int Field(int table, std::string_view name) const {
    int f = p.tables[table].Find(name);
    if (f < 0) throw std::runtime_error("kernel: no field " + std::string(name));
    return f;
  }
  int64_t Variant(int table, int field, std::string_view name) const {
    const Type& t = p.tables[table].fields[field].type;
    int v = t.kind == TypeKind::Enum ? p.enums[t.ref].Find(name) : -1;
    if (v < 0) throw std::runtime_error("kernel: no variant " + std::string(name));
    return v;
  }
};

// A table's columns by name, and its CSR offsets.
struct TableRef {
  const rt::Table& t;
  const ir::Program& p;
  int index;
  TableRef(const KernelInput& in, std::string_view name)
      : t(in.db.tables[Names{in.program}.Table(name)]), p(in.program), index(Names{in.program}.Table(name)) {}
  const rt::Column& operator[](std::string_view field) const { return t.columns[Names{p}.Field(index, field)]; }
  const rt::Column& time() const { return t.columns[p.tables[index].time]; }
  const uint64_t* off() const { return t.Offsets(); }
  int64_t Variant(std::string_view field, std::string_view name) const {
    return Names{p}.Variant(index, Names{p}.Field(index, field), name);
  }
};

// f(w) on worker w = 0..threads-1 of a pool started once (pool.cpp), worker 0 the
// calling thread.
void RunOnWorkers(int threads, const std::function<void(int)>& f);
template <class F>
void ForThreads(int threads, F f) {
  RunOnWorkers(threads, std::function<void(int)>(std::ref(f)));
}

// Runs body(begin, end, partial) over chunks of `grain` customers (a multiple of 64,
// so that validity words are never shared) on `threads` threads taking chunks as they
// go (another process's work slows one core, not the answer), and adds the partials.
template <class Body>
Answer Parallel(uint64_t n, int threads, Body body, uint64_t grain = 1 << 15) {
  std::atomic<uint64_t> next{0};
  struct alignas(64) Partial {
    Answer a;
  };
  std::vector<Partial> partial(std::max(threads, 1));
  auto work = [&](int w) {
    for (;;) {
      uint64_t b = next.fetch_add(grain, std::memory_order_relaxed);
      if (b >= n) break;
      body(b, std::min(n, b + grain), partial[w].a);
    }
  };
  ForThreads(static_cast<int>(std::clamp<uint64_t>((n + grain - 1) / grain, 1, std::max(threads, 1))), work);
  Answer a;
  for (const Partial& p : partial) {
    a.count += p.a.count;
    a.id_sum += p.a.id_sum;
  }
  return a;
}

// 64 rows' predicate as a bit mask. The byte loop vectorizes (narrow compares packed
// to bytes); AVX2 turns the bytes into bits two movemasks at a time.
template <class Pred>
inline uint64_t Mask64(Pred pred) {
  alignas(32) uint8_t b[64];
  for (int i = 0; i < 64; ++i) b[i] = pred(i) ? 0xFF : 0;
#if defined(__AVX2__)
  const uint32_t lo = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_load_si256(reinterpret_cast<const __m256i*>(b))));
  const uint32_t hi = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_load_si256(reinterpret_cast<const __m256i*>(b + 32))));
  return lo | (uint64_t{hi} << 32);
#else
  uint64_t m = 0;
  for (int i = 0; i < 64; ++i) m |= uint64_t{b[i] & 1u} << i;
  return m;
#endif
}

// The validity word of rows [r, r + 64) (r a multiple of 64): all ones without a bitmap.
inline uint64_t ValidWord(const rt::Column& c, uint64_t r) {
  return c.all_present() ? ~uint64_t{0} : c.validity.as<uint64_t>()[r >> 6];
}
// Rows beyond n cleared.
inline uint64_t TailMask(uint64_t r, uint64_t n) { return n - r >= 64 ? ~uint64_t{0} : (uint64_t{1} << (n - r)) - 1; }

// Adds the rows of `mask` (rows r..r+63) to the answer: their count and, from the
// stored keys, the sum of their ids. A dense mask sums all 64 keys (one vector pass)
// less the rows not in it, so that no block walks more than 32 bits.
template <class K>
inline void AddRows(const K* key, uint64_t r, uint64_t mask, uint64_t n, Answer& out, int64_t& key_sum) {
  if (!mask) return;
  const int bits = std::popcount(mask);
  out.count += static_cast<uint64_t>(bits);
  if (bits > 32 && n - r >= 64) {
    int64_t s = 0;
    for (int i = 0; i < 64; ++i) s += key[r + i];
    for (uint64_t m = ~mask; m; m &= m - 1) s -= key[r + std::countr_zero(m)];
    key_sum += s;
  } else {
    for (uint64_t m = mask; m; m &= m - 1) key_sum += key[r + std::countr_zero(m)];
  }
}

// AddRows with the keys' width chosen per block, not per kernel: one call per 64 rows
// costs nothing next to the mask, and keeps ScanCustomers from instantiating every
// kernel once per key width.
void AddRows(const rt::Column& key, uint64_t r, uint64_t mask, uint64_t n, Answer& out, int64_t& key_sum);

// The customers' keys: id = base + stored * unit, so a sum of ids is count * base +
// unit * (sum of stored keys).
struct Keys {
  const rt::Column& c;
  explicit Keys(const KernelInput& in) : c(in.db.customer_table().columns[in.db.key_field]) {}
  int64_t Id(uint64_t row) const { return c.Int(row); }
  void Finish(Answer& out, uint64_t count_before, int64_t key_sum) const {
    out.id_sum += static_cast<int64_t>(out.count - count_before) * c.base + key_sum * c.unit;
  }
};

// Runs mask_of(r) -> 64-bit mask over every customer block in parallel and answers
// with the rows it sets: the whole-column shape of an attribute segment.
template <class MaskOf>
Answer ScanCustomers(const KernelInput& in, MaskOf mask_of) {
  const Keys keys(in);
  const uint64_t n = in.db.customer_count();
  return Parallel(n, in.threads, [&](uint64_t b, uint64_t e, Answer& out) {
    const uint64_t before = out.count;
    int64_t key_sum = 0;
    for (uint64_t r = b; r < e; r += 64) AddRows(keys.c, r, mask_of(r) & TailMask(r, e), e, out, key_sum);
    keys.Finish(out, before, key_sum);
  });
}

// [first, last) of the rows of one customer's sorted times inside a stored window
// [lo, hi] (inclusive), searched from the end: the windows are recent, so most
// customers' last event decides in one compare and the search never reads more than
// the rows it returns plus the one before.
template <class T>
inline void WindowFromEnd(const T* t, uint64_t b, uint64_t e, T lo, T hi, uint64_t& first, uint64_t& last) {
  while (e > b && t[e - 1] > hi) --e;
  last = e;
  while (e > b && t[e - 1] >= lo) --e;
  first = e;
}

// Vectors of a value per customer in 2 MB pages, reused between runs as the
// interpreter's are (rt::HugeAllocator keeps freed blocks).
template <class T>
using HugeVector = std::vector<T, rt::HugeAllocator<T>>;

}  // namespace sam::bench::kernels
