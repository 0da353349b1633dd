// `sam why KEY CAMPAIGN`: why a campaign did or did not contact a customer on a run
// date, from what `sam run` recorded (journeys, contacts, stopped contacts with their
// rules) and the campaign's entry condition evaluated again for that customer, part by
// part (docs/engine.md, "Why").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "engine/state/store.hpp"

namespace sam::engine {

struct Explanation {
  std::string customer, campaign;
  int64_t date = 0;
  bool run_committed = false;  // the state has a run for `date`
  // The audience: the whole condition and each part of a top-level `and`/`or`, with
  // its value for the customer ("true", "false", "absent", "612.40").
  std::vector<std::pair<std::string, std::string>> entry;
  // A trigger campaign: the trigger's name and where it is written, and the firings the
  // run of `date` considered for the customer: for `on TABLE`, each matching event
  // whose moment plus the delay fell in the run's interval; for a date, `yearly` or
  // `inactive` trigger, the source moment that fell due (none: it did not fire); for
  // `enters`/`leaves`, the run's moment with the segment's membership then (the
  // previous run's is not kept). Each with `if`/`unless` evaluated as the run did
  // (whole and by parts) and what they decided.
  std::string trigger, trigger_source;
  struct TriggerFiring {
    int64_t at = 0;        // trigger.at (µs)
    std::string instance;  // `per` value, else ""
    std::vector<std::pair<std::string, std::string>> conditions;  // "if COND" / "unless COND" and parts
    std::string outcome;   // "fires", "turned down by `if`" / "... `unless`"; enters/
                           // leaves: "does not fire: ..." or "fires if ... at the previous run"
  };
  std::vector<TriggerFiring> firings;
  // Why nobody entered the campaign on `date` whatever held: "the campaign is paused",
  // "the campaign starts on 2026-03-03 (`from`)", "the campaign ended on ... (`until`)";
  // else "".
  std::string closed;
  // An audience that holds without a journey begun on `date`: what kept the customer
  // out (`reentry`, a journey running, `limit N per run`), from the state; else "".
  std::string not_entered;
  bool absent = false;  // the customer is not in the data: only what the state holds
  std::vector<state::Journey> journeys;
  std::vector<state::Contact> contacts;  // of this campaign on `date`
  std::vector<state::Stop> stops;        // of this campaign on `date`
  bool held_out = false;
  // The holdout draw (docs/engine.md "The holdout draw"): bucket(KEY, 10000) of the
  // customer for the campaign's key, held out below holdout% x 100; -1: no holdout.
  int64_t holdout_bucket = -1;
  double holdout_percent = 0;
  // The policy rules that concern this campaign's channels, with their values for the
  // customer on the date: suppressions, allows, the consents it requires, the zone.
  struct PolicyValue {
    std::string rule, value, source;
  };
  std::vector<PolicyValue> policy;
};

// Throws EngineError for an unknown customer; `campaign` is a Program::campaigns index.
Explanation Why(const ir::Program& program, const rt::Database& db, backend::Backend& backend,
                const state::Store& store, int campaign, const std::string& customer, int64_t date,
                const std::function<std::string(Span)>& text, const std::function<std::string(Span)>& where = {});

}  // namespace sam::engine
