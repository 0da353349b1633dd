// The reference planner's triggers (docs/engine.md "Triggers"): the firings whose fire
// moment, the source moment plus `after`, falls in the run's interval
// (previous now, now], for every source the random programs use; then `if`/`unless`.
#include <algorithm>

#include <date/date.h>

#include "tests/reference/ref_time.hpp"
#include "tests/reference/reference_state.hpp"

namespace sam::reference {

namespace {

struct Span2 {
  int64_t prev_now, now;
  bool Holds(int64_t fire) const { return fire > prev_now && fire <= now; }
};

date::year_month_day Civil(int64_t day) { return date::year_month_day{date::sys_days{date::days{day}}}; }

// Whether `day` is month-day `month_day` (MMDD), 29 February on 28 February in other years.
bool IsMonthDay(int64_t day, int month, int mday) {
  const auto d = Civil(day);
  if (unsigned(d.month()) == unsigned(month) && unsigned(d.day()) == unsigned(mday)) return true;
  return month == 2 && mday == 29 && unsigned(d.month()) == 2 && unsigned(d.day()) == 28 && !d.year().is_leap();
}

// An anniversary of `of`: the same month and day in a later year (29 February: 28 February).
bool IsAnniversary(int64_t day, int64_t of) {
  if (day <= of) return false;
  const auto o = Civil(of);
  return IsMonthDay(day, static_cast<int>(unsigned(o.month())), static_cast<int>(unsigned(o.day())));
}

void OnEvent(RefWorld& w, OneByOne& eval, const ir::Trigger& t, Span2 run, std::vector<RefFiring>& out) {
  const rt::Table& table = w.db.tables[t.table];
  const rt::Column& time = table.columns[w.p.tables[t.table].time];
  for (const backend::EventRow& e : eval.Events(t.table, t.filter)) {
    const int64_t v = time.Int(e.row);
    const int64_t at = time.type.kind == TypeKind::Date ? Midnight(v, w.zone) : v;
    const int64_t event = static_cast<int64_t>(e.row);
    int64_t delay = 0;
    if (t.delay != ir::kNone) {
      const backend::Values d = eval.ValueWith(t.delay, e.customer, backend::kNoTime, t.table, at, event);
      if (!d.Present(0)) continue;  // an absent delay never fires
      delay = d.ints.at(0);
    }
    // An event is seen only in a run after it happened.
    if (!run.Holds(std::max(Later(at, delay, w.zone), at + 1))) continue;
    out.push_back({e.customer, at, event, t.key_field >= 0 ? FieldText(table.columns[t.key_field], e.row) : ""});
  }
}

// Days X whose 00:00 plus the delay falls in the run (delays are at most a few days).
std::vector<int64_t> SourceDays(RefWorld& w, int64_t date, int64_t delay, Span2 run) {
  std::vector<int64_t> days;
  for (int64_t x = date - 60; x <= date; ++x) {
    if (run.Holds(Later(Midnight(x, w.zone), delay, w.zone))) days.push_back(x);
  }
  return days;
}

void Dated(RefWorld& w, OneByOne& eval, const ir::Trigger& t, int64_t date, Span2 run, std::vector<RefFiring>& out) {
  const int64_t delay = eval.Constant(t.delay);
  const uint32_t n = static_cast<uint32_t>(w.db.customer_count());
  if (t.source == ir::TriggerSource::OnDate && w.p.at(t.when).type.kind == TypeKind::Timestamp) {
    const int64_t moment = eval.Constant(t.when);  // `on TIMESTAMP`: that moment
    for (uint32_t r = 0; run.Holds(Later(moment, delay, w.zone)) && r < n; ++r) out.push_back(FiringAt(r, moment));
    return;
  }
  for (int64_t x : SourceDays(w, date, delay, run)) {
    for (uint32_t r = 0; r < n; ++r) {
      bool fires = false;
      if (t.source == ir::TriggerSource::OnDate) {
        fires = eval.Constant(t.when) == x;
      } else if (t.source == ir::TriggerSource::YearlyDay) {
        fires = IsMonthDay(x, t.month_day / 100, t.month_day % 100);
      } else {
        const backend::Values v = eval.Value(t.when, r);
        const bool timestamp = w.p.at(t.when).type.kind == TypeKind::Timestamp;
        fires = v.Present(0) && IsAnniversary(x, timestamp ? DateOf(v.ints[0], w.zone) : v.ints[0]);
      }
      if (fires) out.push_back(FiringAt(r, Midnight(x, w.zone)));
    }
  }
}

void Changes(RefWorld& w, const ir::Trigger& t, int64_t now, const std::map<int, std::set<std::string>>& members_now,
             std::vector<RefFiring>& out) {
  auto before = w.members.find(t.segment);
  if (before == w.members.end()) return;  // the first run only records the members
  const std::set<std::string>& after = members_now.at(t.segment);
  for (uint32_t r = 0; r < w.db.customer_count(); ++r) {
    const std::string key = KeyOf(w.db, r);
    const bool was = before->second.count(key) > 0, is = after.count(key) > 0;
    if (t.source == ir::TriggerSource::Enters ? is && !was : was && !is) out.push_back(FiringAt(r, now));
  }
}

// `inactive`: the run at whose now the last matching event is more than D old (runs
// are daily: the first local midnight after it); `after` counts from that now.
void Silences(RefWorld& w, OneByOne& eval, const ir::Trigger& t, Span2 run, std::vector<RefFiring>& out) {
  const int64_t period = eval.Constant(t.when);
  const rt::Column& time = w.db.tables[t.table].columns[w.p.tables[t.table].time];
  for (uint32_t r = 0; r < w.db.customer_count(); ++r) {
    int64_t last = backend::kNoTime;
    for (const backend::EventRow& e : eval.Events(t.table, t.filter)) {
      if (e.customer == r) last = std::max(last, time.Int(e.row));
    }
    if (last == backend::kNoTime) continue;
    const int64_t silent = last + period + 1;
    int64_t day = DateOf(silent, w.zone);
    if (Midnight(day, w.zone) < silent) ++day;
    const int64_t begins = Midnight(day, w.zone);
    if (run.Holds(Later(begins, eval.Constant(t.delay), w.zone))) out.push_back(FiringAt(r, begins));
  }
}

}  // namespace

std::string FieldText(const rt::Column& c, uint64_t row) {
  if (!c.Present(row)) return "";
  if (c.type.kind == TypeKind::String) return std::string(c.Str(row));
  return std::to_string(c.Int(row));
}

int64_t EventMoment(const RefWorld& w, int table, uint64_t row) {
  const rt::Column& time = w.db.tables[table].columns[w.p.tables[table].time];
  return time.type.kind == TypeKind::Date ? Midnight(time.Int(row), w.zone) : time.Int(row);
}

std::vector<RefFiring> TriggerFirings(RefWorld& w, OneByOne& eval, const ir::Trigger& t, int64_t date, int64_t prev_now,
                                      int64_t now, const std::map<int, std::set<std::string>>& members_now) {
  const Span2 run{prev_now, now};
  std::vector<RefFiring> all, out;
  switch (t.source) {
    case ir::TriggerSource::OnEvent: OnEvent(w, eval, t, run, all); break;
    case ir::TriggerSource::OnDate:
    case ir::TriggerSource::YearlyDay:
    case ir::TriggerSource::Yearly: Dated(w, eval, t, date, run, all); break;
    case ir::TriggerSource::Enters:
    case ir::TriggerSource::Leaves: Changes(w, t, now, members_now, all); break;
    case ir::TriggerSource::Inactive: Silences(w, eval, t, run, all); break;
  }
  const int table = t.source == ir::TriggerSource::OnEvent ? t.table : -1;
  for (const RefFiring& f : all) {
    if (!eval.HoldsWith(t.condition, f.row, backend::kNoTime, table, f.at, f.event)) continue;
    if (t.unless != ir::kNone && eval.HoldsWith(t.unless, f.row, backend::kNoTime, table, f.at, f.event)) continue;
    out.push_back(f);
  }
  return out;
}

}  // namespace sam::reference
