#include "engine/engine.hpp"

#include <fmt/format.h>

#include <future>
#include <map>

#include "engine/phase_clock.hpp"
#include "engine/plan_day.hpp"
#include "engine/trigger_dates.hpp"
#include "ir/analysis/reads.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::engine {

// Every expression a run may evaluate, and the columns the engine reads itself (the
// customers' key and addresses, a trigger's events, times and `per` values): a
// snapshot checks them before they are read.
void RequireColumns(const ir::Program& p, const rt::Database& db, rt::Reading reading) {
  std::vector<ir::NodeId> roots;
  std::vector<int> lets;
  auto add = [&](ir::NodeId n) {
    if (n != ir::kNone) roots.push_back(n);
  };
  for (const auto& t : p.triggers) {
    for (ir::NodeId n : {t.filter, t.when, t.delay, t.condition, t.unless}) add(n);
    if (t.segment >= 0) lets.push_back(t.segment);
  }
  for (const auto& c : p.campaigns) {
    for (ir::NodeId n : {c.audience, c.exit, c.reentry_after}) add(n);
    for (const auto& s : c.steps) add(s.condition);
    for (const auto& [name, m] : c.metrics) add(m);
  }
  const ir::Policy& pol = p.policy;
  add(pol.timezone);
  for (const auto& c : pol.caps) add(c.per);
  for (const auto& c : pol.consents) {
    for (ir::NodeId n : {c.granted, c.confirmed, c.withdrawn}) add(n);
  }
  for (const auto& s : pol.suppressions) add(s.condition);
  for (const auto& a : pol.allows) add(a.condition);
  for (const auto& [segment, list] : pol.suggestions) {
    if (segment >= 0) lets.push_back(segment);
  }
  for (const auto& h : pol.histories) add(h.filter);
  std::vector<rt::ColumnRef> refs;
  for (const ir::ColumnRead& c : ir::ColumnsRead(p, roots, lets)) refs.push_back({c.table, c.field});
  for (const auto& h : pol.histories) {  // read by the arbitration itself
    refs.push_back({h.table, rt::kTableRows});
    refs.push_back({h.table, p.tables[h.table].time});
    for (const ir::HistoryValue* v : {&h.channel, &h.campaign, &h.kind}) {
      if (v->field >= 0) refs.push_back({h.table, v->field});
    }
  }
  for (const auto& t : p.triggers) {  // an event trigger's events, their times and `per` values
    if (t.table < 0) continue;
    refs.push_back({t.table, rt::kTableRows});
    refs.push_back({t.table, p.tables[t.table].time});
    if (t.key_field >= 0) refs.push_back({t.table, t.key_field});
  }
  if (db.customers >= 0) {
    refs.push_back({db.customers, db.key_field});
    const TableInfo& info = p.tables[p.customers];
    for (size_t f = 0; f < info.fields.size(); ++f) {
      if (info.fields[f].type.kind == TypeKind::String) refs.push_back({db.customers, static_cast<int>(f)});
    }
  }
  db.Require(refs, reading);
}

namespace {

DayPlan Replay(const ir::Program& program, state::Store& store, int64_t date) {
  DayPlan plan;
  plan.date = date;
  plan.replayed = true;
  plan.contacts = store.ContactsOf(date);
  plan.stops = store.StopsOf(date);
  // Every campaign of the program, in its order, as the run listed them (with zeros),
  // by the name it had then: a campaign renamed since (its key kept) is listed once.
  std::map<std::string, std::string> recorded;  // a campaign's key (else name) -> the name its contacts have
  for (const auto& c : plan.contacts) recorded.emplace(c.campaign, c.campaign_name);
  for (const ir::Campaign& c : program.campaigns) {
    const auto it = recorded.find(CampaignId(c));
    CountsOf(plan, it != recorded.end() ? it->second : c.name);
  }
  for (const auto& c : plan.contacts) ++CountsOf(plan, c.campaign_name).planned;
  for (const auto& s : plan.stops) {
    auto& c = CountsOf(plan, s.campaign);
    if (s.rule == "holdout") ++c.held_out;
    ++c.stopped[s.rule];
  }
  return plan;
}

// A state that has run, none of whose campaigns the program has (by key, else name):
// most likely another program's (docs/engine.md: one state per program), whose
// contacts would count towards this program's caps. Said, not refused: a program
// whose every campaign was renamed without a key is the same case.
std::string ForeignState(const ir::Program& program, const state::Store& store, std::optional<int64_t> last) {
  if (!last || program.campaigns.empty()) return "";
  for (const ir::Campaign& c : program.campaigns) {
    if (!store.CampaignFingerprint(CampaignId(c)).empty()) return "";
  }
  return fmt::format(
      "the state's runs (the last on {}) had none of this program's campaigns: is it another "
      "program's state? Its contact history counts towards this program's caps",
      FormatDate(*last));
}

}  // namespace

std::vector<DayPlan> Run(const ir::Program& program, const rt::Database& db, backend::Backend& backend,
                         state::Store& store, const RunOptions& options) {
  const std::string& zone = program.timezone;  // "UTC" unless the program names a valid zone
  const std::optional<int64_t> last = store.LastRunDate();
  if (last && options.date <= *last) {
    if (store.Run(options.date)) {
      DayPlan plan = Replay(program, store, options.date);
      if (options.committed) options.committed(plan);
      return {std::move(plan)};
    }
    throw EngineError(
        fmt::format("the state's last run is for {}; {} comes before it and was never run (runs go forward "
                    "in time: dates before the first run are not planned)",
                    FormatDate(*last), FormatDate(options.date)));
  }
  RequireColumns(program, db);
  // A first run behaves as if a run happened the day before: nothing before it fires.
  const int64_t first = last ? *last + 1 : options.date;
  if (options.max_dates > 0 && options.date - first + 1 > options.max_dates) {
    throw EngineError(
        fmt::format("the state's last run is for {}: a run for {} would plan {} dates, more than {} (is the "
                    "date right? allow it with --max-catch-up {})",
                    FormatDate(*last), FormatDate(options.date), options.date - first + 1, options.max_dates,
                    options.date - first + 1));
  }
  std::vector<DayPlan> out;
  const std::string foreign = ForeignState(program, store, last);
  const std::string fingerprint =
      fmt::format("{:016x}", BucketHash("", ir::Print(options.printed ? *options.printed : program)));
  // A dry run plans every date as a real run would, inside one transaction it rolls back.
  std::optional<state::Store::Rehearsal> rehearsal;
  if (options.dry_run) rehearsal.emplace(store);
  for (int64_t date = first; date <= options.date; ++date) {
    if (options.progress)
      options.progress(date, static_cast<size_t>(date - first), static_cast<size_t>(options.date - first + 1));
    PhaseClock::Timings prepared;
    PhaseClock prepare(prepared);
    Evaluator eval(program, db, backend, date, options.threads);
    prepare.Lap("prepare");
    const RunInterval run = RunIntervalOf(store, date, zone);
    const int64_t now = run.now;
    Day day{program, db, store, eval, date, now, run.prev_now, &options.where, &options.text, options.printed};
    DayDecisions d = PlanDay(day);
    if (date == first && !foreign.empty()) AddNote(d.plan, foreign);
    d.plan.timings.insert(d.plan.timings.begin(), prepared.begin(), prepared.end());
    d.commit.run.now = now;
    d.commit.run.program = fingerprint;
    d.commit.run.data = options.data_fingerprint;
    d.commit.run.planned = static_cast<int64_t>(d.plan.contacts.size());
    d.commit.run.stopped = static_cast<int64_t>(d.plan.stops.size());
    // The commit's contacts and stops are the plan's: lent for the write, not copied
    // (a Thursday's plan holds hundreds of thousands of contacts).
    d.commit.contacts = d.plan.contacts;
    d.commit.stops = d.plan.stops;
    PhaseClock::Timings written;
    PhaseClock clock(written);
    // The plan's output is prepared on another thread while the state is written: it
    // only reads the plan, and publishes nothing before `committed`.
    std::future<void> output;
    if (options.planned) output = std::async(std::launch::async, [&options, &d] { options.planned(d.plan); });
    try {
      store.Write(d.commit);
    } catch (...) {
      if (output.valid()) output.wait();  // it reads the plan this unwinding destroys
      throw;
    }
    clock.Lap("state write");
    if (output.valid()) output.get();
    d.plan.timings.insert(d.plan.timings.end(), written.begin(), written.end());
    // Files and summaries go out date by date: an error on a later date leaves the
    // earlier ones committed and written.
    if (options.committed) options.committed(d.plan);
    out.push_back(std::move(d.plan));
  }
  return out;
}

}  // namespace sam::engine
