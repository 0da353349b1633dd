// Operators on whole vectors: the fast paths for comparisons with constants, logic
// and presence, and the dispatch to one function per class of operation
// (elementwise_presence.cpp, elementwise_compare.cpp, elementwise_arith.cpp). Whatever
// has no loop of its own goes row by row through ir::Evaluate, the scalar semantics
// that constant folding also uses, so the two can never disagree.
#include <fmt/format.h>

#include <optional>

#include "backends/interp/morsel.hpp"
#include "ir/eval.hpp"

namespace sam::interp {

using ir::Op;

namespace {

ir::Operand OperandAt(const Vec& v, Type type, size_t r) {
  ir::Operand o;
  o.type = type;
  o.value.absent = !v.Present(r);
  if (v.kind == TypeKind::Float) {
    o.value.f = v.f[r];
  } else if (v.kind == TypeKind::String) {
    o.value.s = std::string(v.s[r]);
  } else {
    o.value.i = v.i[r];
  }
  return o;
}

}  // namespace

const Column* MorselEval::ScopeColumn(const ir::Node& x, const Scope& scope) const {
  if (synthetic_rows_) return nullptr;  // rows of a table's entries (DictionaryValues): no column's
  if (x.op == Op::CustomerField && scope.depth < 0) return &in_.db().customer_table().columns[x.a];
  if (x.op == Op::EventField && scope.depth == x.c && scope.table == x.a) return &in_.db().tables[x.a].columns[x.b];
  return nullptr;
}

void MorselEval::ScopePresent(const Column& col, const Scope& scope, uint8_t* out) const {
  if (scope.depth < 0 || scope.dense) {
    const uint64_t first = scope.depth < 0 ? c0_ : scope.first;
    col.DecodePresent(first, first + scope.n, out);
  } else {
    col.GatherPresent(scope.rows.data(), scope.n, out);
  }
}

void MorselEval::ScopeInts(const Column& col, const Scope& scope, int64_t* out,
                           rt::ColumnVector<uint8_t>* present) const {
  if (scope.depth < 0 || scope.dense) {
    const uint64_t first = scope.depth < 0 ? c0_ : scope.first;
    col.DecodeInts(first, first + scope.n, out);
  } else {
    col.GatherInts(scope.rows.data(), scope.n, out);
  }
  if (col.all_present()) return;
  present->resize(scope.n);
  ScopePresent(col, scope, present->data());
}

// `country == "NL"`, `category in {"books", "toys"}` on a dictionary column: compare
// codes instead of strings (a plain column scan).
std::optional<Vec> MorselEval::StringCodeCompare(const ir::Node& n, Scope& scope) {
  if (n.op != Op::Eq && n.op != Op::Ne && n.op != Op::InSet) return std::nullopt;
  const ir::Node& x = p_.at(n.args[0]);
  if (x.type.kind != TypeKind::String) return std::nullopt;
  const Column* col = ScopeColumn(x, scope);
  if (!col || col->encoding != Encoding::Dict32) return std::nullopt;
  std::vector<int64_t> codes;
  for (size_t k = 1; k < n.args.size(); ++k) {
    const ir::Value* c = in_.Invariant(n.args[k]);
    if (!c || c->absent) return std::nullopt;
    codes.push_back(col->FindCode(c->s));  // -1: matches no row
  }
  const size_t rows = scope.n;
  Vec out = Vec::Of(TypeKind::Int, rows);
  std::vector<int64_t> v(rows);
  rt::ColumnVector<uint8_t> present;
  ScopeInts(*col, scope, v.data(), &present);
  for (int64_t code : codes) {
    for (size_t r = 0; r < rows; ++r) out.i[r] |= v[r] == code;
  }
  if (n.op == Op::Ne) {
    for (size_t r = 0; r < rows; ++r) out.i[r] ^= 1;
  }
  out.present = std::move(present);
  return out;
}

// `if c then 15 else 0` (a score block's lines): the branches are constants, so no
// vectors of them; the condition as known-true bytes.
std::optional<Vec> MorselEval::IfConstants(const ir::Node& n, Scope& scope) {
  if (n.op != Op::If || StorageOf(n.type.kind) != TypeKind::Int) return std::nullopt;
  const ir::Value* yes = in_.Invariant(n.args[1]);
  const ir::Value* no = in_.Invariant(n.args[2]);
  if (!yes || !no || yes->absent || no->absent) return std::nullopt;
  const size_t rows = scope.n;
  const int64_t a = yes->i, b = no->i;
  Vec out = Vec::Of(TypeKind::Int, rows);
  int64_t* o = out.i.data();
  // An absent condition takes the else branch.
  std::vector<uint8_t> t(rows), f(rows);
  TruthBytes(n.args[0], scope, t.data(), f.data());
  for (size_t r = 0; r < rows; ++r) o[r] = t[r] ? a : b;
  return out;
}

// `cart_id is present` on a field of this scope: its column's validity, without
// reading (for strings: slicing) its values.
std::optional<Vec> MorselEval::FieldPresent(const ir::Node& n, Scope& scope) {
  if (n.op != Op::IsPresent) return std::nullopt;
  const ir::Node& x = p_.at(n.args[0]);
  const Column* col = ScopeColumn(x, scope);
  if (!col) return std::nullopt;
  const size_t rows = scope.n;
  rt::ColumnVector<uint8_t> present(rows);
  ScopePresent(*col, scope, present.data());
  Vec out = Vec::Of(TypeKind::Int, rows);
  for (size_t r = 0; r < rows; ++r) out.i[r] = present[r];
  return out;
}

// `kind in {open, click}`, `score <= 4`, `amount > 500`: integer-like values against
// constants, without a vector of copies of each constant.
std::optional<Vec> MorselEval::CompareWithConstants(const ir::Node& n, Scope& scope) {
  bool in_set = n.op == Op::InSet;
  if (!in_set && n.op != Op::Eq && n.op != Op::Ne && n.op != Op::Lt && n.op != Op::Le && n.op != Op::Gt &&
      n.op != Op::Ge) {
    return std::nullopt;
  }
  if (StorageOf(p_.at(n.args[0]).type.kind) != TypeKind::Int) return std::nullopt;
  std::vector<int64_t> constants;
  for (size_t k = 1; k < n.args.size(); ++k) {
    const ir::Value* c = in_.Invariant(n.args[k]);
    if (!c || c->absent) return std::nullopt;
    constants.push_back(c->i);
  }
  const Vec& x = Eval(n.args[0], scope);
  const size_t rows = scope.n;
  Vec out = Vec::Of(TypeKind::Int, rows);
  int64_t* o = out.i.data();
  const int64_t* v = x.i.data();
  const int64_t k0 = constants[0];
  switch (n.op) {
    case Op::InSet:
      for (int64_t k : constants) {
        for (size_t r = 0; r < rows; ++r) o[r] |= v[r] == k;
      }
      break;
    case Op::Eq: for (size_t r = 0; r < rows; ++r) o[r] = v[r] == k0; break;
    case Op::Ne: for (size_t r = 0; r < rows; ++r) o[r] = v[r] != k0; break;
    case Op::Lt: for (size_t r = 0; r < rows; ++r) o[r] = v[r] < k0; break;
    case Op::Le: for (size_t r = 0; r < rows; ++r) o[r] = v[r] <= k0; break;
    case Op::Gt: for (size_t r = 0; r < rows; ++r) o[r] = v[r] > k0; break;
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
    case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Ge: case Op::And: case Op::Or:
    case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::Call: case Op::Agg: case Op::Population:
    case Op::Lookup: for (size_t r = 0; r < rows; ++r) o[r] = v[r] >= k0; break;
  }
  out.present = x.present;
  return out;
}

// `a and b` / `a or b` over events where b runs an aggregate: b only for the rows
// that a leaves undecided (a not false for `and`, not true for `or`), in a scope of
// just those events. Only where b cannot fail: every operand counts for errors.
bool MorselEval::ShortCircuits(const ir::Node& n, const Scope& scope) const {
  return (n.op == Op::And || n.op == Op::Or) && scope.depth >= 0 && in_.HasAggregate(n.args[1]) && !in_.CanFail(n.args[1]);
}

std::optional<Vec> MorselEval::ShortCircuit(const ir::Node& n, Scope& scope) {
  if (!ShortCircuits(n, scope)) return std::nullopt;
  const bool is_and = n.op == Op::And;
  const Vec& a = Eval(n.args[0], scope);
  const size_t rows = scope.n;
  std::vector<uint32_t> open;
  for (size_t r = 0; r < rows; ++r) {
    const bool decided = a.Present(r) && (a.i[r] != 0) != is_and;
    if (!decided) open.push_back(static_cast<uint32_t>(r));
  }
  if (open.size() == rows) return std::nullopt;
  EnsureRows(scope);
  Scope sub;
  sub.depth = scope.depth;
  sub.parent = scope.parent;
  sub.table = scope.table;
  sub.n = open.size();
  sub.rows.resize(open.size());
  sub.cust.resize(open.size());
  sub.up.resize(open.size());
  for (size_t j = 0; j < open.size(); ++j) {
    sub.rows[j] = static_cast<uint32_t>(scope.EventRow(open[j]));
    sub.cust[j] = scope.cust[open[j]];
    sub.up[j] = scope.up[open[j]];
  }
  // Decided rows: false for `and`, true for `or`.
  Vec out = Vec::Of(TypeKind::Int, rows);
  if (!is_and) std::fill(out.i.begin(), out.i.end(), 1);
  if (open.empty()) return out;
  const Vec& b = Eval(n.args[1], sub);
  for (size_t j = 0; j < open.size(); ++j) {
    const size_t r = open[j];
    // Undecided: a is absent, or the neutral value (true for `and`, false for `or`).
    if (b.Present(j) && (b.i[j] != 0) != is_and) {
      out.i[r] = is_and ? 0 : 1;  // b decides
    } else if (a.Present(r) && b.Present(j)) {
      out.i[r] = is_and ? 1 : 0;
    } else {
      out.SetAbsent(r);
    }
  }
  return out;
}

// The rows for which a node is known true (t) and known false (f), as bytes: and, or
// and not (three-valued: neither is absent) of comparisons with constants work on
// bytes from the stored values to the end, and only the tree's result becomes a
// vector of 64-bit values.
void MorselEval::TruthBytes(ir::NodeId id, Scope& scope, uint8_t* t, uint8_t* f) {
  const ir::Node& n = p_.at(id);
  const size_t rows = scope.n;
  // Operands: and, or and not recursively, but one that ShortCircuit evaluates (an
  // aggregate on its right) through Eval, like any other value.
  auto operand = [&](ir::NodeId x, uint8_t* xt, uint8_t* xf) {
    if (ShortCircuits(p_.at(x), scope)) {
      Truth(Eval(x, scope), xt, xf);
    } else {
      TruthBytes(x, scope, xt, xf);
    }
  };
  if (n.op == Op::And || n.op == Op::Or) {
    std::vector<uint8_t> t2(rows), f2(rows);
    operand(n.args[0], t, f);
    operand(n.args[1], t2.data(), f2.data());
    if (n.op == Op::And) {
      AndBytes(t, t2.data(), rows);
      OrBytes(f, f2.data(), rows);
    } else {
      OrBytes(t, t2.data(), rows);
      AndBytes(f, f2.data(), rows);
    }
    return;
  }
  if (n.op == Op::Not) {
    operand(n.args[0], f, t);
    return;
  }
  if (const EventTest* test = scope.depth < 0 && !synthetic_rows_ ? in_.CustomerTest(id) : nullptr) {
    RunCustomerTest(*test, c0_, rows, t);
    if (test->column->all_present()) {
      for (size_t r = 0; r < rows; ++r) f[r] = t[r] ^ 1;
    } else {
      test->column->DecodePresent(c0_, c0_ + rows, f);
      for (size_t r = 0; r < rows; ++r) f[r] &= t[r] ^ 1;
    }
    return;
  }
  Truth(Eval(id, scope), t, f);
}

namespace {

// Raw pointers and a local count: byte stores would otherwise keep the compiler from
// vectorizing.
void TruthRows(const int64_t* __restrict vi, const uint8_t* __restrict vp, size_t n, uint8_t* __restrict t,
               uint8_t* __restrict f) {
  if (!vp) {
    for (size_t r = 0; r < n; ++r) t[r] = vi[r] != 0, f[r] = vi[r] == 0;
  } else {
    for (size_t r = 0; r < n; ++r) t[r] = vp[r] & (vi[r] != 0), f[r] = vp[r] & (vi[r] == 0);
  }
}

}  // namespace

void Truth(const Vec& v, uint8_t* t, uint8_t* f) {
  TruthRows(v.i.data(), v.all_present() ? nullptr : v.present.data(), v.n, t, f);
}

bool MorselEval::HasTruthBytes(ir::NodeId id) const {
  const ir::Op op = p_.at(id).op;
  return op == Op::And || op == Op::Or || op == Op::Not || (!synthetic_rows_ && in_.CustomerTest(id) != nullptr);
}

Vec MorselEval::Elementwise(ir::NodeId id, Scope& scope) {
  const ir::Node& n = p_.at(id);
  const size_t rows = scope.n;
  if (auto fast = ShortCircuit(n, scope)) return std::move(*fast);
  if (n.op == Op::And || n.op == Op::Or || n.op == Op::Not ||
      (scope.depth < 0 && !synthetic_rows_ && in_.CustomerTest(id))) {
    // Three-valued logic and tests on stored values, in bytes until the result.
    std::vector<uint8_t> t(rows), f(rows);
    TruthBytes(id, scope, t.data(), f.data());
    Vec out = Vec::Of(TypeKind::Int, rows);
    bool all = true;
    for (size_t r = 0; r < rows; ++r) out.i[r] = t[r], all &= (t[r] | f[r]) != 0;
    if (!all) {
      out.present.resize(rows);
      for (size_t r = 0; r < rows; ++r) out.present[r] = t[r] | f[r];
    }
    return out;
  }
  if (auto fast = StringCodeCompare(n, scope)) return std::move(*fast);
  if (auto fast = CompareWithConstants(n, scope)) return std::move(*fast);
  if (auto fast = FieldPresent(n, scope)) return std::move(*fast);
  if (auto fast = IfConstants(n, scope)) return std::move(*fast);
  Args args;
  for (ir::NodeId a : n.args) args.push_back(&Eval(a, scope));
  // One function per class of operation (elementwise_*.cpp); nullopt: no loop of its
  // own for these operand types, row by row below.
  std::optional<Vec> out;
  switch (n.op) {
    case Op::IsPresent: return PresentValues(args, rows);
    case Op::If: return IfValues(n, args, rows);
    case Op::Coalesce: return CoalesceValues(n, args, rows);
    case Op::InSet: return InSetValues(args, rows);
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: return Comparison(n, args, rows);
    case Op::Add: case Op::Sub: out = AddSub(n, args, scope); break;
    case Op::Mul: out = Multiply(n, args, scope); break;
    case Op::Div: out = Divide(n, args, scope); break;
    case Op::Cast: out = CastValues(n, args, scope); break;
    case Op::Neg: out = Negate(n, args, scope); break;
    case Op::DateToTimestamp: {
      // The zone's table, not the zone database row by row (a date `within 7d`).
      Vec v = Vec::Of(StorageOf(n.type.kind), rows);
      const Vec& d = *args[0];
      for (size_t r = 0; r < rows; ++r) v.i[r] = d.Present(r) ? in_.zone().StartOfDay(d.i[r]) : 0;
      v.present = d.present;
      return v;
    }
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Not:
    case Op::Min:
    case Op::Max:
    case Op::And: case Op::Or: case Op::Call: case Op::Agg: case Op::Population: case Op::Lookup: break;
  }
  if (out) return std::move(*out);
  return RowByRow(n, args, scope);
}

// Row by row, with the scalar semantics.
Vec MorselEval::RowByRow(const ir::Node& n, const Args& args, Scope& scope) {
  const size_t rows = scope.n;
  const TypeKind out_kind = StorageOf(n.type.kind);
  Vec out = Vec::Of(out_kind, rows);
  out.present.assign(rows, 1);
  std::vector<ir::Operand> ops(args.size());
  for (size_t r = 0; r < rows; ++r) {
    for (size_t k = 0; k < args.size(); ++k) ops[k] = OperandAt(*args[k], p_.at(n.args[k]).type, r);
    auto result = ir::Evaluate(n.op, n.type, n.a, ops, p_.timezone);
    if (auto* e = std::get_if<ir::EvalError>(&result)) Fail(scope, r, n, e->message);
    const ir::Value& v = std::get<ir::Value>(result);
    if (v.absent) {
      out.present[r] = 0;
      continue;
    }
    if (out_kind == TypeKind::Float) {
      out.f[r] = v.f;
    } else if (out_kind == TypeKind::String) {
      out.s[r] = in_.Intern(v.s);
    } else {
      out.i[r] = v.i;
    }
  }
  return out;
}

}  // namespace sam::interp
