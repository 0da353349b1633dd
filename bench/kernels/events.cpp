// Event aggregates and recency: windowed counts and sums, recency and last() from each
// customer's most recent rows (the windows end at the run date, so a search from the
// end reads little more than the window), and a multi-table "mailed, no open or click,
// no login" that looks at the web events only for the customers the mails leave.
#include <vector>

#include "bench/kernels/common.hpp"
#include "bench/kernels/kernels.hpp"
#include "bench/kernels/windows.hpp"

namespace sam::bench::kernels {
namespace {

// Answers with the customers for which pred(c) holds, 64 at a time.
template <class Pred>
Answer EachCustomer(const KernelInput& in, Pred pred) {
  return ScanCustomers(in, [&](uint64_t r) {
    uint64_t m = 0;
    const uint64_t n = std::min<uint64_t>(64, in.db.customer_count() - r);
    for (uint64_t i = 0; i < n; ++i) m |= uint64_t{pred(r + i)} << i;
    return m;
  });
}

// The last row of rows [b, e) at or before stored time hi, or b - 1 (as e) when none.
template <class T>
uint64_t LastAtOrBefore(const T* t, uint64_t b, uint64_t e, T hi) {
  while (e > b && t[e - 1] > hi) --e;
  return e;  // one past the row
}

}  // namespace

// count customers where orders_365 >= 2 and revenue_365 > 500
Answer Revenue365(const KernelInput& in) {
  const TableRef orders(in, "orders");
  const rt::Column& amount = orders["amount"];
  const Keys keys(in);
  return WithStored(keys.c, [&](const auto* key) {
    return Parallel(
        in.db.customer_count(), in.threads,
        [&](uint64_t b, uint64_t e, Answer& out) {
          const uint64_t before = out.count;
          int64_t key_sum = 0;
          WindowSums(orders, amount, in.now - 365 * kDay, in.now, b, e, [&](uint64_t c, int64_t n, int64_t stored) {
            const bool hit = n >= 2 && n * amount.base + stored * amount.unit > 500 * kDecimal;
            out.count += hit;
            key_sum += hit ? key[c] : 0;
          });
          keys.Finish(out, before, key_sum);
        },
        kWindowGrain);
  });
}

// segment lapsed_buyers = none(orders within 90d) and any(orders within 365d):
// the last order before now decides.
Answer Lapsed(const KernelInput& in) {
  const TableRef orders(in, "orders");
  const uint64_t* off = orders.off();
  return WithStored(orders.time(), [&](const auto* t) {
    using T = std::remove_cvref_t<decltype(*t)>;
    const Bounds<T> lapsed(LogicalRange(orders.time(), in.now - 365 * kDay, in.now - 90 * kDay - 1));
    const Bounds<T> before_now(LogicalRange(orders.time(), std::numeric_limits<int64_t>::min(), in.now - 1));
    return EachCustomer(in, [&](uint64_t c) {
      const uint64_t e = LastAtOrBefore(t, off[c], off[c + 1], before_now.hi);
      return e > off[c] && !lapsed.none && !before_now.none && lapsed(t[e - 1]);
    });
  });
}

// count customers where engagements_180 >= 3
// (engagements_180 = count(email_events within 180d where kind in {open, click}))
Answer Engaged(const KernelInput& in) {
  const TableRef email(in, "email_events");
  const rt::Column& kind = email["kind"];
  const StoredRange open = Equal(kind, email.Variant("kind", "open")), click = Equal(kind, email.Variant("kind", "click"));
  const uint64_t* off = email.off();
  return WithStored(email.time(), [&](const auto* t) {
    using T = std::remove_cvref_t<decltype(*t)>;
    const Bounds<T> window(LogicalRange(email.time(), in.now - 180 * kDay, in.now - 1));
    return WithVariants(kind, [&](const auto* k) {
      using K = std::remove_cvref_t<decltype(*k)>;
      const Bounds<K> is_open(open), is_click(click);
      return EachCustomer(in, [&](uint64_t c) {
        uint64_t first, last;
        WindowFromEnd(t, off[c], off[c + 1], window.lo, window.hi, first, last);
        if (window.none || last - first < 3) return false;
        int n = 0;
        for (uint64_t r = first; r < last; ++r) n += is_open(k[r]) | is_click(k[r]);
        return n >= 3;
      });
    });
  });
}

// count big_last_order (last(orders).amount is present and > 100)
Answer LastOrder(const KernelInput& in) {
  const TableRef orders(in, "orders");
  const rt::Column& amount = orders["amount"];
  const uint64_t* off = orders.off();
  return WithStored(orders.time(), [&](const auto* t) {
    using T = std::remove_cvref_t<decltype(*t)>;
    const Bounds<T> before_now(LogicalRange(orders.time(), std::numeric_limits<int64_t>::min(), in.now - 1));
    return WithStored(amount, [&](const auto* a) {
      using A = std::remove_cvref_t<decltype(*a)>;
      const Bounds<A> big(LogicalRange(amount, 100 * kDecimal + 1, std::numeric_limits<int64_t>::max()));
      return EachCustomer(in, [&](uint64_t c) {
        const uint64_t e = LastAtOrBefore(t, off[c], off[c + 1], before_now.hi);
        return !before_now.none && !big.none && e > off[c] && amount.Present(e - 1) && big(a[e - 1]);
      });
    });
  });
}

// count customers where products_held >= 2
// (products_held = count(distinct accounts.product), accounts opened before now)
Answer MultiProduct(const KernelInput& in) {
  const TableRef accounts(in, "accounts");
  const rt::Column& product = accounts["product"];
  const uint64_t* off = accounts.off();
  return WithStored(accounts.time(), [&](const auto* t) {
    using T = std::remove_cvref_t<decltype(*t)>;
    const Bounds<T> before_now(LogicalRange(accounts.time(), std::numeric_limits<int64_t>::min(), in.now - 1));
    return WithVariants(product, [&](const auto* p) {
      return EachCustomer(in, [&](uint64_t c) {
        const uint64_t e = before_now.none ? off[c] : LastAtOrBefore(t, off[c], off[c + 1], before_now.hi);
        if (e - off[c] < 2) return false;
        uint64_t held = 0;  // a bit per product (enum variants)
        for (uint64_t r = off[c]; r < e; ++r) held |= uint64_t{1} << ((product.base + p[r] * product.unit) & 63);
        return std::popcount(held) >= 2;
      });
    });
  });
}

// count customers where any(email_events within 30d where kind == sent)
//   and none(email_events within 30d where kind in {open, click})
//   and none(web_events within 30d where kind == login)
Answer MailedUnengaged(const KernelInput& in) {
  const TableRef email(in, "email_events"), web(in, "web_events");
  const rt::Column& ekind = email["kind"];
  const rt::Column& wkind = web["kind"];
  const StoredRange sent = Equal(ekind, email.Variant("kind", "sent"));
  const StoredRange open = Equal(ekind, email.Variant("kind", "open")), click = Equal(ekind, email.Variant("kind", "click"));
  const StoredRange login = Equal(wkind, web.Variant("kind", "login"));
  const uint64_t *eoff = email.off(), *woff = web.off();
  return WithStored(email.time(), [&](const auto* et) {
    using ET = std::remove_cvref_t<decltype(*et)>;
    const Bounds<ET> ewin(LogicalRange(email.time(), in.now - 30 * kDay, in.now - 1));
    return WithStored(web.time(), [&](const auto* wt) {
      using WT = std::remove_cvref_t<decltype(*wt)>;
      const Bounds<WT> wwin(LogicalRange(web.time(), in.now - 30 * kDay, in.now - 1));
      return WithVariants(ekind, [&](const auto* ek) {
        using EK = std::remove_cvref_t<decltype(*ek)>;
        const Bounds<EK> is_sent(sent), is_open(open), is_click(click);
        return WithVariants(wkind, [&](const auto* wk) {
          const Bounds<std::remove_cvref_t<decltype(*wk)>> is_login(login);
          return EachCustomer(in, [&](uint64_t c) {
            uint64_t first, last;
            WindowFromEnd(et, eoff[c], eoff[c + 1], ewin.lo, ewin.hi, first, last);
            if (ewin.none || first == last) return false;
            bool mailed = false, engaged = false;
            for (uint64_t r = first; r < last; ++r) {
              mailed |= is_sent(ek[r]);
              engaged |= is_open(ek[r]) | is_click(ek[r]);
            }
            if (!mailed || engaged) return false;
            if (wwin.none) return true;
            WindowFromEnd(wt, woff[c], woff[c + 1], wwin.lo, wwin.hi, first, last);
            for (uint64_t r = first; r < last; ++r) {
              if (is_login(wk[r])) return false;
            }
            return true;
          });
        });
      });
    });
  });
}

}  // namespace sam::bench::kernels
