// The seam between `sam test` and the campaign engine (engine/, `sam run`): a test's
// `expect contact` / `expect no contact` ask what the engine would send. RunTests asks a
// ContactPlanner (EnginePlanner runs the engine day by day on a fresh in-memory state);
// without one those expectations are reported as not run, never as passed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::testing {

// One contact the engine plans.
struct PlannedContact {
  std::string customer;  // the customer's key, as text (`42`, `C-001`)
  std::string campaign;  // the campaign's name
  std::string message;   // the step's message id (`"we-miss-you"`)
  int64_t day = 0;       // the send date in the customer's local time, days since 1970-01-01
  int64_t run_day = 0;   // the run date that planned it (the send may be later: quiet hours)
};

class ContactPlanner {
 public:
  virtual ~ContactPlanner() = default;
  // The contacts `program` plans over `db` (the test's rows) on the run dates `today`
  // through `until` (days since 1970-01-01, `until` >= `today`), in any order.
  virtual std::vector<PlannedContact> Plan(const ir::Program& program, const rt::Database& db, int64_t today,
                                           int64_t until) = 0;
};

}  // namespace sam::testing
