// The IR: lowering, the passes, and the scalar semantics of operations, each checked
// against values worked out by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "compiler/driver/frontend.hpp"
#include "ir/analysis/reads.hpp"
#include "ir/eval.hpp"
#include "ir/verify.hpp"
#include "schema/time_zone.hpp"

namespace sam {
namespace {

const char* kIrSchema = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id {
    id: int
    email: string
    birth_date: date?
    signup_at: timestamp
  }
  events orders of customers by customer_id at ordered_at {
    amount: decimal
    category: string
  }
}
)";

Frontend Compile(const std::string& body) {
  Frontend fe;
  CheckText(fe, "test.sam", std::string(kIrSchema) + body);
  return fe;
}

// The line of `sam dump ir` that defines `name`.
std::string IrLine(const Frontend& fe, const std::string& name) {
  REQUIRE(fe.ir.has_value());
  std::string text = ir::Print(*fe.ir);
  for (const std::string& prefix : {"let " + name + ":", "segment " + name + ":"}) {
    size_t at = text.find(prefix);
    if (at != std::string::npos) return text.substr(at, text.find('\n', at) - at);
  }
  return "";
}

size_t IrDiagCount(const Frontend& fe, DiagKind kind) {
  size_t n = 0;
  for (const auto& d : fe.diags.all()) n += d.kind == kind;
  return n;
}

TEST_CASE("windows lower to time bounds and rows to per-field aggregates") {
  Frontend fe = Compile(R"(
segment big = sum(orders.amount within 30d where category != "gift") > 100
segment recent = last(orders).amount ?? 0 > 10
)");
  CHECK(fe.diags.all().empty());
  CHECK(IrLine(fe, "big") ==
        "segment big: bool = (gt (agg sum orders#0 from=(sub now 30d) where=(ne (event0 orders.category) \"gift\") "
        "value=(event0 orders.amount)) 100.0)");
  CHECK(IrLine(fe, "recent") ==
        "segment recent: bool = (gt (coalesce (agg last row orders#0 value=(event0 orders.amount)) 0.0) 10.0)");
}

TEST_CASE("constants fold, implicit conversions become casts") {
  Frontend fe = Compile(R"(
let limit = 2 * 3 + 1
segment many = count(orders) > limit and 1.5 < 2
)");
  CHECK(fe.diags.all().empty());
  // `limit` folds to 7 and is inlined, so the let itself is no longer needed;
  // `1.5 < 2` folds to true and `and true` disappears.
  CHECK(IrLine(fe, "limit").empty());
  CHECK(IrLine(fe, "many") == "segment many: bool = (gt (agg count orders#0) 7)");
}

TEST_CASE("nested event predicates see the enclosing event by depth") {
  Frontend fe = Compile(R"(
segment abandoned = any(orders as o where none(orders after o.ordered_at))
)");
  CHECK(IrLine(fe, "abandoned") ==
        "segment abandoned: bool = (agg any orders#0 where=(agg none orders#1 from=(add (event0 orders.ordered_at) 1us)))");
}

TEST_CASE("unused lets are removed, segments are kept") {
  Frontend fe = Compile(R"(
let used = count(orders)
let unused = sum(orders.amount)
segment s = used > 1
)");
  REQUIRE(fe.ir.has_value());
  bool saw_used = false, saw_unused = false;
  for (const auto& l : fe.ir->lets) {
    if (l.name == "used") saw_used = l.used;
    if (l.name == "unused") saw_unused = !l.used;
  }
  CHECK(saw_used);
  CHECK(saw_unused);
  CHECK(IrDiagCount(fe, DiagKind::Unused) == 1);
}

TEST_CASE("conditions that fold to a constant are reported") {
  Frontend fe = Compile(R"(
let threshold = 10
segment never = threshold > 20
)");
  CHECK(IrDiagCount(fe, DiagKind::AlwaysFalse) == 1);
}

TEST_CASE("a wall-clock timestamp literal is placed in the program's time zone") {
  Frontend fe = Compile(R"(
segment early = signup_at < 2026-03-29T12:00:00
segment utc = signup_at < 2026-03-29T12:00:00Z
)");
  // Amsterdam is UTC+2 on 29 March 2026 afternoon (summer time began at 01:00 UTC).
  CHECK(IrLine(fe, "early") == "segment early: bool = (lt (customer signup_at) 2026-03-29T10:00:00Z)");
  CHECK(IrLine(fe, "utc") == "segment utc: bool = (lt (customer signup_at) 2026-03-29T12:00:00Z)");
}

ir::Value Eval(ir::Op op, Type result, std::vector<ir::Operand> args) {
  auto r = ir::Evaluate(op, result, -1, args, "UTC");
  REQUIRE(std::holds_alternative<ir::Value>(r));
  return std::get<ir::Value>(r);
}

ir::Operand Dec(int64_t scaled) { return {Type::Of(TypeKind::Decimal), ir::Value{false, scaled, 0, {}}}; }
ir::Operand Int(int64_t v) { return {Type::Of(TypeKind::Int), ir::Value{false, v, 0, {}}}; }

TEST_CASE("decimal arithmetic is exact and rounds halves to even") {
  Type dec = Type::Of(TypeKind::Decimal);
  // 1.5 * 1.5 = 2.25
  CHECK(Eval(ir::Op::Mul, dec, {Dec(1'500'000), Dec(1'500'000)}).i == 2'250'000);
  // 1 / 3 = 0.333333 (6 digits)
  CHECK(Eval(ir::Op::Div, dec, {Dec(1'000'000), Dec(3'000'000)}).i == 333'333);
  // 0.0000005 is not representable; 0.000001 * 0.5 = 0.0000005 -> rounds to even 0
  CHECK(Eval(ir::Op::Mul, dec, {Dec(1), Dec(500'000)}).i == 0);
  // 0.000003 * 0.5 = 0.0000015 -> rounds to even 0.000002
  CHECK(Eval(ir::Op::Mul, dec, {Dec(3), Dec(500'000)}).i == 2);
  // division by zero is absent, not an error
  CHECK(Eval(ir::Op::Div, dec, {Dec(1'000'000), Dec(0)}).absent);
}

TEST_CASE("integer overflow is an error, not wrap-around") {
  auto r = ir::Evaluate(ir::Op::Add, Type::Of(TypeKind::Int), -1, {Int(INT64_MAX), Int(1)}, "UTC");
  CHECK(std::holds_alternative<ir::EvalError>(r));
  auto n = ir::Evaluate(ir::Op::Neg, Type::Of(TypeKind::Int), -1, {Int(INT64_MIN)}, "UTC");
  CHECK(std::holds_alternative<ir::EvalError>(n));
}

TEST_CASE("dates move by whole days and start in the program's time zone") {
  ir::Operand day{Type::Of(TypeKind::Date), ir::Value{false, 20'000, 0, {}}};
  ir::Operand two_days{Type::Of(TypeKind::Duration), ir::Value{false, 2 * kMicrosPerDay + 5, 0, {}}};
  CHECK(Eval(ir::Op::Add, Type::Of(TypeKind::Date), {day, two_days}).i == 20'002);
  // 2026-01-01 00:00 in Amsterdam (UTC+1) is 2025-12-31T23:00Z.
  int64_t d = 20'454;  // 2026-01-01
  CHECK(StartOfDay(d, "Europe/Amsterdam") == d * kMicrosPerDay - 3600LL * 1'000'000);
  CHECK(LocalDate(d * kMicrosPerDay - 1, "Europe/Amsterdam") == d);
  CHECK(LocalDate(d * kMicrosPerDay - 1, "UTC") == d - 1);
}

}  // namespace
TEST_CASE("the columns a segment reads: through lets, aggregates and their filters") {
  // Tables: 0 customers (id, email, birth_date, signup_at), 1 orders (customer_id,
  // ordered_at, amount, category): the implicit columns come first.
  Frontend fe = Compile(R"(
let books = count(orders where category == "books")
let spent = sum(orders.amount within 30d)
segment q = books > 1 and email != "" and spent > 10
segment other = birth_date is present
)");
  REQUIRE(fe.ir.has_value());
  const ir::Program& p = *fe.ir;
  int q = -1;
  for (size_t i = 0; i < p.lets.size(); ++i) {
    if (p.lets[i].name == "q") q = static_cast<int>(i);
  }
  REQUIRE(q >= 0);
  const int orders = 1;
  REQUIRE(p.tables[orders].name == "orders");
  auto field = [&](int table, const char* name) { return ir::ColumnRead{table, p.tables[table].Find(name)}; };
  std::vector<ir::ColumnRead> want = {field(0, "email"), {orders, ir::kRows}, field(orders, "ordered_at"), field(orders, "amount"),
                                      field(orders, "category")};
  std::vector<ir::ColumnRead> got = ir::ColumnsRead(p, {}, std::vector<int>{q});
  auto key = [](const ir::ColumnRead& c) { return std::pair(c.table, c.field); };
  std::sort(want.begin(), want.end(), [&](auto& a, auto& b) { return key(a) < key(b); });
  std::sort(got.begin(), got.end(), [&](auto& a, auto& b) { return key(a) < key(b); });
  CHECK(got == want);  // not birth_date: only `other` reads it
}

}  // namespace sam

namespace sam {
namespace {

bool Mentions(const std::vector<std::string>& errors, const std::string& what) {
  return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) { return e.find(what) != std::string::npos; });
}

TEST_CASE("the verifier accepts what the compiler lowers and names what is broken") {
  Frontend fe = Compile("segment big = count(orders within 30d where amount > 10) >= 2 and email != \"\"\n");
  REQUIRE(fe.ir.has_value());
  CHECK(ir::Verify(*fe.ir).empty());
  const ir::NodeId root = fe.ir->lets.back().root;
  REQUIRE(fe.ir->at(root).op == ir::Op::And);

  SUBCASE("an operand after its user") {
    ir::Program p = *fe.ir;
    p.at(root).args[0] = static_cast<ir::NodeId>(p.nodes.size() - 1 > root ? p.nodes.size() - 1 : root);
    CHECK(Mentions(ir::Verify(p), "does not precede it"));
  }
  SUBCASE("the wrong number of operands") {
    ir::Program p = *fe.ir;
    p.at(root).args.pop_back();
    CHECK(Mentions(ir::Verify(p), "(and): 1 operands"));
  }
  SUBCASE("a field that does not exist") {
    ir::Program p = *fe.ir;
    for (ir::Node& n : p.nodes) {
      if (n.op == ir::Op::CustomerField) n.a = 99;
    }
    CHECK(Mentions(ir::Verify(p), "no customer field 99"));
  }
  SUBCASE("a condition that is not a bool") {
    ir::Program p = *fe.ir;
    p.at(root).args[1] = p.at(p.at(root).args[1]).args[0];  // the string `email`
    CHECK(Mentions(ir::Verify(p), "(and): an operand is not a bool"));
  }
  SUBCASE("a let whose root does not exist") {
    ir::Program p = *fe.ir;
    p.lets.back().root = static_cast<ir::NodeId>(p.nodes.size() + 5);
    CHECK(Mentions(ir::Verify(p), "let `big`: refers to node"));
  }
}

}  // namespace
}  // namespace sam
