// An independent reference planner for `sam run` (docs/engine.md), deliberately naive:
// day by day, campaign by campaign, customer by customer, in straight loops over its
// own plain state in memory. It shares nothing with engine/: it reads the IR, the data
// and evaluates expressions one customer at a time through the backend interface.
// The comparison test (reference_test.cpp) checks that it plans exactly what the
// engine plans. It covers what the random programs use (tests/README.md): audiences,
// every trigger source, steps, `exit when`, `reentry`, `limit`, `holdout`,
// `from`/`until`, `send at`, `priority` and the whole policy but `portfolio`. Not
// covered: `paused` campaigns with journeys and `migrate` (one program version only).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::reference {

struct PlannedContact {
  std::string customer, campaign, message, channel;  // campaign: its name
  int step = 0;
  int64_t send_at = 0;  // µs, UTC
};

struct PlannedStop {
  std::string customer, campaign, message, rule;
  int step = 0;
};

struct DayOutcome {
  int64_t date = 0;
  std::vector<PlannedContact> contacts;
  std::vector<PlannedStop> stops;
};

class ReferencePlanner {
 public:
  ReferencePlanner(const ir::Program& program, const rt::Database& db, backend::Backend& backend);
  ~ReferencePlanner();
  // The first call is the first run; each later call must be for the next date.
  DayOutcome Plan(int64_t date);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sam::reference
