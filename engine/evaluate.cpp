#include "engine/evaluate.hpp"

#include <algorithm>
#include <numeric>

namespace sam::engine {

namespace {

std::vector<uint8_t> Truth(const backend::Values& v) {
  std::vector<uint8_t> out(v.ints.size());
  for (size_t r = 0; r < out.size(); ++r) out[r] = v.Present(r) && v.ints[r] != 0;
  return out;
}

// What a day's planning asks of every customer, announced to the backend so that a
// compiling one compiles it all at once (backend::Prepared::Expect): the campaigns'
// audiences, the segments that triggers watch and suggestions name, the yearly
// triggers' dates, the policy's per-customer values. Journeys' expressions are asked
// of a few customers in contexts of their own, and are not announced.
std::vector<backend::Question> DayQuestions(const ir::Program& p) {
  std::vector<backend::Question> out;
  auto segment = [&](int let) {
    if (let >= 0) out.push_back({let, ir::kNone, ir::kNone});
  };
  auto value = [&](ir::NodeId node) {
    if (node != ir::kNone) out.push_back({-1, ir::kNone, node});
  };
  for (const ir::Campaign& c : p.campaigns) {
    if (!c.paused && c.audience != ir::kNone) out.push_back({-1, c.audience, ir::kNone});
  }
  for (const ir::Trigger& t : p.triggers) {
    segment(t.segment);
    if (t.source == ir::TriggerSource::Yearly) value(t.when);
  }
  const ir::Policy& pol = p.policy;
  value(pol.timezone);
  for (const auto& c : pol.consents) {
    for (ir::NodeId node : {c.granted, c.confirmed, c.withdrawn}) value(node);
  }
  for (const auto& s : pol.suppressions) value(s.condition);
  for (const auto& a : pol.allows) value(a.condition);
  for (const auto& [let, list] : pol.suggestions) segment(let);
  return out;
}

}  // namespace

Evaluator::Evaluator(const ir::Program& program, const rt::Database& db, backend::Backend& backend, int64_t date,
                     int threads)
    : p_(program), db_(db), backend_(backend) {
  context_.today = date;
  context_.threads = threads;
  plain_ = backend_.Prepare(p_, db_, context_);
  plain_->Expect(DayQuestions(p_));
}

std::vector<uint8_t> Evaluator::Holds(ir::NodeId condition) {
  std::vector<uint8_t> member;
  plain_->Members(-1, condition, &member);
  return member;
}

const std::vector<uint8_t>& Evaluator::HoldsSegment(int let) {
  auto [it, added] = segments_.try_emplace(let);
  if (added) plain_->Members(let, ir::kNone, &it->second);
  return it->second;
}

std::vector<uint8_t> Evaluator::Holds(ir::NodeId condition, std::span<const uint32_t> rows) {
  if (condition == ir::kNone) return std::vector<uint8_t>(rows.size(), 1);
  if (rows.size() * 32 < db_.customer_count()) return Truth(plain_->Evaluate(condition, rows));
  // Rows in most morsels (a day's tens of thousands of candidates among a million):
  // the condition's pass over every customer, as `count customers where` runs it, is
  // faster than its values for rows spread over every morsel.
  const std::vector<uint8_t> all = Holds(condition);
  std::vector<uint8_t> out(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) out[k] = all[rows[k]];
  return out;
}

backend::Values Evaluator::Values(ir::NodeId node, std::span<const uint32_t> rows) { return plain_->Evaluate(node, rows); }

// The context is sparse (backend::Context::rows): values for the rows evaluated only,
// in ascending row order, not customer-sized vectors built for each layer.
backend::Values Evaluator::ValuesWith(ir::NodeId node, std::span<const uint32_t> rows, std::span<const int64_t> entry,
                                      const Trigger& trigger) {
  std::vector<uint32_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0u);
  if (!std::is_sorted(rows.begin(), rows.end())) {  // a layer of events mostly is already
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return rows[a] < rows[b]; });
  }
  backend::Context context = context_;
  context.rows.emplace(rows.size());
  for (size_t k = 0; k < order.size(); ++k) (*context.rows)[k] = rows[order[k]];
  if (!entry.empty()) {
    context.entry.emplace(rows.size());
    for (size_t k = 0; k < order.size(); ++k) (*context.entry)[k] = entry[order[k]];
  }
  if (!trigger.at.empty()) {
    context.trigger.emplace();
    context.trigger->table = trigger.table;
    context.trigger->at.resize(rows.size());
    context.trigger->row.assign(rows.size(), -1);
    for (size_t k = 0; k < order.size(); ++k) {
      context.trigger->at[k] = trigger.at[order[k]];
      if (!trigger.row.empty()) context.trigger->row[k] = trigger.row[order[k]];
    }
  }
  return backend_.Prepare(p_, db_, context)->Evaluate(node, rows);
}

int64_t Evaluator::Constant(ir::NodeId node) {
  if (node == ir::kNone || db_.customer_count() == 0) return 0;
  // A literal (`30d`, the usual case) needs no backend, nor a compiled kernel.
  if (const ir::Node& n = p_.at(node); n.op == ir::Op::Const && !n.value.absent) return n.value.i;
  const uint32_t first = 0;
  backend::Values v = plain_->Evaluate(node, std::span(&first, 1));
  return v.ints.empty() ? 0 : v.ints[0];
}

}  // namespace sam::engine
