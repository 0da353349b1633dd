#include "backends/interp/morsel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace sam::interp {

using ir::Op;

MorselEval::MorselEval(Interpreter& in, uint64_t first_customer, size_t customers)
    : in_(in), p_(in.program()), c0_(first_customer) {
  root_.depth = -1;
  root_.n = customers;
}

Vec Gather(const Vec& v, const std::vector<uint32_t>& rows) {
  Vec out;
  out.kind = v.kind;
  out.n = rows.size();
  if (v.kind == TypeKind::Float) {
    out.f.resize(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) out.f[r] = v.f[rows[r]];
  } else if (v.kind == TypeKind::String) {
    out.s.resize(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) out.s[r] = v.s[rows[r]];
  } else {
    out.i.resize(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) out.i[r] = v.i[rows[r]];
  }
  if (!v.present.empty()) {
    out.present.resize(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) out.present[r] = v.present[rows[r]];
  }
  return out;
}

Scope& MorselEval::Ancestor(Scope& scope, int depth) {
  Scope* s = &scope;
  while (s->depth > depth) s = s->parent;
  return *s;
}

const std::vector<uint32_t>& MorselEval::AncestorRows(Scope& scope, int depth) {
  auto it = scope.ancestor_rows.find(depth);
  if (it != scope.ancestor_rows.end()) return it->second;
  std::vector<uint32_t> rows;
  EnsureRows(scope);
  if (depth < 0) {
    rows = scope.cust;
  } else {
    rows = scope.up;
    for (Scope* s = scope.parent; s->depth > depth; s = s->parent) {
      for (auto& r : rows) r = s->up[r];
    }
  }
  return scope.ancestor_rows.emplace(depth, std::move(rows)).first->second;
}

const Vec& MorselEval::Eval(ir::NodeId id, Scope& scope) {
  auto it = scope.memo.find(id);
  if (it != scope.memo.end()) return it->second;
  const ir::Node& n = p_.at(id);
  Vec v;
  int level = LevelOf(in_.Depths(id));
  if (const ir::Value* k = in_.Invariant(id)) {
    v = Constant(n.type, *k, scope.n);
  } else if (level < scope.depth) {
    // Reads nothing of this scope's events: compute once per enclosing row.
    const Vec& outer = Eval(id, Ancestor(scope, level));
    v = Gather(outer, AncestorRows(scope, level));
  } else {
    v = Compute(id, scope);
  }
  return scope.memo.emplace(id, std::move(v)).first->second;
}

Vec MorselEval::ComputeWith(ir::NodeId id, const std::vector<ir::Operand>& operands) {
  SyntheticRows();  // the interpreter's invariants are being computed
  const ir::Node& n = p_.at(id);
  for (size_t k = 0; k < n.args.size(); ++k) {
    root_.memo.emplace(n.args[k], Constant(operands[k].type, operands[k].value, root_.n));
  }
  return Compute(id, root_);
}

Vec MorselEval::Constant(const Type& type, const ir::Value& value, size_t rows) {
  Vec v = Vec::Of(StorageOf(type.kind), rows);
  if (value.absent) {
    v.present.assign(rows, 0);
    return v;
  }
  if (v.kind == TypeKind::Float) {
    std::fill(v.f.begin(), v.f.end(), value.f);
  } else if (v.kind == TypeKind::String) {
    // Constants outlive the run (the program's, or the interpreter's): no copy.
    std::fill(v.s.begin(), v.s.end(), std::string_view(value.s));
  } else {
    std::fill(v.i.begin(), v.i.end(), value.i);
  }
  return v;
}

namespace {

// A column's values for a dense range or for explicit rows.
Vec ReadColumn(const Column& c, const Scope* scope, uint64_t begin, size_t n, TypeKind kind) {
  Vec v;
  v.kind = StorageOf(kind);
  v.n = n;
  bool dense = scope == nullptr || scope->dense;
  uint64_t first = scope == nullptr ? begin : scope->first;
  if (v.kind == TypeKind::Float) {
    v.f.resize(n);
    if (dense) {
      c.DecodeFloats(first, first + n, v.f.data());
    } else {
      c.GatherFloats(scope->rows.data(), n, v.f.data());
    }
  } else if (v.kind == TypeKind::String) {
    v.s.resize(n);
    if (dense) {
      c.DecodeStrings(first, first + n, v.s.data());
    } else {
      c.GatherStrings(scope->rows.data(), n, v.s.data());
    }
  } else {
    v.i.resize(n);
    if (dense) {
      c.DecodeInts(first, first + n, v.i.data());
    } else {
      c.GatherInts(scope->rows.data(), n, v.i.data());
    }
  }
  if (!c.all_present()) {
    v.present.resize(n);
    if (dense) {
      c.DecodePresent(first, first + n, v.present.data());
    } else {
      c.GatherPresent(scope->rows.data(), n, v.present.data());
    }
  }
  return v;
}

}  // namespace

Vec MorselEval::CustomerField(const ir::Node& n) {
  const Column& c = in_.db().customer_table().columns[n.a];
  return ReadColumn(c, nullptr, c0_, root_.n, n.type.kind);
}

Vec MorselEval::EventField(const ir::Node& n, Scope& scope) {
  Scope& s = Ancestor(scope, n.c);
  const Column& c = in_.db().tables[n.a].columns[n.b];
  Vec v = ReadColumn(c, &s, 0, s.n, n.type.kind);
  if (&s == &scope) return v;
  return Gather(v, AncestorRows(scope, n.c));
}

Vec MorselEval::LetSlice(const Vec& all) {
  Vec v;
  v.kind = all.kind;
  v.n = root_.n;
  auto slice = [&](const auto& src, auto& dst) {
    if (!src.empty()) dst.assign(src.begin() + c0_, src.begin() + c0_ + root_.n);
  };
  slice(all.i, v.i);
  slice(all.f, v.f);
  slice(all.s, v.s);
  slice(all.present, v.present);
  return v;
}

Vec MorselEval::PopulationSlice(const PopulationResult& pop) {
  if (!pop.is_member) return LetSlice(pop.values);
  Vec v = Vec::Of(TypeKind::Int, root_.n);
  for (size_t r = 0; r < root_.n; ++r) v.i[r] = pop.member[c0_ + r];
  return v;
}

Vec MorselEval::ListMember(const ir::Node& n) {
  const uint64_t* off = in_.db().tables[n.a].Offsets();
  Vec v = Vec::Of(TypeKind::Int, root_.n);
  for (size_t r = 0; r < root_.n; ++r) v.i[r] = off[c0_ + r + 1] > off[c0_ + r];
  return v;
}

// The engine's per-customer instants (backend::Context); kNoTime is absent.
std::vector<int64_t> MorselEval::ContextSlots() const {
  std::vector<int64_t> slots(root_.n, -1);
  const auto& rows = in_.context().rows;
  if (!rows) {
    for (size_t r = 0; r < root_.n; ++r) slots[r] = static_cast<int64_t>(c0_ + r);
    return slots;
  }
  // The rows are ascending: those of this morsel are one run of them.
  auto k = std::lower_bound(rows->begin(), rows->end(), c0_);
  for (; k != rows->end() && *k < c0_ + root_.n; ++k) slots[*k - c0_] = k - rows->begin();
  return slots;
}

Vec MorselEval::ContextTime(const ir::Node& n, const std::vector<int64_t>* times) {
  if (!times) throw RuntimeError("`trigger` and `entry` have values only in campaigns, not in queries", n.span);
  Vec v = Vec::Of(StorageOf(TypeKind::Timestamp), root_.n);
  const std::vector<int64_t> slots = ContextSlots();
  for (size_t r = 0; r < root_.n; ++r) {
    const int64_t t = slots[r] < 0 ? backend::kNoTime : (*times)[slots[r]];
    if (t == backend::kNoTime) {
      v.SetAbsent(r);
    } else {
      v.i[r] = t;
    }
  }
  return v;
}

// A field of the event that fired the trigger instance, read at the context's row.
Vec MorselEval::TriggerField(const ir::Node& n) {
  const auto& trigger = in_.context().trigger;
  if (!trigger) throw RuntimeError("`trigger` and `entry` have values only in campaigns, not in queries", n.span);
  if (trigger->table != n.a) {
    throw RuntimeError(fmt::format("the trigger's events are of table `{}`, not `{}`",
                                   trigger->table < 0 ? "?" : p_.tables[trigger->table].name, p_.tables[n.a].name),
                       n.span);
  }
  const Column& c = in_.db().tables[n.a].columns[n.b];
  Vec v = Vec::Of(StorageOf(n.type.kind), root_.n);
  v.present.assign(root_.n, 0);
  const std::vector<int64_t> slots = ContextSlots();
  for (size_t r = 0; r < root_.n; ++r) {
    const int64_t row = slots[r] < 0 ? -1 : trigger->row[slots[r]];
    if (row < 0 || !c.Present(static_cast<uint64_t>(row))) continue;
    v.present[r] = 1;
    if (v.kind == TypeKind::Float) {
      v.f[r] = c.Float(static_cast<uint64_t>(row));
    } else if (v.kind == TypeKind::String) {
      v.s[r] = c.Str(static_cast<uint64_t>(row));
    } else {
      v.i[r] = c.Int(static_cast<uint64_t>(row));
    }
  }
  v.DropFullPresence();
  return v;
}

void MorselEval::Fail(Scope& scope, size_t row, const ir::Node& node, const std::string& what) {
  EnsureRows(scope);
  size_t slot = scope.depth < 0 ? row : scope.cust[row];
  throw RuntimeError(fmt::format("{} for customer {}", what, in_.CustomerKey(c0_ + slot)), node.span);
}

Vec MorselEval::Compute(ir::NodeId id, Scope& scope) {
  const ir::Node& n = p_.at(id);
  if (auto v = DictionaryValues(id, scope)) return std::move(*v);
  if (auto v = FoldedStringTest(p_.at(id), scope)) return std::move(*v);
  switch (n.op) {
    case Op::CustomerField: return CustomerField(n);
    case Op::EventField: return EventField(n, scope);
    case Op::LetRef: {
      if (const Vec* all = in_.Materialized(n.a)) return LetSlice(*all);
      return Eval(p_.lets[n.a].root, scope);
    }
    case Op::ListMember: return ListMember(n);
    case Op::Population: return PopulationSlice(in_.Population(id));
    case Op::Agg: return Aggregate(n, scope);
    case Op::Lookup: return Lookup(n, scope);
    case Op::Call: return Builtin(n, scope);
    case Op::TriggerTime: {
      const auto& trigger = in_.context().trigger;
      return ContextTime(n, trigger ? &trigger->at : nullptr);
    }
    case Op::EntryTime: {
      const auto& entry = in_.context().entry;
      return ContextTime(n, entry ? &*entry : nullptr);
    }
    case Op::TriggerField: return TriggerField(n);
    case Op::Const: case Op::Today: case Op::Now: case Op::Cast: case Op::DateToTimestamp: case Op::Neg:
    case Op::Not: case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Min: case Op::Max:
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::And:
    case Op::Or: case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet: break;
  }
  return Elementwise(id, scope);
}

}  // namespace sam::interp

namespace sam::interp {

Vec MorselEval::Lookup(const ir::Node& n, Scope& scope) {
  const Vec& key = Eval(n.args[0], scope);
  const Table& table = in_.db().tables[n.a];
  const Column& col = table.columns[n.b];
  Vec out = Vec::Of(StorageOf(n.type.kind), scope.n);
  out.present.assign(scope.n, 0);
  for (size_t r = 0; r < scope.n; ++r) {
    if (!key.Present(r)) continue;
    std::optional<uint32_t> row =
        key.kind == TypeKind::String ? in_.ReferenceRow(n.a, key.s[r]) : in_.ReferenceRow(n.a, key.i[r]);
    if (!row || !col.Present(*row)) continue;
    out.present[r] = 1;
    if (out.kind == TypeKind::Float) {
      out.f[r] = col.Float(*row);
    } else if (out.kind == TypeKind::String) {
      out.s[r] = col.Str(*row);
    } else {
      out.i[r] = col.Int(*row);
    }
  }
  return out;
}

}  // namespace sam::interp
