// The planner of one run date, internal to the engine: plan_day.cpp moves the journeys
// (migrate, exits, entries, steps) and triggers.cpp finds what fires.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/phase_clock.hpp"
#include "engine/plan_day.hpp"
#include "engine/trigger_dates.hpp"

namespace sam::engine {

using state::Journey;

// A firing of a campaign's trigger for a customer: the source moment.
struct Firing {
  uint32_t row;                 // the customer
  int64_t at;                   // the source moment (`trigger.at`)
  int64_t event = -1;           // `on TABLE`: the event's row (`trigger.FIELD`)
  std::string instance = "";    // `per FIELD`: the event's value of FIELD, as text
  int64_t pending_since = -1;   // a firing held back by `limit` since this run date; -1: new
};

class Planner {
 public:
  explicit Planner(Day& day)
      : d_(day), zone_(day.p.timezone), run_{day.date, day.prev_now, day.now, zone_},
        clock_(out_.plan.timings) {}

  DayDecisions Run();

 private:
  CampaignCounts& Counts(int c) { return CountsOf(out_.plan, d_.p.campaigns[c].name); }

  void Campaign(int c);

  // A changed definition: `migrate` says what becomes of the journeys under way.
  void Migrate(int c, const std::string& id);

  std::optional<uint32_t> Row(const std::string& key) const { return CustomerRow(d_.db, key); }

  // An item to evaluate an expression for: a customer row with its entry and trigger.
  struct Item {
    uint32_t row;
    int64_t entry;
    int64_t at;
    int64_t event;
  };
  // Evaluates `node` for items in layers of at most one item per customer (the backend
  // takes one entry and one trigger per customer): an item's layer is the number of
  // earlier items of its customer, and a layer keeps the items' order. take(k, v, i)
  // receives item k's value, row i of v.
  template <class Take>
  void Layered(ir::NodeId node, int table, const std::vector<Item>& items, bool with_entry, Take take) {
    std::vector<std::vector<size_t>> layers;
    // Events come grouped by customer (in row order): then an item's layer is its place
    // in its customer's run, with no hash look-up per item (millions of events).
    const bool grouped = std::is_sorted(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.row < b.row; });
    std::unordered_map<uint32_t, size_t> seen;
    size_t run_layer = 0;  // the previous item's layer
    for (size_t k = 0; k < items.size(); ++k) {
      size_t layer = 0;
      if (!grouped) {
        layer = seen[items[k].row]++;
      } else if (k > 0 && items[k - 1].row == items[k].row) {
        layer = run_layer + 1;
      }
      run_layer = layer;
      if (layer == layers.size()) layers.emplace_back();
      layers[layer].push_back(k);
    }
    for (const std::vector<size_t>& layer : layers) {
      std::vector<uint32_t> rows;
      std::vector<int64_t> entry, at, event;
      for (size_t k : layer) {
        rows.push_back(items[k].row);
        entry.push_back(items[k].entry);
        at.push_back(items[k].at);
        event.push_back(items[k].event);
      }
      const Evaluator::Trigger trigger{table, at, event};
      const backend::Values v =
          d_.eval.ValuesWith(node, rows, with_entry ? std::span<const int64_t>(entry) : std::span<const int64_t>(), trigger);
      for (size_t i = 0; i < layer.size(); ++i) take(layer[i], v, i);
    }
  }

  // Whether `condition` holds for each item (absent: it does not; kNone: it holds).
  std::vector<uint8_t> Holds(ir::NodeId condition, int table, const std::vector<Item>& items, bool with_entry);

  // The table of the events a campaign's trigger fires on, or -1.
  int TriggerTable(const ir::Campaign& camp) const;

  // The firing event of a journey, found again by its customer, time and instance:
  // row numbers change when the data is loaded again.
  int64_t FindEvent(const ir::Campaign& camp, uint32_t row, const Journey& j) const;

  int64_t EventTime(int table, uint64_t x) const;

  std::string ValueText(int table, int field, uint64_t x) const;

  // Evaluates `condition` with each journey's entry and trigger. A condition that
  // reads `trigger.FIELD` of an event no longer in the data does not hold; `gone`
  // (when given, sized as `list`) marks those journeys.
  std::vector<uint8_t> PerJourney(const ir::Campaign& camp, ir::NodeId condition, const std::vector<size_t>& list,
                                  std::vector<uint8_t>* gone = nullptr);
  std::string EventGone(const ir::Campaign& camp, const Journey& j) const;

  // `exit when` is checked on every run, before the steps due on it.
  void Exits(const ir::Campaign& camp, std::vector<size_t>& open);

  // Keeps the customer's latest journey (for `reentry`) as this run changed it.
  void Latest(const ir::Campaign& camp, const Journey& j);
  bool UsesLatest(const ir::Campaign& camp) const;

  // The customer's latest journey in a campaign as this run left it, if any. The state
  // is asked only for the customers the run meets (Prefetch), never for the whole
  // history: it grows every day, the day's firings do not.
  // What `reentry` asks of a customer's latest journey in a campaign.
  struct LatestEntry {
    int64_t entry;
    Journey::Status status;
  };
  std::optional<LatestEntry>& LatestOf(const std::string& id, const std::string& customer);
  static std::optional<LatestEntry> Entry(const std::optional<Journey>& j);

  // Reads the latest journeys of these customers that are not known yet, in one batch.
  void Prefetch(const std::string& id, const std::vector<Firing>& firings);

  bool ActiveToday(const ir::Campaign& c) const;

  // Whether `reentry` lets the customer enter (again) today.
  bool MayEnter(const ir::Campaign& camp, const std::string& id, const std::string& customer);

  std::vector<Firing> Firings(const ir::Campaign& camp);

  // The source days X of a date trigger that fire now: X's midnight plus the delay in
  // (previous run's now, this run's now].
  std::vector<int64_t> SourceDays(int64_t delay) const;

  std::vector<Firing> TriggerFirings(const ir::Trigger& t);

  // `enters`/`leaves`: against the membership stored by the previous run. The first run
  // stores it and fires nothing (docs/engine.md).
  void SegmentChanges(const ir::Trigger& t, std::vector<Firing>& out);

  // A segment's members now and as the previous run stored them; stored again by every
  // run, whether or not a campaign on it may fire that day (docs/engine.md: day by day).
  struct Membership {
    std::vector<uint8_t> now;
    std::optional<std::vector<std::string>> before;  // their keys
  };
  const Membership& MembershipOf(int segment);

  // `if` must hold and `unless` must not, when the trigger fires.
  void Filter(const ir::Trigger& t, std::vector<Firing>& out);
  void FilterTimed(const ir::Trigger& t, std::vector<Firing>& out);

  // `on TABLE where COND [after D] [per FIELD]`: each matching event fires in the first
  // run whose `now` is after the event and at or after the event plus the delay. Only
  // the events that fire become firings: the history is long, the day's firings few.
  void EventFirings(const ir::Trigger& t, std::vector<Firing>& out);

  // Whether an event at `at` fires in this run after `delay` (INT64_MAX: never).
  bool FiresNow(int64_t at, int64_t delay) const;

  // The earliest event that may fire in this run after a constant `delay`: FiresNow
  // turns down every earlier one.
  int64_t EarliestFiring(int64_t delay) const;

  // The values of some fields of an event, as codes (ValuesOf): a key of FieldDelays.
  struct FieldValues {
    std::array<int64_t, 4> codes{};
    uint32_t present = 0;  // bit f: field f is present
    bool operator==(const FieldValues&) const = default;
  };
  struct FieldValuesHash {
    size_t operator()(const FieldValues& v) const;
  };
  bool ValuesOf(int table, const std::vector<int>& fields, uint64_t x, FieldValues& v) const;
  uint64_t Combinations(int table, const std::vector<int>& fields) const;
  // A trigger's delay per combination of the event fields it reads (INT64_MAX: absent,
  // never fires), and the longest present one.
  struct FieldDelays {
    std::vector<int> fields;
    std::unordered_map<FieldValues, int64_t, FieldValuesHash> delay;
    std::optional<int64_t> longest;
  };
  std::optional<FieldDelays> DelaysByFields(const ir::Trigger& t);

  // The delay of each event: a constant, or one that reads the event
  // (`after days(propositions[trigger.product].wait_days)`); an absent delay fires
  // never (INT64_MAX), as an absent window bound selects nothing (§9).
  std::vector<int64_t> DelaysOf(const ir::Trigger& t, const std::vector<Item>& items);

  // `inactive TABLE [where COND] for D`: in the first run at whose `now` the customer's
  // last matching event is more than D old (exact, not calendar days), as
  // `none(TABLE within D where COND)` turns
  // true; `trigger.at` is that run's `now` (00:00 of its day). Customers without any
  // matching event never fire; a later matching event starts the wait again.
  void Silences(const ir::Trigger& t, std::vector<Firing>& out);

  bool Running(const std::string& id, const std::string& customer, const std::string& instance) const;

  // New journeys: firings (pending ones first), `reentry`, `limit`, the holdout draw.
  void Entries(int c, const std::string& id, std::vector<size_t>& open);

  // `limit N per run`: the first N by a stable hash of the customer key and "limit " +
  // the campaign's id; trigger firings left out wait for the next run, audience
  // customers are candidates again on the next run anyway.
  void Limit(const ir::Campaign& camp, const std::string& id, std::vector<Firing>& entering);
  void Unfired(const std::string& id, std::vector<Firing>& firings);

  // The holdout draw (docs/engine.md): held out iff bucket(KEY, 10000) < P x 100.
  static bool HeldOut(const ir::Campaign& camp, const std::string& customer);

  // The steps due by now, in order; each `if` with the journey's entry.
  void Steps(int c, const std::vector<size_t>& open);

  void Stop(int c, int step, const Journey& x, std::string rule, std::string reason, Span span);

  Day& d_;
  std::string zone_;
  RunInterval run_;  // the run's interval (prev_now, now], for the date triggers
  std::vector<Journey> journeys_;
  std::vector<bool> changed_;
  // campaign -> customer -> the latest journey (none: never entered), as read or changed.
  std::unordered_map<std::string, std::unordered_map<std::string, std::optional<LatestEntry>>> latest_;
  std::map<std::string, Membership> members_;
  std::vector<Candidate> candidates_;
  std::vector<state::Pending> pending_;
  // campaign -> the active journeys' RunningKey(customer, instance)
  std::unordered_map<std::string, std::unordered_set<std::string>> running_;
  static std::string RunningKey(const std::string& customer, const std::string& instance) {
    return std::to_string(customer.size()) + ':' + customer + instance;  // length first: unambiguous
  }
  std::unordered_map<std::string, std::vector<size_t>> by_campaign_;     // journeys_ indexes per campaign id
  DayDecisions out_;
  PhaseClock clock_;
};

}  // namespace sam::engine
