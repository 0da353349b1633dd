#include "testing/engine_planner.hpp"

#include "engine/engine.hpp"
#include "schema/value_text.hpp"

namespace sam::testing {

EnginePlanner::EnginePlanner(backend::Backend& backend, const SourceManager* sources) : backend_(backend) {
  if (!sources) return;
  where_ = [sources](Span s) { return sources->Where(s); };
  text_ = [sources](Span s) { return std::string(sources->Text(s)); };
}

PlannedRuns EnginePlanner::Plan(const ir::Program& program, const rt::Database& db, int64_t today, int64_t until) {
  engine::state::Store store = engine::state::Store::InMemory();
  PlannedRuns out;
  for (int64_t date = today; date <= until; ++date) {
    engine::RunOptions options;
    options.date = date;
    options.threads = 1;
    options.where = where_;
    options.text = text_;
    for (const engine::DayPlan& plan : engine::Run(program, db, backend_, store, options)) {
      for (const auto& c : plan.contacts) {
        // The local date of the send moment: the first ten characters of its local text.
        auto day = DecodeDate(c.local_time.substr(0, 10));
        out.contacts.push_back({c.customer, c.campaign_name, c.message,
                                std::holds_alternative<int64_t>(day) ? std::get<int64_t>(day) : date, date});
      }
      for (const auto& s : plan.stops)
        out.stops.push_back({s.customer, s.campaign, s.message, date, s.rule, s.reason, s.source});
    }
  }
  return out;
}

}  // namespace sam::testing
