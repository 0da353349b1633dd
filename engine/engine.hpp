// The campaign engine: plans each run date's contacts (docs/engine.md). One entry
// point, Run: for every date from the one after the last committed run up to the date
// asked (the first run: that date alone), in order, it evaluates the triggers and
// audiences, moves the journeys on, arbitrates the candidate contacts under the
// policy and commits the date's decisions to the state in one transaction. A date
// already committed is not planned again: its plan is read back from the state.
//
// Expressions are evaluated only through the backend interface (backends/backend.hpp):
// the engine never sees how a backend computes them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "engine/state/store.hpp"
#include "ir/ir.hpp"
#include "runtime/data/database.hpp"
#include "stdlib/bucket_hash.hpp"

namespace sam::engine {

struct DayPlan;

struct RunOptions {
  int64_t date = 0;       // the run date, days since 1970-01-01
  bool dry_run = false;   // plan, but commit nothing
  int64_t max_dates = 0;  // more dates to plan than this (a mistyped --date) is an error; 0: no limit
  int threads = 0;
  std::string data_fingerprint;  // where the data came from, for the runs table
  // The program whose text identifies the run and each campaign's definition in the
  // state (null: the one run). `sam run --engine` runs a copy that reads its rankings
  // from fields, and must not look like a changed program.
  const ir::Program* printed = nullptr;
  // Called before each date is planned (progress: date, index, count).
  std::function<void(int64_t, size_t, size_t)> progress;
  // Called with each date's plan on another thread while it is committed (not for a
  // replayed date): output that must not appear before the commit is prepared here and
  // published by `committed`. An exception it throws ends the run after the commit.
  std::function<void(const DayPlan&)> planned;
  // Called with each date's plan right after it is committed (or replayed).
  std::function<void(const DayPlan&)> committed;
  // Where a span of the program is, "program.sam:41:3", for the rules that stop contacts.
  std::function<std::string(Span)> where;
  // The program's text of a span, for reasons (`email_bounced` holds); empty: the IR's.
  std::function<std::string(Span)> text;
};

// Per campaign and run date: the candidates and what became of them.
struct CampaignCounts {
  std::string campaign;
  int64_t entered = 0;     // new journeys (held out included)
  int64_t candidates = 0;  // contacts due (held out included)
  int64_t held_out = 0;
  std::map<std::string, int64_t> stopped;  // rule -> candidates it stopped (a candidate may count under several)
  int64_t planned = 0;
};

struct DayPlan {
  int64_t date = 0;
  bool replayed = false;  // committed before: read back, nothing written
  std::vector<state::Contact> contacts;
  std::vector<state::Stop> stops;  // held-out contacts too, with rule `holdout`
  std::vector<CampaignCounts> campaigns;
  std::vector<std::string> notes;  // e.g. an unknown time zone name
  // Where the date's time went (`sam run --timer`): phase, seconds, in order.
  std::vector<std::pair<std::string, double>> timings;
};

class EngineError : public std::runtime_error {
 public:
  explicit EngineError(const std::string& what) : std::runtime_error(what) {}
};

// Throws EngineError (a date before the last committed one), state::StateError and
// rt::RuntimeError (an error in the data while evaluating).
std::vector<DayPlan> Run(const ir::Program& program, const rt::Database& db, backend::Backend& backend,
                         state::Store& store, const RunOptions& options);

// The hash of `bucket` (stdlib/bucket_hash.hpp), which the holdout and limit draws use.
using sam::BucketHash;

}  // namespace sam::engine
