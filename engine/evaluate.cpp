#include "engine/evaluate.hpp"

namespace sam::engine {

namespace {

std::vector<uint8_t> Truth(const backend::Values& v) {
  std::vector<uint8_t> out(v.ints.size());
  for (size_t r = 0; r < out.size(); ++r) out[r] = v.Present(r) && v.ints[r] != 0;
  return out;
}

}  // namespace

Evaluator::Evaluator(const ir::Program& program, const rt::Database& db, backend::Backend& backend, int64_t date,
                     int threads)
    : p_(program), db_(db), backend_(backend) {
  context_.today = date;
  context_.threads = threads;
  plain_ = backend_.Prepare(p_, db_, context_);
}

std::vector<uint8_t> Evaluator::Holds(ir::NodeId condition) {
  std::vector<uint8_t> member;
  plain_->Members(-1, condition, &member);
  return member;
}

std::vector<uint8_t> Evaluator::HoldsSegment(int let) {
  std::vector<uint8_t> member;
  plain_->Members(let, ir::kNone, &member);
  return member;
}

std::vector<uint8_t> Evaluator::Holds(ir::NodeId condition, std::span<const uint32_t> rows) {
  if (condition == ir::kNone) return std::vector<uint8_t>(rows.size(), 1);
  return Truth(plain_->Evaluate(condition, rows));
}

backend::Values Evaluator::Values(ir::NodeId node, std::span<const uint32_t> rows) { return plain_->Evaluate(node, rows); }

backend::Values Evaluator::ValuesWith(ir::NodeId node, std::span<const uint32_t> rows, std::span<const int64_t> entry,
                                      const Trigger& trigger) {
  backend::Context context = context_;
  const size_t customers = db_.customer_count();
  if (!entry.empty()) {
    context.entry.emplace(customers, backend::kNoTime);
    for (size_t r = 0; r < rows.size(); ++r) (*context.entry)[rows[r]] = entry[r];
  }
  if (!trigger.at.empty()) {
    context.trigger.emplace();
    context.trigger->table = trigger.table;
    context.trigger->at.assign(customers, backend::kNoTime);
    context.trigger->row.assign(customers, -1);
    for (size_t r = 0; r < rows.size(); ++r) {
      context.trigger->at[rows[r]] = trigger.at[r];
      if (!trigger.row.empty()) context.trigger->row[rows[r]] = trigger.row[r];
    }
  }
  return backend_.Prepare(p_, db_, context)->Evaluate(node, rows);
}

int64_t Evaluator::Constant(ir::NodeId node) {
  if (node == ir::kNone || db_.customer_count() == 0) return 0;
  const uint32_t first = 0;
  backend::Values v = plain_->Evaluate(node, std::span(&first, 1));
  return v.ints.empty() ? 0 : v.ints[0];
}

}  // namespace sam::engine
