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
#include <unordered_set>

#include "engine/arbitration.hpp"
#include "engine/planner.hpp"
#include "engine/time_rules.hpp"
#include "ir/analysis/reads.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"

namespace sam::engine {

std::string CampaignId(const ir::Campaign& c) { return c.key.empty() ? c.name : c.key; }

std::string CustomerKey(const rt::Database& db, uint32_t row) { return db.KeyText(row); }

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
  return fmt::format("{:016x}", BucketHash("", ir::PrintCampaignDefinition(p, campaign)));
}

namespace {

// What states written by an earlier sam stored: the definition with the names of the
// campaign, its trigger and its lets. A match is no change either.
std::string NamedFingerprint(const ir::Program& p, int campaign) {
  std::string text = ir::PrintCampaign(p, campaign);
  const ir::Campaign& c = p.campaigns[campaign];
  if (c.trigger >= 0) text += "trigger " + p.triggers[c.trigger].name;
  return fmt::format("{:016x}", BucketHash("", text));
}

}  // namespace

DayDecisions Planner::Run() {
  out_.plan.date = d_.date;
  for (Journey& j : d_.store.OpenJourneys()) journeys_.push_back(std::move(j));
  clock_.Lap("open journeys read");
  changed_.assign(journeys_.size(), false);
  // Indexes built once: the journeys of each campaign, the keyed instances running.
  for (size_t j = 0; j < journeys_.size(); ++j) {
    const Journey& x = journeys_[j];
    by_campaign_[x.campaign].push_back(j);
    running_[x.campaign].insert(RunningKey(x.customer, x.instance));
  }
  for (size_t c = 0; c < d_.p.campaigns.size(); ++c) Campaign(static_cast<int>(c));
  for (const ir::Trigger& t : d_.p.triggers) {
    if (t.source == ir::TriggerSource::Enters || t.source == ir::TriggerSource::Leaves) MembershipOf(t.segment);
  }
  clock_.Lap("memberships");
  Arbitrate(d_, journeys_, candidates_, out_);  // times its own phases
  clock_.Restart();
  std::vector<int64_t> committed(journeys_.size(), 0);  // journeys_ index -> index in the commit
  // Moved, not copied: nothing reads the day's journeys after arbitration (a Thursday
  // commits hundreds of thousands).
  for (size_t j = 0; j < journeys_.size(); ++j) {
    if (!changed_[j] && journeys_[j].id != 0) continue;
    committed[j] = static_cast<int64_t>(out_.commit.journeys.size());
    out_.commit.journeys.push_back(std::move(journeys_[j]));
  }
  journeys_.clear();
  // A contact of a journey that starts in this run points to its place in the commit
  // (-1 - index); Store::Write turns that into the journey's id once it is inserted.
  for (auto& c : out_.plan.contacts) {
    if (c.journey < 0) c.journey = -1 - committed[static_cast<size_t>(-1 - c.journey)];
  }
  out_.commit.run.date = d_.date;
  out_.commit.pending = std::move(pending_);
  return std::move(out_);
}

void Planner::Campaign(int c) {
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
void Planner::Migrate(int c, const std::string& id) {
  const ir::Program& printed = d_.printed ? *d_.printed : d_.p;
  const std::string print = CampaignFingerprint(printed, c);
  out_.commit.fingerprints.emplace_back(id, print);
  const std::string before = d_.store.CampaignFingerprint(id);
  if (before.empty() || before == print || before == NamedFingerprint(printed, c)) return;
  const ir::Campaign& camp = d_.p.campaigns[c];
  std::vector<Journey> restarted;  // begun again, from the first step
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
      case ir::Migrate::Restart: {
        Journey again = x;
        again.id = 0;  // a new row
        again.entry = d_.now;
        again.entry_date = d_.date;
        again.next_step = 0;
        restarted.push_back(std::move(again));
        x.status = Journey::Status::Restarted;
        x.end_date = d_.date;
        continue;  // the journey in its place is the latest
      }
      case ir::Migrate::Exit:
        x.status = Journey::Status::Exited;
        x.end_date = d_.date;
        running_[x.campaign].erase(RunningKey(x.customer, x.instance));
        break;
    }
    Latest(camp, x);
  }
  for (Journey& x : restarted) {
    Latest(camp, x);
    journeys_.push_back(std::move(x));
    changed_.push_back(true);
    by_campaign_[id].push_back(journeys_.size() - 1);
  }
}

// Whether `condition` holds for each item (absent: it does not; kNone: it holds).
std::vector<uint8_t> Planner::Holds(ir::NodeId condition, int table, const std::vector<Item>& items, bool with_entry) {
  std::vector<uint8_t> out(items.size(), condition == ir::kNone);
  if (condition == ir::kNone) return out;
  Layered(condition, table, items, with_entry,
          [&](size_t k, const backend::Values& v, size_t i) { out[k] = v.Present(i) && v.ints[i] != 0; });
  return out;
}

// The table of the events a campaign's trigger fires on, or -1.
int Planner::TriggerTable(const ir::Campaign& camp) const {
  if (camp.trigger < 0) return -1;
  const ir::Trigger& t = d_.p.triggers[camp.trigger];
  return t.source == ir::TriggerSource::OnEvent ? t.table : -1;
}

// The firing event of a journey, found again by its customer, time and instance:
// row numbers change when the data is loaded again.
int64_t Planner::FindEvent(const ir::Campaign& camp, uint32_t row, const Journey& j) const {
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

int64_t Planner::EventTime(int table, uint64_t x) const {
  const rt::Column& time = d_.db.tables[table].columns[d_.p.tables[table].time];
  const int64_t v = time.Int(x);
  return time.type.kind == TypeKind::Date ? StartOfDay(v, zone_) : v;
}

std::string Planner::ValueText(int table, int field, uint64_t x) const {
  const rt::Column& c = d_.db.tables[table].columns[field];
  if (!c.Present(x)) return "";
  if (c.type.kind == TypeKind::String) return std::string(c.Str(x));
  return std::to_string(c.Int(x));
}

// Evaluates `condition` with each journey's entry and trigger; for a customer no
// longer in the data it does not hold, nor when it reads the fields of a firing event
// that is not (its time or `per` value corrected, the row deleted): absent fields
// would decide in its place.
std::vector<uint8_t> Planner::PerJourney(const ir::Campaign& camp, ir::NodeId condition,
                                         const std::vector<size_t>& list, std::vector<uint8_t>* gone) {
  if (condition == ir::kNone) return std::vector<uint8_t>(list.size(), 1);  // nothing to find or evaluate
  const bool reads_event = TriggerTable(camp) >= 0 && ir::ReadsTriggerFields(d_.p, condition);
  std::vector<Item> items;
  std::vector<size_t> where;
  for (size_t k = 0; k < list.size(); ++k) {
    const Journey& j = journeys_[list[k]];
    auto row = Row(j.customer);
    if (!row) continue;  // no longer in the data: nothing holds
    const int64_t event = FindEvent(camp, *row, j);
    if (reads_event && event < 0) {
      if (gone) (*gone)[k] = 1;
      continue;
    }
    items.push_back({*row, j.entry, j.trigger_at == INT64_MIN ? backend::kNoTime : j.trigger_at, event});
    where.push_back(k);
  }
  std::vector<uint8_t> holds = Holds(condition, TriggerTable(camp), items, true);
  std::vector<uint8_t> out(list.size(), 0);
  for (size_t i = 0; i < where.size(); ++i) out[where[i]] = holds[i];
  return out;
}

std::string Planner::EventGone(const ir::Campaign& camp, const Journey& j) const {
  const ir::Trigger& t = d_.p.triggers[camp.trigger];
  return fmt::format(
      "the `{}` event that began the journey ({}{}) is no longer in the data, and the step's `if` "
      "reads its fields",
      d_.p.tables[t.table].name, LocalText(j.trigger_at, zone_), j.instance.empty() ? "" : ", " + j.instance);
}

// `exit when` is checked on every run, before the steps due on it.
void Planner::Exits(const ir::Campaign& camp, std::vector<size_t>& open) {
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
    running_[j.campaign].erase(RunningKey(j.customer, j.instance));
    Latest(camp, j);
  }
  open = std::move(still);
}

// Whether entering asks for the customer's latest journey (MayEnter): not for keyed
// instances without `reentry`, which only ask whether the instance runs.
bool Planner::UsesLatest(const ir::Campaign& camp) const {
  const bool keyed = camp.trigger >= 0 && d_.p.triggers[camp.trigger].key_field >= 0;
  return !keyed || camp.reentry != ir::Reentry::Unset;
}

// Keeps the customer's latest journey (for `reentry`) as this run changed it.
void Planner::Latest(const ir::Campaign& camp, const Journey& j) {
  if (!UsesLatest(camp)) return;
  std::optional<LatestEntry>& latest = LatestOf(j.campaign, j.customer);
  if (latest && latest->entry <= j.entry) latest = LatestEntry{j.entry, j.status};
}

// The customer's latest journey in a campaign as this run left it, if any. The state
// is asked only for the customers the run meets (Prefetch), never for the whole
// history: it grows every day, the day's firings do not.
std::optional<Planner::LatestEntry>& Planner::LatestOf(const std::string& id, const std::string& customer) {
  auto& of = latest_[id];
  auto it = of.find(customer);
  if (it == of.end()) it = of.emplace(customer, Entry(d_.store.LatestJourneys(id, {customer})[0])).first;
  return it->second;
}

std::optional<Planner::LatestEntry> Planner::Entry(const std::optional<Journey>& j) {
  if (!j) return std::nullopt;
  return LatestEntry{j->entry, j->status};
}

// Reads the latest journeys of these customers that are not known yet, in one batch.
void Planner::Prefetch(const std::string& id, const std::vector<Firing>& firings) {
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
  for (size_t k = 0; k < missing.size(); ++k) of.emplace(std::move(missing[k]), Entry(found[k]));
}

bool Planner::ActiveToday(const ir::Campaign& c) const {
  return (!c.from_day || d_.date >= *c.from_day) && (!c.until_day || d_.date <= *c.until_day);
}

// Whether `reentry` lets the customer enter (again) today.
bool Planner::MayEnter(const ir::Campaign& camp, const std::string& id, const std::string& customer) {
  const std::optional<LatestEntry>& latest = LatestOf(id, customer);
  if (!latest) return true;
  const LatestEntry& last = *latest;
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

bool Planner::Running(const std::string& id, const std::string& customer, const std::string& instance) const {
  const auto it = running_.find(id);
  return it != running_.end() && it->second.count(RunningKey(customer, instance)) > 0;
}

// New journeys: firings (pending ones first), `reentry`, `limit`, the holdout draw.
void Planner::Entries(int c, const std::string& id, std::vector<size_t>& open) {
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
  for (Firing& f : Firings(camp)) firings.push_back(std::move(f));
  if (camp.trigger >= 0 && d_.p.triggers[camp.trigger].delay != ir::kNone &&
      d_.p.at(d_.p.triggers[camp.trigger].delay).op != ir::Op::Const) {
    Unfired(id, firings);
  }
  std::vector<Firing> entering;
  const bool keyed = camp.trigger >= 0 && d_.p.triggers[camp.trigger].key_field >= 0;
  const bool latest = UsesLatest(camp);
  if (latest) Prefetch(id, firings);
  for (const Firing& f : firings) {
    const std::string key = CustomerKey(d_.db, f.row);
    // `per FIELD`: one instance per value while it runs (docs/engine.md).
    if (keyed && Running(id, key, f.instance)) continue;
    if (!keyed && !MayEnter(camp, id, key)) continue;
    if (keyed && camp.reentry != ir::Reentry::Unset && !MayEnter(camp, id, key)) continue;
    entering.push_back(f);
    if (keyed) running_[id].insert(RunningKey(key, f.instance));
    // Later firings of the same run see this entry (two firings, `reentry never`).
    if (latest) latest_[id][key] = LatestEntry{d_.now, Journey::Status::Active};
  }
  if (camp.limit && entering.size() > static_cast<size_t>(*camp.limit)) Limit(camp, id, entering);
  const std::string print = CampaignFingerprint(d_.printed ? *d_.printed : d_.p, c);
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
    journeys_.push_back(std::move(j));
    changed_.push_back(true);
    by_campaign_[id].push_back(journeys_.size() - 1);
    open.push_back(journeys_.size() - 1);
    ++Counts(c).entered;
  }
}

// A delay read from data (a reference table, the event) can change between runs and
// move an event's fire moment into a later run: an event that began a journey of the
// campaign, or is held back, fires nothing again (docs/engine.md A1).
void Planner::Unfired(const std::string& id, std::vector<Firing>& firings) {
  using Event = std::tuple<uint32_t, std::string, int64_t>;  // customer row, instance, source moment
  std::set<Event> seen;
  std::vector<std::string> keys;
  std::vector<uint32_t> rows;
  std::unordered_set<uint32_t> asked;
  for (const Firing& f : firings) {
    if (asked.insert(f.row).second) rows.push_back(f.row), keys.push_back(CustomerKey(d_.db, f.row));
  }
  const auto journeys = d_.store.JourneysOf(id, keys);
  for (size_t k = 0; k < rows.size(); ++k) {
    for (const Journey& j : journeys[k]) seen.emplace(rows[k], j.instance, j.trigger_at);
  }
  // A held-back firing (they come first) stays, and a new firing of its event is the
  // same firing; new firings of one moment and instance fire side by side, as with a
  // constant delay.
  for (const Firing& f : firings) {
    if (f.pending_since >= 0) seen.emplace(f.row, f.instance, f.at);
  }
  std::erase_if(firings, [&](const Firing& f) {
    return f.pending_since < 0 && seen.contains({f.row, f.instance, f.at});
  });
}

// `limit N per run`: N customers, the first by a stable hash of the customer key and
// "limit " + the campaign's id, each with all of its firings (instances of `per`);
// trigger firings left out wait for the next run, audience customers are candidates
// again on the next run anyway.
void Planner::Limit(const ir::Campaign& camp, const std::string& id, std::vector<Firing>& entering) {
  // Held-back firings first, oldest first; then by the stable hash.
  std::vector<std::pair<uint64_t, size_t>> order;
  for (size_t k = 0; k < entering.size(); ++k)
    order.push_back({BucketHash(CustomerKey(d_.db, entering[k].row), "limit " + id), k});
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    const Firing& x = entering[a.second];
    const Firing& y = entering[b.second];
    const bool xp = x.pending_since >= 0, yp = y.pending_since >= 0;
    if (xp != yp) return xp;
    if (xp && x.pending_since != y.pending_since) return x.pending_since < y.pending_since;
    return a.first < b.first;
  });
  // A customer ranks by its first firing in that order.
  const size_t n = static_cast<size_t>(*camp.limit);
  std::unordered_set<uint32_t> admitted;
  std::vector<Firing> in;
  for (const auto& [hash, k] : order) {
    Firing& f = entering[k];
    if (admitted.contains(f.row) || (admitted.size() < n && admitted.insert(f.row).second)) {
      in.push_back(std::move(f));
    } else if (camp.trigger >= 0) {
      pending_.push_back(
          {id, CustomerKey(d_.db, f.row), f.instance, f.at, f.pending_since >= 0 ? f.pending_since : d_.date});
    }
  }
  entering = std::move(in);
}

// The holdout draw (docs/engine.md): held out iff bucket(KEY, 10000) < P x 100.
bool Planner::HeldOut(const ir::Campaign& camp, const std::string& customer) {
  if (camp.holdout <= 0) return false;
  const uint64_t bucket = BucketHash(customer, camp.key) % 10000;
  return static_cast<int64_t>(bucket) * 10000 < camp.holdout;  // holdout: percent x 10^6
}

// The steps due by now, in order; each `if` with the journey's entry.
void Planner::Steps(int c, const std::vector<size_t>& open) {
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
    std::vector<uint8_t> gone(due.size(), 0);
    std::vector<uint8_t> send = PerJourney(camp, camp.steps[s].condition, due, &gone);
    for (size_t k = 0; k < due.size(); ++k) {
      Journey& x = journeys_[due[k]];
      changed_[due[k]] = true;
      x.next_step = s + 1;
      if (x.next_step == steps) {
        x.status = Journey::Status::Finished;
        x.end_date = d_.date;
      }
      // A customer gone from the data is stopped whatever the step's `if` (which
      // cannot be evaluated for them): recorded, never skipped without a trace.
      auto row = Row(x.customer);
      if (!row) {
        ++Counts(c).candidates;  // due, and stopped: counted as every stopped candidate is
        Stop(c, s, x, "customer", "the customer is no longer in the data", {});
        continue;
      }
      if (gone[k]) {  // its `if` cannot be evaluated either: stopped, with the reason
        ++Counts(c).candidates;
        Stop(c, s, x, "trigger", EventGone(camp, x), camp.steps[s].span);
        continue;
      }
      if (!send[k]) continue;  // skipped by its `if`: the journey goes on
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

void Planner::Stop(int c, int step, const Journey& x, std::string rule, std::string reason, Span span) {
  const ir::Campaign& camp = d_.p.campaigns[c];
  out_.plan.stops.push_back(state::Stop{d_.date, x.customer, camp.name, camp.steps[step].message, std::move(rule),
                                        std::move(reason), step, d_.Where(span), x.instance});
  ++Counts(c).stopped[out_.plan.stops.back().rule];
}

DayDecisions PlanDay(Day& day) { return Planner(day).Run(); }

}  // namespace sam::engine
