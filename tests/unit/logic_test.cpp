// `and` and `or` when a side is absent (inside the IR it can be: the narrowed side of
// `x is present and E` is computed for customers without x). One rule, Kleene's, for
// the scalar semantics (ir::Evaluate), constant folding and the interpreter, each
// checked here against a truth table written out by hand.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/interp/backend.hpp"
#include "compiler/driver/frontend.hpp"
#include "ir/eval.hpp"
#include "ir/passes/pass.hpp"
#include "runtime/load/load.hpp"
#include "tests/support/load_folder.hpp"

namespace sam {
namespace {

using ir::Op;

enum Truth3 { F, T, A };  // false, true, absent
constexpr Truth3 kTruths[] = {F, T, A};

// [left][right], in the order F, T, A: false decides `and`, true decides `or`; otherwise
// an absent side leaves the result absent.
constexpr Truth3 kAnd[3][3] = {
    /* F */ {F, F, F},
    /* T */ {F, T, A},
    /* A */ {F, A, A},
};
constexpr Truth3 kOr[3][3] = {
    /* F */ {F, T, A},
    /* T */ {T, T, T},
    /* A */ {A, T, A},
};

Truth3 Expected(Op op, Truth3 a, Truth3 b) { return op == Op::And ? kAnd[a][b] : kOr[a][b]; }

const char* Name(Truth3 t) { return t == F ? "false" : t == T ? "true" : "absent"; }

ir::Value ValueOf(Truth3 t) {
  ir::Value v;
  v.absent = t == A;
  v.i = t == T;
  return v;
}

Truth3 TruthOf(const ir::Value& v) { return v.absent ? A : v.i ? T : F; }

const Type kBool = Type::Of(TypeKind::Bool);
const Type kOptBool = Type::Of(TypeKind::Bool, true);

Truth3 Scalar(Op op, Truth3 a, Truth3 b) {
  auto r = ir::Evaluate(op, kBool, -1, {{kOptBool, ValueOf(a)}, {kOptBool, ValueOf(b)}}, "UTC");
  REQUIRE(std::holds_alternative<ir::Value>(r));
  return TruthOf(std::get<ir::Value>(r));
}

ir::NodeId Add(ir::Program& p, Op op, Type type, std::vector<ir::NodeId> args = {}) {
  ir::Node n;
  n.op = op;
  n.type = type;
  n.args = std::move(args);
  p.nodes.push_back(std::move(n));
  return static_cast<ir::NodeId>(p.nodes.size() - 1);
}

ir::NodeId AddConst(ir::Program& p, Type type, ir::Value v) {
  const ir::NodeId id = Add(p, Op::Const, type);
  p.nodes[id].value = std::move(v);
  return id;
}

TEST_CASE("and/or over absent operands: ir::Evaluate is Kleene's logic") {
  for (Op op : {Op::And, Op::Or}) {
    for (Truth3 a : kTruths) {
      for (Truth3 b : kTruths) {
        CAPTURE(ir::OpName(op));
        CAPTURE(std::string(Name(a)));
        CAPTURE(std::string(Name(b)));
        CHECK(Name(Scalar(op, a, b)) == std::string(Name(Expected(op, a, b))));
      }
    }
  }
}

TEST_CASE("and/or over absent operands: constant folding gives what ir::Evaluate gives") {
  for (Op op : {Op::And, Op::Or}) {
    for (Truth3 a : kTruths) {
      for (Truth3 b : kTruths) {
        CAPTURE(ir::OpName(op));
        CAPTURE(std::string(Name(a)));
        CAPTURE(std::string(Name(b)));
        ir::Program p;
        const ir::NodeId x = AddConst(p, kOptBool, ValueOf(a));
        const ir::NodeId y = AddConst(p, kOptBool, ValueOf(b));
        const ir::NodeId n = Add(p, op, kBool, {x, y});
        Diagnostics diags;
        ir::MakeFoldConstants()->Run(p, diags);
        CHECK(diags.all().empty());
        REQUIRE(p.at(n).op == Op::Const);
        CHECK(Name(TruthOf(p.at(n).value)) == std::string(Name(Scalar(op, a, b))));
      }
    }
  }
}

// Customer i (0..8) has x and y giving left = kTruths[i / 3], right = kTruths[i % 3]
// through `x != 0` and `y != 0`: 1 for true, 0 for false, nothing for absent.
const char* kLogicProgram = R"(
schema {
  customers key id {
    id: int
    x: int?
    y: int?
  }
}
)";

TEST_CASE("and/or over absent operands: the interpreter gives what ir::Evaluate gives") {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("sam_logic_{}", ::getpid());
  std::filesystem::create_directories(dir);
  {
    std::ofstream c(dir / "customers.csv");
    c << "id,x,y\n";
    const char* text[] = {"0", "1", ""};
    for (int i = 0; i < 9; ++i) c << i + 1 << "," << text[i / 3] << "," << text[i % 3] << "\n";
  }
  Frontend fe;
  CheckText(fe, "logic.sam", kLogicProgram);
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadFolder(*fe.ir, dir);
  std::filesystem::remove_all(dir);
  REQUIRE(db.customer_table().rows == 9);

  ir::Program& p = *fe.ir;
  const TableInfo& customers = p.tables[p.customers];
  ir::Value zero;
  const ir::NodeId k0 = AddConst(p, Type::Of(TypeKind::Int), zero);
  auto truth_of_field = [&](const char* name) {
    const ir::NodeId f = Add(p, Op::CustomerField, Type::Of(TypeKind::Int, true));
    p.nodes[f].a = customers.Find(name);
    return Add(p, Op::Ne, kOptBool, {f, k0});
  };
  const ir::NodeId left = truth_of_field("x"), right = truth_of_field("y");
  ir::NodeId consts[3];
  for (Truth3 t : kTruths) consts[t] = AddConst(p, kOptBool, ValueOf(t));
  struct Case {
    Op op;
    ir::NodeId node;
    int constant;  // -1: both sides per customer; else the left side's constant
  };
  std::vector<Case> cases;
  for (Op op : {Op::And, Op::Or}) {
    cases.push_back({op, Add(p, op, kBool, {left, right}), -1});
    for (Truth3 t : kTruths) cases.push_back({op, Add(p, op, kBool, {consts[t], right}), t});
  }
  backend::Context ctx;
  ctx.threads = 2;
  std::vector<uint32_t> rows(9);
  for (uint32_t i = 0; i < 9; ++i) rows[i] = i;
  for (bool direct : {true, false}) {
    auto prepared = interp::MakeBackend(direct)->Prepare(p, db, ctx);
    for (const Case& c : cases) {
      const backend::Values v = prepared->Evaluate(c.node, rows);
      for (uint32_t i = 0; i < 9; ++i) {
        const Truth3 a = c.constant < 0 ? kTruths[i / 3] : kTruths[c.constant];
        const Truth3 b = kTruths[i % 3];
        const Truth3 got = !v.Present(i) ? A : v.ints[i] ? T : F;
        CAPTURE(ir::OpName(c.op));
        CAPTURE(std::string(Name(a)));
        CAPTURE(std::string(Name(b)));
        CAPTURE(c.constant);
        CHECK(Name(got) == std::string(Name(Scalar(c.op, a, b))));
      }
    }
  }
}

}  // namespace
}  // namespace sam
