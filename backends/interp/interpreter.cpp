#include "backends/interp/interpreter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <thread>

#include "backends/interp/morsel.hpp"
#include "ir/eval.hpp"

namespace sam::interp {

using ir::NodeId;
using ir::Op;

Interpreter::Interpreter(const ir::Program& program, const Database& db, backend::Context context, bool direct)
    : p_(program), db_(db), ctx_(std::move(context)), direct_enabled_(direct), zone_(program.timezone) {
  threads_ = rt::ThreadsFor(ctx_.threads);
  now_ = zone_.StartOfDay(ctx_.today);
  // Which event depths each node reads; operands and scope nodes precede their users.
  depths_.assign(p_.nodes.size(), 0);
  for (NodeId id = 0; id < p_.nodes.size(); ++id) {
    const ir::Node& n = p_.at(id);
    uint64_t d = 0;
    switch (n.op) {
      case Op::EventField: d = uint64_t{1} << n.c; break;
      case Op::Agg: {
        const ir::AggSpec& g = p_.aggs[n.a];
        auto mask = [&](NodeId x) { return x == ir::kNone ? uint64_t{0} : depths_[x]; };
        d = mask(g.low) | mask(g.high) | ((mask(g.filter) | mask(g.value)) & ((uint64_t{1} << g.depth) - 1));
        break;
      }
      case Op::Population:
      case Op::LetRef: break;
      default:
        for (NodeId a : n.args) d |= depths_[a];
    }
    depths_[id] = d;
  }
  hashes_.assign(p_.nodes.size(), 0);
  for (NodeId id = 0; id < p_.nodes.size(); ++id) {
    const ir::Node& n = p_.at(id);
    uint64_t h = std::hash<std::string>{}(n.value.s);
    auto mix = [&h](uint64_t x) { h = (h ^ x) * 0x9E3779B97F4A7C15ull + (h >> 29); };
    mix(static_cast<uint64_t>(n.op));
    mix(static_cast<uint64_t>(n.type.kind));
    mix(static_cast<uint64_t>(n.value.i));
    mix(n.value.absent);
    mix(static_cast<uint64_t>(static_cast<int64_t>(n.a)));
    mix(static_cast<uint64_t>(static_cast<int64_t>(n.b)));
    mix(static_cast<uint64_t>(static_cast<int64_t>(n.c)));
    for (NodeId a : n.args) mix(hashes_[a]);
    // Aggregates and populations differ by their specs: never equal to another node.
    if (n.op == Op::Agg || n.op == Op::Population) mix(id);
    hashes_[id] = h;
  }
  has_agg_.assign(p_.nodes.size(), false);
  for (NodeId id = 0; id < p_.nodes.size(); ++id) {
    const ir::Node& n = p_.at(id);
    bool agg = n.op == Op::Agg;
    for (NodeId a : n.args) agg = agg || has_agg_[a];
    has_agg_[id] = agg;
  }
  // Nodes with the same value for all: constants, today, now, and the foldable
  // operations on them with no absent operand and no error (those are left to the
  // morsels, which report them with the customer).
  invariant_.resize(p_.nodes.size());
  for (NodeId id = 0; id < p_.nodes.size(); ++id) {
    const ir::Node& n = p_.at(id);
    if (n.op == Op::Const) {
      invariant_[id] = n.value;
    } else if (n.op == Op::Today || n.op == Op::Now) {
      ir::Value v;
      v.i = n.op == Op::Today ? ctx_.today : now_;
      invariant_[id] = v;
    } else if (ir::IsFoldable(n.op, n.a) && !n.args.empty()) {
      std::vector<ir::Operand> ops;
      bool all = true;
      for (NodeId a : n.args) {
        all = all && invariant_[a] && !invariant_[a]->absent;
        if (all) ops.push_back(ir::Operand{p_.at(a).type, *invariant_[a]});
      }
      if (!all) continue;
      auto v = ir::Evaluate(n.op, n.type, n.a, ops, p_.timezone);
      if (auto* value = std::get_if<ir::Value>(&v)) invariant_[id] = *value;
    }
  }
  ComputeCanFail();
  direct_.resize(p_.aggs.size());
  customer_tests_.resize(p_.nodes.size());
  if (direct_enabled_) {
    for (size_t a = 0; a < p_.aggs.size(); ++a) {
      const int depth = p_.aggs[a].depth;
      // Computed in a scope enclosing the aggregate's events: reads no event of its depth or deeper.
      auto outer = [&](NodeId id) { return LevelOf(depths_[id]) < depth; };
      direct_[a] = PlanDirect(p_, db_, p_.aggs[a], invariant_, outer);
    }
    for (NodeId id = 0; id < p_.nodes.size(); ++id) customer_tests_[id] = PlanCustomerTest(p_, db_, id, invariant_);
  }
  lets_.resize(p_.lets.size());
  population_.resize(p_.nodes.size());
  references_.resize(p_.tables.size());
  for (size_t t = 0; t < p_.tables.size(); ++t) {
    const TableInfo& info = p_.tables[t];
    if (info.kind != TableKind::Reference || info.key < 0 || t >= db_.tables.size()) continue;
    const Column& key = db_.tables[t].columns[info.key];
    for (uint64_t r = 0; r < db_.tables[t].rows; ++r) {
      if (!key.Present(r)) continue;
      if (key.type.kind == TypeKind::String) {
        references_[t].strings.emplace(key.Str(r), static_cast<uint32_t>(r));
      } else {
        references_[t].ints.emplace(key.Int(r), static_cast<uint32_t>(r));
      }
    }
  }
}

Interpreter::~Interpreter() = default;

void Interpreter::ComputeCanFail() {
  using i128 = __int128;
  constexpr i128 kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  // Bounds of integer-like values where known: constants, and columns stored in fewer
  // than 64 bits (base + stored * unit for every stored value of the width).
  struct Bounds {
    bool known = false;
    i128 lo = 0, hi = 0;
  };
  std::vector<Bounds> bounds(p_.nodes.size());
  auto column_bounds = [](const Column& c) {
    Bounds b;
    i128 lo, hi;
    switch (c.encoding) {
      case Encoding::Int8: lo = INT8_MIN, hi = INT8_MAX; break;
      case Encoding::Int16: lo = INT16_MIN, hi = INT16_MAX; break;
      case Encoding::Int32: lo = INT32_MIN, hi = INT32_MAX; break;
      default: return b;
    }
    b.known = true;
    b.lo = c.base + lo * c.unit;
    b.hi = c.base + hi * c.unit;
    return b;
  };
  can_fail_.assign(p_.nodes.size(), false);
  // Whether a node can fail, from its operands' current answers (and its bounds).
  auto fails_now = [&](NodeId id) {
    const ir::Node& n = p_.at(id);
    const bool int_result = StorageOf(n.type.kind) == TypeKind::Int && n.type.kind != TypeKind::Bool;
    bool fails = false;
    for (NodeId a : n.args) fails = fails || can_fail_[a];
    if (invariant_[id] && !invariant_[id]->absent && StorageOf(n.type.kind) == TypeKind::Int) {
      bounds[id] = Bounds{true, invariant_[id]->i, invariant_[id]->i};
    }
    switch (n.op) {
      case Op::CustomerField:
        if (db_.customers >= 0) bounds[id] = column_bounds(db_.customer_table().columns[n.a]);
        break;
      case Op::EventField:
        if (static_cast<size_t>(n.a) < db_.tables.size()) bounds[id] = column_bounds(db_.tables[n.a].columns[n.b]);
        break;
      case Op::Add:
      case Op::Sub: {
        if (!int_result || invariant_[id]) break;
        const Bounds& x = bounds[n.args[0]];
        const Bounds& y = bounds[n.args[1]];
        Bounds r;
        if (x.known && y.known) {
          r.known = true;
          r.lo = n.op == Op::Add ? x.lo + y.lo : x.lo - y.hi;
          r.hi = n.op == Op::Add ? x.hi + y.hi : x.hi - y.lo;
        }
        if (r.known && r.lo >= kMin && r.hi <= kMax) {
          bounds[id] = r;
        } else {
          fails = true;
        }
        break;
      }
      case Op::Mul:
      case Op::Neg:
      case Op::Div:
      case Op::Cast:
      case Op::Call:
        fails = fails || (int_result && !invariant_[id]);
        break;
      case Op::LetRef: fails = can_fail_[p_.lets[n.a].root]; break;
      case Op::Agg: {
        const ir::AggSpec& g = p_.aggs[n.a];
        for (NodeId x : {g.low, g.high, g.filter, g.value}) fails = fails || (x != ir::kNone && can_fail_[x]);
        const bool sums = g.op == AggOp::Sum || g.op == AggOp::Avg;
        fails = fails || (sums && int_result);
        break;
      }
      default: break;
    }
    return fails;
  };
  // Operands usually precede their users, but a let's root or an aggregate's parts
  // need not: repeat until nothing changes (a node only ever turns to failing).
  for (bool changed = true; changed;) {
    changed = false;
    for (NodeId id = 0; id < p_.nodes.size(); ++id) {
      if (!can_fail_[id] && fails_now(id)) can_fail_[id] = true, changed = true;
    }
  }
}

std::optional<uint32_t> Interpreter::ReferenceRow(int table, int64_t key) const {
  const auto& m = references_[table].ints;
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> Interpreter::ReferenceRow(int table, std::string_view key) const {
  const auto& m = references_[table].strings;
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::string_view Interpreter::Intern(std::string s) {
  std::lock_guard<std::mutex> lock(arena_mutex_);
  arena_.push_back(std::move(s));
  return arena_.back();
}

std::string Interpreter::CustomerKey(uint64_t row) const {
  if (db_.customers < 0 || db_.key_field < 0) return fmt::format("#{}", row);
  const Column& key = db_.customer_table().columns[db_.key_field];
  if (key.type.kind == TypeKind::String) return std::string(key.Str(row));
  return fmt::format("{}", key.Int(row));
}

bool Interpreter::SameValue(NodeId a, NodeId b) const {
  if (a == b) return true;
  if (a == ir::kNone || b == ir::kNone || hashes_[a] != hashes_[b]) return false;
  const ir::Node& x = p_.at(a);
  const ir::Node& y = p_.at(b);
  if (x.op != y.op || x.type != y.type || !(x.value == y.value) || x.a != y.a || x.b != y.b || x.c != y.c ||
      x.args.size() != y.args.size() || x.op == Op::Agg || x.op == Op::Population) {
    return false;
  }
  for (size_t k = 0; k < x.args.size(); ++k) {
    if (!SameValue(x.args[k], y.args[k])) return false;
  }
  return true;
}

void Interpreter::CollectNeeds(NodeId root, std::vector<NodeId>& pops) const {
  std::vector<NodeId> work{root};
  std::vector<bool> seen(p_.nodes.size(), false);
  while (!work.empty()) {
    NodeId id = work.back();
    work.pop_back();
    if (id == ir::kNone || seen[id]) continue;
    seen[id] = true;
    const ir::Node& n = p_.at(id);
    if (n.op == Op::LetRef) {
      // Computed inline, in each morsel: what it needs is needed.
      if (!lets_[n.a]) work.push_back(p_.lets[n.a].root);
      continue;
    }
    if (n.op == Op::Population) {
      pops.push_back(id);
      continue;
    }
    for (NodeId a : n.args) work.push_back(a);
    if (n.op == Op::Agg) {
      const ir::AggSpec& g = p_.aggs[n.a];
      for (NodeId x : {g.low, g.high, g.filter, g.value}) work.push_back(x);
    }
  }
}

void Interpreter::Prepare(NodeId root) {
  std::vector<NodeId> pops;
  CollectNeeds(root, pops);
  for (NodeId id : pops) {
    if (!population_[id]) ComputePopulation(id);
  }
}

const Vec& Interpreter::Let(int let) {
  if (!lets_[let]) lets_[let] = std::make_unique<Vec>(EvaluateAll(p_.lets[let].root));
  return *lets_[let];
}

template <class Fn>
void Interpreter::ForEachMorsel(Fn&& fn) {
  rt::ForEachMorsel(customers(), threads_, fn);
}

namespace {

// in[r] &= the bool is present and true (raw pointers: byte stores would otherwise
// keep the compiler from vectorizing).
void NarrowTrue(uint8_t* __restrict in, const int64_t* __restrict v, const uint8_t* __restrict present, size_t n) {
  if (present) {
    for (size_t r = 0; r < n; ++r) in[r] &= static_cast<uint8_t>(present[r] & static_cast<uint8_t>(v[r] != 0));
  } else {
    for (size_t r = 0; r < n; ++r) in[r] &= static_cast<uint8_t>(v[r] != 0);
  }
}

}  // namespace

uint64_t Interpreter::Members(int segment, NodeId where, std::vector<uint8_t>* member) {
  const NodeId seg = segment >= 0 && !lets_[segment] ? p_.lets[segment].root : ir::kNone;
  if (seg != ir::kNone) Prepare(seg);
  if (where != ir::kNone) Prepare(where);
  const uint64_t total = customers();
  if (member) member->assign(total, 1);
  // One count per morsel, added in morsel order: the same for any number of threads.
  std::vector<uint64_t> counts((total + kMorsel - 1) / kMorsel, 0);
  ForEachMorsel([&](uint64_t c0, size_t n) {
    MorselEval m(*this, c0, n);
    std::vector<uint8_t> in(n, 1);
    std::vector<uint8_t> t, f;
    auto narrow_node = [&](NodeId id) {
      if (m.HasTruthBytes(id)) {
        // Only the known-true bytes matter here: no vector of 64-bit values.
        t.resize(n), f.resize(n);
        m.TruthBytes(id, m.customers(), t.data(), f.data());
        AndBytes(in.data(), t.data(), n);
        return;
      }
      const Vec& v = m.Eval(id, m.customers());
      NarrowTrue(in.data(), v.i.data(), v.all_present() ? nullptr : v.present.data(), n);
    };
    if (segment >= 0) {
      if (seg != ir::kNone) {
        narrow_node(seg);
      } else {
        const Vec& all = *lets_[segment];
        for (size_t r = 0; r < n; ++r) in[r] &= static_cast<uint8_t>(all.True(c0 + r));
      }
    }
    if (where != ir::kNone) narrow_node(where);
    uint64_t k = 0;
    for (size_t r = 0; r < n; ++r) k += in[r];
    counts[c0 / kMorsel] = k;
    if (member) std::copy(in.begin(), in.end(), member->begin() + static_cast<int64_t>(c0));
  });
  uint64_t count = 0;
  for (uint64_t k : counts) count += k;
  return count;
}

Vec Interpreter::EvaluateAll(NodeId node) {
  Prepare(node);
  const uint64_t total = customers();
  Vec all = Vec::Of(StorageOf(p_.at(node).type.kind), total);
  all.present.assign(total, 1);
  ForEachMorsel([&](uint64_t c0, size_t n) {
    MorselEval m(*this, c0, n);
    const Vec& v = m.Eval(node, m.customers());
    for (size_t r = 0; r < n; ++r) {
      if (all.kind == TypeKind::Float) {
        all.f[c0 + r] = v.f[r];
      } else if (all.kind == TypeKind::String) {
        all.s[c0 + r] = v.s[r];
      } else {
        all.i[c0 + r] = v.i[r];
      }
    }
    if (!v.all_present()) std::copy(v.present.begin(), v.present.end(), all.present.begin() + c0);
  });
  all.DropFullPresence();
  return all;
}

}  // namespace sam::interp
