// The campaign engine behind `expect contact`: each test runs the engine day by day
// from its `today` on a fresh state in memory (docs/engine.md, "Tests").
#pragma once

#include <functional>
#include <string>

#include "backends/backend.hpp"
#include "base/source.hpp"
#include "testing/contact_planner.hpp"

namespace sam::testing {

class EnginePlanner final : public ContactPlanner {
 public:
  // `sources`: the program's text, for a stop's rule as written and its place
  // ("t.sam:8:3"); null: as the IR prints it, without a place.
  explicit EnginePlanner(backend::Backend& backend, const SourceManager* sources = nullptr);
  PlannedRuns Plan(const ir::Program& program, const rt::Database& db, int64_t today, int64_t until) override;

 private:
  backend::Backend& backend_;
  std::function<std::string(Span)> where_, text_;
};

}  // namespace sam::testing
