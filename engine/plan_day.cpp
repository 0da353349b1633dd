// One run date: triggers and audiences make entries, journeys move on (exit first, then
// the steps due), and the contacts they want go to the policy (arbitration.cpp).
#include "engine/plan_day.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "engine/arbitration.hpp"
#include "engine/phase_clock.hpp"
#include "engine/time_rules.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"

namespace sam::engine {

using state::Journey;

std::string CampaignId(const ir::Campaign& c) { return c.key.empty() ? c.name : c.key; }

std::string CustomerKey(const rt::Database& db, uint32_t row) {
  const rt::Column& key = db.customer_table().columns[db.key_field];
  if (key.type.kind == TypeKind::String) return std::string(key.Str(row));
  return std::to_string(key.Int(row));
}

std::optional<uint32_t> CustomerRow(const rt::Database& db, const std::string& key) {
  const rt::Column& col = db.customer_table().columns[db.key_field];
  std::optional<uint64_t> row;
  if (col.type.kind == TypeKind::String) {
    row = db.FindCustomer(std::string_view(key));
  } else {
    int64_t k = 0;
    const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), k);
    if (ec == std::errc() && end == key.data() + key.size()) row = db.FindCustomer(k);
  }
  if (!row) return std::nullopt;
  return static_cast<uint32_t>(*row);
}

CampaignCounts& CountsOf(DayPlan& plan, const std::string& campaign) {
  for (auto& c : plan.campaigns) {
    if (c.campaign == campaign) return c;
  }
  CampaignCounts c;
  c.campaign = campaign;
  return plan.campaigns.emplace_back(std::move(c));
}

void AddNote(DayPlan& plan, std::string note) {
  if (std::find(plan.notes.begin(), plan.notes.end(), note) == plan.notes.end()) plan.notes.push_back(std::move(note));
}

std::string CampaignFingerprint(const ir::Program& p, int campaign) {
  std::string text = ir::PrintCampaign(p, campaign);
  const ir::Campaign& c = p.campaigns[campaign];
  if (c.trigger >= 0) text += "trigger " + p.triggers[c.trigger].name;
  return fmt::format("{:016x}", BucketHash("", text));
}

namespace {

// A firing of a campaign's trigger for a customer: the source moment.
struct Firing {
  uint32_t row;                 // the customer
  int64_t at;                   // the source moment (`trigger.at`)
  int64_t event = -1;           // `on TABLE`: the event's row (`trigger.FIELD`)
  std::string instance = "";    // `per FIELD`: the event's value of FIELD, as text
  int64_t pending_since = -1;   // a firing held back by `limit` since this run date; -1: new
};

// Whether a node reads the trigger (`trigger.at`, `trigger.FIELD`).
bool ReadsTrigger(const ir::Program& p, ir::NodeId id) {
  if (id == ir::kNone) return false;
  const ir::Node& n = p.at(id);
  if (n.op == ir::Op::TriggerField || n.op == ir::Op::TriggerTime) return true;
  for (ir::NodeId a : n.args) {
    if (ReadsTrigger(p, a)) return true;
  }
  return false;
}

bool IsAnniversary(int64_t day, int64_t of) {
  if (day <= of) return false;  // the date itself is no anniversary (docs/builtins.md)
  const CivilDate d = CivilFromDays(day), o = CivilFromDays(of);
  if (d.month == o.month && d.day == o.day) return true;
  // 29 February falls on 28 February in other years.
  return o.month == 2 && o.day == 29 && d.month == 2 && d.day == 28 && !IsLeapYear(d.year);
}

bool IsMonthDay(int64_t day, int month_day) {
  const CivilDate d = CivilFromDays(day);
  const unsigned m = static_cast<unsigned>(month_day / 100), md = static_cast<unsigned>(month_day % 100);
  if (d.month == m && d.day == md) return true;
  return m == 2 && md == 29 && d.month == 2 && d.day == 28 && !IsLeapYear(d.year);
}

class Planner {
 public:
  explicit Planner(Day& day)
      : d_(day), zone_(day.p.timezone.empty() ? "UTC" : day.p.timezone), clock_(out_.plan.timings) {}

  DayDecisions Run() {
    out_.plan.date = d_.date;
    for (Journey& j : d_.store.OpenJourneys()) journeys_.push_back(std::move(j));
    clock_.Lap("open journeys read");
    changed_.assign(journeys_.size(), false);
    // Indexes built once: the journeys of each campaign, the keyed instances running.
    for (size_t j = 0; j < journeys_.size(); ++j) {
      const Journey& x = journeys_[j];
      by_campaign_[x.campaign].push_back(j);
      running_.insert({x.campaign, x.customer, x.instance});
    }
    for (size_t c = 0; c < d_.p.campaigns.size(); ++c) Campaign(static_cast<int>(c));
    for (const ir::Trigger& t : d_.p.triggers) {
      if (t.source == ir::TriggerSource::Enters || t.source == ir::TriggerSource::Leaves) MembershipOf(t.segment);
    }
    clock_.Lap("memberships");
    Arbitrate(d_, journeys_, candidates_, out_);
    clock_.Lap("arbitration");
    std::vector<int64_t> committed(journeys_.size(), 0);  // journeys_ index -> index in the commit
    for (size_t j = 0; j < journeys_.size(); ++j) {
      if (!changed_[j] && journeys_[j].id != 0) continue;
      committed[j] = static_cast<int64_t>(out_.commit.journeys.size());
      out_.commit.journeys.push_back(journeys_[j]);
    }
    // A contact of a journey that starts in this run points to its place in the commit
    // (-1 - index); Store::Write turns that into the journey's id once it is inserted.
    for (auto& c : out_.plan.contacts) {
      if (c.journey < 0) c.journey = -1 - committed[static_cast<size_t>(-1 - c.journey)];
    }
    out_.commit.run.date = d_.date;
    out_.commit.pending = std::move(pending_);
    return std::move(out_);
  }

 private:
  CampaignCounts& Counts(int c) { return CountsOf(out_.plan, d_.p.campaigns[c].name); }

  void Campaign(int c) {
    const ir::Campaign& camp = d_.p.campaigns[c];
    const std::string id = CampaignId(camp);
    changed_.resize(journeys_.size());
    Counts(c);
    Migrate(c, id);
    std::vector<size_t> open;
    for (size_t j : by_campaign_[id]) {
      if (journeys_[j].status == Journey::Status::Active) open.push_back(j);
    }
    Exits(camp, open);
    clock_.Lap(camp.name + ": exits");
    Entries(c, id, open);
    clock_.Lap(camp.name + ": entries");
    Steps(c, open);
    clock_.Lap(camp.name + ": steps");
  }

  // A changed definition: `migrate` says what becomes of the journeys under way.
  void Migrate(int c, const std::string& id) {
    const std::string print = CampaignFingerprint(d_.p, c);
    out_.commit.fingerprints.emplace_back(id, print);
    const std::string before = d_.store.CampaignFingerprint(id);
    if (before.empty() || before == print) return;
    const ir::Campaign& camp = d_.p.campaigns[c];
    for (size_t j : by_campaign_[id]) {
      Journey& x = journeys_[j];
      if (x.status != Journey::Status::Active) continue;
      changed_[j] = true;
      x.fingerprint = print;
      switch (camp.migrate) {
        case ir::Migrate::Unset:
        case ir::Migrate::Continue:
          // A journey past the new definition's last step has nothing left to send.
          if (x.next_step >= static_cast<int>(camp.steps.size())) {
            x.next_step = static_cast<int>(camp.steps.size());
            x.status = Journey::Status::Finished;
            x.end_date = d_.date;
          }
          break;
        case ir::Migrate::Restart:
          x.entry = d_.now;
          x.entry_date = d_.date;
          x.next_step = 0;
          break;
        case ir::Migrate::Exit:
          x.status = Journey::Status::Exited;
          x.end_date = d_.date;
          running_.erase({x.campaign, x.customer, x.instance});
          break;
      }
      Latest(x);
    }
  }

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
  std::vector<uint8_t> Holds(ir::NodeId condition, int table, const std::vector<Item>& items, bool with_entry) {
    std::vector<uint8_t> out(items.size(), condition == ir::kNone);
    if (condition == ir::kNone) return out;
    Layered(condition, table, items, with_entry,
            [&](size_t k, const backend::Values& v, size_t i) { out[k] = v.Present(i) && v.ints[i] != 0; });
    return out;
  }

  // The table of the events a campaign's trigger fires on, or -1.
  int TriggerTable(const ir::Campaign& camp) const {
    if (camp.trigger < 0) return -1;
    const ir::Trigger& t = d_.p.triggers[camp.trigger];
    return t.source == ir::TriggerSource::OnEvent ? t.table : -1;
  }

  // The firing event of a journey, found again by its customer, time and instance:
  // row numbers change when the data is loaded again.
  int64_t FindEvent(const ir::Campaign& camp, uint32_t row, const Journey& j) const {
    const int table = TriggerTable(camp);
    if (table < 0) return -1;
    const ir::Trigger& t = d_.p.triggers[camp.trigger];
    const rt::Table& events = d_.db.tables[table];
    const uint64_t* off = events.Offsets();
    for (uint64_t x = off[row]; x < off[row + 1]; ++x) {
      if (EventTime(table, x) != j.trigger_at) continue;
      if (t.key_field >= 0 && ValueText(table, t.key_field, x) != j.instance) continue;
      return static_cast<int64_t>(x);
    }
    return -1;
  }

  int64_t EventTime(int table, uint64_t x) const {
    const rt::Column& time = d_.db.tables[table].columns[d_.p.tables[table].time];
    const int64_t v = time.Int(x);
    return time.type.kind == TypeKind::Date ? StartOfDay(v, zone_) : v;
  }

  std::string ValueText(int table, int field, uint64_t x) const {
    const rt::Column& c = d_.db.tables[table].columns[field];
    if (!c.Present(x)) return "";
    if (c.type.kind == TypeKind::String) return std::string(c.Str(x));
    return std::to_string(c.Int(x));
  }

  // Evaluates `condition` with each journey's entry and trigger.
  std::vector<uint8_t> PerJourney(const ir::Campaign& camp, ir::NodeId condition, const std::vector<size_t>& list) {
    std::vector<Item> items;
    std::vector<size_t> where;
    for (size_t k = 0; k < list.size(); ++k) {
      const Journey& j = journeys_[list[k]];
      auto row = Row(j.customer);
      if (!row) continue;  // no longer in the data: nothing holds
      items.push_back({*row, j.entry, j.trigger_at == INT64_MIN ? backend::kNoTime : j.trigger_at,
                       FindEvent(camp, *row, j)});
      where.push_back(k);
    }
    std::vector<uint8_t> holds = Holds(condition, TriggerTable(camp), items, true);
    std::vector<uint8_t> out(list.size(), 0);
    for (size_t i = 0; i < where.size(); ++i) out[where[i]] = holds[i];
    return out;
  }

  // `exit when` is checked on every run, before the steps due on it.
  void Exits(const ir::Campaign& camp, std::vector<size_t>& open) {
    if (camp.exit == ir::kNone || open.empty()) return;
    std::vector<uint8_t> exits = PerJourney(camp, camp.exit, open);
    std::vector<size_t> still;
    for (size_t k = 0; k < open.size(); ++k) {
      Journey& j = journeys_[open[k]];
      if (!exits[k]) {
        still.push_back(open[k]);
        continue;
      }
      j.status = Journey::Status::Exited;
      j.end_date = d_.date;
      changed_[open[k]] = true;
      running_.erase({j.campaign, j.customer, j.instance});
      Latest(j);
    }
    open = std::move(still);
  }

  // Keeps the customer's latest journey (for `reentry`) as this run changed it.
  void Latest(const Journey& j) {
    std::optional<Journey>& latest = LatestOf(j.campaign, j.customer);
    if (latest && latest->entry <= j.entry) latest = j;
  }

  // The customer's latest journey in a campaign as this run left it, if any. The state
  // is asked only for the customers the run meets (Prefetch), never for the whole
  // history: it grows every day, the day's firings do not.
  std::optional<Journey>& LatestOf(const std::string& id, const std::string& customer) {
    auto& of = latest_[id];
    auto it = of.find(customer);
    if (it == of.end()) it = of.emplace(customer, std::move(d_.store.LatestJourneys(id, {customer})[0])).first;
    return it->second;
  }

  // Reads the latest journeys of these customers that are not known yet, in one batch.
  void Prefetch(const std::string& id, const std::vector<Firing>& firings) {
    auto& of = latest_[id];
    std::vector<std::string> missing;
    for (const Firing& f : firings) {
      std::string key = CustomerKey(d_.db, f.row);
      if (!of.count(key)) missing.push_back(std::move(key));
    }
    std::sort(missing.begin(), missing.end());  // the index's order: pages read once
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    std::vector<std::optional<Journey>> found = d_.store.LatestJourneys(id, missing);
    of.reserve(of.size() + missing.size());  // one allocation, not a rehash per doubling
    for (size_t k = 0; k < missing.size(); ++k) of.emplace(std::move(missing[k]), std::move(found[k]));
  }

  bool ActiveToday(const ir::Campaign& c) const {
    return (!c.from_day || d_.date >= *c.from_day) && (!c.until_day || d_.date <= *c.until_day);
  }

  // Whether `reentry` lets the customer enter (again) today.
  bool MayEnter(const ir::Campaign& camp, const std::string& id, const std::string& customer) {
    const std::optional<Journey>& latest = LatestOf(id, customer);
    if (!latest) return true;
    const Journey& last = *latest;
    ir::Reentry rule = camp.reentry;
    if (rule == ir::Reentry::Unset) rule = camp.audience != ir::kNone ? ir::Reentry::AfterExit : ir::Reentry::After;
    switch (rule) {
      case ir::Reentry::Never: return false;
      case ir::Reentry::AfterExit: return last.status != Journey::Status::Active;
      case ir::Reentry::After: {
        const int64_t period = camp.reentry_after == ir::kNone ? 0 : d_.eval.Constant(camp.reentry_after);
        return Shift(last.entry, period, 1, zone_) <= d_.now;
      }
      case ir::Reentry::Unset: break;
    }
    return true;
  }

  std::vector<Firing> Firings(const ir::Campaign& camp) {
    std::vector<Firing> out;
    if (camp.audience != ir::kNone) {
      std::vector<uint8_t> holds = d_.eval.Holds(camp.audience);
      for (size_t r = 0; r < holds.size(); ++r) {
        if (holds[r]) out.push_back({static_cast<uint32_t>(r), d_.now});
      }
      return out;
    }
    return TriggerFirings(d_.p.triggers[camp.trigger]);
  }

  // The source days X of a date trigger that fire now: X's midnight plus the delay in
  // (previous run's now, this run's now].
  std::vector<int64_t> SourceDays(int64_t delay) const {
    std::vector<int64_t> days;
    for (int64_t x = d_.date - delay / kDay - 2; x <= d_.date; ++x) {
      const int64_t fire = Shift(StartOfDay(x, zone_), delay, 1, zone_);
      if (fire > d_.prev_now && fire <= d_.now) days.push_back(x);
    }
    return days;
  }

  std::vector<Firing> TriggerFirings(const ir::Trigger& t) {
    std::vector<Firing> out;
    if (t.source == ir::TriggerSource::Inactive) {
      Silences(t, out);
      Filter(t, out);
      return out;
    }
    if (t.source == ir::TriggerSource::OnEvent) {
      EventFirings(t, out);
      Filter(t, out);
      return out;
    }
    // The delay of a date trigger is a constant (`after` may read the event only for `on TABLE`).
    const int64_t delay = t.delay == ir::kNone ? 0 : d_.eval.Constant(t.delay);
    const uint32_t customers = static_cast<uint32_t>(d_.db.customer_count());
    switch (t.source) {
      case ir::TriggerSource::OnDate: {
        const ir::Node& when = d_.p.at(t.when);
        const int64_t v = d_.eval.Constant(t.when);
        const int64_t moment = when.type.kind == TypeKind::Date ? StartOfDay(v, zone_) : v;
        const int64_t fire = Shift(moment, delay, 1, zone_);
        if (fire > d_.prev_now && fire <= d_.now) {
          for (uint32_t r = 0; r < customers; ++r) out.push_back({r, moment});
        }
        break;
      }
      case ir::TriggerSource::YearlyDay:
        for (int64_t x : SourceDays(delay)) {
          if (!IsMonthDay(x, t.month_day)) continue;
          for (uint32_t r = 0; r < customers; ++r) out.push_back({r, StartOfDay(x, zone_)});
        }
        break;
      case ir::TriggerSource::Yearly: {
        const std::vector<int64_t> days = SourceDays(delay);
        if (days.empty()) break;
        std::vector<uint32_t> all(customers);
        for (uint32_t r = 0; r < customers; ++r) all[r] = r;
        const backend::Values v = d_.eval.Values(t.when, all);
        const bool timestamp = d_.p.at(t.when).type.kind == TypeKind::Timestamp;
        for (int64_t x : days) {
          for (uint32_t r = 0; r < customers; ++r) {
            if (!v.Present(r)) continue;
            const int64_t of = timestamp ? LocalDate(v.ints[r], zone_) : v.ints[r];
            if (IsAnniversary(x, of)) out.push_back({r, StartOfDay(x, zone_)});
          }
        }
        break;
      }
      case ir::TriggerSource::Enters:
      case ir::TriggerSource::Leaves: SegmentChanges(t, out); break;
      case ir::TriggerSource::OnEvent:
      case ir::TriggerSource::Inactive: break;  // above
    }
    Filter(t, out);
    return out;
  }

  // `enters`/`leaves`: against the membership stored by the previous run. The first run
  // stores it and fires nothing (docs/engine.md).
  void SegmentChanges(const ir::Trigger& t, std::vector<Firing>& out) {
    const Membership& m = MembershipOf(t.segment);
    if (!m.before) return;  // the first run for this segment: recorded, nothing fires
    const bool enters = t.source == ir::TriggerSource::Enters;
    // The members before, by row: a look-up per member, not a key per customer.
    std::vector<uint8_t> was(m.now.size(), 0);
    for (const std::string& key : *m.before) {
      if (auto row = Row(key)) was[*row] = 1;
    }
    for (uint32_t r = 0; r < m.now.size(); ++r) {
      if (enters ? (m.now[r] && !was[r]) : (!m.now[r] && was[r])) out.push_back({r, d_.now});
    }
  }

  // A segment's members now and as the previous run stored them; stored again by every
  // run, whether or not a campaign on it may fire that day (docs/engine.md: day by day).
  struct Membership {
    std::vector<uint8_t> now;
    std::optional<std::vector<std::string>> before;  // their keys
  };
  const Membership& MembershipOf(int segment) {
    const std::string& name = d_.p.lets[segment].name;
    auto it = members_.find(name);
    if (it != members_.end()) return it->second;
    Membership m;
    m.now = d_.eval.HoldsSegment(segment);
    m.before = d_.store.Membership(name);
    std::vector<std::string> keys;
    for (uint32_t r = 0; r < m.now.size(); ++r) {
      if (m.now[r]) keys.push_back(CustomerKey(d_.db, r));
    }
    out_.commit.memberships.emplace_back(name, std::move(keys));
    return members_.emplace(name, std::move(m)).first->second;
  }

  // `if` must hold and `unless` must not, when the trigger fires.
  void Filter(const ir::Trigger& t, std::vector<Firing>& out) {
    const int table = t.source == ir::TriggerSource::OnEvent ? t.table : -1;
    for (ir::NodeId cond : {t.condition, t.unless}) {
      if (cond == ir::kNone || out.empty()) continue;
      std::vector<Item> items;
      for (const Firing& f : out) items.push_back({f.row, backend::kNoTime, f.at, f.event});
      std::vector<uint8_t> holds = Holds(cond, table, items, false);
      std::vector<Firing> kept;
      for (size_t k = 0; k < out.size(); ++k) {
        if ((holds[k] != 0) == (cond == t.condition)) kept.push_back(out[k]);
      }
      out = std::move(kept);
    }
  }

  // `on TABLE where COND [after D] [per FIELD]`: each matching event fires in the first
  // run whose `now` is after the event and at or after the event plus the delay. Only
  // the events that fire become firings: the history is long, the day's firings few.
  void EventFirings(const ir::Trigger& t, std::vector<Firing>& out) {
    // A constant delay bounds the events that may fire: the older ones are not read.
    const bool constant = t.delay == ir::kNone || !ReadsTrigger(d_.p, t.delay);
    const int64_t since = constant ? EarliestFiring(t.delay == ir::kNone ? 0 : d_.eval.Constant(t.delay)) : INT64_MIN;
    const std::vector<backend::EventRow> events = d_.eval.Events(t.table, t.filter, since);
    std::vector<Item> items;
    items.reserve(events.size());
    for (const backend::EventRow& e : events) {
      items.push_back({e.customer, backend::kNoTime, EventTime(t.table, e.row), static_cast<int64_t>(e.row)});
    }
    const std::vector<int64_t> delay = DelaysOf(t, items);
    for (size_t k = 0; k < items.size(); ++k) {
      if (!FiresNow(items[k].at, delay[k])) continue;
      Firing f{items[k].row, items[k].at, items[k].event};
      if (t.key_field >= 0) f.instance = ValueText(t.table, t.key_field, static_cast<uint64_t>(items[k].event));
      out.push_back(std::move(f));
    }
  }

  // Whether an event at `at` fires in this run after `delay` (INT64_MAX: never).
  bool FiresNow(int64_t at, int64_t delay) const {
    if (delay == INT64_MAX) return false;
    // Whole calendar days move less than two days from the exact sum (a zone's offset
    // changes by hours): an event that much older than the interval cannot fire, and
    // needs no time zone look-up.
    int64_t late = 0;
    if (!__builtin_add_overflow(at, delay, &late) && !__builtin_add_overflow(late, 2 * kDay, &late) &&
        std::max(late, at + 1) <= d_.prev_now) {
      return false;
    }
    const int64_t fire = std::max(Shift(at, delay, 1, zone_), at + 1);
    return fire > d_.prev_now && fire <= d_.now;
  }

  // The earliest event that may fire in this run after a constant `delay`: FiresNow
  // turns down every earlier one.
  int64_t EarliestFiring(int64_t delay) const {
    int64_t since = 0;
    if (__builtin_sub_overflow(d_.prev_now, delay, &since) || __builtin_sub_overflow(since, 2 * kDay, &since)) {
      return INT64_MIN;
    }
    return std::min(since, d_.prev_now);
  }

  // The delay of each event: a constant, or one that reads the event
  // (`after days(propositions[trigger.product].wait_days)`); an absent delay fires
  // never (INT64_MAX), as an absent window bound selects nothing (§9).
  std::vector<int64_t> DelaysOf(const ir::Trigger& t, const std::vector<Item>& items) {
    std::vector<int64_t> delay(items.size(), 0);
    if (t.delay == ir::kNone) return delay;
    if (!ReadsTrigger(d_.p, t.delay)) {
      std::fill(delay.begin(), delay.end(), d_.eval.Constant(t.delay));
      return delay;
    }
    Layered(t.delay, t.table, items, false,
            [&](size_t k, const backend::Values& v, size_t i) { delay[k] = v.Present(i) ? v.ints[i] : INT64_MAX; });
    return delay;
  }

  // `inactive TABLE [where COND] for D`: in the first run at whose `now` the customer's
  // last matching event is more than D old (exact, not calendar days), as
  // `none(TABLE within D where COND)` turns
  // true; `trigger.at` is that run's `now` (00:00 of its day). Customers without any
  // matching event never fire; a later matching event starts the wait again.
  void Silences(const ir::Trigger& t, std::vector<Firing>& out) {
    const int64_t period = d_.eval.Constant(t.when);
    const int64_t delay = t.delay == ir::kNone ? 0 : d_.eval.Constant(t.delay);
    // A customer fires only if their last event is at or after prev_now - period (minus
    // the delay, and two days for its calendar days): older events need not be read (a
    // later one is read anyway).
    int64_t since = INT64_MIN;
    if (__builtin_sub_overflow(d_.prev_now, period, &since) || __builtin_sub_overflow(since, delay, &since) ||
        __builtin_sub_overflow(since, 2 * kDay, &since)) {
      since = INT64_MIN;
    }
    const std::vector<backend::EventRow> events = d_.eval.Events(t.table, t.filter, since);
    for (size_t k = 0; k < events.size(); ++k) {
      // The last of each customer's events (they come by customer, in time order).
      if (k + 1 < events.size() && events[k + 1].customer == events[k].customer) continue;
      // Exact, as `within D` is (language.md §9): the segment and the trigger agree.
      const int64_t last = EventTime(t.table, events[k].row);
      if (period > INT64_MAX - 1 - last) continue;
      int64_t at = d_.now, fire = last + period + 1;
      if (delay != 0) {  // `after`: from trigger.at, the now (a midnight: runs are daily) the silence began in
        const int64_t day = LocalDate(fire, zone_);
        at = StartOfDay(day, zone_) < fire ? StartOfDay(day + 1, zone_) : StartOfDay(day, zone_);
        fire = Shift(at, delay, 1, zone_);
      }
      if (fire > d_.prev_now && fire <= d_.now) out.push_back({events[k].customer, at});
    }
  }

  bool Running(const std::string& id, const std::string& customer, const std::string& instance) const {
    return running_.count({id, customer, instance}) > 0;
  }

  void Note(std::string note) { AddNote(out_.plan, std::move(note)); }

  // New journeys: firings (pending ones first), `reentry`, `limit`, the holdout draw.
  void Entries(int c, const std::string& id, std::vector<size_t>& open) {
    const ir::Campaign& camp = d_.p.campaigns[c];
    std::vector<Firing> firings;
    for (const state::Pending& p : d_.store.PendingFirings()) {
      if (p.campaign != id) continue;
      if (camp.until_day && d_.date > *camp.until_day) continue;  // nobody enters any more
      if (camp.paused || !ActiveToday(camp)) {
        pending_.push_back(p);  // they wait while nobody may enter
      } else if (auto row = Row(p.customer)) {
        firings.push_back({*row, p.trigger_at, -1, p.instance, p.since_date});
      }
    }
    if (camp.paused || !ActiveToday(camp)) return;
    for (const Firing& f : Firings(camp)) firings.push_back(f);
    std::vector<Firing> entering;
    const bool keyed = camp.trigger >= 0 && d_.p.triggers[camp.trigger].key_field >= 0;
    if (!keyed || camp.reentry != ir::Reentry::Unset) Prefetch(id, firings);
    for (const Firing& f : firings) {
      const std::string key = CustomerKey(d_.db, f.row);
      // `per FIELD`: one instance per value while it runs (docs/engine.md).
      if (keyed && Running(id, key, f.instance)) continue;
      if (!keyed && !MayEnter(camp, id, key)) continue;
      if (keyed && camp.reentry != ir::Reentry::Unset && !MayEnter(camp, id, key)) continue;
      entering.push_back(f);
      if (keyed) running_.insert({id, key, f.instance});
      // Later firings of the same run see this entry (two firings, `reentry never`).
      Journey entered;
      entered.campaign = id;
      entered.customer = key;
      entered.entry = d_.now;
      entered.entry_date = d_.date;
      latest_[id][key] = entered;
    }
    if (camp.limit && entering.size() > static_cast<size_t>(*camp.limit)) Limit(camp, id, entering);
    const std::string print = CampaignFingerprint(d_.p, c);
    for (const Firing& f : entering) {
      Journey j;
      j.campaign = id;
      j.customer = CustomerKey(d_.db, f.row);
      j.instance = f.instance;
      j.entry = d_.now;
      j.entry_date = d_.date;
      if (camp.trigger >= 0) j.trigger_at = f.at;
      j.held_out = HeldOut(camp, j.customer);
      j.fingerprint = print;
      latest_[id][j.customer] = j;
      journeys_.push_back(std::move(j));
      changed_.push_back(true);
      by_campaign_[id].push_back(journeys_.size() - 1);
      open.push_back(journeys_.size() - 1);
      ++Counts(c).entered;
    }
  }

  // `limit N per run`: the first N by a stable hash of the customer key and "limit " +
  // the campaign's id; trigger firings left out wait for the next run, audience
  // customers are candidates again on the next run anyway.
  void Limit(const ir::Campaign& camp, const std::string& id, std::vector<Firing>& entering) {
    // Held-back firings first, oldest first; then by the stable hash.
    std::vector<std::pair<uint64_t, size_t>> order;
    for (size_t k = 0; k < entering.size(); ++k) order.push_back({BucketHash(CustomerKey(d_.db, entering[k].row), "limit " + id), k});
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      const Firing& x = entering[a.second];
      const Firing& y = entering[b.second];
      const bool xp = x.pending_since >= 0, yp = y.pending_since >= 0;
      if (xp != yp) return xp;
      if (xp && x.pending_since != y.pending_since) return x.pending_since < y.pending_since;
      return a.first < b.first;
    });
    std::vector<Firing> sorted;
    for (const auto& [hash, k] : order) sorted.push_back(std::move(entering[k]));
    entering = std::move(sorted);
    const size_t n = static_cast<size_t>(*camp.limit);
    if (camp.trigger >= 0) {
      for (size_t k = n; k < entering.size(); ++k) {
        const Firing& f = entering[k];
        pending_.push_back({id, CustomerKey(d_.db, f.row), f.instance, f.at, f.pending_since >= 0 ? f.pending_since : d_.date});
      }
    }
    entering.resize(n);
  }

  // The holdout draw (docs/engine.md): held out iff bucket(KEY, 10000) < P x 100.
  static bool HeldOut(const ir::Campaign& camp, const std::string& customer) {
    if (camp.holdout <= 0) return false;
    const uint64_t bucket = BucketHash(customer, camp.key) % 10000;
    return static_cast<int64_t>(bucket) * 10000 < camp.holdout;  // holdout: percent x 10^6
  }

  // The steps due by now, in order; each `if` with the journey's entry.
  void Steps(int c, const std::vector<size_t>& open) {
    const ir::Campaign& camp = d_.p.campaigns[c];
    const int steps = static_cast<int>(camp.steps.size());
    for (int s = 0; s < steps; ++s) {
      std::vector<size_t> due;
      for (size_t j : open) {
        const Journey& x = journeys_[j];
        if (x.status == Journey::Status::Active && x.next_step == s &&
            Shift(x.entry, camp.steps[s].delay, 1, zone_) <= d_.now) {
          due.push_back(j);
        }
      }
      if (due.empty()) continue;
      std::vector<uint8_t> send = PerJourney(camp, camp.steps[s].condition, due);
      for (size_t k = 0; k < due.size(); ++k) {
        Journey& x = journeys_[due[k]];
        changed_[due[k]] = true;
        x.next_step = s + 1;
        if (x.next_step == steps) {
          x.status = Journey::Status::Finished;
          x.end_date = d_.date;
        }
        if (!send[k]) continue;  // skipped by its `if`: the journey goes on
        auto row = Row(x.customer);
        if (!row) {
          Stop(c, s, x, "customer", "the customer is no longer in the data", {});
          continue;
        }
        ++Counts(c).candidates;
        if (camp.paused) {
          Stop(c, s, x, "paused", "the campaign is paused: no steps are sent", camp.span);
        } else if (x.held_out) {
          ++Counts(c).held_out;
          Stop(c, s, x, "holdout", fmt::format("in the control group (holdout {}%)", camp.holdout / 1000000.0),
               camp.span);
        } else {
          candidates_.push_back(Candidate{c, s, *row, due[k], camp.priority});
        }
      }
    }
  }

  void Stop(int c, int step, const Journey& x, std::string rule, std::string reason, Span span) {
    const ir::Campaign& camp = d_.p.campaigns[c];
    out_.plan.stops.push_back(state::Stop{d_.date, x.customer, camp.name, camp.steps[step].message, std::move(rule),
                                          std::move(reason), step, d_.Where(span), x.instance});
    ++Counts(c).stopped[out_.plan.stops.back().rule];
  }

  Day& d_;
  std::string zone_;
  std::vector<Journey> journeys_;
  std::vector<bool> changed_;
  // campaign -> customer -> the latest journey (none: never entered), as read or changed.
  std::unordered_map<std::string, std::unordered_map<std::string, std::optional<Journey>>> latest_;
  std::map<std::string, Membership> members_;
  std::vector<Candidate> candidates_;
  std::vector<state::Pending> pending_;
  std::set<std::tuple<std::string, std::string, std::string>> running_;  // (campaign, customer, instance) active
  std::unordered_map<std::string, std::vector<size_t>> by_campaign_;     // journeys_ indexes per campaign id
  DayDecisions out_;
  PhaseClock clock_;
};

}  // namespace

DayDecisions PlanDay(Day& day) { return Planner(day).Run(); }

}  // namespace sam::engine
