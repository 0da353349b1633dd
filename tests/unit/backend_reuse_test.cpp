// One backend answering query after query, each compiled into a new program (as the
// benchmark does and the REPL will): what a backend keeps from one question must not
// answer the next. The JIT once keyed its kernels by the program's address, and the
// next query's program, allocated at the same address with its root at the same node,
// was answered by the last query's kernel.
#include <doctest/doctest.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "backends/auto/tiered.hpp"
#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

const char* kBackendReuseSchema = R"(
schema {
  customers key id {
    id: int
    tier: int
  }
  events orders of customers by customer_id at day {
    day: date
    amount: int
  }
}
)";

// Customer k has tier k % 4 and k % 5 orders of amount 10 * k on days before the run date.
std::vector<std::pair<std::string, std::string>> Files() {
  std::string customers = "id,tier\n", orders = "customer_id,day,amount\n";
  for (int k = 1; k <= 200; ++k) {
    customers += std::to_string(k) + "," + std::to_string(k % 4) + "\n";
    for (int i = 0; i < k % 5; ++i) orders += std::to_string(k) + ",2026-0" + std::to_string(i + 1) + "-15," + std::to_string(10 * k) + "\n";
  }
  return {{"customers.csv", customers}, {"orders.csv", orders}};
}

int64_t Count(Frontend& fe, const rt::Database& db, backend::Backend& backend, const std::string& condition) {
  const std::optional<int64_t> n = testing::CountWhere(fe, db, backend, condition, 20780);  // 2026-11-23
  REQUIRE(n.has_value());
  return *n;
}

TEST_CASE("one backend, query after query in new programs: each answer is its own") {
  Frontend fe;
  CheckText(fe, "reuse.sam", kBackendReuseSchema);
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, Files());
  // Same shape, different columns and constants: the root is the same node each time.
  const std::vector<std::pair<std::string, int64_t>> queries = {
      {"count(orders) >= 3", 80},          // k % 5 in {3, 4}
      {"tier >= 3", 50},                   // k % 4 == 3
      {"count(orders) >= 1", 160},         // k % 5 != 0
      {"sum(orders.amount) >= 3000", 0},   // computed below
      {"tier >= 1", 150},
  };
  int64_t big_spenders = 0;
  for (int k = 1; k <= 200; ++k) big_spenders += 10 * k * (k % 5) >= 3000;
  std::vector<std::pair<std::string, std::unique_ptr<backend::Backend>>> backends;
  backends.emplace_back("interp", interp::MakeBackend());
  backends.emplace_back("jit", backend::MakeBackend("jit"));
  backends.emplace_back("auto-switch", tiered::MakeBackend(interp::MakeBackend(),
                                                           [] { return jit::MakeBackend(interp::MakeBackend()); },
                                                           {0, 0, 0, false}));
  for (auto& [name, b] : backends) {
    for (int round = 0; round < 2; ++round) {
      for (const auto& [condition, expected] : queries) {
        CAPTURE(name);
        CAPTURE(condition);
        CHECK(Count(fe, db, *b, condition) == (expected == 0 ? big_spenders : expected));
      }
    }
  }
}

// The JIT compiles an expression once per process: asked again in a new program
// (the benchmark's runs, the REPL's next line), or several times in one, it is the
// kernel compiled first, which names the node of the program that asked when a
// customer's value overflows.
TEST_CASE("the JIT, an expression asked again: the kernel compiled before, naming the asking program's node") {
  Frontend fe;
  CheckText(fe, "reuse.sam", kBackendReuseSchema);
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, Files());
  auto jit = backend::MakeBackend("jit");
  query::QueryOptions qo;
  qo.today = 20780;
  const auto compiled = [&] {
    int n = 0;
    for (const auto& e : jit::ReportOf(*jit).expressions) n += e.compiled && !e.reused;
    return n;
  };
  std::vector<query::QueryResult> results;
  REQUIRE(testing::RunQueryText(fe, db, "a", "count customers where count(orders) >= 3", *jit, qo, results));
  REQUIRE(testing::RunQueryText(
      fe, db, "b", "count customers where tier >= 1\ncount customers where count(orders) >= 3", *jit, qo, results));
  REQUIRE(results.size() == 3);
  CHECK(results[0].count == 80);
  CHECK(results[1].count == 150);
  CHECK(results[2].count == 80);
  CHECK(compiled() == 2);  // `tier >= 1` and `count(orders) >= 3`, once
  // Three equal expressions in one text: compiled once (it was compiled 3 times).
  REQUIRE(testing::RunQueryText(fe, db, "c",
                                "count customers where tier - 7 >= 0\ncount customers where tier - 7 >= 0\n"
                                "count customers where tier - 7 >= 0",
                                *jit, qo, results));
  CHECK(compiled() == 3);

  // Tiers 2 and 3 overflow: the error points at the text that asked, in each program.
  const std::string product = "tier * 4611686018427387904";
  for (const std::string& text : {"count customers where " + product + " > 0",
                                  "count customers where tier >= 2\ncount customers where tier >= 3\n"
                                  "count customers where " +
                                      product + " > 0"}) {
    CAPTURE(text);
    std::optional<FileId> file = CompileQuery(fe, "overflow", text);
    REQUIRE(file.has_value());
    try {
      query::RunQueries(*fe.ir, *file, fe.sources.Get(*file).text(), db, *jit, qo);
      FAIL("no overflow");
    } catch (const rt::RuntimeError& e) {
      CHECK(e.span.file == *file);
      CHECK(text.substr(e.span.begin, e.span.end - e.span.begin) == product);
    }
  }
  CHECK(compiled() == 6);  // the two tier tests and the product, once
}

// `auto` for a session whose questions each come in a program of their own (the
// REPL): what it compiles for one question is never asked again, so the time
// interpreted before must not start the JIT; a question that is long by itself does.
TEST_CASE("auto, question after question in new programs: only a long question starts the JIT") {
  Frontend fe;
  CheckText(fe, "reuse.sam", kBackendReuseSchema);
  REQUIRE(fe.ir.has_value());
  const rt::Database db = testing::LoadTexts(*fe.ir, Files());
  query::QueryOptions qo;
  qo.today = 20780;
  for (const bool per_question : {false, true}) {
    CAPTURE(per_question);
    // Any interpreted time at all is enough, as the backends counted before.
    tiered::Options options{0, std::numeric_limits<double>::infinity(), -1, false, per_question};
    auto b = tiered::MakeBackend(interp::MakeBackend(), [] { return jit::MakeBackend(interp::MakeBackend()); }, options);
    for (int k = 0; k < 3; ++k) {
      std::vector<query::QueryResult> results;
      REQUIRE(testing::RunQueryText(fe, db, "q", "show customers limit 2 { tier, count(orders) }", *b, qo, results));
      REQUIRE(results.size() == 1);
      CHECK(results[0].rows.size() == 2);
    }
    CHECK(tiered::ReportOf(*b).started == !per_question);
  }
}

}  // namespace
}  // namespace sam
