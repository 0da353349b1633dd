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

// One contact the engine wanted and a rule (or the holdout) stopped: why an expected
// contact is missing.
struct StoppedContact {
  std::string customer, campaign, message;  // as in PlannedContact
  int64_t run_day = 0;                      // the run date that stopped it
  std::string rule;                         // `max`, `consent`, `suppress`, `holdout`...
  std::string reason;                       // the engine's words, with the values that decided
  std::string source;                       // where the rule is written ("t.sam:8:3"), or ""
};

// What the engine's runs planned and stopped.
struct PlannedRuns {
  std::vector<PlannedContact> contacts;
  std::vector<StoppedContact> stops;
};

class ContactPlanner {
 public:
  virtual ~ContactPlanner() = default;
  // The contacts `program` plans (and stops) over `db` (the test's rows) on the run
  // dates `today` through `until` (days since 1970-01-01, `until` >= `today`), in any order.
  virtual PlannedRuns Plan(const ir::Program& program, const rt::Database& db, int64_t today, int64_t until) = 0;
};

}  // namespace sam::testing
