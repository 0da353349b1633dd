// The campaign engine behind `expect contact`: each test runs the engine day by day
// from its `today` on a fresh state in memory (docs/engine.md, "Tests").
#pragma once

#include "backends/backend.hpp"
#include "testing/contact_planner.hpp"

namespace sam::testing {

class EnginePlanner final : public ContactPlanner {
 public:
  explicit EnginePlanner(backend::Backend& backend) : backend_(backend) {}
  std::vector<PlannedContact> Plan(const ir::Program& program, const rt::Database& db, int64_t today,
                                   int64_t until) override;

 private:
  backend::Backend& backend_;
};

}  // namespace sam::testing
