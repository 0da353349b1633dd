// The backend interface's evaluation context (backends/backend.hpp): the values of
// `trigger.at`, `trigger.FIELD` and `entry` that the campaign engine will fill, given
// here by hand for a small data set, on every backend. Expected values are worked out
// from the data below, not from SAM.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/load/load.hpp"
#include "schema/value_text.hpp"
#include "tests/support/load_folder.hpp"

namespace sam {
namespace {

const char* kBackendContextProgram = R"(
schema {
  customers key id {
    id: int
    email: string
  }
  events orders of customers by customer_id at ordered_at {
    amount: decimal
    cart: string?
  }
}

trigger big_order = on orders if trigger.amount > 100

campaign follow_up {
  stage retention
  kind service
  channel email
  on big_order
  message "thanks"
  exit when trigger.cart is present
    and any(orders since entry where cart is present and cart == trigger.cart)
  metric ordered_again = any(orders after trigger.at)
  metric days_in = days_since(entry)
}
)";

struct Fixture {
  std::filesystem::path dir;
  Frontend fe;
  rt::Database db;
  int orders = -1;

  Fixture() {
    char tmpl[] = "/tmp/sam-context-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    std::ofstream(dir / "program.sam") << kBackendContextProgram;
    std::ofstream(dir / "customers.csv") << "id,email\n1,a@x.nl\n2,b@x.nl\n3,c@x.nl\n";
    // Customer 1: a big order of cart A, then a small one of cart A ten days later.
    // Customer 2: one small order without a cart. Customer 3: no orders.
    std::ofstream(dir / "orders.csv") << "customer_id,ordered_at,amount,cart\n"
                                      << "1,2026-01-20T00:00:00Z,20.00,A\n"
                                      << "2,2026-01-05T00:00:00Z,50.00,\n"
                                      << "1,2026-01-10T00:00:00Z,150.00,A\n";
    CheckProgram(fe, {(dir / "program.sam").string()});
    REQUIRE_MESSAGE(fe.ir.has_value(), "the test program does not check");
    db = testing::LoadFolder(*fe.ir, dir, 0);
    for (size_t t = 0; t < fe.ir->tables.size(); ++t) {
      if (fe.ir->tables[t].name == "orders") orders = static_cast<int>(t);
    }
  }
  ~Fixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  // The row of customer `c`'s order at `iso` (found by its time, not assumed).
  int64_t OrderRow(uint32_t c, const std::string& iso) const {
    const rt::Table& t = db.tables[orders];
    const int time = fe.ir->tables[orders].time;
    for (uint64_t r = t.Offsets()[c]; r < t.Offsets()[c + 1]; ++r) {
      if (t.columns[time].Int(r) == Ts(iso)) return static_cast<int64_t>(r);
    }
    FAIL("no order of customer row " << c << " at " << iso);
    return -1;
  }
  static int64_t Ts(const std::string& iso) {
    bool zone = false;
    return std::get<int64_t>(DecodeTimestamp(iso, &zone));
  }
  const ir::Campaign& Campaign() const { return fe.ir->campaigns.at(0); }
  ir::NodeId Metric(const std::string& name) const {
    for (const auto& [n, node] : Campaign().metrics) {
      if (n == name) return node;
    }
    FAIL("no metric " << name);
    return ir::kNone;
  }
};

int64_t Today() { return std::get<int64_t>(DecodeDate("2026-02-14")); }

// Customers are rows in key order: id 1, 2, 3 are rows 0, 1, 2.
const std::vector<uint32_t> kAll = {0, 1, 2};

backend::Context Context(const Fixture& f, std::vector<int64_t> at, std::vector<int64_t> rows,
                         std::vector<int64_t> entry) {
  backend::Context c;
  c.today = Today();
  c.threads = 1;
  c.trigger = backend::TriggerValues{f.orders, std::move(at), std::move(rows)};
  c.entry = std::move(entry);
  return c;
}

std::vector<int> Truth(const backend::Values& v) {
  std::vector<int> out;  // 1 true, 0 false, -1 absent
  for (size_t r = 0; r < v.ints.size(); ++r) out.push_back(v.Present(r) ? static_cast<int>(v.ints[r] != 0) : -1);
  return out;
}

TEST_CASE("backend context: trigger.FIELD, trigger.at and entry per customer, on every backend") {
  Fixture f;
  const int64_t none = backend::kNoTime;
  // Customer 1's instance is its big order (cart A), customer 2's its small order,
  // customer 3 has none.
  const int64_t big = f.OrderRow(0, "2026-01-10T00:00:00Z"), small = f.OrderRow(1, "2026-01-05T00:00:00Z");
  const std::vector<int64_t> at = {Fixture::Ts("2026-01-10T00:00:00Z"), Fixture::Ts("2026-01-05T00:00:00Z"), none};
  for (const std::string& name : backend::BackendNames()) {
    CAPTURE(name);
    auto backend = backend::MakeBackend(name);
    REQUIRE(backend);
    SUBCASE("entered before the cart's second order") {
      const std::vector<int64_t> entry = {Fixture::Ts("2026-01-15T00:00:00Z"), Fixture::Ts("2026-01-01T00:00:00Z"), none};
      auto run = backend->Prepare(*f.fe.ir, f.db, Context(f, at, {big, small, -1}, entry));
      const ir::Trigger& trigger = f.fe.ir->triggers.at(0);
      // `trigger.amount > 100`: 150 > 100; 50 is not; no instance: absent.
      CHECK(Truth(run->Evaluate(trigger.condition, kAll)) == std::vector<int>{1, 0, -1});
      // Cart A ordered again on the 20th, after entry on the 15th; customer 2's order
      // has no cart; customer 3 has no entry, so its window selects no orders.
      CHECK(Truth(run->Evaluate(f.Campaign().exit, kAll)) == std::vector<int>{1, 0, 0});
      // An order after the trigger moment: customer 1's on the 20th; customer 2 none.
      CHECK(Truth(run->Evaluate(f.Metric("ordered_again"), kAll)) == std::vector<int>{1, 0, 0});
      const std::vector<uint32_t> third_then_first = {2, 0};
      // Days from entry on 2026-01-15 to the run date 2026-02-14; no entry: absent.
      backend::Values days_in = run->Evaluate(f.Metric("days_in"), third_then_first);
      REQUIRE(days_in.ints.size() == 2);
      CHECK_FALSE(days_in.Present(0));
      REQUIRE(days_in.Present(1));
      CHECK(days_in.ints[1] == 30);
    }
    SUBCASE("entered after it") {
      const std::vector<int64_t> entry = {Fixture::Ts("2026-01-25T00:00:00Z"), none, none};
      auto run = backend->Prepare(*f.fe.ir, f.db, Context(f, at, {big, small, -1}, entry));
      CHECK(Truth(run->Evaluate(f.Campaign().exit, kAll)) == std::vector<int>{0, 0, 0});
    }
    SUBCASE("a context that does not fit is refused") {
      CHECK_THROWS_AS(backend->Prepare(*f.fe.ir, f.db, Context(f, {none}, {-1}, {none, none, none})), rt::RuntimeError);
      CHECK_THROWS_AS(backend->Prepare(*f.fe.ir, f.db, Context(f, at, {big, small, 99}, {none, none, none})),
                      rt::RuntimeError);
    }
    SUBCASE("without trigger and entry values (a query), reading them is an error") {
      backend::Context query;
      query.today = Today();
      auto run = backend->Prepare(*f.fe.ir, f.db, query);
      CHECK_THROWS_WITH_AS(run->Evaluate(f.fe.ir->triggers.at(0).condition, kAll),
                           "`trigger` and `entry` have values only in campaigns, not in queries", rt::RuntimeError);
      CHECK_THROWS_AS(run->Evaluate(f.Metric("days_in"), kAll), rt::RuntimeError);
    }
  }
}

TEST_CASE("backend context: the sparse form holds values for some customers only") {
  Fixture f;
  const int64_t none = backend::kNoTime;
  const int64_t big = f.OrderRow(0, "2026-01-10T00:00:00Z");
  for (const std::string& name : backend::BackendNames()) {
    CAPTURE(name);
    auto backend = backend::MakeBackend(name);
    REQUIRE(backend);
    // Customer 1 (row 0) and customer 3 (row 2, no instance); customer 2 is not given.
    backend::Context c = Context(f, {Fixture::Ts("2026-01-10T00:00:00Z"), none}, {big, -1},
                                 {Fixture::Ts("2026-01-15T00:00:00Z"), none});
    c.rows = std::vector<uint32_t>{0, 2};
    auto run = backend->Prepare(*f.fe.ir, f.db, c);
    // As the dense form's: customer 1 as given, customers 2 and 3 without an instance.
    CHECK(Truth(run->Evaluate(f.fe.ir->triggers.at(0).condition, kAll)) == std::vector<int>{1, -1, -1});
    CHECK(Truth(run->Evaluate(f.Campaign().exit, kAll)) == std::vector<int>{1, 0, 0});
    const std::vector<uint32_t> first = {0};
    backend::Values days_in = run->Evaluate(f.Metric("days_in"), first);
    REQUIRE(days_in.Present(0));
    CHECK(days_in.ints[0] == 30);
    SUBCASE("rows out of order or of another length are refused") {
      backend::Context bad = c;
      bad.rows = std::vector<uint32_t>{2, 0};
      CHECK_THROWS_AS(backend->Prepare(*f.fe.ir, f.db, bad), rt::RuntimeError);
      bad.rows = std::vector<uint32_t>{0, 1, 2};
      CHECK_THROWS_AS(backend->Prepare(*f.fe.ir, f.db, bad), rt::RuntimeError);
      bad.rows = std::vector<uint32_t>{0, 3};
      CHECK_THROWS_AS(backend->Prepare(*f.fe.ir, f.db, bad), rt::RuntimeError);
    }
  }
}

TEST_CASE("backend events: those before `since` may be left out, never a later one") {
  Fixture f;
  for (const std::string& name : backend::BackendNames()) {
    CAPTURE(name);
    auto backend = backend::MakeBackend(name);
    backend::Context query;
    query.today = Today();
    query.threads = 1;
    auto run = backend->Prepare(*f.fe.ir, f.db, query);
    auto rows = [&](int64_t since) {
      std::vector<int64_t> out;
      for (const backend::EventRow& e : run->Events(f.orders, ir::kNone, since)) out.push_back(static_cast<int64_t>(e.row));
      return out;
    };
    const int64_t first = f.OrderRow(0, "2026-01-10T00:00:00Z"), second = f.OrderRow(0, "2026-01-20T00:00:00Z"),
                  other = f.OrderRow(1, "2026-01-05T00:00:00Z");
    // Every event seen by the run date, in row order; from the 10th on: customer 1's two.
    CHECK(rows(INT64_MIN) == std::vector<int64_t>{first, second, other});
    CHECK(rows(Fixture::Ts("2026-01-10T00:00:00Z")) == std::vector<int64_t>{first, second});
    CHECK(rows(Fixture::Ts("2026-01-11T00:00:00Z")) == std::vector<int64_t>{second});
    CHECK(rows(Fixture::Ts("2026-02-01T00:00:00Z")).empty());
    // Before `until` (a timestamp column: exactly), with or without `since`.
    auto before = [&](int64_t since, int64_t until) {
      std::vector<int64_t> out;
      for (const backend::EventRow& e : run->Events(f.orders, ir::kNone, since, until)) out.push_back(static_cast<int64_t>(e.row));
      return out;
    };
    CHECK(before(INT64_MIN, Fixture::Ts("2026-01-20T00:00:00Z")) == std::vector<int64_t>{first, other});
    CHECK(before(INT64_MIN, Fixture::Ts("2026-01-05T00:00:00Z")).empty());
    CHECK(before(Fixture::Ts("2026-01-06T00:00:00Z"), Fixture::Ts("2026-01-20T00:00:01Z")) == std::vector<int64_t>{first, second});
    // The trigger's filter over the events from the 10th on: the big order only.
    const ir::Trigger& trigger = f.fe.ir->triggers.at(0);
    const auto big = run->Events(f.orders, trigger.filter, Fixture::Ts("2026-01-10T00:00:00Z"));
    if (trigger.filter != ir::kNone) {
      REQUIRE(big.size() == 1);
      CHECK(static_cast<int64_t>(big[0].row) == first);
      CHECK(big[0].customer == 0);
    }
  }
}

// Rows asked of Evaluate come from a few morsels (2,048 customers each): the values are
// those of the same rows asked among all, in the order asked, repeats included.
TEST_CASE("backend evaluate: rows from several morsels, in any order") {
  char tmpl[] = "/tmp/sam-rows-XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  const std::filesystem::path dir = tmpl;
  std::ofstream(dir / "program.sam") << "schema {\n  customers key id {\n    id: int\n  }\n}\n"
                                     << "let twice = id * 2\nsegment big = twice > 100\n";
  {
    std::ofstream csv(dir / "customers.csv");
    csv << "id\n";
    for (int id = 1; id <= 5000; ++id) csv << id << "\n";
  }
  Frontend fe;
  CheckProgram(fe, {(dir / "program.sam").string()});
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadFolder(*fe.ir, dir, 0);
  ir::NodeId twice = ir::kNone;
  for (const ir::Let& l : fe.ir->lets) {
    if (l.name == "twice") twice = l.root;
  }
  REQUIRE(twice != ir::kNone);
  for (const std::string& name : backend::BackendNames()) {
    CAPTURE(name);
    backend::Context query;
    query.today = Today();
    query.threads = 2;
    auto run = backend::MakeBackend(name)->Prepare(*fe.ir, db, query);
    const std::vector<uint32_t> rows = {4999, 0, 2048, 4999, 2047, 4096};
    const backend::Values v = run->Evaluate(twice, rows);
    REQUIRE(v.ints.size() == rows.size());
    for (size_t k = 0; k < rows.size(); ++k) CHECK(v.ints[k] == 2 * (static_cast<int64_t>(rows[k]) + 1));
    CHECK(run->Evaluate(twice, {}).ints.empty());
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace sam
