// One run date's plan (engine.hpp's Run calls it for each date in order): entries,
// journeys, candidates; arbitration.hpp decides which candidates are sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "engine/evaluate.hpp"

namespace sam::engine {

// A contact a journey wants to make this run, before the policy.
struct Candidate {
  int campaign = -1;
  int step = -1;
  uint32_t row = 0;      // the customer
  size_t journey = 0;    // index into the day's journeys
  int64_t priority = 0;  // effective: `suggest` may override the campaign's
};

struct Day {
  const ir::Program& p;
  const rt::Database& db;
  state::Store& store;
  Evaluator& eval;
  int64_t date = 0, now = 0, prev_now = 0;
  const std::function<std::string(Span)>* where = nullptr;
  const std::function<std::string(Span)>* text = nullptr;
  const ir::Program* printed = nullptr;  // RunOptions::printed; null: p
  std::string Where(Span s) const { return where && *where ? (*where)(s) : std::string(); }
  // An expression as written in the program, else as the IR prints it.
  std::string Text(ir::NodeId id) const {
    std::string t = text && *text ? (*text)(p.at(id).span) : std::string();
    return t.empty() ? ir::PrintExpr(p, id) : t;
  }
};

// What the day decided, ready to commit. The commit's contacts and stops are left
// empty: they are the plan's, which the caller lends to the write.
struct DayDecisions {
  DayPlan plan;
  state::Store::Commit commit;
};

DayDecisions PlanDay(Day& day);

// The campaign's identity in the state: its key, else its name.
std::string CampaignId(const ir::Campaign& c);
// The customer's key as text (the state's and the plan's form), and back to its row.
std::string CustomerKey(const rt::Database& db, uint32_t row);
std::optional<uint32_t> CustomerRow(const rt::Database& db, const std::string& key);
// The plan's counts of a campaign (added when missing), and a note added once.
CampaignCounts& CountsOf(DayPlan& plan, const std::string& campaign);
void AddNote(DayPlan& plan, std::string note);
// Checks (a snapshot's checksums) every column the engine may read, before it reads one
// (Touched: for one customer's values, `sam why`).
void RequireColumns(const ir::Program& p, const rt::Database& db, rt::Reading reading = rt::Reading::Whole);
// A fingerprint of what a campaign does (migrate): its printed definition and trigger.
std::string CampaignFingerprint(const ir::Program& p, int campaign);

}  // namespace sam::engine
