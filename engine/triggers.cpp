// What fires on a run date: audiences, and triggers of every source (on TABLE, on a
// date, yearly, enters/leaves, inactive) with their delays, `if` and `unless`.
#include <algorithm>
#include <cstring>

#include "engine/planner.hpp"
#include "engine/time_rules.hpp"
#include "engine/trigger_dates.hpp"
#include "ir/analysis/reads.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"

namespace sam::engine {

namespace {

// Whether `id` reads nothing but the firing event's fields (with constants, `today`,
// reference tables and scalar built-ins): then its value is a function of those fields,
// which it adds to `fields`.
bool ReadsOnlyEventFields(const ir::Program& p, ir::NodeId id, std::vector<int>& fields) {
  const ir::Node& n = p.at(id);
  switch (n.op) {
    case ir::Op::CustomerField:
    case ir::Op::EventField:
    case ir::Op::LetRef:
    case ir::Op::ListMember:
    case ir::Op::TriggerTime:
    case ir::Op::EntryTime:
    case ir::Op::Agg:
    case ir::Op::Population: return false;
    case ir::Op::TriggerField:
      if (std::find(fields.begin(), fields.end(), n.field()) == fields.end()) fields.push_back(n.field());
      return true;
    default: break;
  }
  for (ir::NodeId a : n.args) {
    if (!ReadsOnlyEventFields(p, a, fields)) return false;
  }
  return true;
}

// A field's value as a code that tells distinct values apart (a Dict32 string's code, a
// float's bits); false for a column without codes (plain strings).
bool ValueCode(const rt::Column& c, uint64_t row, int64_t& code) {
  if (c.encoding == rt::Encoding::Plain) return false;
  if (c.encoding == rt::Encoding::Float64) {
    const double f = c.Float(row);
    std::memcpy(&code, &f, sizeof code);
    return true;
  }
  code = c.Int(row);
  return true;
}

}  // namespace

size_t Planner::FieldValuesHash::operator()(const FieldValues& v) const {
  uint64_t h = v.present;
  for (int64_t x : v.codes) h = (h ^ static_cast<uint64_t>(x)) * 0x100000001b3ULL;
  return static_cast<size_t>(h);
}

// The fields' values of event row x, false if a field has no codes.
bool Planner::ValuesOf(int table, const std::vector<int>& fields, uint64_t x, FieldValues& v) const {
  v = FieldValues{};
  for (size_t f = 0; f < fields.size(); ++f) {
    const rt::Column& c = d_.db.tables[table].columns[fields[f]];
    if (!c.Present(x)) continue;
    v.present |= 1u << f;
    if (!ValueCode(c, x, v.codes[f])) return false;
  }
  return true;
}

// At most how many combinations of values (an absent one included) the fields can
// make: each an enum (its variants), a dictionary of strings (its entries) or 8-bit
// values; UINT64_MAX when a field's values are not so few.
uint64_t Planner::Combinations(int table, const std::vector<int>& fields) const {
  uint64_t n = 1;
  for (int f : fields) {
    const rt::Column& c = d_.db.tables[table].columns[f];
    const Type& type = d_.p.tables[table].fields[f].type;
    uint64_t values = UINT64_MAX;
    if (type.kind == TypeKind::Enum) {
      values = d_.p.enums[type.ref].variants.size();
    } else if (c.encoding == rt::Encoding::Dict32) {
      values = c.dict_size();
    } else if (c.encoding == rt::Encoding::Int8) {
      values = 256;
    }
    if (values == UINT64_MAX) return UINT64_MAX;
    n *= values + (c.all_present() ? 0 : 1);
    if (n > 1'000'000) return UINT64_MAX;
  }
  return n;
}

// A delay that reads only the event's fields (`after days(propositions[trigger.product]
// .wait_days ?? 30)`) has one value per distinct combination of them: evaluated once
// for each, the longest bounds the events worth reading, as a constant delay does. None
// when the delay reads more, or the combinations are many.
std::optional<Planner::FieldDelays> Planner::DelaysByFields(const ir::Trigger& t) {
  constexpr size_t kMostCombinations = 4096;
  FieldDelays out;
  if (!ReadsOnlyEventFields(d_.p, t.delay, out.fields) || out.fields.size() > FieldValues{}.codes.size()) {
    return std::nullopt;
  }
  const rt::Table& events = d_.db.tables[t.table];
  const uint64_t* off = events.Offsets();
  const uint64_t customers = d_.db.customer_count();
  std::vector<Item> items;  // one event of each combination
  std::vector<FieldValues> combination;
  FieldValues v;
  // Every combination the fields' domains allow found: the rest of the table (all of a
  // day's history) holds no other.
  const uint64_t possible = Combinations(t.table, out.fields);
  for (uint64_t x = 0; x < events.rows && out.delay.size() < possible; ++x) {
    if (!ValuesOf(t.table, out.fields, x, v)) return std::nullopt;
    if (!out.delay.emplace(v, 0).second) continue;
    if (out.delay.size() > kMostCombinations) return std::nullopt;
    const uint32_t customer = static_cast<uint32_t>(std::upper_bound(off, off + customers + 1, x) - off - 1);
    items.push_back({customer, backend::kNoTime, EventTime(t.table, x), static_cast<int64_t>(x)});
    combination.push_back(v);
  }
  Layered(t.delay, t.table, items, false, [&](size_t k, const backend::Values& d, size_t i) {
    const int64_t delay = d.Present(i) ? d.ints[i] : INT64_MAX;
    out.delay[combination[k]] = delay;
    if (delay != INT64_MAX && (!out.longest || delay > *out.longest)) out.longest = delay;
  });
  return out;
}

std::vector<Firing> Planner::Firings(const ir::Campaign& camp) {
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
std::vector<int64_t> Planner::SourceDays(int64_t delay) const { return engine::SourceDays(run_, delay); }

std::vector<Firing> Planner::TriggerFirings(const ir::Trigger& t) {
  std::vector<Firing> out;
  if (t.source == ir::TriggerSource::Inactive) {
    Silences(t, out);
    FilterTimed(t, out);
    return out;
  }
  if (t.source == ir::TriggerSource::OnEvent) {
    EventFirings(t, out);
    FilterTimed(t, out);
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
  FilterTimed(t, out);
  return out;
}

// `enters`/`leaves`: against the membership stored by the previous run. The first run
// stores it and fires nothing (docs/engine.md).
void Planner::SegmentChanges(const ir::Trigger& t, std::vector<Firing>& out) {
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

const Planner::Membership& Planner::MembershipOf(int segment) {
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

// Filter, with `--timer` phases for the trigger's firings and for its if/unless.
void Planner::FilterTimed(const ir::Trigger& t, std::vector<Firing>& out) {
  clock_.Lap("trigger " + t.name + ": fires");
  Filter(t, out);
  clock_.Lap("trigger " + t.name + ": if/unless");
}

// `if` must hold and `unless` must not, when the trigger fires.
void Planner::Filter(const ir::Trigger& t, std::vector<Firing>& out) {
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
void Planner::EventFirings(const ir::Trigger& t, std::vector<Firing>& out) {
  // A constant delay, or the longest a delay of the event's fields takes, bounds the
  // events that may fire: the older ones are not read.
  const bool constant = t.delay == ir::kNone || !ir::ReadsTriggerOrEntry(d_.p, t.delay);
  std::optional<FieldDelays> by_fields;
  int64_t since = INT64_MIN;
  if (constant) {
    since = EarliestFiring(t.delay == ir::kNone ? 0 : d_.eval.Constant(t.delay));
  } else if ((by_fields = DelaysByFields(t))) {
    if (!by_fields->longest) return;  // every delay absent: nothing fires
    since = EarliestFiring(*by_fields->longest);
  }
  const std::vector<backend::EventRow> events = d_.eval.Events(t.table, t.filter, since);
  std::vector<Item> items;
  items.reserve(events.size());
  for (const backend::EventRow& e : events) {
    items.push_back({e.customer, backend::kNoTime, EventTime(t.table, e.row), static_cast<int64_t>(e.row)});
  }
  std::vector<int64_t> delay;
  if (by_fields) {
    FieldValues v;
    for (const Item& item : items) {
      ValuesOf(t.table, by_fields->fields, static_cast<uint64_t>(item.event), v);
      delay.push_back(by_fields->delay.at(v));
    }
  } else {
    delay = DelaysOf(t, items);
  }
  for (size_t k = 0; k < items.size(); ++k) {
    if (!FiresNow(items[k].at, delay[k])) continue;
    Firing f{items[k].row, items[k].at, items[k].event};
    if (t.key_field >= 0) f.instance = ValueText(t.table, t.key_field, static_cast<uint64_t>(items[k].event));
    out.push_back(std::move(f));
  }
}

// Whether an event at `at` fires in this run after `delay` (INT64_MAX: never).
bool Planner::FiresNow(int64_t at, int64_t delay) const {
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
int64_t Planner::EarliestFiring(int64_t delay) const {
  int64_t since = 0;
  if (__builtin_sub_overflow(d_.prev_now, delay, &since) || __builtin_sub_overflow(since, 2 * kDay, &since)) {
    return INT64_MIN;
  }
  return std::min(since, d_.prev_now);
}

// The delay of each event: a constant, or one that reads the event
// (`after days(propositions[trigger.product].wait_days)`); an absent delay fires
// never (INT64_MAX), as an absent window bound selects nothing (§9).
std::vector<int64_t> Planner::DelaysOf(const ir::Trigger& t, const std::vector<Item>& items) {
  std::vector<int64_t> delay(items.size(), 0);
  if (t.delay == ir::kNone) return delay;
  if (!ir::ReadsTriggerOrEntry(d_.p, t.delay)) {
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
void Planner::Silences(const ir::Trigger& t, std::vector<Firing>& out) {
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
  // Nor can one whose last event is after now - period - delay (two days more for
  // calendar days): only customers with an event between the two bounds are looked at,
  // and for them every event since `since`, to find their last one. Months of events
  // are not read for every customer.
  int64_t until = INT64_MAX;
  if (__builtin_sub_overflow(d_.now, period, &until) || __builtin_sub_overflow(until, delay, &until) ||
      __builtin_add_overflow(until, 2 * kDay, &until)) {
    until = INT64_MAX;
  }
  std::vector<uint32_t> candidates;
  for (const backend::EventRow& e : d_.eval.Events(t.table, t.filter, since, until)) {
    if (candidates.empty() || candidates.back() != e.customer) candidates.push_back(e.customer);
  }
  if (candidates.empty()) return;
  const std::vector<backend::EventRow> events = d_.eval.EventsOf(t.table, t.filter, candidates, since);
  for (size_t k = 0; k < events.size(); ++k) {
    // The last of each customer's events (they come by customer, in time order).
    if (k + 1 < events.size() && events[k + 1].customer == events[k].customer) continue;
    if (auto at = SilenceFires(run_, EventTime(t.table, events[k].row), period, delay))
      out.push_back({events[k].customer, *at});
  }
}

}  // namespace sam::engine
