#include "tests/differential/answers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <memory>

#include "runtime/exec/runtime_error.hpp"
#include "tests/differential/rng.hpp"

namespace sam::differential {
namespace {

int LetIndex(const ir::Program& p, const std::string& name) {
  for (size_t l = 0; l < p.lets.size(); ++l) {
    if (p.lets[l].name == name) return static_cast<int>(l);
  }
  return -1;
}

std::vector<uint32_t> AllRows(const rt::Database& db) {
  std::vector<uint32_t> rows(db.customer_count());
  for (size_t k = 0; k < rows.size(); ++k) rows[k] = static_cast<uint32_t>(k);
  return rows;
}

std::string ErrorText(const rt::RuntimeError& e) {
  return fmt::format("{} [at {}:{}-{}]", e.what(), e.span.file, e.span.begin, e.span.end);
}

Answer AskOne(backend::Prepared& prepared, const Question& q) {
  Answer a;
  if (q.members) {
    a.count = prepared.Members(q.segment, q.where, &a.members);
  } else {
    a.values = prepared.Evaluate(q.node, q.rows);
  }
  return a;
}

std::string Key(const rt::Database& db, uint64_t row) {
  const rt::ColumnRef ref{db.customers, db.key_field};
  db.Require({&ref, 1});
  return std::to_string(db.customer_table().columns[db.key_field].Int(row));
}

std::string ValueText(const backend::Values& v, size_t k) {
  if (!v.Present(k)) return "absent";
  switch (v.storage) {
    case TypeKind::Float: return fmt::format("{}", v.floats[k]);
    case TypeKind::String: return fmt::format("\"{}\"", v.strings[k]);
    default: return std::to_string(v.ints[k]);
  }
}

bool SameValue(const backend::Values& x, const backend::Values& y, size_t k) {
  if (x.Present(k) != y.Present(k)) return false;
  if (!x.Present(k)) return true;
  switch (x.storage) {
    // Exactly the same bits: `show` prints -0 and 0 differently.
    case TypeKind::Float: return std::bit_cast<uint64_t>(x.floats[k]) == std::bit_cast<uint64_t>(y.floats[k]) ||
                                 (x.floats[k] != x.floats[k] && y.floats[k] != y.floats[k]);
    case TypeKind::String: return x.strings[k] == y.strings[k];
    default: return x.ints[k] == y.ints[k];
  }
}

size_t Size(const backend::Values& v) {
  return v.storage == TypeKind::Float ? v.floats.size() : v.storage == TypeKind::String ? v.strings.size() : v.ints.size();
}

bool HasAggregate(const ir::Program& p, ir::NodeId id, std::vector<bool>& seen) {
  if (id == ir::kNone || seen[id]) return false;
  seen[id] = true;
  const ir::Node& n = p.at(id);
  if (n.op == ir::Op::Agg) return true;
  if (n.op == ir::Op::LetRef && HasAggregate(p, p.lets[n.a].root, seen)) return true;
  for (ir::NodeId a : n.args) {
    if (HasAggregate(p, a, seen)) return true;
  }
  return false;
}

}  // namespace

bool ReadsEvents(const ir::Program& p, const Question& q) {
  std::vector<bool> seen(p.nodes.size(), false);
  for (ir::NodeId id : {q.node, q.where, q.segment >= 0 ? p.lets[q.segment].root : ir::kNone}) {
    if (HasAggregate(p, id, seen)) return true;
  }
  return false;
}

std::vector<Question> MakeQuestions(const ir::Program& p, const rt::Database& db, const std::vector<std::string>& names,
                                    uint64_t pick) {
  Rng r{pick};
  std::vector<Question> out;
  std::vector<int> conditions;  // bool lets and segments
  const std::vector<uint32_t> all = AllRows(db);
  for (const std::string& name : names) {
    const int l = LetIndex(p, name);
    if (l < 0) continue;
    const ir::Let& let = p.lets[l];
    if (let.type.kind == TypeKind::Bool) conditions.push_back(l);
    // Each question is a kernel for the JIT: one per definition, a few more.
    if (let.segment) out.push_back({true, l, ir::kNone, ir::kNone, {}, "count " + name});
    if (!let.segment || r.Chance(15)) out.push_back({false, -1, ir::kNone, let.root, all, "show customers { " + name + " }"});
    // A few customers, as `show S { ... }` asks for a segment's members.
    if (r.Chance(8) && !all.empty()) {
      std::vector<uint32_t> some;
      for (uint32_t c : all) {
        if (r.Chance(40)) some.push_back(c);
      }
      out.push_back({false, -1, ir::kNone, let.root, some, fmt::format("{} for {} customers", name, some.size())});
    }
  }
  // `count S where C` and `count customers where C`: two roots in one kernel.
  for (int k = 0, n = conditions.empty() || r.Chance(60) ? 0 : 1; k < n; ++k) {
    const int where = conditions[static_cast<size_t>(r.Below(static_cast<int>(conditions.size())))];
    std::vector<int> segments;
    for (int c : conditions) {
      if (p.lets[c].segment) segments.push_back(c);
    }
    const int segment = segments.empty() || r.Chance(30) ? -1 : segments[static_cast<size_t>(r.Below(static_cast<int>(segments.size())))];
    out.push_back({true, segment, p.lets[where].root, ir::kNone, {},
                   fmt::format("count {} where {}", segment < 0 ? "customers" : p.lets[segment].name, p.lets[where].name)});
  }
  return out;
}

std::vector<Answer> Ask(backend::Backend& backend, const ir::Program& p, const rt::Database& db,
                        const backend::Context& context, const std::vector<Question>& questions) {
  std::vector<Answer> out;
  std::unique_ptr<backend::Prepared> prepared = backend.Prepare(p, db, context);
  // Announced first, as the commands do: the JIT compiles them together.
  std::vector<backend::Question> expected;
  for (const Question& q : questions) {
    expected.push_back(q.members ? backend::Question{q.segment, q.where, ir::kNone} : backend::Question{-1, ir::kNone, q.node});
  }
  prepared->Expect(expected);
  for (const Question& q : questions) {
    try {
      out.push_back(AskOne(*prepared, q));
    } catch (const rt::RuntimeError& e) {
      Answer a;
      a.error = true;
      a.message = ErrorText(e);
      out.push_back(std::move(a));
      // Nothing half-computed may leak into the next answer.
      prepared = backend.Prepare(p, db, context);
    }
  }
  return out;
}

size_t FailingCustomers(backend::Backend& backend, const ir::Program& p, const rt::Database& db,
                        const backend::Context& context, const Question& q) {
  size_t failing = 0;
  for (uint32_t c = 0; c < db.customer_count(); ++c) {
    const uint32_t one[] = {c};
    for (ir::NodeId node : {q.members && q.segment >= 0 ? p.lets[q.segment].root : q.node, q.where}) {
      if (node == ir::kNone) continue;
      try {
        backend.Prepare(p, db, context)->Evaluate(node, one);
      } catch (const rt::RuntimeError&) {
        ++failing;
        break;
      }
    }
  }
  return failing;
}

std::string Difference(const Answer& x, const Answer& y, bool compare_messages) {
  if (x.error != y.error) return x.error ? "only the reference stops with an error" : "only this backend stops with an error";
  if (x.error) return compare_messages && x.message != y.message ? "the errors differ" : "";
  if (x.count != y.count) return fmt::format("count {} against {}", x.count, y.count);
  if (x.members != y.members) return "the same count, other members";
  if (x.values.storage != y.values.storage) return "values of another storage";
  if (Size(x.values) != Size(y.values)) return "another number of values";
  for (size_t k = 0; k < Size(x.values); ++k) {
    if (!SameValue(x.values, y.values, k)) {
      return fmt::format("value {}: {} against {}", k, ValueText(x.values, k), ValueText(y.values, k));
    }
  }
  return "";
}

std::string Describe(const rt::Database& db, const Question& q, const Answer& a) {
  if (a.error) return "error: " + a.message;
  std::string out;
  if (q.members) {
    out = fmt::format("count {}, members:", a.count);
    for (size_t k = 0; k < a.members.size(); ++k) {
      if (a.members[k]) out += " " + Key(db, k);
    }
    return out;
  }
  for (size_t k = 0; k < Size(a.values); ++k) {
    out += fmt::format("{}{}: {}", k ? ", " : "", k < q.rows.size() ? Key(db, q.rows[k]) : "?", ValueText(a.values, k));
  }
  return "values (customer: value): " + out;
}

}  // namespace sam::differential
