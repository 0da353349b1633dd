// The nested event predicate: a cart add in the last 30 days with no later order from
// that cart. The 30-day window is the recent end of each customer's web events, found
// from the end (most customers' last event is older: one compare), and only its cart
// adds look at the customer's orders.
#include <cstring>

#include "bench/kernels/common.hpp"
#include "bench/kernels/kernels.hpp"

namespace sam::bench::kernels {
namespace {

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

// Whether an order row's cart is the web event's: by dictionary codes when both
// columns are dictionaries (mapped once), else by the strings' bytes.
struct SameCart {
  const rt::Column& web;
  const rt::Column& order;
  bool by_code = web.encoding == rt::Encoding::Dict32 && order.encoding == rt::Encoding::Dict32;
  std::vector<int32_t> to_order = by_code ? MapCodes(web, order) : std::vector<int32_t>{};

  // The web row's cart as what order rows are compared with: a code (-1: no order
  // ever has it) or its string.
  struct Key {
    int64_t code;
    std::string_view text;
  };
  Key Of(uint64_t w) const {
    if (by_code) return {to_order[static_cast<uint64_t>(web.Int(w))], {}};
    return {0, web.Str(w)};
  }
  bool Matches(const Key& k, uint64_t o) const {
    if (!order.Present(o)) return false;
    if (by_code) return order.Int(o) == k.code;
    const std::string_view s = order.Str(o);
    return s.size() == k.text.size() && std::memcmp(s.data(), k.text.data(), s.size()) == 0;
  }
};

}  // namespace

// segment open_cart = any(web_events as c within 30d where c.kind == cart_add and
//   c.cart_id is present and none(orders after c.occurred_at where cart_id is present
//   and cart_id == c.cart_id))
Answer OpenCart(const KernelInput& in) {
  const TableRef web(in, "web_events"), orders(in, "orders");
  const rt::Column& kind = web["kind"];
  const rt::Column& wcart = web["cart_id"];
  const rt::Column& wtime = web.time();
  const rt::Column& otime = orders.time();
  const SameCart same{wcart, orders["cart_id"]};
  const StoredRange cart_add = Equal(kind, web.Variant("kind", "cart_add"));
  const uint64_t *woff = web.off(), *ooff = orders.off();
  return WithStored(wtime, [&](const auto* wt) {
    using WT = std::remove_cvref_t<decltype(*wt)>;
    const Bounds<WT> window(LogicalRange(wtime, in.now - 30 * kDay, in.now - 1));
    return WithVariants(kind, [&](const auto* k) {
      const Bounds<std::remove_cvref_t<decltype(*k)>> is_cart_add(cart_add);
      return WithStored(otime, [&](const auto* ot) {
        using OT = std::remove_cvref_t<decltype(*ot)>;
        const Bounds<OT> before_now(LogicalRange(otime, std::numeric_limits<int64_t>::min(), in.now - 1));
        // Whether an order of customer c after the web row's time came from its cart.
        auto ordered = [&](uint64_t c, uint64_t w) {
          const SameCart::Key key = same.Of(w);
          if (same.by_code && key.code < 0) return false;
          // Stored order times above `after` are logically after the web row's time.
          const int64_t after = FloorDiv(wtime.base + wt[w] * wtime.unit - otime.base, otime.unit);
          for (uint64_t o = ooff[c + 1]; o > ooff[c] && int64_t{ot[o - 1]} > after;) {
            --o;
            if (!before_now.none && ot[o] <= before_now.hi && same.Matches(key, o)) return true;
          }
          return false;
        };
        return ScanCustomers(in, [&](uint64_t r) {
          uint64_t m = 0;
          const uint64_t n = std::min<uint64_t>(64, in.db.customer_count() - r);
          for (uint64_t i = 0; i < n && !window.none; ++i) {
            uint64_t first, last;
            WindowFromEnd(wt, woff[r + i], woff[r + i + 1], window.lo, window.hi, first, last);
            for (uint64_t w = first; w < last; ++w) {
              if (is_cart_add(k[w]) && wcart.Present(w) && !ordered(r + i, w)) {
                m |= uint64_t{1} << i;
                break;
              }
            }
          }
          return m;
        });
      });
    });
  });
}

}  // namespace sam::bench::kernels
