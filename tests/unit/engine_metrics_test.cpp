// Campaign metrics (language.md §15.15, engine.md "Metrics"): each journey's value as of
// a date with `entry` its entry, per group (held out or not). The expected values are
// computed here from the data written below and the groups the state recorded.
#include <doctest/doctest.h>
#include <map>
#include <string>

#include <fmt/format.h>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "engine/engine.hpp"
#include "engine/metrics.hpp"
#include "schema/value_text.hpp"
#include "tests/support/dates.hpp"
#include "tests/support/load_folder.hpp"

namespace sam {
namespace {

using testing::Day;

TEST_CASE("engine: metrics per group, with entry the journey's entry") {
  Frontend fe;
  CheckText(fe, "metrics.sam", R"(
timezone "Europe/Amsterdam"
schema {
  customers key id { id: int  email: string }
  events orders of customers by customer_id at ordered_at { amount: decimal }
}
campaign promo key "promo" {
  kind service channel email audience true message "promo" holdout 50%
  metric bought = any(orders since entry)
  metric spent = sum(orders.amount since entry)
}
)");
  for (const auto& d : fe.diags.all()) MESSAGE(d.message);
  REQUIRE(fe.ir.has_value());
  // 12 customers; orders before the entry (11-23 00:00 +01:00) must not count, those
  // between it and 11-26 00:00 must, later ones not yet.
  std::map<int, double> spent;  // what the metric should see per customer
  std::string customers = "id,email\n", orders = "customer_id,ordered_at,amount\n";
  for (int c = 1; c <= 12; ++c) {
    customers += fmt::format("{},c{}@x\n", c, c);
    orders += fmt::format("{},2026-11-20T10:00:00Z,99\n", c);  // before entry
    if (c % 3 == 0) orders += fmt::format("{},2026-11-24T10:00:00Z,{}.50\n", c, c), spent[c] += c + 0.5;
    if (c % 4 == 0) orders += fmt::format("{},2026-11-25T22:59:00Z,10\n", c), spent[c] += 10;
    orders += fmt::format("{},2026-11-25T23:00:00Z,1000\n", c);  // 11-26 00:00 local: not yet
  }
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", customers}, {"orders.csv", orders}});
  auto backend = backend::MakeBackend("interp");
  engine::state::Store store = engine::state::Store::InMemory();
  engine::RunOptions o;
  o.date = Day("2026-11-23");
  engine::Run(*fe.ir, db, *backend, store, o);

  // The expected groups from the recorded journeys, the values from the data above.
  engine::MetricGroup bought[2], spent_g[2];  // [held out]
  for (const auto& j : store.JourneysOf("promo", o.date)) {
    const double s = spent[std::stoi(j.customer)];
    for (auto* g : {&bought[j.held_out], &spent_g[j.held_out]}) ++g->n;
    bought[j.held_out].sum += s > 0;
    spent_g[j.held_out].sum += s;
  }
  REQUIRE(bought[0].n + bought[1].n == 12);
  REQUIRE(bought[1].n > 0);  // 50%: both groups hold someone
  REQUIRE(bought[0].n > 0);

  const auto results = engine::Metrics(*fe.ir, db, *backend, store, Day("2026-11-26"), 2);
  REQUIRE(results.size() == 2);
  CHECK(results[0].metric == "bought");
  CHECK(results[0].is_bool);
  CHECK(results[1].metric == "spent");
  CHECK_FALSE(results[1].is_bool);
  for (int h = 0; h < 2; ++h) {
    const engine::MetricGroup& b = h ? results[0].held_out : results[0].treated;
    const engine::MetricGroup& s = h ? results[1].held_out : results[1].treated;
    CHECK(b.n == bought[h].n);
    CHECK(b.sum == doctest::Approx(bought[h].sum));
    CHECK(s.n == spent_g[h].n);
    CHECK(s.sum == doctest::Approx(spent_g[h].sum));
  }
  // As of the entry date nothing was bought since entry.
  const auto first = engine::Metrics(*fe.ir, db, *backend, store, Day("2026-11-23"), 1);
  CHECK(first[0].treated.sum == 0);
  CHECK(first[1].held_out.sum == 0);
}

TEST_CASE("metrics: the sample variance") {
  engine::MetricGroup g;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) ++g.n, g.sum += x, g.sum_squares += x * x;
  CHECK(g.Mean() == doctest::Approx(5.0));
  CHECK(g.Variance() == doctest::Approx(32.0 / 7.0));
  engine::MetricGroup one;
  one.n = 1, one.sum = 3, one.sum_squares = 9;
  CHECK(one.Variance() == 0);
}

}  // namespace
}  // namespace sam
