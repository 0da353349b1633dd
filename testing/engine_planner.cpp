#include "testing/engine_planner.hpp"

#include "engine/engine.hpp"
#include "schema/value_text.hpp"

namespace sam::testing {

std::vector<PlannedContact> EnginePlanner::Plan(const ir::Program& program, const rt::Database& db, int64_t today,
                                                int64_t until) {
  engine::state::Store store = engine::state::Store::InMemory();
  std::vector<PlannedContact> out;
  for (int64_t date = today; date <= until; ++date) {
    engine::RunOptions options;
    options.date = date;
    options.threads = 1;
    for (const engine::DayPlan& plan : engine::Run(program, db, backend_, store, options)) {
      for (const auto& c : plan.contacts) {
        // The local date of the send moment: the first ten characters of its local text.
        auto day = DecodeDate(c.local_time.substr(0, 10));
        out.push_back({c.customer, c.campaign_name, c.message,
                       std::holds_alternative<int64_t>(day) ? std::get<int64_t>(day) : date, date});
      }
    }
  }
  return out;
}

}  // namespace sam::testing
