// Rankings: top/bottom P% and rank <= N. The values (a revenue per customer) come
// from one windowed pass (windows.hpp); the k-th customer in the ranking's order
// (value, then key ascending) is found by histogram (radix) selection on
// order-preserving 64-bit keys: one 16-bit histogram pass over every customer, then
// only the boundary bucket's customers again, so the work is linear and the passes
// stream. A last pass answers with the customers before that boundary.
#include <vector>

#include "bench/kernels/common.hpp"
#include "bench/kernels/kernels.hpp"
#include "bench/kernels/windows.hpp"

namespace sam::bench::kernels {
namespace {

constexpr int kBucketBits = 16;

// The ranking's order as unsigned keys: smaller is better.
inline uint64_t KeyOf(int64_t v, bool largest_first) {
  const uint64_t u = static_cast<uint64_t>(v) ^ (uint64_t{1} << 63);
  return largest_first ? ~u : u;
}

// The k-th (1-based) customer of the order: its key and row. Customers with a smaller
// key, or the same key and a row up to `row`, are the first k.
struct Boundary {
  uint64_t key = 0, row = 0;
};

struct Candidate {
  uint64_t key, row;
};

// The need-th (1-based) of the candidates (in row order) by (key, row): histograms on
// ever lower bits of the keys until one key is left, then the need-th row of it.
Boundary SelectAmong(std::vector<Candidate>& cands, uint64_t need) {
  for (;;) {
    uint64_t lo = ~uint64_t{0}, hi = 0;
    for (const Candidate& c : cands) lo = std::min(lo, c.key), hi = std::max(hi, c.key);
    if (lo == hi) return {lo, cands[need - 1].row};
    const int shift = std::max(0, static_cast<int>(std::bit_width(hi - lo)) - kBucketBits);
    static std::vector<uint64_t> hist;  // kept: fresh memory costs more than the pass
    hist.assign(size_t{1} << kBucketBits, 0);
    for (const Candidate& c : cands) ++hist[(c.key - lo) >> shift];
    uint64_t bucket = 0;
    while (need > hist[bucket]) need -= hist[bucket++];
    std::erase_if(cands, [&](const Candidate& c) { return ((c.key - lo) >> shift) != bucket; });
  }
}

// Rows [n * w / threads, n * (w + 1) / threads) of worker w: fixed ranges, so that the
// workers' histograms and candidates add up in row order.
inline uint64_t Split(uint64_t n, int w, int threads) { return n * static_cast<uint64_t>(w) / static_cast<uint64_t>(threads); }

// The values with their range, as Revenues computes them.
struct Values {
  HugeVector<int64_t> v;
  int64_t min = 0, max = 0;
};

// The customers among the first k of the ranking (value, then row) whose value
// passes keep(value): a histogram of the keys' top 16 bits, then one pass that answers
// with the customers of the buckets before the boundary's and keeps the boundary
// bucket's as candidates, among which SelectAmong finds the k-th.
template <class Keep>
Answer FirstK(const KernelInput& in, const Values& values, uint64_t k, bool largest_first, Keep keep) {
  const uint64_t n = values.v.size();
  if (k == 0 || n == 0) return {};
  const int threads = std::max(1, in.threads);
  const uint64_t kmin = KeyOf(largest_first ? values.max : values.min, largest_first);
  const uint64_t kmax = KeyOf(largest_first ? values.min : values.max, largest_first);
  const int shift = std::max(0, static_cast<int>(std::bit_width(kmax - kmin)) - kBucketBits);
  auto bucket_of = [&](uint64_t c) { return (KeyOf(values.v[c], largest_first) - kmin) >> shift; };
  // The histogram, a part per worker. These buffers, like the values, are kept between
  // runs (mapping fresh memory costs 10-15 us a page here, more than the passes).
  static std::vector<std::vector<uint64_t>> hists;
  static std::vector<std::vector<Candidate>> cands;
  hists.resize(threads);
  cands.resize(threads);
  for (auto& c : cands) c.clear();
  ForThreads(threads, [&](int w) {
    hists[w].assign(size_t{1} << kBucketBits, 0);
    for (uint64_t c = Split(n, w, threads); c < Split(n, w + 1, threads); ++c) ++hists[w][bucket_of(c)];
  });
  uint64_t boundary = 0, need = k;
  if (k >= n) {
    boundary = uint64_t{1} << kBucketBits;  // every bucket is before it
  } else {
    auto count = [&](uint64_t b) {
      uint64_t s = 0;
      for (const auto& h : hists) s += h[b];
      return s;
    };
    while (need > count(boundary)) need -= count(boundary++);
  }
  // The customers before the boundary bucket, and the boundary bucket's in row order.
  const Keys keys(in);
  std::vector<Answer> parts(threads);
  std::vector<int64_t> key_sums(threads, 0);
  WithStored(keys.c, [&](const auto* key) {
    ForThreads(threads, [&](int w) {
      for (uint64_t c = Split(n, w, threads); c < Split(n, w + 1, threads); ++c) {
        const uint64_t b = bucket_of(c);
        const bool hit = b < boundary && keep(values.v[c]);
        parts[w].count += hit;
        key_sums[w] += hit ? key[c] : 0;
        if (b == boundary) cands[w].push_back({KeyOf(values.v[c], largest_first), c});
      }
    });
  });
  Answer out;
  int64_t key_sum = 0;
  static std::vector<Candidate> all;
  all.clear();
  for (int w = 0; w < threads; ++w) {
    out.count += parts[w].count;
    key_sum += key_sums[w];
    all.insert(all.end(), cands[w].begin(), cands[w].end());
  }
  keys.Finish(out, 0, key_sum);
  if (!all.empty()) {
    static std::vector<Candidate> narrowed;  // SelectAmong narrows its copy
    narrowed = all;
    const Boundary at = SelectAmong(narrowed, need);
    for (const Candidate& c : all) {
      if ((c.key < at.key || (c.key == at.key && c.row <= at.row)) && keep(values.v[c.row])) {
        ++out.count;
        out.id_sum += keys.Id(c.row);
      }
    }
  }
  return out;
}

// sum(orders.amount) per customer over [lo, hi), logical micro-units.
// The values are kept between runs (one kernel runs at a time), as the interpreter
// keeps its blocks: the first touch of 8 MB of fresh memory costs more than the query.
const Values& Revenues(const KernelInput& in, int64_t lo, int64_t hi) {
  const TableRef orders(in, "orders");
  const rt::Column& amount = orders["amount"];
  const uint64_t n = in.db.customer_count();
  static Values out;
  out.v.resize(n);
  std::vector<int64_t> mins((n + kWindowGrain - 1) / kWindowGrain, 0), maxs(mins.size(), 0);
  Parallel(n, in.threads, [&](uint64_t b, uint64_t e, Answer&) {
    int64_t mn = std::numeric_limits<int64_t>::max(), mx = std::numeric_limits<int64_t>::min();
    WindowSums(orders, amount, lo, hi, b, e, [&](uint64_t c, int64_t count, int64_t stored) {
      const int64_t v = count * amount.base + stored * amount.unit;
      out.v[c] = v;
      mn = std::min(mn, v), mx = std::max(mx, v);
    });
    mins[b / kWindowGrain] = mn, maxs[b / kWindowGrain] = mx;
  }, kWindowGrain);
  if (n) out.min = *std::min_element(mins.begin(), mins.end()), out.max = *std::max_element(maxs.begin(), maxs.end());
  return out;
}

constexpr int64_t kEver = std::numeric_limits<int64_t>::min() / 4;
auto Any = [](int64_t) { return true; };

}  // namespace

// segment high_value = revenue_365 > 0 and revenue_365 in top 10%
Answer HighValue(const KernelInput& in) {
  const Values& revenue = Revenues(in, in.now - 365 * kDay, in.now);
  return FirstK(in, revenue, revenue.v.size() * 10 / 100, true, [](int64_t v) { return v > 0; });
}

// count customers where lifetime_revenue in top 20%
Answer TopClv(const KernelInput& in) {
  const Values& revenue = Revenues(in, kEver, in.now);
  return FirstK(in, revenue, revenue.v.size() * 20 / 100, true, Any);
}

// count customers where revenue_365 in bottom 10%
Answer BottomRev365(const KernelInput& in) {
  const Values& revenue = Revenues(in, in.now - 365 * kDay, in.now);
  return FirstK(in, revenue, revenue.v.size() * 10 / 100, false, Any);
}

// count customers where rank(lifetime_revenue) <= 1000
Answer RankClv(const KernelInput& in) {
  const Values& revenue = Revenues(in, kEver, in.now);
  return FirstK(in, revenue, std::min<uint64_t>(1000, revenue.v.size()), true, Any);
}

}  // namespace sam::bench::kernels
