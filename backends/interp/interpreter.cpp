#include "backends/interp/interpreter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <thread>

#include "backends/interp/builtins.hpp"
#include "backends/interp/morsel.hpp"
#include "ir/analysis/facts.hpp"
#include "stdlib/builtins.hpp"

namespace sam::interp {

using ir::NodeId;
using ir::Op;

Interpreter::Interpreter(const ir::Program& program, const Database& db, backend::Context context, bool direct)
    : p_(program), db_(db), ctx_(std::move(context)), direct_enabled_(direct), facts_(program), zone_(TimeZoneTable::Of(program.timezone)) {
  threads_ = rt::ThreadsFor(ctx_.threads);
  now_ = zone_.StartOfDay(ctx_.today);
  // Built-ins whose operands are the same for every customer (`add_years(today, -2)`)
  // are computed once here, on one row, by the same vector code as per customer.
  invariant_ = ir::Invariants(p_, ctx_.today, now_, [this](NodeId id, const std::vector<ir::Operand>& operands) {
    return FoldOnce(id, operands);
  });
  can_fail_ = ir::CanFail(p_, invariant_, [&](int table, int field) { return StoredRange(table, field); });
  lets_.resize(p_.lets.size());
  population_.resize(p_.nodes.size());
  references_.resize(p_.tables.size());
  for (size_t t = 0; t < p_.tables.size(); ++t) {
    const TableInfo& info = p_.tables[t];
    if (info.kind != TableKind::Reference || info.key < 0 || t >= db_.tables.size()) continue;
    references_[t] = rt::ReferenceIndex(db_.tables[t].columns[info.key], db_.tables[t].rows);
  }
  // Last: a string test of a dictionary is computed over the dictionary's entries here.
  direct_.resize(p_.aggs.size());
  customer_tests_.resize(p_.nodes.size());
  if (direct_enabled_) {
    const DictionaryTest dictionary = [this](NodeId id, const FieldColumn& field) {
      return DictionaryCodes(id, field);
    };
    for (size_t a = 0; a < p_.aggs.size(); ++a) {
      const int depth = p_.aggs[a].depth;
      // Computed in a scope enclosing the aggregate's events: reads no event of its depth or deeper.
      auto outer = [&](NodeId id) { return LevelOf(facts_.Depths(id)) < depth; };
      direct_[a] = PlanDirect(p_, db_, p_.aggs[a], invariant_, outer, dictionary);
    }
    for (NodeId id = 0; id < p_.nodes.size(); ++id) customer_tests_[id] = PlanCustomerTest(p_, db_, id, invariant_);
  }
}

Interpreter::~Interpreter() = default;

std::optional<ir::Value> Interpreter::FoldOnce(NodeId id, const std::vector<ir::Operand>& operands) {
  const ir::Node& n = p_.at(id);
  // With no customer nothing is computed anyway, and an error needs a customer to name.
  if (n.op != Op::Call || customers() == 0 || !OperandsDecide(static_cast<stdlib::BuiltinId>(n.a))) return std::nullopt;
  Vec v;
  try {
    MorselEval m(*this, 0, 1);
    v = m.ComputeWith(id, operands);
  } catch (const RuntimeError&) {
    return std::nullopt;  // computed per customer, whose error names it
  }
  ir::Value out;
  if (!v.Present(0)) {
    out.absent = true;
  } else if (v.kind == TypeKind::Float) {
    out.f = v.f[0];
  } else if (v.kind == TypeKind::String) {
    out.s = std::string(v.s[0]);
  } else {
    out.i = v.i[0];
  }
  return out;
}

// The range of values a column stored in fewer than 64 bits can hold: base + stored
// × unit for every stored value of its width.
std::optional<ir::IntRange> Interpreter::StoredRange(int table, int field) const {
  if (table < 0 || static_cast<size_t>(table) >= db_.tables.size()) return std::nullopt;
  const Column& c = db_.tables[table].columns[field];
  __int128 lo = 0, hi = 0;
  switch (c.encoding) {
    case Encoding::Int8: lo = INT8_MIN, hi = INT8_MAX; break;
    case Encoding::Int16: lo = INT16_MIN, hi = INT16_MAX; break;
    case Encoding::Int32: lo = INT32_MIN, hi = INT32_MAX; break;
    case Encoding::Int64:
    case Encoding::Float64:
    case Encoding::Dict32:
    case Encoding::Plain: return std::nullopt;
  }
  return ir::IntRange{c.base + lo * c.unit, c.base + hi * c.unit};
}

std::string_view Interpreter::Intern(std::string s) {
  std::lock_guard<std::mutex> lock(arena_mutex_);
  arena_.push_back(std::move(s));
  return arena_.back();
}

char* Interpreter::InternBuffer(size_t bytes) {
  auto buffer = std::make_unique_for_overwrite<char[]>(std::max<size_t>(bytes, 1));
  char* at = buffer.get();
  std::lock_guard<std::mutex> lock(arena_mutex_);
  buffers_.push_back(std::move(buffer));
  return at;
}

std::string Interpreter::CustomerKey(uint64_t row) const {
  // Not required before the run when no query shows it: required (checked, paged
  // in) on the first message that names a customer.
  if (db_.customers >= 0 && db_.key_field >= 0) {
    const rt::ColumnRef ref{db_.customers, db_.key_field};
    db_.Require({&ref, 1});
  }
  return db_.KeyText(row);
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
  rt::ForEachMorsel(customers(), threads_, [&](uint64_t c0, size_t n) {
    ctx_.CheckInterrupt();
    fn(c0, n);
  });
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

uint64_t Interpreter::Members(int segment, NodeId where, std::vector<uint8_t>* member,
                              const backend::MorselTakeover* takeover) {
  const NodeId seg = segment >= 0 && !lets_[segment] ? p_.lets[segment].root : ir::kNone;
  if (seg != ir::kNone) Prepare(seg);
  if (where != ir::kNone) Prepare(where);
  const uint64_t total = customers();
  if (member) member->assign(total, 1);
  // One count per morsel, added in morsel order: the same for any number of threads.
  std::vector<uint64_t> counts((total + kMorsel - 1) / kMorsel, 0);
  ForEachMorsel([&](uint64_t c0, size_t n) {
    std::vector<uint8_t> in(n, 1);
    auto finish = [&] {
      uint64_t k = 0;
      for (size_t r = 0; r < n; ++r) k += in[r];
      counts[c0 / kMorsel] = k;
      if (member) std::copy(in.begin(), in.end(), member->begin() + static_cast<int64_t>(c0));
    };
    if (takeover && (*takeover)(c0, n, in.data())) return finish();
    MorselEval m(*this, c0, n);
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
    finish();
  });
  uint64_t count = 0;
  for (uint64_t k : counts) count += k;
  return count;
}

Vec Interpreter::EvaluateAll(NodeId node) {
  Prepare(node);
  const uint64_t total = customers();
  // Not zeroed first: every morsel writes all its rows, so a fresh process first
  // touches the new memory in the morsels' threads, in parallel.
  Vec all = Vec::Unset(StorageOf(p_.at(node).type.kind), total);
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
    if (v.all_present()) {
      std::fill_n(all.present.begin() + static_cast<ptrdiff_t>(c0), n, uint8_t{1});
    } else {
      std::copy(v.present.begin(), v.present.end(), all.present.begin() + static_cast<ptrdiff_t>(c0));
    }
  });
  all.DropFullPresence();
  return all;
}

Vec Interpreter::EvaluateRows(NodeId node, std::span<const uint32_t> rows) {
  Prepare(node);
  const uint64_t total = customers();
  // The asked rows in row order, cut into spans of customers computed together: a
  // span is a part of one morsel, from and to multiples of 64 customers (the
  // columns' validity words), and ends at a gap of more than kGap customers
  // (computing them would cost more than starting another span). A few customers
  // spread over every morsel (a trigger's firings) are computed with few others.
  constexpr uint64_t kGap = 256;
  std::vector<size_t> order(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] >= total) throw RuntimeError(fmt::format("no customer at row {} ({} customers)", rows[k], total));
    order[k] = k;
  }
  // Asked in row order, as the engine asks (every customer, or a day's candidates).
  if (!std::is_sorted(rows.begin(), rows.end())) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rows[a] < rows[b]; });
  }
  struct Span {
    uint64_t first, end;  // customers [first, end)
    size_t from, to;      // their asked rows: order[from, to)
  };
  std::vector<Span> spans;
  auto round_up = [&](uint64_t r) { return std::min<uint64_t>(total, (r + 63) / 64 * 64); };
  for (size_t i = 0; i < order.size(); ++i) {
    const uint64_t r = rows[order[i]];
    if (spans.empty() || r >= spans.back().end + kGap || r / kMorsel != spans.back().first / kMorsel) {
      spans.push_back({r / 64 * 64, round_up(r + 1), i, i + 1});
    } else {
      spans.back().end = round_up(r + 1);  // rows in order: never below the span's end
      spans.back().to = i + 1;
    }
  }
  // Not zeroed first: every asked row is taken once below, so a fresh process first
  // touches the new memory in the spans' threads, in parallel (a million rows for a
  // yearly trigger's dates).
  Vec out = Vec::Unset(StorageOf(p_.at(node).type.kind), rows.size());
  // Asked row i's value: row r of v.
  auto take = [&](size_t i, const Vec& v, size_t r) {
    if (out.kind == TypeKind::Float) {
      out.f[i] = v.f[r];
    } else if (out.kind == TypeKind::String) {
      out.s[i] = v.s[r];
    } else {
      out.i[i] = v.i[r];
    }
    out.present[i] = static_cast<uint8_t>(v.Present(r));
  };
  rt::ParallelFor(spans.size(), threads_, [&](size_t k) {
    ctx_.CheckInterrupt();
    const Span& span = spans[k];
    MorselEval m(*this, span.first, static_cast<size_t>(span.end - span.first));
    try {
      const Vec& v = m.Eval(node, m.customers());
      for (size_t j = span.from; j < span.to; ++j) take(order[j], v, rows[order[j]] - span.first);
    } catch (const RuntimeError&) {
      // A customer computed alongside but not asked may fail where no asked one
      // does: only the asked ones' errors count (a `show`'s columns, a day's
      // candidates), so each is computed alone, and the first that fails says so.
      for (size_t j = span.from; j < span.to; ++j) {
        MorselEval one(*this, rows[order[j]], 1);
        take(order[j], one.Eval(node, one.customers()), 0);
      }
    }
  });
  out.DropFullPresence();
  return out;
}

}  // namespace sam::interp
