// `top`/`bottom` select the k-th best value by histograms over order-preserving keys,
// and `rank` sorts by a stable radix sort. Both are checked against std::sort on the
// same values: random, heavily tied, skewed like revenue, negative, floats with -0.0
// and infinities; then end to end against an answer computed here from the data.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "backends/interp/backend.hpp"
#include "backends/interp/rank_select.hpp"
#include "compiler/driver/frontend.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

using interp::KthLargest;
using interp::OrderKey;
using interp::StableOrder;

std::vector<uint64_t> Keys(size_t n, int shape, std::mt19937_64& rng) {
  std::vector<uint64_t> keys(n);
  std::exponential_distribution<double> revenue(1.0 / 300);
  for (auto& k : keys) {
    switch (shape) {
      case 0: k = rng(); break;                                                                // all bits
      case 1: k = OrderKey(static_cast<int64_t>(rng() % 7) - 3); break;                          // many ties
      case 2: k = OrderKey(static_cast<int64_t>(revenue(rng) * 1e6)); break;                     // skewed
      case 3: k = OrderKey(rng() % 3 == 0 ? int64_t{0} : static_cast<int64_t>(rng() % 100000)); break;  // a third 0
      default: k = 42; break;                                                                  // all equal
    }
  }
  return keys;
}

TEST_CASE("the k-th largest key by histograms equals the sorted answer") {
  std::mt19937_64 rng(5);
  for (size_t n : {size_t{1}, size_t{10}, size_t{4096}, size_t{5000}, size_t{200000}}) {
    for (int shape = 0; shape < 5; ++shape) {
      std::vector<uint64_t> keys = Keys(n, shape, rng);
      std::vector<uint64_t> sorted = keys;
      std::sort(sorted.begin(), sorted.end(), std::greater<>());
      for (uint64_t k : {uint64_t{1}, n / 10 + 1, n / 2 + 1, n}) {
        if (k > n) continue;
        CAPTURE(n);
        CAPTURE(shape);
        CAPTURE(k);
        CHECK(KthLargest(keys, k) == sorted[k - 1]);
      }
    }
  }
}

// The selection of `top`/`bottom` reads keys from a visitor (computed from the values
// on each pass): the same answers, through the few-keys path and the histograms.
TEST_CASE("the k-th largest of visited keys equals the sorted answer") {
  std::mt19937_64 rng(7);
  for (size_t n : {size_t{1}, size_t{100}, size_t{4097}, size_t{200000}}) {
    for (int shape = 0; shape < 5; ++shape) {
      const std::vector<uint64_t> keys = Keys(n, shape, rng);
      std::vector<uint64_t> sorted = keys;
      std::sort(sorted.begin(), sorted.end(), std::greater<>());
      auto visit = [&](auto&& fn) {
        for (uint64_t key : keys) fn(key);
      };
      for (uint64_t k : {uint64_t{1}, n / 3 + 1, n}) {
        CAPTURE(n);
        CAPTURE(shape);
        CAPTURE(k);
        CHECK(interp::KthLargestOf(visit, n, k) == sorted[k - 1]);
      }
    }
  }
}

TEST_CASE("order keys keep the order of integers and floats") {
  const std::vector<int64_t> ints = {std::numeric_limits<int64_t>::min(), -5, -1, 0, 1, 7, std::numeric_limits<int64_t>::max()};
  for (size_t x = 1; x < ints.size(); ++x) CHECK(OrderKey(ints[x - 1]) < OrderKey(ints[x]));
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> floats = {-inf, -1e300, -2.5, -1e-310, 0.0, 1e-310, 0.5, 3.0, 1e300, inf};
  for (size_t x = 1; x < floats.size(); ++x) CHECK(OrderKey(floats[x - 1]) < OrderKey(floats[x]));
  CHECK(OrderKey(-0.0) == OrderKey(0.0));
}

TEST_CASE("the stable radix order equals std::stable_sort") {
  std::mt19937_64 rng(9);
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{100000}}) {
    for (int shape = 0; shape < 5; ++shape) {
      std::vector<uint64_t> keys = Keys(n, shape, rng);
      std::vector<uint32_t> expected(n);
      for (size_t x = 0; x < n; ++x) expected[x] = static_cast<uint32_t>(x);
      std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
      CAPTURE(n);
      CAPTURE(shape);
      const auto order = StableOrder(keys);
      CHECK(std::vector<uint32_t>(order.begin(), order.end()) == expected);
      // A payload other than the positions travels with its keys the same way.
      rt::ColumnVector<uint32_t> payload(n);
      for (size_t x = 0; x < n; ++x) payload[x] = static_cast<uint32_t>(3 * x + 1);
      const auto moved = interp::SortByKey(rt::ColumnVector<uint64_t>(keys.begin(), keys.end()), std::move(payload));
      for (size_t x = 0; x < n; ++x) CHECK(moved[x] == 3 * expected[x] + 1);
    }
  }
}

// 30,000 customers (more than one histogram's worth) with a float and a decimal value,
// many of them tied; answers computed here by sorting (value, then key).
TEST_CASE("top, bottom and rank over many customers equal a sort by value, then key") {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("sam_rank_{}", ::getpid());
  std::filesystem::create_directories(dir);
  constexpr int kCustomers = 30000;
  std::mt19937_64 rng(3);
  std::vector<double> score(kCustomers);
  std::vector<int64_t> cents(kCustomers);
  {
    std::ofstream c(dir / "customers.csv");
    c << "id,score,clv\n";
    for (int k = 0; k < kCustomers; ++k) {
      score[k] = rng() % 4 == 0 ? -0.0 : static_cast<double>(static_cast<int64_t>(rng() % 2000) - 1000) / 8;
      cents[k] = rng() % 5 == 0 ? 0 : static_cast<int64_t>(rng() % 1000000);
      c << k << "," << score[k] << "," << cents[k] / 100 << "." << fmt::format("{:02}", cents[k] % 100) << "\n";
    }
  }
  Frontend fe;
  CheckText(fe, "rank.sam", "schema { customers key id { id: int  score: float  clv: decimal } }\n");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadFolder(*fe.ir, dir);
  std::filesystem::remove_all(dir);

  auto ids = [&](const std::string& query) {
    std::vector<query::QueryResult> results;
    query::QueryOptions o;
    o.threads = 2;
    REQUIRE(testing::RunQueryText(fe, db, "rank.samq", query, *interp::MakeBackend(true), o, results));
    REQUIRE(results.size() == 1);
    std::vector<int64_t> out;
    for (const auto& row : results[0].rows) out.push_back(std::stoll(row[0]));
    return out;
  };
  // The first k customers in order `better`, ties by key; returned in key order.
  auto expected = [&](auto better, size_t k) {
    std::vector<int64_t> order(kCustomers);
    for (int x = 0; x < kCustomers; ++x) order[x] = x;
    std::stable_sort(order.begin(), order.end(), better);
    order.resize(k);
    std::sort(order.begin(), order.end());
    return order;
  };
  auto higher_score = [&](int64_t a, int64_t b) { return score[a] > score[b]; };
  auto lower_clv = [&](int64_t a, int64_t b) { return cents[a] < cents[b]; };
  CHECK(ids("show customers where score in top 20% { id }") == expected(higher_score, kCustomers / 5));
  CHECK(ids("show customers where clv in bottom 10% { id }") == expected(lower_clv, kCustomers / 10));
  CHECK(ids("show customers where score in top 777 { id }") == expected(higher_score, 777));
  // rank 1 is the highest score; the 100 best ranks are the top 100.
  CHECK(ids("show customers where rank(score) <= 100 { id }") == expected(higher_score, 100));
  // The last 100 ranks: the lowest values, of equal ones the highest keys.
  std::vector<int64_t> order(kCustomers);
  for (int x = 0; x < kCustomers; ++x) order[x] = x;
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return cents[a] > cents[b]; });
  std::vector<int64_t> last(order.end() - 100, order.end());
  std::sort(last.begin(), last.end());
  CHECK(ids("show customers where rank(clv) > 29900 { id }") == last);
}

}  // namespace
}  // namespace sam
