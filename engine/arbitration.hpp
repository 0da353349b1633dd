// The policy over a run date's candidate contacts (docs/language.md §16, docs/engine.md
// "Arbitration"): in effective priority order, each candidate's send moment (`send at`
// in the customer's zone, past quiet hours), then every rule that applies: `suppress`,
// `allow`, the channel's address, each required consent at the send moment, each `max`
// counted over the history and the contacts accepted earlier in the run. A candidate
// that no rule stops becomes a contact; one that some rules stop records them all.
#pragma once

#include <vector>

#include "engine/plan_day.hpp"

namespace sam::engine {

void Arbitrate(Day& day, std::vector<state::Journey>& journeys, std::vector<Candidate>& candidates, DayDecisions& out);

}  // namespace sam::engine
