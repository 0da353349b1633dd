// The reference planner's plain state and its one-customer evaluator, shared by its
// journey half (reference_planner.cpp) and its policy half (reference_policy.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/reference/reference_planner.hpp"

namespace sam::reference {

struct RefJourney {
  int campaign = 0;
  uint32_t row = 0;
  int64_t entry = 0;
  bool held_out = false;
  int next = 0;  // the next step
  enum Status { Active, Finished, Exited } status = Active;
  int64_t trigger_at = backend::kNoTime;  // trigger campaigns: the source moment
  int64_t event = -1;                     // the firing event's row
  std::string instance;                   // `per FIELD`: the event's value as text
};

// A contact planned by any run so far: what caps and rates count.
struct RefSent {
  uint32_t row = 0;
  int campaign = 0;
  std::string channel;
  bool commercial = false;
  int64_t at = 0;
};

// A trigger firing held back by `limit`.
struct RefHeld {
  int campaign = 0;
  uint32_t row = 0;
  int64_t at = 0, event = -1, since = 0;
  std::string instance;
};

// A firing of a campaign's trigger, or an audience entry.
struct RefFiring {
  uint32_t row = 0;
  int64_t at = 0, event = -1;
  std::string instance;
  int64_t since = -1;  // held back by `limit` since this date; -1: new
};
inline RefFiring FiringAt(uint32_t row, int64_t at) {
  RefFiring f;
  f.row = row;
  f.at = at;
  return f;
}

struct RefCandidate {
  int campaign = 0, step = 0;
  uint32_t row = 0;
  int64_t priority = 0;
};

// Evaluates expressions for one customer at a time, as of one run date.
class OneByOne {
 public:
  OneByOne(const ir::Program& p, const rt::Database& db, backend::Backend& b, int64_t date);
  backend::Values Value(ir::NodeId node, uint32_t row);
  bool Holds(ir::NodeId node, uint32_t row);  // absent: false; kNone: true
  // With a journey's entry (kNoTime: none) and a trigger instance (at kNoTime: none).
  bool HoldsWith(ir::NodeId node, uint32_t row, int64_t entry, int table, int64_t at, int64_t event);
  backend::Values ValueWith(ir::NodeId node, uint32_t row, int64_t entry, int table, int64_t at, int64_t event);
  std::vector<backend::EventRow> Events(int table, ir::NodeId filter) { return plain_->Events(table, filter, INT64_MIN); }
  int64_t Constant(ir::NodeId node) { return node == ir::kNone ? 0 : Value(node, 0).ints.at(0); }

 private:
  const ir::Program& p_;
  const rt::Database& db_;
  backend::Backend& b_;
  backend::Context context_;
  std::unique_ptr<backend::Prepared> plain_;
};

struct RefWorld {
  const ir::Program& p;
  const rt::Database& db;
  std::string zone;  // the program's
  std::vector<RefJourney> journeys;  // every journey ever, in the order they started
  std::vector<RefSent> sent;
  std::vector<RefHeld> held;
  // `enters` / `leaves`: each segment's members (keys) as the previous run saw them.
  std::map<int, std::set<std::string>> members;
};

std::string KeyOf(const rt::Database& db, uint32_t row);
// An event field's value as text ("" when absent): the instance of a `per` trigger.
std::string FieldText(const rt::Column& c, uint64_t row);
// An event's time as an instant (a date column: its 00:00 in the program's zone).
int64_t EventMoment(const RefWorld& w, int table, uint64_t row);
bool Commercial(const ir::Campaign& c);

// The firings of trigger `t` in the run (prev_now, now] (reference_triggers.cpp);
// `members_now`: the segments' members in this run.
std::vector<RefFiring> TriggerFirings(RefWorld& w, OneByOne& eval, const ir::Trigger& t, int64_t date, int64_t prev_now,
                                      int64_t now, const std::map<int, std::set<std::string>>& members_now);

// The policy over one run's candidates (docs/engine.md "Arbitration").
void Arbitrate(RefWorld& w, OneByOne& eval, int64_t date, int64_t now, std::vector<RefCandidate> candidates,
               DayOutcome& out);

}  // namespace sam::reference
