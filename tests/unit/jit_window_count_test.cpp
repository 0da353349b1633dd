// A count over a window that is the same for every customer (`count(orders within
// 90d)`): the JIT counts the events of all its customers at once, before its loop over
// them, into a bit set of those in the window (a `where` on the event's own field
// tested on those alone), and a customer's count is the difference of two counts of
// set bits. Against counts worked out here, over
// enough customers for several of the JIT's chunks, with windows on a timestamp and on
// a date column, in both backends.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <functional>
#include <string>
#include <vector>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "schema/value_text.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

const char* kJitWindowCountSchema = R"(
schema {
  customers key id {
    id: int
  }
  events orders of customers by customer_id at placed {
    placed: timestamp
    channel: enum { web, store, app }
  }
  events visits of customers by customer_id at day {
    day: date
  }
}
)";

constexpr int64_t kToday = 20780;  // 2026-11-23, UTC

TEST_CASE("the JIT's counts over a window the same for every customer, across its chunks") {
  Frontend fe;
  CheckText(fe, "window_count.sam", kJitWindowCountSchema);
  REQUIRE(fe.ir.has_value());
  // Customer c: c % 7 orders, the i-th (c * 13 + i * 29) % 400 days and (c % 24) hours
  // before today; c % 5 visits, (c + i * 11) % 120 days before today. Some customers
  // have none of either.
  const int customers = 40000;
  std::string ids = "id\n", orders = "customer_id,placed,channel\n", visits = "customer_id,day\n";
  std::vector<std::vector<int64_t>> order_hours(customers + 1), visit_days(customers + 1), web_hours(customers + 1),
      store_app_hours(customers + 1);
  const char* channels[] = {"web", "store", "app"};
  for (int c = 1; c <= customers; ++c) {
    ids += fmt::format("{}\n", c);
    for (int i = 0; i < c % 7; ++i) {
      const int64_t days = (c * 13 + i * 29) % 400, hour = c % 24;
      order_hours[c].push_back(-days * 24 + hour);  // hours from today's 00:00
      const int channel = (c + i) % 3;
      (channel == 0 ? web_hours : store_app_hours)[c].push_back(-days * 24 + hour);
      orders += fmt::format("{},{}T{:02}:00:00Z,{}\n", c, FormatDate(kToday - days), hour, channels[channel]);
    }
    for (int i = 0; i < c % 5; ++i) {
      const int64_t days = (c + i * 11) % 120;
      visit_days[c].push_back(-days);
      visits += fmt::format("{},{}\n", c, FormatDate(kToday - days));
    }
  }
  const rt::Database db =
      testing::LoadTexts(*fe.ir, {{"customers.csv", ids}, {"orders.csv", orders}, {"visits.csv", visits}});
  // `now` is today's 00:00: events from it on are not seen.
  auto count = [&](const std::vector<std::vector<int64_t>>& times, int64_t from, int64_t to,
                   const std::function<bool(int64_t)>& test) {
    int64_t n = 0;
    for (int c = 1; c <= customers; ++c) {
      int64_t k = 0;
      for (int64_t t : times[c]) k += t >= from && t < to;
      n += test(k);
    }
    return n;
  };
  int64_t both = 0;
  for (int c = 1; c <= customers; ++c) {
    int64_t v = 0, o = 0;
    for (int64_t t : visit_days[c]) v += t >= -30 && t < 0;
    for (int64_t t : order_hours[c]) o += t >= -30 * 24 && t < 0;
    both += v >= 1 && o >= 1;
  }
  const int64_t kNever = INT64_MIN / 4;
  struct Case {
    std::string condition;
    int64_t expected;
  };
  const std::vector<Case> cases = {
      {"count(orders within 90d) >= 3", count(order_hours, -90 * 24, 0, [](int64_t k) { return k >= 3; })},
      {"count(orders within 90d) == 0", count(order_hours, -90 * 24, 0, [](int64_t k) { return k == 0; })},
      {"count(orders between 2026-01-01 and 2026-06-01) == 2",
       count(order_hours, -(kToday - 20454) * 24, -(kToday - 20605) * 24, [](int64_t k) { return k == 2; })},
      {"count(orders since add_years(today, -1)) >= 4",
       count(order_hours, -365 * 24, 0, [](int64_t k) { return k >= 4; })},
      {"count(orders before 2026-03-01) > 1",
       count(order_hours, kNever, -(kToday - 20513) * 24, [](int64_t k) { return k > 1; })},
      {"count(visits within 30d) >= 2", count(visit_days, -30, 0, [](int64_t k) { return k >= 2; })},
      {"count(orders within 90d where channel == web) >= 1",
       count(web_hours, -90 * 24, 0, [](int64_t k) { return k >= 1; })},
      {"count(orders within 365d where channel in {store, app}) >= 3",
       count(store_app_hours, -365 * 24, 0, [](int64_t k) { return k >= 3; })},
      {"count(orders within 365d where not (channel == web)) == 2",
       count(store_app_hours, -365 * 24, 0, [](int64_t k) { return k == 2; })},
      {"count(visits within 30d) >= 1 and count(orders within 30d) >= 1", both},
  };
  for (const std::string backend : {"interp", "jit"}) {
    CAPTURE(backend);
    auto b = backend::MakeBackend(backend);
    for (const Case& k : cases) {
      CAPTURE(k.condition);
      CHECK((k.expected > 0 && k.expected < customers));  // the count tells customers apart
      CHECK(testing::CountWhere(fe, db, *b, k.condition, kToday).value_or(-1) == k.expected);
    }
  }
}

}  // namespace
}  // namespace sam
