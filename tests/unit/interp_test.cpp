// The reference interpreter on a small hand-built database: every answer is worked
// out independently in the test, by plain loops over the same rows.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "backends/interp/backend.hpp"
#include "backends/interp/interpreter.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "runtime/data/column_builder.hpp"
#include "schema/settings.hpp"
#include "schema/value_text.hpp"
#include "tests/support/query_text.hpp"

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& v) {
    std::string s = "[";
    for (const auto& x : v) s += "\"" + x + "\" ";
    return String((s + "]").c_str());
  }
};
}  // namespace doctest

namespace sam {
namespace {

const char* kInterpProgram = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id {
    id: int
    country: string
    birth_date: date?
    score: decimal?
  }
  events orders of customers by customer_id at ordered_at {
    amount: decimal
    channel: enum { web, store }
    cart_id: string?
  }
  events carts of customers by customer_id at added_at {
    cart_id: string
  }
}
let revenue_365 = sum(orders.amount within 365d)
let order_count = count(orders)
segment buyers = any(orders within 365d)
)";

struct Order {
  int64_t customer;
  std::string at;  // ISO timestamp
  std::string amount;
  int channel;
  std::optional<std::string> cart;
};
struct Cart {
  int64_t customer;
  std::string at;
  std::string cart;
};
struct Customer {
  int64_t id;
  std::string country;
  std::optional<std::string> birth;
  std::optional<std::string> score;
};

int64_t Ts(const std::string& s) {
  bool zone = false;
  return std::get<int64_t>(DecodeTimestamp(s, &zone));
}
int64_t Dec(const std::string& s) { return std::get<int64_t>(DecodeDecimal(s)); }
int64_t Date(const std::string& s) { return std::get<int64_t>(DecodeDate(s)); }

// Customers must be given in key order, events grouped by customer in time order: the
// test builds the CSR form directly.
struct Fixture {
  Frontend fe;
  rt::Database db;
  std::vector<Customer> customers;
  std::vector<Order> orders;
  std::vector<Cart> carts;

  size_t row_of_id(int64_t id) const {
    for (size_t i = 0; i < customers.size(); ++i) {
      if (customers[i].id == id) return i;
    }
    return customers.size();
  }

  void Build() {
    CheckText(fe, "test.sam", kInterpProgram);
    REQUIRE(fe.ir.has_value());
    const ir::Program& p = *fe.ir;
    db.tables.resize(p.tables.size());
    for (size_t t = 0; t < p.tables.size(); ++t) {
      db.tables[t].name = p.tables[t].name;
      db.tables[t].kind = p.tables[t].kind;
    }
    db.customers = p.customers;
    db.key_field = p.tables[p.customers].key;
    db.fingerprint = SchemaFingerprint(p);
    auto field = [&](int t, const char* name) { return p.tables[t].Find(name); };
    auto type = [&](int t, const char* name) { return p.tables[t].fields[field(t, name)].type; };

    int ct = p.customers;
    std::vector<rt::ColumnBuilder> cb;
    for (const auto& f : p.tables[ct].fields) cb.emplace_back(f.type);
    for (const auto& c : customers) {
      cb[field(ct, "id")].AppendInt(c.id);
      cb[field(ct, "country")].AppendString(c.country);
      if (c.birth) {
        cb[field(ct, "birth_date")].AppendInt(Date(*c.birth));
      } else {
        cb[field(ct, "birth_date")].AppendAbsent();
      }
      if (c.score) {
        cb[field(ct, "score")].AppendInt(Dec(*c.score));
      } else {
        cb[field(ct, "score")].AppendAbsent();
      }
    }
    for (auto& b : cb) db.tables[ct].columns.push_back(b.Finish());
    db.tables[ct].rows = customers.size();
    // CSR: events by (customer row, time), equal times in the given order.
    std::stable_sort(orders.begin(), orders.end(), [&](const Order& a, const Order& b) {
      return std::pair(row_of_id(a.customer), Ts(a.at)) < std::pair(row_of_id(b.customer), Ts(b.at));
    });
    std::stable_sort(carts.begin(), carts.end(), [&](const Cart& a, const Cart& b) {
      return std::pair(row_of_id(a.customer), Ts(a.at)) < std::pair(row_of_id(b.customer), Ts(b.at));
    });

    auto row_of = [&](int64_t id) {
      for (size_t i = 0; i < customers.size(); ++i) {
        if (customers[i].id == id) return i;
      }
      FAIL("unknown customer");
      return size_t{0};
    };
    auto offsets = [&](auto& rows) {
      std::vector<uint64_t> off(customers.size() + 1, 0);
      for (const auto& r : rows) off[row_of(r.customer) + 1]++;
      for (size_t i = 0; i < customers.size(); ++i) off[i + 1] += off[i];
      return rt::Buffer::Own(std::move(off));
    };
    int ot = p.tables[0].name == "orders" ? 0 : 1;
    for (size_t t = 0; t < p.tables.size(); ++t) {
      if (p.tables[t].name == "orders") ot = static_cast<int>(t);
    }
    std::vector<rt::ColumnBuilder> ob;
    for (const auto& f : p.tables[ot].fields) ob.emplace_back(f.type);
    for (const auto& o : orders) {
      ob[field(ot, "customer_id")].AppendInt(o.customer);
      ob[field(ot, "ordered_at")].AppendInt(Ts(o.at));
      ob[field(ot, "amount")].AppendInt(Dec(o.amount));
      ob[field(ot, "channel")].AppendInt(o.channel);
      if (o.cart) {
        ob[field(ot, "cart_id")].AppendString(*o.cart);
      } else {
        ob[field(ot, "cart_id")].AppendAbsent();
      }
    }
    for (auto& b : ob) db.tables[ot].columns.push_back(b.Finish());
    db.tables[ot].rows = orders.size();
    db.tables[ot].offsets = offsets(orders);

    int kt = -1;
    for (size_t t = 0; t < p.tables.size(); ++t) {
      if (p.tables[t].name == "carts") kt = static_cast<int>(t);
    }
    std::vector<rt::ColumnBuilder> kb;
    for (const auto& f : p.tables[kt].fields) kb.emplace_back(f.type);
    for (const auto& c : carts) {
      kb[field(kt, "customer_id")].AppendInt(c.customer);
      kb[field(kt, "added_at")].AppendInt(Ts(c.at));
      kb[field(kt, "cart_id")].AppendString(c.cart);
    }
    for (auto& b : kb) db.tables[kt].columns.push_back(b.Finish());
    db.tables[kt].rows = carts.size();
    db.tables[kt].offsets = offsets(carts);
    (void)type;
  }

  // Runs one query; returns (count, rows).
  query::QueryResult Query(const std::string& text, const std::string& today = "2026-11-23", int threads = 2) {
    std::vector<query::QueryResult> results;
    query::QueryOptions opt;
    opt.today = Date(today);
    opt.threads = threads;
    bool ok = testing::RunQueryText(fe, db, "query", text, *interp::MakeBackend(), opt, results);
    if (!ok) {
      for (const auto& d : fe.diags.all()) MESSAGE(d.message);
    }
    REQUIRE(ok);
    REQUIRE(results.size() == 1);
    return results[0];
  }
};

Fixture Small() {
  Fixture f;
  f.customers = {{1, "NL", "1990-11-23", "0.5"}, {2, "BE", std::nullopt, std::nullopt}, {3, "NL", "2000-02-29", "0.9"},
                 {4, "DE", "1985-06-01", std::nullopt}};
  f.orders = {
      {1, "2026-11-20T10:00:00Z", "100.50", 0, "c1"},  {1, "2025-01-01T00:00:00Z", "20", 1, std::nullopt},
      {1, "2026-11-22T22:59:59Z", "5", 0, "c3"},       {2, "2026-11-23T00:00:00Z", "999", 0, std::nullopt},
      {3, "2025-11-22T23:00:00Z", "7.25", 1, "c9"},    {3, "2025-11-22T22:59:59Z", "1000", 1, std::nullopt},
  };
  f.carts = {{1, "2026-11-19T09:00:00Z", "c1"}, {1, "2026-11-21T09:00:00Z", "c2"}, {3, "2026-11-01T09:00:00Z", "c4"}};
  f.Build();
  return f;
}

TEST_CASE("interpreter: windows are [now - D, now) in the program's time zone") {
  Fixture f = Small();
  // Customer 2's only order is at 2026-11-23T00:00:00Z, after now: never seen.
  // now = 2026-11-23 00:00 Amsterdam = 2026-11-22T23:00:00Z; now - 365d = 2025-11-22T23:00:00Z.
  // Customer 1: 100.50 + 5 (the 2026-11-22T22:59:59Z order is before now); customer 2's
  // order is at now, not seen; customer 3: the 23:00:00Z order is exactly at now - 365d.
  auto r = f.Query("show customers { id, revenue_365, order_count }");
  REQUIRE(r.rows.size() == 4);
  CHECK(r.rows[0] == std::vector<std::string>{"1", "105.5", "3"});
  CHECK(r.rows[1] == std::vector<std::string>{"2", "0.0", "0"});
  CHECK(r.rows[2] == std::vector<std::string>{"3", "7.25", "2"});
  CHECK(r.rows[3] == std::vector<std::string>{"4", "0.0", "0"});
  CHECK(f.Query("count buyers").count == 2);
}

TEST_CASE("interpreter: where, optionals, anniversaries, strings") {
  Fixture f = Small();
  CHECK(f.Query("count customers where country == \"NL\"").count == 2);
  CHECK(f.Query("count customers where birth_date is absent").count == 1);
  // 1990-11-23 is the anniversary on 2026-11-23; 2000-02-29 falls on 2026-02-28.
  CHECK(f.Query("count customers where birth_date is present and is_anniversary(birth_date)").count == 1);
  CHECK(f.Query("count customers where birth_date is present and is_anniversary(birth_date)", "2026-02-28").count == 1);
  CHECK(f.Query("count customers where (score ?? 0.0) >= 0.5").count == 2);
  CHECK(f.Query("count customers where lower(country) == \"nl\" and length(country) == 2").count == 2);
  auto r = f.Query("show customers where birth_date is present { id, years_since(birth_date ?? today) as age }");
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0] == std::vector<std::string>{"1", "36"});
  CHECK(r.rows[1] == std::vector<std::string>{"3", "26"});
  CHECK(r.rows[2] == std::vector<std::string>{"4", "41"});
}

TEST_CASE("interpreter: aggregates") {
  Fixture f = Small();
  auto r = f.Query(
      "show customers { id, max(orders.amount), min(orders.amount), avg(orders.amount), last(orders).cart_id as lc, "
      "last(orders.cart_id) as lpc, count(distinct orders.channel) as ch, all(orders where amount > 6), "
      "first(orders).ordered_at as first_at }");
  REQUIRE(r.rows.size() == 4);
  // Customer 1 in time order: 20 (2025, store, no cart), 100.50 (web, c1), 5 (web, c3).
  CHECK(r.rows[0] == std::vector<std::string>{"1", "100.5", "5.0", "41.833333", "c3", "c3", "2", "false",
                                             "2025-01-01T00:00:00Z"});
  CHECK(r.rows[1] == std::vector<std::string>{"2", "", "", "", "", "", "0", "true", ""});
  // Customer 3: 1000 at 22:59:59 (no cart), then 7.25 at 23:00:00 (c9).
  CHECK(r.rows[2] == std::vector<std::string>{"3", "1000.0", "7.25", "503.625", "c9", "c9", "1", "true",
                                             "2025-11-22T22:59:59Z"});
  CHECK(r.rows[3] == std::vector<std::string>{"4", "", "", "", "", "", "0", "true", ""});
}

TEST_CASE("interpreter: nested event predicates") {
  Fixture f = Small();
  // A cart with no order of the same cart after it: customer 1's c2 (c1 was ordered
  // after its add); customer 3's c4 has no order at all.
  auto r = f.Query(
      "show customers where any(carts as c where none(orders after c.added_at where cart_id is present and cart_id == "
      "c.cart_id)) { id }");
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0][0] == "1");
  CHECK(r.rows[1][0] == "3");
  CHECK(f.Query("count customers where any(carts as c where any(orders after c.added_at where cart_id is present and cart_id == c.cart_id))")
            .count == 1);
}

TEST_CASE("interpreter: population ranking with ties by key") {
  Fixture f = Small();
  // Lifetime revenue: 1 -> 125.5, 2 -> 0 (its order is after now), 3 -> 1007.25, 4 -> 0.
  auto r = f.Query("show customers { id, rank(sum(orders.amount)) as r, percentile(sum(orders.amount)) as p }");
  REQUIRE(r.rows.size() == 4);
  CHECK(r.rows[0] == std::vector<std::string>{"1", "2", "50.0"});
  CHECK(r.rows[1] == std::vector<std::string>{"2", "3", "25.0"});
  CHECK(r.rows[2] == std::vector<std::string>{"3", "1", "75.0"});
  CHECK(r.rows[3] == std::vector<std::string>{"4", "4", "0.0"});
  CHECK(f.Query("count customers where sum(orders.amount) in top 50%").count == 2);
  CHECK(f.Query("show customers where sum(orders.amount) in top 50% { id }").rows[0][0] == "1");
  // Ties: customers 2 and 4 have 0 orders within 365d... all but 1 and 3 have revenue 0;
  // bottom 1 of revenue_365 is the lowest key among the zeros.
  CHECK(f.Query("show customers where revenue_365 in bottom 1 { id }").rows.at(0).at(0) == "2");
  CHECK(f.Query("count customers where order_count in top 1 among buyers").count == 1);
}

TEST_CASE("interpreter: integer overflow in + and - stops the run, exactly at the limit") {
  Fixture f = Small();
  // ids 1..4: 9223372036854775800 + 4 still fits; 9223372036854775807 + 1 does not.
  CHECK(f.Query("count customers where id + 9223372036854775800 > 0").count == 4);
  CHECK_THROWS_WITH_AS(f.Query("count customers where id + 9223372036854775807 > 0"),
                       doctest::Contains("value out of range in `+` for customer 1"), rt::RuntimeError);
  // 0 - 1 - 9223372036854775807 is the smallest int; customer 2 goes one below it.
  CHECK(f.Query("count customers where 0 - least(id, 1) - 9223372036854775807 < 0").count == 4);
  CHECK_THROWS_WITH_AS(f.Query("count customers where 0 - id - 9223372036854775807 < 0"),
                       doctest::Contains("value out of range in `-` for customer 2"), rt::RuntimeError);
  // Every operand counts, also where it does not change the result (docs/language.md).
  CHECK_THROWS_WITH_AS(f.Query("count customers where id == 1 and 0 - id - 9223372036854775807 < 0"),
                       doctest::Contains("for customer 2"), rt::RuntimeError);
  CHECK_THROWS_WITH_AS(
      f.Query("count customers where any(carts as c where c.cart_id == \"none\" and "
              "sum(orders.amount before c.added_at) * 1000000000000 > 0)"),
      doctest::Contains("value out of range"), rt::RuntimeError);
  CHECK(f.Query("count customers where any(carts as c where c.cart_id == \"none\" and "
                "sum(orders.amount before c.added_at) * 1000 > 0)")
            .count == 0);
}

TEST_CASE("interpreter: is_anniversary and years_since against std::chrono's calendar") {
  // Birth dates from 1700 to 2300 (inside and outside the range of the day bit set),
  // every 37 days, plus leap days and year ends.
  Fixture f;
  std::vector<std::string> dates;
  using namespace std::chrono;
  auto text = [](sys_days d) {
    year_month_day ymd{d};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return std::string(buf);
  };
  for (sys_days d = sys_days{year{1700} / 1 / 1}; d < sys_days{year{2300} / 1 / 1}; d += days{37}) dates.push_back(text(d));
  for (int y : {1796, 1804, 1896, 1904, 2000, 2024, 2196, 2204}) dates.push_back(std::to_string(y) + "-02-29");
  for (int y : {1799, 1800, 2200, 2201}) dates.push_back(std::to_string(y) + "-12-31"), dates.push_back(std::to_string(y) + "-01-01");
  int64_t id = 1;
  for (const auto& d : dates) f.customers.push_back({id++, "NL", d, std::nullopt});
  f.Build();
  for (std::string today : {"2026-11-23", "2027-02-28", "2028-02-29", "2026-12-31", "2027-01-01", "2201-01-01"}) {
    const year_month_day t{sys_days{days{Date(today)}}};
    int64_t anniversaries = 0, adults = 0;
    for (const auto& d : dates) {
      const year_month_day b{sys_days{days{Date(d)}}};
      // On 28 February of a common year, 29 February counts too.
      const bool leap_too = t.month() == February && t.day() == day{28} && !t.year().is_leap();
      const bool same = b.month() == t.month() && (b.day() == t.day() || (leap_too && b.day() == day{29}));
      anniversaries += same && Date(d) != Date(today);
      int age = static_cast<int>(t.year()) - static_cast<int>(b.year());
      if (age > 0 && (t.month() < b.month() || (t.month() == b.month() && t.day() < b.day()))) --age;
      if (age < 0 && (b.month() < t.month() || (b.month() == t.month() && b.day() < t.day()))) ++age;
      adults += age >= 18;
    }
    INFO("today ", today);
    CHECK(f.Query("count customers where is_anniversary(birth_date ?? today)", today).count ==
          static_cast<uint64_t>(anniversaries));
    CHECK(f.Query("count customers where years_since(birth_date ?? today) >= 18", today).count ==
          static_cast<uint64_t>(adults));
  }
}

TEST_CASE("queries: each query text is checked against the program alone") {
  Fixture f = Small();
  // The same declaration in two texts: the first text's is gone when the second runs.
  CHECK(f.Query("segment q = country == \"NL\"\ncount q").count == 2);
  CHECK(f.Query("segment q = country == \"BE\"\ncount q").count == 1);
  CHECK(f.fe.tree.queries.empty());
}

TEST_CASE("interpreter: results do not depend on the number of threads") {
  Fixture f = Small();
  std::string q = "show customers { id, revenue_365, rank(order_count) as r }";
  auto one = f.Query(q, "2026-11-23", 1);
  auto four = f.Query(q, "2026-11-23", 4);
  CHECK(one.rows == four.rows);
}

}  // namespace
}  // namespace sam
