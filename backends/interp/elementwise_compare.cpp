// Comparisons: `in`, `==`, `!=`, `<`, `<=`, `>`, `>=` between two vectors (against
// constants: CompareWithConstants in elementwise.cpp).
#include "backends/interp/elementwise.hpp"
#include "backends/interp/morsel.hpp"

namespace sam::interp {

using ir::Op;

namespace {

template <class Cmp>
void CompareInts(const Vec& a, const Vec& b, Vec& out, Cmp cmp) {
  for (size_t r = 0; r < out.n; ++r) out.i[r] = cmp(a.i[r], b.i[r]);
}
template <class Cmp>
void CompareFloats(const Vec& a, const Vec& b, Vec& out, Cmp cmp) {
  for (size_t r = 0; r < out.n; ++r) out.i[r] = cmp(FloatOrder(a.f[r], b.f[r]), 0);
}
template <class Cmp>
void CompareStrings(const Vec& a, const Vec& b, Vec& out, Cmp cmp) {
  for (size_t r = 0; r < out.n; ++r) out.i[r] = cmp(a.s[r].compare(b.s[r]), 0);
}

template <class Cmp>
bool Compare(const Vec& a, const Vec& b, Vec& out, Cmp cmp) {
  if (a.kind == TypeKind::Float) {
    CompareFloats(a, b, out, cmp);
  } else if (a.kind == TypeKind::String) {
    CompareStrings(a, b, out, cmp);
  } else {
    CompareInts(a, b, out, cmp);
  }
  return true;
}

}  // namespace

Vec MorselEval::InSetValues(const Args& args, size_t rows) {
  const Vec& x = *args[0];
  Vec out = Vec::Of(TypeKind::Int, rows);
  for (size_t k = 1; k < args.size(); ++k) {
    const Vec& y = *args[k];
    if (x.kind == TypeKind::Float) {
      for (size_t r = 0; r < rows; ++r) out.i[r] |= FloatOrder(x.f[r], y.f[r]) == 0;
    } else if (x.kind == TypeKind::String) {
      for (size_t r = 0; r < rows; ++r) out.i[r] |= x.s[r] == y.s[r];
    } else {
      for (size_t r = 0; r < rows; ++r) out.i[r] |= x.i[r] == y.i[r];
    }
  }
  AndPresence(out, x);
  return out;
}

Vec MorselEval::Comparison(const ir::Node& n, const Args& args, size_t rows) {
  const Vec& a = *args[0];
  const Vec& b = *args[1];
  Vec out = Vec::Of(TypeKind::Int, rows);
  switch (n.op) {
    case Op::Eq: Compare(a, b, out, [](auto x, auto y) { return x == y; }); break;
    case Op::Ne: Compare(a, b, out, [](auto x, auto y) { return x != y; }); break;
    case Op::Lt: Compare(a, b, out, [](auto x, auto y) { return x < y; }); break;
    case Op::Le: Compare(a, b, out, [](auto x, auto y) { return x <= y; }); break;
    case Op::Gt: Compare(a, b, out, [](auto x, auto y) { return x > y; }); break;
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
    case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Ge: case Op::And: case Op::Or:
    case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet: case Op::Call: case Op::Agg:
    case Op::Population: case Op::Lookup:
      Compare(a, b, out, [](auto x, auto y) { return x >= y; }); break;
  }
  AndPresence(out, a, &b);
  return out;
}

}  // namespace sam::interp
