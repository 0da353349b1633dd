#include "engine/why.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "backends/value_text.hpp"
#include "base/source.hpp"
#include "engine/engine.hpp"
#include "engine/plan_day.hpp"
#include "engine/time_rules.hpp"
#include "engine/trigger_dates.hpp"
#include "schema/time_zone.hpp"

namespace sam::engine {

namespace {

// A value in an explanation: absent said, strings quoted.
std::string ValueText(const ir::Program& p, const backend::Values& v, Type type) {
  if (!v.Present(0)) return "absent";
  const std::string text = backend::FormatValue(p, type, v, 0);
  return type.kind == TypeKind::String ? "\"" + text + "\"" : text;
}

// The policy rules that concern the campaign's channels, evaluated for one customer.
void PolicyValues(const ir::Program& p, const ir::Campaign& camp, backend::Prepared& run, uint32_t row,
                  const std::function<std::string(ir::NodeId)>& written, const std::function<std::string(Span)>& where,
                  Explanation& out) {
  std::set<std::string> channels{camp.channel};
  for (const auto& step : camp.steps) {
    if (!step.channel.empty()) channels.insert(step.channel);
  }
  auto value = [&](ir::NodeId id) { return ValueText(p, run.Evaluate(id, std::span(&row, 1)), p.at(id).type); };
  auto place = [&](Span s) { return where ? where(s) : std::string(); };
  const ir::Policy& pol = p.policy;
  if (pol.timezone != ir::kNone) {
    // As the run does: a value that is absent or names no zone leaves the program's.
    const backend::Values zone = run.Evaluate(pol.timezone, std::span(&row, 1));
    std::string text = ValueText(p, zone, p.at(pol.timezone).type);
    if (!zone.Present(0)) {
      text += fmt::format(": the program's zone `{}` is used", p.timezone);
    } else if (!IsTimeZone(zone.strings[0])) {
      text += fmt::format(", not a time zone: the program's zone `{}` is used", p.timezone);
    }
    out.policy.push_back({fmt::format("timezone `{}`", written(pol.timezone)), text, ""});
  }
  for (const auto& s : pol.suppressions) {
    if (!s.channel.empty() && !channels.count(s.channel)) continue;
    out.policy.push_back({fmt::format("suppress `{}`{}", written(s.condition), s.channel.empty() ? "" : " on " + s.channel),
                          value(s.condition), place(s.span)});
  }
  for (const auto& a : pol.allows) {
    if (!channels.count(a.channel)) continue;
    out.policy.push_back({fmt::format("allow {} when `{}`", a.channel, written(a.condition)), value(a.condition), place(a.span)});
  }
  for (const auto& c : pol.consents) {
    if (std::find(camp.consents.begin(), camp.consents.end(), c.purpose) == camp.consents.end()) continue;
    std::string evidence = "granted " + value(c.granted);
    if (c.confirmed != ir::kNone) evidence += ", confirmed " + value(c.confirmed);
    if (c.withdrawn != ir::kNone) evidence += ", withdrawn " + value(c.withdrawn);
    out.policy.push_back({fmt::format("consent `{}`", c.purpose), evidence, place(c.span)});
  }
}

// A condition and, for a top-level `and`/`or` written as one, each operand, with their
// values for one customer ("true", "false", "absent"), each evaluated once.
std::vector<std::pair<std::string, std::string>> WholeAndParts(const ir::Program& p, ir::NodeId node,
                                                               const std::function<backend::Values(ir::NodeId)>& evaluate,
                                                               const std::function<std::string(ir::NodeId)>& written) {
  std::vector<std::pair<std::string, std::string>> out;
  auto show = [&](ir::NodeId id) { out.emplace_back(written(id), ValueText(p, evaluate(id), p.at(id).type)); };
  show(node);
  const ir::Node& n = p.at(node);
  if (n.op != ir::Op::And && n.op != ir::Op::Or) return out;
  // `x between a and b` is an `and` of two comparisons written nowhere apart: its
  // operands would read as the whole, one true and one false.
  for (ir::NodeId a : n.args) {
    if (written(a) == out[0].first) return out;
  }
  for (ir::NodeId a : n.args) show(a);
  return out;
}

// The firings the run of `date` considered for customer `row` (see Explanation).
class TriggerWhy {
 public:
  TriggerWhy(const ir::Program& p, const rt::Database& db, backend::Backend& backend, const state::Store& store,
             const ir::Trigger& t, uint32_t row, int64_t date, const std::function<std::string(ir::NodeId)>& written)
      : p_(p), db_(db), backend_(backend), t_(t), row_(row), date_(date), written_(written),
        zone_(p.timezone), run_(RunIntervalOf(store, date, zone_)) {}

  std::vector<Explanation::TriggerFiring> Firings() {
    std::vector<Explanation::TriggerFiring> out;
    if (t_.source == ir::TriggerSource::Enters || t_.source == ir::TriggerSource::Leaves) {
      out.push_back(Membership());
      return out;
    }
    if (t_.source != ir::TriggerSource::OnEvent) {
      for (int64_t at : DateFirings()) out.push_back(Explain(at, -1));
      return out;
    }
    backend::Context context;
    context.today = date_;
    const auto plain = backend_.Prepare(p_, db_, context);
    const rt::Table& table = db_.tables[t_.table];
    const rt::Column& time = table.columns[p_.tables[t_.table].time];
    for (const backend::EventRow& e : plain->EventsOf(t_.table, t_.filter, std::span(&row_, 1), INT64_MIN)) {
      const int64_t at = time.type.kind == TypeKind::Date ? StartOfDay(time.Int(e.row), zone_) : time.Int(e.row);
      const backend::Values delay = Evaluate(t_.delay, at, static_cast<int64_t>(e.row));
      if (t_.delay != ir::kNone && !delay.Present(0)) continue;  // an absent delay never fires
      const int64_t fire = std::max(Shift(at, t_.delay == ir::kNone ? 0 : delay.ints[0], 1, zone_), at + 1);
      std::string instance;
      if (t_.key_field >= 0) {
        const rt::Column& key = table.columns[t_.key_field];
        if (key.Present(e.row))
          instance = key.type.kind == TypeKind::String ? std::string(key.Str(e.row)) : std::to_string(key.Int(e.row));
      }
      if (fire <= run_.prev_now) {  // fired in an earlier run: `limit` may have held it back since
        earlier_.push_back({at, instance, {}, ""});
        continue;
      }
      if (!run_.Holds(fire)) continue;
      Explanation::TriggerFiring f = Explain(at, static_cast<int64_t>(e.row));
      f.instance = std::move(instance);
      out.push_back(std::move(f));
    }
    return out;
  }
  // After Firings: the `on TABLE` firings of earlier runs (moment and instance).
  std::vector<Explanation::TriggerFiring> Earlier() { return std::move(earlier_); }

 private:
  // The source moments of a date, yearly or inactive trigger that fall due in the run
  // for the customer, as triggers.cpp finds them.
  std::vector<int64_t> DateFirings() {
    const int64_t delay = t_.delay == ir::kNone ? 0 : Constant(t_.delay);
    std::vector<int64_t> out;
    switch (t_.source) {
      case ir::TriggerSource::OnDate: {
        const int64_t v = Constant(t_.when);
        const int64_t moment = p_.at(t_.when).type.kind == TypeKind::Date ? StartOfDay(v, zone_) : v;
        if (run_.Holds(Shift(moment, delay, 1, zone_))) out.push_back(moment);
        break;
      }
      case ir::TriggerSource::YearlyDay:
        for (int64_t x : SourceDays(run_, delay)) {
          if (IsMonthDay(x, t_.month_day)) out.push_back(StartOfDay(x, zone_));
        }
        break;
      case ir::TriggerSource::Yearly: {
        const backend::Values v = Evaluate(t_.when, run_.now, -1);
        if (!v.Present(0)) break;  // absent: no anniversary
        const int64_t of = p_.at(t_.when).type.kind == TypeKind::Timestamp ? LocalDate(v.ints[0], zone_) : v.ints[0];
        for (int64_t x : SourceDays(run_, delay)) {
          if (IsAnniversary(x, of)) out.push_back(StartOfDay(x, zone_));
        }
        break;
      }
      case ir::TriggerSource::Inactive: {
        backend::Context context;
        context.today = date_;
        const auto plain = backend_.Prepare(p_, db_, context);
        const auto events = plain->EventsOf(t_.table, t_.filter, std::span(&row_, 1), INT64_MIN);
        if (events.empty()) break;  // never a matching event: never fires
        const rt::Column& time = db_.tables[t_.table].columns[p_.tables[t_.table].time];
        const uint64_t x = events.back().row;
        const int64_t last = time.type.kind == TypeKind::Date ? StartOfDay(time.Int(x), zone_) : time.Int(x);
        if (auto at = SilenceFires(run_, last, Constant(t_.when), delay)) out.push_back(*at);
        break;
      }
      default: break;
    }
    return out;
  }

  // A value the same for every customer (a period, a date): the checker sees to it.
  int64_t Constant(ir::NodeId node) {
    const backend::Values v = Evaluate(node, run_.now, -1);
    return v.Present(0) ? v.ints[0] : 0;
  }

  // A node for the customer with trigger.at = at and the firing event (-1: none).
  backend::Values Evaluate(ir::NodeId node, int64_t at, int64_t event) {
    if (node == ir::kNone) return {};
    backend::Context context;
    context.today = date_;
    context.rows.emplace(1, row_);
    context.trigger.emplace();
    context.trigger->table = event >= 0 ? t_.table : -1;
    context.trigger->at = {at};
    context.trigger->row = {event};
    return backend_.Prepare(p_, db_, context)->Evaluate(node, std::span(&row_, 1));
  }

  // `enters`/`leaves`: the run compared the segment's members at its moment with the
  // previous run's and then replaced those, so whether the customer was a member
  // before is not known here; the membership at the run's moment is, and `if`/`unless`.
  Explanation::TriggerFiring Membership() {
    const ir::Let& segment = p_.lets[t_.segment];
    const backend::Values v = Evaluate(segment.root, run_.now, -1);
    const bool member = v.Present(0) && v.ints[0] != 0;
    const bool enters = t_.source == ir::TriggerSource::Enters;
    Explanation::TriggerFiring f = Explain(run_.now, -1);
    f.conditions.insert(f.conditions.begin(), {"`" + segment.name + "` at the run's moment", member ? "true" : "false"});
    if (member != enters) {
      f.outcome = fmt::format("does not fire: {} `{}` at the run's moment", member ? "in" : "not in", segment.name);
    } else if (f.outcome == "fires") {
      f.outcome = fmt::format("fires if the customer was {} `{}` at the previous run (the state keeps the last run's "
                              "members only)",
                              enters ? "not in" : "in", segment.name);
    }
    return f;
  }

  Explanation::TriggerFiring Explain(int64_t at, int64_t event) {
    Explanation::TriggerFiring f;
    f.at = at;
    f.outcome = "fires";
    for (const auto& [word, node] : {std::pair{"if", t_.condition}, std::pair{"unless", t_.unless}}) {
      if (node == ir::kNone) continue;
      auto parts = WholeAndParts(p_, node, [&](ir::NodeId id) { return Evaluate(id, at, event); }, written_);
      const bool holds = parts.front().second == "true";
      parts.front().first = std::string(word) + " " + parts.front().first;
      f.conditions.insert(f.conditions.end(), parts.begin(), parts.end());
      if (f.outcome == "fires" && holds != (node == t_.condition)) f.outcome = fmt::format("turned down by `{}`", word);
    }
    return f;
  }

  const ir::Program& p_;
  const rt::Database& db_;
  backend::Backend& backend_;
  const ir::Trigger& t_;
  uint32_t row_;
  int64_t date_;
  const std::function<std::string(ir::NodeId)>& written_;
  std::string zone_;
  RunInterval run_;  // the run of date_
  std::vector<Explanation::TriggerFiring> earlier_;
};

// Why a firing began no journey on the date, from what the state holds: held back by
// `limit` (waiting in the state), its instance's journey running (`per`), `reentry`,
// or the campaign's days; else the rules that may have (the state does not record it).
std::string HeldBack(const ir::Campaign& camp, bool keyed, const std::vector<state::Pending>& pending,
                     const std::vector<state::Journey>& later, const Explanation::TriggerFiring& f,
                     const Explanation& out, std::optional<int64_t> last_run) {
  for (const state::Journey& j : later) {  // held back, it entered on a later run
    if (j.instance == f.instance && j.trigger_at == f.at) {
      return fmt::format("`limit {} per run` held it back: it began a journey on {}", camp.limit.value_or(0),
                         FormatDate(j.entry_date));
    }
  }
  for (const state::Pending& p : pending) {
    if (p.instance == f.instance && p.trigger_at == f.at && p.since_date <= out.date) {
      return fmt::format("`limit {} per run` held it back: it waits since {}", camp.limit.value_or(0),
                         FormatDate(p.since_date));
    }
  }
  for (const state::Journey& j : out.journeys) {
    const bool running =
        j.entry_date < out.date && (j.status == state::Journey::Status::Active || j.end_date >= out.date);
    if (keyed && running && j.instance == f.instance) {
      return fmt::format("the journey{} that began on {} was running (`per`: one at a time)",
                         f.instance.empty() ? "" : " for " + f.instance, FormatDate(j.entry_date));
    }
  }
  if (camp.reentry != ir::Reentry::Unset && !out.journeys.empty()) {
    return fmt::format("`reentry` held it back: the last journey began on {}",
                       FormatDate(out.journeys.back().entry_date));
  }
  if (camp.paused) return "the campaign is `paused`";
  if (camp.until_day && out.date > *camp.until_day) return "`until` " + FormatDate(*camp.until_day) + " has passed";
  if (camp.from_day && out.date < *camp.from_day) return "`from` " + FormatDate(*camp.from_day) + " is to come";
  if (camp.limit && camp.until_day && last_run && *last_run > *camp.until_day) {
    // Not waiting now, and no journey since: the first run after `until` dropped it.
    return fmt::format("`limit {} per run` held it back, then `until` {} passed and it was dropped", *camp.limit,
                       FormatDate(*camp.until_day));
  }
  return "one was running, or `reentry`, `limit` or the campaign's days held it back";
}

// A firing that fired but started no journey, told by the journeys the state holds: a
// journey entered on the date from the firing's moment is its own (two firings of a
// campaign without `per` run side by side, C1); else a second firing of one instance
// in a run (the first one's journey takes it), or one whose instance has no journey
// entered on the date (HeldBack says why).
void Started(const ir::Campaign& camp, bool keyed, const std::vector<state::Pending>& pending,
             const std::vector<state::Journey>& later, std::optional<int64_t> last_run, Explanation& out) {
  std::set<std::string> told;  // instances whose journey of the date a firing has been given
  const std::string date = FormatDate(out.date);
  for (Explanation::TriggerFiring& f : out.firings) {
    if (f.outcome != "fires") continue;
    const std::string of = f.instance.empty() ? "" : " for " + f.instance;
    auto began = [&](bool own) {
      return std::any_of(out.journeys.begin(), out.journeys.end(), [&](const state::Journey& j) {
        return j.instance == f.instance && j.entry_date == out.date && (!own || j.trigger_at == f.at);
      });
    };
    if (began(true)) {
      told.insert(f.instance);
      continue;
    }
    const bool entered = began(false);
    if (!entered) {
      f.outcome = fmt::format("fires, but no journey{} began on {} ({})", of, date,
                              HeldBack(camp, keyed, pending, later, f, out, last_run));
    } else if (!told.insert(f.instance).second) {
      f.outcome = fmt::format("fires, but another firing began the journey{} on {}", of, date);
    }
  }
}

// An audience that holds, no journey begun on the date, the campaign open: `reentry`
// kept the customer out, as Planner::MayEnter decides it with the last journey begun
// before the date (docs/engine.md C1, C5, C6), or else `limit N per run` did (C8).
// `period`: `reentry after`'s (µs); `now`: the run's moment.
std::string NotEntered(const ir::Campaign& camp, int64_t period, int64_t now, const std::string& zone,
                       const Explanation& out) {
  if (camp.audience == ir::kNone || out.entry.empty() || out.entry[0].second != "true" || !out.closed.empty())
    return "";
  const state::Journey* last = nullptr;
  for (const state::Journey& j : out.journeys) {
    if (j.entry_date == out.date) return "";
    if (!last || j.entry_date >= last->entry_date) last = &j;
  }
  const ir::Reentry rule = camp.reentry == ir::Reentry::Unset ? ir::Reentry::AfterExit : camp.reentry;
  if (last && rule == ir::Reentry::Never) {
    return fmt::format("`reentry never`: the customer entered on {}", FormatDate(last->entry_date));
  }
  if (last && rule == ir::Reentry::After && Shift(last->entry, period, 1, zone) > now) {
    return fmt::format("`reentry after`: the last journey began on {}, too recently", FormatDate(last->entry_date));
  }
  // Running when the run took entries: ended later, or finished that day (its steps
  // come after the entries; an `exit when` before them).
  const bool running = last && (last->status == state::Journey::Status::Active || last->end_date > out.date ||
                                (last->end_date == out.date && last->status != state::Journey::Status::Exited));
  if (running && rule == ir::Reentry::AfterExit) {
    return fmt::format("the journey that began on {} was running (`reentry after exit`)", FormatDate(last->entry_date));
  }
  if (camp.limit) {
    return fmt::format("`limit {} per run` let others in first (those with the smallest hash)", *camp.limit);
  }
  return "";
}

// The firings of earlier runs that `limit N per run` held back and the run of the date
// considered again (docs/engine.md, C8): those whose journey began on the date or
// later, and those still waiting in the state; listed first, as the run takes them.
void Carried(const ir::Campaign& camp, const std::vector<Explanation::TriggerFiring>& earlier,
             const std::vector<state::Pending>& pending, const std::vector<state::Journey>& later, Explanation& out) {
  if (!camp.limit) return;
  const std::string limit = fmt::format("`limit {} per run`", *camp.limit);
  std::vector<Explanation::TriggerFiring> carried;
  for (const Explanation::TriggerFiring& e : earlier) {
    auto same = [&](const auto& x) { return x.instance == e.instance && x.trigger_at == e.at; };
    std::string outcome;
    for (const std::vector<state::Journey>* journeys : {&std::as_const(out.journeys), &later}) {
      for (const state::Journey& j : *journeys) {
        if (!same(j) || j.entry_date < out.date || !outcome.empty()) continue;
        outcome = j.entry_date == out.date
                      ? fmt::format(
                            "fired in an earlier run and {} held it back until this one: it began a "
                            "journey on {}",
                            limit, FormatDate(j.entry_date))
                      : fmt::format("fired in an earlier run and {} held it back again: it began a journey on {}",
                                    limit, FormatDate(j.entry_date));
      }
    }
    for (const state::Pending& x : pending) {
      if (outcome.empty() && same(x) && x.since_date < out.date) {
        outcome = fmt::format("held back by {} since {}: it still waits", limit, FormatDate(x.since_date));
      }
    }
    if (outcome.empty()) continue;
    Explanation::TriggerFiring f = e;
    f.outcome = std::move(outcome);
    carried.push_back(std::move(f));
  }
  out.firings.insert(out.firings.begin(), carried.begin(), carried.end());
}

// What the state holds of the customer in the campaign: the journeys begun by the date
// (as the state stands now: a later run may have moved them on since), the date's
// contacts and stops, and what began no journey (Started).
void FromState(const ir::Program& p, const state::Store& store, const ir::Campaign& camp, const std::string& key_text,
               const std::vector<Explanation::TriggerFiring>& earlier, Explanation& out) {
  const int64_t date = out.date;
  std::vector<state::Journey> later;  // begun after it: a firing held back may have
  for (auto& j : store.JourneysOf(CampaignId(camp), key_text)) {
    (j.entry_date <= date ? out.journeys : later).push_back(std::move(j));
  }
  for (const auto& j : out.journeys) out.held_out = out.held_out || j.held_out;
  // By the campaign's key, as journeys and caps are (language.md §15.1): a campaign
  // renamed since keeps its contacts. Stops carry the name the run knew it by: that
  // day's contacts of the key tell it, else a stop under a name no campaign of the
  // program has now, of one of this campaign's messages.
  std::set<std::string> names = {camp.name};
  const std::string id = CampaignId(camp);
  for (auto& c : store.ContactsOf(date, key_text)) {
    if (c.campaign != id) continue;
    names.insert(c.campaign_name);
    out.contacts.push_back(std::move(c));
  }
  auto renamed = [&](const state::Stop& s) {
    for (const ir::Campaign& other : p.campaigns) {
      if (other.name == s.campaign) return false;
    }
    return std::any_of(camp.steps.begin(), camp.steps.end(),
                       [&](const ir::Step& step) { return step.message == s.message; });
  };
  for (auto& s : store.StopsOf(date, key_text)) {
    if (names.count(s.campaign) || renamed(s)) out.stops.push_back(std::move(s));
  }
  std::vector<state::Pending> pending;
  for (auto& x : store.PendingFirings()) {
    if (x.campaign == id && x.customer == key_text) pending.push_back(std::move(x));
  }
  Started(camp, camp.trigger >= 0 && p.triggers[camp.trigger].key_field >= 0, pending, later, store.LastRunDate(), out);
  Carried(camp, earlier, pending, later, out);
}

}  // namespace

Explanation Why(const ir::Program& p, const rt::Database& db, backend::Backend& backend, const state::Store& store,
                int campaign, const std::string& customer, int64_t date, const std::function<std::string(Span)>& text,
                const std::function<std::string(Span)>& where) {
  const ir::Campaign& camp = p.campaigns[campaign];
  Explanation out;
  out.customer = customer;
  out.campaign = camp.name;
  out.date = date;
  out.run_committed = store.Run(date).has_value();
  RequireColumns(p, db, rt::Reading::Touched);  // one customer's values
  const std::optional<uint32_t> row = CustomerRow(db, customer);
  if (!row) {
    // No longer in the data (or never): what the state holds of them, if anything.
    out.absent = true;
    FromState(p, store, camp, customer, {}, out);
    if (out.journeys.empty() && out.contacts.empty() && out.stops.empty()) {
      throw EngineError(fmt::format("no customer has the key `{}`", customer));
    }
    return out;
  }
  backend::Context context;
  context.today = date;
  auto prepared = backend.Prepare(p, db, context);
  const uint32_t r = *row;
  // A std::function, as TriggerWhy keeps a reference to it.
  const std::function<std::string(ir::NodeId)> written = [&](ir::NodeId id) {
    std::string w = text ? OneLine(text(p.at(id).span)) : std::string();
    return w.empty() ? ir::PrintExpr(p, id) : w;
  };
  PolicyValues(p, camp, *prepared, r, written, where, out);
  if (camp.audience != ir::kNone) {
    out.entry = WholeAndParts(p, camp.audience, [&](ir::NodeId id) { return prepared->Evaluate(id, std::span(&r, 1)); },
                              written);
  }
  if (camp.paused) {
    out.closed = "the campaign is paused";
  } else if (camp.from_day && date < *camp.from_day) {
    out.closed = fmt::format("the campaign starts on {} (`from`)", FormatDate(*camp.from_day));
  } else if (camp.until_day && date > *camp.until_day) {
    out.closed = fmt::format("the campaign ended on {} (`until`)", FormatDate(*camp.until_day));
  }
  std::vector<Explanation::TriggerFiring> earlier;  // of `on TABLE` firings (Carried)
  if (camp.trigger >= 0) {
    const ir::Trigger& t = p.triggers[camp.trigger];
    out.trigger = t.name;
    out.trigger_source = where ? where(t.span) : std::string();
    TriggerWhy why(p, db, backend, store, t, r, date, written);
    out.firings = why.Firings();
    earlier = why.Earlier();
  }
  // The key as the state writes it (`007` is customer 7).
  const std::string key_text = CustomerKey(db, *row);
  out.customer = key_text;
  if (camp.holdout > 0) {
    out.holdout_bucket = static_cast<int64_t>(BucketHash(key_text, camp.key) % 10000);
    out.holdout_percent = static_cast<double>(camp.holdout) / 1e6;
  }
  FromState(p, store, camp, key_text, earlier, out);
  if (camp.audience != ir::kNone) {
    int64_t period = 0;
    if (camp.reentry_after != ir::kNone) {
      const backend::Values v = prepared->Evaluate(camp.reentry_after, std::span(&r, 1));
      period = v.Present(0) ? v.ints[0] : 0;
    }
    out.not_entered = NotEntered(camp, period, RunIntervalOf(store, date, p.timezone).now, p.timezone, out);
  }
  return out;
}

}  // namespace sam::engine
