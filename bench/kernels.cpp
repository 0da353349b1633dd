#include "bench/kernels.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

namespace sam::bench {
namespace {

constexpr int64_t kDay = 86'400'000'000;
constexpr int64_t kDecimal = 1'000'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

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

// The first stored value whose logical value is >= v (logical = base + stored * unit).
int64_t StoredAtLeast(const rt::Column& c, int64_t v) { return CeilDiv(v - c.base, c.unit); }
// The first stored value whose logical value is > v.
int64_t StoredAbove(const rt::Column& c, int64_t v) { return FloorDiv(v - c.base, c.unit) + 1; }

template <class T>
const T* LowerBound(const T* first, const T* last, int64_t stored) {
  return std::lower_bound(first, last, stored, [](T a, int64_t b) { return static_cast<int64_t>(a) < b; });
}

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

// Runs body(begin, end, partial) over chunks of customers on `threads` threads and
// adds up the partial answers.
template <class Body>
Answer ParallelCustomers(uint64_t customers, int threads, Body body) {
  constexpr uint64_t kChunk = 16384;
  std::atomic<uint64_t> next{0};
  std::vector<Answer> partial(std::max(threads, 1));
  auto work = [&](int w) {
    for (;;) {
      uint64_t b = next.fetch_add(kChunk);
      if (b >= customers) break;
      body(b, std::min(customers, b + kChunk), partial[w]);
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  Answer a;
  for (const Answer& p : partial) {
    a.count += p.count;
    a.id_sum += p.id_sum;
  }
  return a;
}

// sum(orders.amount within [lo, hi)) and the count of those orders, per customer.
struct WindowSum {
  const rt::Column& time;
  const rt::Column& amount;
  const uint64_t* off;
  int64_t lo, hi;

  template <class T, class A>
  void Run(const T* t, const A* a, uint64_t c, int64_t& n, int64_t& sum) const {
    const T* first = LowerBound(t + off[c], t + off[c + 1], StoredAtLeast(time, lo));
    const T* last = LowerBound(first, t + off[c + 1], StoredAtLeast(time, hi));
    int64_t stored = 0;
    for (uint64_t r = first - t; r < static_cast<uint64_t>(last - t); ++r) stored += a[r];
    n = last - first;
    sum = n * amount.base + stored * amount.unit;
  }
};

// count customers where orders_365 >= 2 and revenue_365 > 500
Answer Revenue365(const KernelInput& in) {
  Names names{in.program};
  const int o = names.Table("orders");
  const rt::Table& orders = in.db.tables[o];
  const rt::Column& ids = in.db.customer_table().columns[in.db.key_field];
  WindowSum w{orders.columns[in.program.tables[o].time], orders.columns[names.Field(o, "amount")], orders.Offsets(),
              in.now - 365 * kDay, in.now};
  return WithStored(w.time, [&](const auto* t) {
    return WithStored(w.amount, [&](const auto* a) {
      return ParallelCustomers(in.db.customer_count(), in.threads, [&](uint64_t b, uint64_t e, Answer& out) {
        for (uint64_t c = b; c < e; ++c) {
          int64_t n, sum;
          w.Run(t, a, c, n, sum);
          if (n >= 2 && sum > 500 * kDecimal) {
            out.count++;
            out.id_sum += ids.Int(c);
          }
        }
      });
    });
  });
}

// For each code of dictionary `from`, the code of the same string in `to`, or -1.
std::vector<int32_t> MapCodes(const rt::Column& from, const rt::Column& to) {
  std::vector<int32_t> map(from.dict_size(), -1);
  uint32_t j = 0;
  for (uint32_t i = 0; i < from.dict_size(); ++i) {
    std::string_view s = from.DictEntry(i);
    while (j < to.dict_size() && to.DictEntry(j) < s) ++j;
    if (j < to.dict_size() && to.DictEntry(j) == s) map[i] = static_cast<int32_t>(j);
  }
  return map;
}

// segment open_cart = any(web_events as c within 30d where c.kind == cart_add and
//   c.cart_id is present and none(orders after c.occurred_at where cart_id is present
//   and cart_id == c.cart_id))
Answer OpenCart(const KernelInput& in) {
  Names names{in.program};
  const int wi = names.Table("web_events"), oi = names.Table("orders");
  const rt::Table& web = in.db.tables[wi];
  const rt::Table& orders = in.db.tables[oi];
  const rt::Column& wtime = web.columns[in.program.tables[wi].time];
  const rt::Column& kind = web.columns[names.Field(wi, "kind")];
  const rt::Column& wcart = web.columns[names.Field(wi, "cart_id")];
  const rt::Column& otime = orders.columns[in.program.tables[oi].time];
  const rt::Column& ocart = orders.columns[names.Field(oi, "cart_id")];
  const rt::Column& ids = in.db.customer_table().columns[in.db.key_field];
  const int64_t cart_add = names.Variant(wi, names.Field(wi, "kind"), "cart_add");
  // Dictionary columns compare by mapped codes; plain string columns by their bytes.
  const bool by_code = wcart.encoding == rt::Encoding::Dict32 && ocart.encoding == rt::Encoding::Dict32;
  const std::vector<int32_t> to_order_code = by_code ? MapCodes(wcart, ocart) : std::vector<int32_t>{};
  const uint64_t* woff = web.Offsets();
  const uint64_t* ooff = orders.Offsets();
  const int32_t* wc = wcart.values.as<int32_t>();
  const int32_t* oc = ocart.values.as<int32_t>();
  const int64_t w_lo = StoredAtLeast(wtime, in.now - 30 * kDay), w_hi = StoredAtLeast(wtime, in.now);
  const int64_t o_hi = StoredAtLeast(otime, in.now);

  return WithStored(wtime, [&](const auto* wt) {
    return WithStored(kind, [&](const auto* k) {
      return WithStored(otime, [&](const auto* ot) {
        return ParallelCustomers(in.db.customer_count(), in.threads, [&](uint64_t b, uint64_t e, Answer& out) {
          for (uint64_t c = b; c < e; ++c) {
            const auto* first = LowerBound(wt + woff[c], wt + woff[c + 1], w_lo);
            const auto* last = LowerBound(first, wt + woff[c + 1], w_hi);
            bool open = false;
            for (uint64_t r = first - wt; r < static_cast<uint64_t>(last - wt) && !open; ++r) {
              if (kind.base + k[r] * kind.unit != cart_add || !wcart.Present(r)) continue;
              const int32_t want = by_code ? to_order_code[wcart.base + wc[r] * wcart.unit] : 0;
              if (by_code && want < 0) {  // no order ever came from this cart
                open = true;
                break;
              }
              const int64_t after = StoredAbove(otime, wtime.base + wt[r] * wtime.unit);
              const auto* o = LowerBound(ot + ooff[c], ot + ooff[c + 1], after);
              bool ordered = false;
              for (uint64_t q = o - ot; q < ooff[c + 1] && ot[q] < o_hi; ++q) {
                if (ocart.Present(q) && (by_code ? ocart.base + oc[q] * ocart.unit == want : ocart.Str(q) == wcart.Str(r))) {
                  ordered = true;
                  break;
                }
              }
              open = !ordered;
            }
            if (open) {
              out.count++;
              out.id_sum += ids.Int(c);
            }
          }
        });
      });
    });
  });
}

// segment high_value = revenue_365 > 0 and revenue_365 in top 10%
// (ranked largest first, ties by ascending key: customer rows are in key order).
Answer HighValue(const KernelInput& in) {
  Names names{in.program};
  const int o = names.Table("orders");
  const rt::Table& orders = in.db.tables[o];
  const rt::Column& ids = in.db.customer_table().columns[in.db.key_field];
  WindowSum w{orders.columns[in.program.tables[o].time], orders.columns[names.Field(o, "amount")], orders.Offsets(),
              in.now - 365 * kDay, in.now};
  const uint64_t n = in.db.customer_count();
  struct Ranked {
    int64_t revenue;
    uint32_t row;
  };
  std::vector<Ranked> ranked(n);
  WithStored(w.time, [&](const auto* t) {
    return WithStored(w.amount, [&](const auto* a) {
      return ParallelCustomers(n, in.threads, [&](uint64_t b, uint64_t e, Answer&) {
        for (uint64_t c = b; c < e; ++c) {
          int64_t count, sum;
          w.Run(t, a, c, count, sum);
          ranked[c] = {sum, static_cast<uint32_t>(c)};
        }
      });
    });
  });
  const uint64_t k = n * 10 / 100;
  auto before = [](const Ranked& x, const Ranked& y) { return x.revenue != y.revenue ? x.revenue > y.revenue : x.row < y.row; };
  if (k < n) std::nth_element(ranked.begin(), ranked.begin() + k, ranked.end(), before);
  Answer out;
  for (uint64_t i = 0; i < k; ++i) {
    if (ranked[i].revenue > 0) {
      out.count++;
      out.id_sum += ids.Int(ranked[i].row);
    }
  }
  return out;
}

struct Entry {
  const char* name;
  Kernel kernel;
};
constexpr Entry kKernels[] = {{"revenue_365", Revenue365}, {"open_cart", OpenCart}, {"high_value", HighValue}};

}  // namespace

Kernel FindKernel(const std::string& name) {
  for (const Entry& e : kKernels) {
    if (name == e.name) return e.kernel;
  }
  return nullptr;
}

std::vector<std::string> KernelNames() {
  std::vector<std::string> names;
  for (const Entry& e : kKernels) names.push_back(e.name);
  return names;
}

}  // namespace sam::bench
