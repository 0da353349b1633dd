// Who a run may plan for, known before the data is read (`sam run --engine`,
// docs/sql.md "sam run --engine"): the customers that an engine holding the data
// must send so that the planner, run over them alone, decides exactly as over every
// customer. A superset is harmless (the others are not planned for); a customer
// left out would be a contact missed, so every bound here errs on the wide side.
//
// The candidates of the run dates still to plan:
// - those for whom a campaign's audience or a watched segment (`enters`, `leaves`)
//   holds on one of the dates;
// - those with an event in a window of a trigger's table (`on TABLE`, `inactive`);
// - those whose date has an anniversary on one of them (`yearly EXPR`);
// - every customer for whom its `if` holds, when a date trigger (`on DATE`,
//   `yearly MM-DD`) fires on one of them (everyone, when the `if` reads the trigger);
// - those the state names: open journeys, firings held back by `limit`, the members
//   stored for `leaves`.
// Over a subset, a value that depends on other customers (`top 10%`, `rank`) would
// differ: Populations lists them, for the engine to compute over every customer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/state/store.hpp"
#include "ir/ir.hpp"

namespace sam::engine {

struct Candidates {
  std::vector<int64_t> dates;  // to plan, in order; empty: every date asked is committed (a replay)
  bool everyone = false;
  // Customer-level conditions: a customer for whom one holds on one of `dates` is a candidate.
  std::vector<ir::NodeId> conditions;
  // A customer with an event of `table` at a time in [since, until) (µs) is a candidate.
  struct Window {
    int table = -1;
    int64_t since = INT64_MIN, until = INT64_MAX;
  };
  std::vector<Window> events;
  // A customer whose date `when` (a date, or a timestamp's date in any time zone) is on
  // one of `month_days` (MM * 100 + DD) is a candidate.
  struct Anniversary {
    ir::NodeId when = ir::kNone;
    std::vector<int> month_days;
  };
  std::vector<Anniversary> anniversaries;
  std::set<std::string> keys;  // customer keys the state names
};

// The largest value a column holds (SAM's form), which the engine holding the data
// tells; none: unknown. A delay or period read from the data (`after
// days(propositions[trigger.product].wait_days ?? 30)`) is bounded by its columns'.
using ColumnMax = std::function<std::optional<int64_t>(int table, int field)>;

// The candidates of a run for `date` (and the dates skipped since the last one).
Candidates CandidatesOf(const ir::Program& program, const state::Store& store, int64_t date,
                        const ColumnMax& column_max = {});

// The population operations (`top`, `bottom`, `rank`, `percentile`) of what the
// engine evaluates (campaigns, triggers, the policy, and the lets they read).
// In the order written.
std::vector<ir::NodeId> Populations(const ir::Program& program);

}  // namespace sam::engine
