#include "engine/candidates.hpp"

#include <algorithm>
#include <tuple>

#include "engine/trigger_dates.hpp"
#include "ir/analysis/reads.hpp"
#include "ir/analysis/roots.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"
#include "stdlib/builtins.hpp"

namespace sam::engine {

namespace {

using ir::NodeId;
using ir::TriggerSource;

// Beyond the exact bounds: a delay in days moves by an hour across a daylight-saving
// change, and `inactive ... after` counts its delay from the next midnight (a day).
constexpr int64_t kSlack = kMicrosPerDay + 2 * 3600 * kMicrosPerSecond;

int64_t Minus(int64_t a, int64_t b) { return a < INT64_MIN + b ? INT64_MIN : a - b; }
int64_t Plus(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

int MonthDay(int64_t day) {
  const CivilDate d = CivilFromDays(day);
  return static_cast<int>(d.month * 100 + d.day);
}

// A duration written as a constant (`for 180d`, `days(3)`); none when it reads data.
std::optional<int64_t> ConstantOf(const ir::Program& p, NodeId node) {
  if (node == ir::kNone) return 0;
  const ir::Node& n = p.at(node);
  if (n.op == ir::Op::Const && !n.value.absent) return std::max<int64_t>(n.value.i, 0);
  if (n.op == ir::Op::Call && n.args.size() == 1 &&
      (n.builtin() == stdlib::BuiltinId::Days || n.builtin() == stdlib::BuiltinId::Hours)) {
    const std::optional<int64_t> v = ConstantOf(p, n.args[0]);
    const int64_t unit = n.builtin() == stdlib::BuiltinId::Days ? kMicrosPerDay : 3600 * kMicrosPerSecond;
    if (v && *v <= INT64_MAX / unit) return *v * unit;
  }
  return std::nullopt;
}

// The largest value `node` (an integer or a duration) can take: a constant (`3d`), a
// column's largest value, `days`/`hours` of one, the larger side of `??`, a sum.
// None when unknown. Absent counts as 0: a delay that is absent fires nothing.
std::optional<int64_t> Bound(const ir::Program& p, NodeId node, const ColumnMax& column_max) {
  if (node == ir::kNone) return 0;
  const ir::Node& n = p.at(node);
  auto arg = [&](size_t i) { return Bound(p, n.args[i], column_max); };
  auto scaled = [](std::optional<int64_t> v, int64_t unit) -> std::optional<int64_t> {
    if (!v || *v > INT64_MAX / unit) return std::nullopt;
    return *v * unit;
  };
  switch (n.op) {
    case ir::Op::Const: return n.value.absent ? 0 : std::max<int64_t>(n.value.i, 0);
    case ir::Op::Coalesce: {
      const auto a = arg(0), b = arg(1);
      if (!a || !b) return std::nullopt;
      return std::max(*a, *b);
    }
    case ir::Op::Call:
      if (n.builtin() == stdlib::BuiltinId::Days) return scaled(arg(0), kMicrosPerDay);
      if (n.builtin() == stdlib::BuiltinId::Hours) return scaled(arg(0), 3600 * kMicrosPerSecond);
      return std::nullopt;
    case ir::Op::Lookup:
    case ir::Op::TriggerField:
    case ir::Op::EventField: {
      if (!column_max) return std::nullopt;
      const auto v = column_max(n.table(), n.field());
      return v ? std::optional<int64_t>(std::max<int64_t>(*v, 0)) : std::nullopt;
    }
    case ir::Op::CustomerField: {
      if (!column_max) return std::nullopt;
      const auto v = column_max(p.customers, n.field());
      return v ? std::optional<int64_t>(std::max<int64_t>(*v, 0)) : std::nullopt;
    }
    default: return std::nullopt;
  }
}

class Collect {
 public:
  Collect(const ir::Program& p, const state::Store& store, const ColumnMax& column_max, Candidates& out)
      : p_(p), store_(store), column_max_(column_max), out_(out), zone_(p.timezone) {
    first_ = RunIntervalOf(store, out.dates.front(), zone_);
    last_ = RunIntervalOf(store, out.dates.back(), zone_);
  }

  void Campaign(const ir::Campaign& c) {
    if (c.paused) return;
    if (c.audience != ir::kNone) out_.conditions.push_back(c.audience);
    if (c.trigger >= 0) Trigger(p_.triggers[c.trigger]);
  }

 private:
  void Trigger(const ir::Trigger& t) {
    // Windows need the longest delay; the days a date trigger fires on, the exact one.
    const std::optional<int64_t> longest = Bound(p_, t.delay, column_max_);
    const std::optional<int64_t> delay = ConstantOf(p_, t.delay);
    switch (t.source) {
      case TriggerSource::OnEvent:
        // An event at x fires at x + delay in (first's prev_now, last's now].
        Window(t.table, longest ? Minus(Minus(first_.prev_now, *longest), kSlack) : INT64_MIN, Plus(last_.now, 1));
        break;
      case TriggerSource::Inactive: {
        // The last event at x fires once x + period (+ delay) is in the interval.
        // Exact: a shorter period than its bound would fire for later events.
        const std::optional<int64_t> period = ConstantOf(p_, t.when);
        if (!period || !longest) {
          Window(t.table, INT64_MIN, INT64_MAX);
          break;
        }
        Window(t.table, Minus(Minus(Minus(first_.prev_now, *period), *longest), kSlack),
               Plus(Minus(last_.now, *period), kSlack));
        break;
      }
      case TriggerSource::Enters:
      case TriggerSource::Leaves:
        out_.conditions.push_back(p_.lets[t.segment].root);
        // Who leaves was a member at the last run.
        if (auto before = store_.Membership(p_.lets[t.segment].name)) out_.keys.insert(before->begin(), before->end());
        break;
      case TriggerSource::OnDate:
        if (DateFires(t, delay)) Everyone(t);
        break;
      case TriggerSource::YearlyDay:
        if (!delay || MonthDayFires(t.month_day, *delay)) Everyone(t);
        break;
      case TriggerSource::Yearly:
        if (!delay) {
          out_.everyone = true;
        } else {
          out_.anniversaries.push_back(
              {t.when, AnniversaryDays(p_.at(t.when).type.kind == TypeKind::Timestamp, *delay)});
        }
        break;
    }
  }

  // A date trigger that fires for every customer: those for whom its `if` holds, unless
  // the `if` reads the trigger.
  void Everyone(const ir::Trigger& t) {
    if (t.condition != ir::kNone && !ir::ReadsTriggerOrEntry(p_, t.condition)) {
      out_.conditions.push_back(t.condition);
    } else {
      out_.everyone = true;
    }
  }

  // The month-days whose anniversaries fall on a source day of the dates (29 February
  // on 28 February in other years); a timestamp's local date is within two days of
  // its UTC date.
  std::vector<int> AnniversaryDays(bool timestamp, int64_t delay) const {
    std::set<int> out;
    for (int64_t date : out_.dates) {
      for (int64_t x : SourceDays(RunIntervalOf(store_, date, zone_), delay)) {
        for (int64_t d = timestamp ? x - 2 : x; d <= (timestamp ? x + 2 : x); ++d) {
          out.insert(MonthDay(d));
          if (IsMonthDay(d, 229)) out.insert(229);  // 28 February of a year without a 29th
        }
      }
    }
    return {out.begin(), out.end()};
  }

  void Window(int table, int64_t since, int64_t until) { out_.events.push_back({table, since, until}); }

  // `on DATE`: fires for every customer if its moment plus the delay is in the run's
  // interval; a date that reads data may be anywhere.
  bool DateFires(const ir::Trigger& t, std::optional<int64_t> delay) const {
    const std::optional<int64_t> when = ConstantOf(p_, t.when);
    if (!when || !delay) return true;
    const int64_t moment = p_.at(t.when).type.kind == TypeKind::Date ? StartOfDay(*when, zone_) : *when;
    const int64_t fire = Plus(moment, *delay);
    return fire > Minus(first_.prev_now, kSlack) && fire <= Plus(last_.now, kSlack);
  }

  bool MonthDayFires(int month_day, int64_t delay) const {
    for (int64_t date : out_.dates) {
      for (int64_t x : SourceDays(RunIntervalOf(store_, date, zone_), delay)) {
        if (IsMonthDay(x, month_day)) return true;
      }
    }
    return false;
  }

  const ir::Program& p_;
  const state::Store& store_;
  const ColumnMax& column_max_;
  Candidates& out_;
  std::string zone_;
  RunInterval first_, last_;
};

}  // namespace

Candidates CandidatesOf(const ir::Program& program, const state::Store& store, int64_t date,
                        const ColumnMax& column_max) {
  Candidates out;
  const std::optional<int64_t> last = store.LastRunDate();
  if (last && date <= *last) return out;  // a replay, or an error the run reports
  for (int64_t d = last ? *last + 1 : date; d <= date; ++d) out.dates.push_back(d);
  Collect collect(program, store, column_max, out);
  for (const ir::Campaign& c : program.campaigns) collect.Campaign(c);
  for (const state::Journey& j : store.OpenJourneys()) out.keys.insert(j.customer);
  for (const state::Pending& f : store.PendingFirings()) out.keys.insert(f.customer);
  return out;
}

std::vector<NodeId> Populations(const ir::Program& p) {
  std::vector<bool> seen(p.nodes.size(), false), let_seen(p.lets.size(), false);
  std::vector<NodeId> work;
  auto root = [&](NodeId id) {
    if (id != ir::kNone && !seen[id]) {
      seen[id] = true;
      work.push_back(id);
    }
  };
  auto let = [&](int l) {
    if (l >= 0 && !let_seen[l]) {
      let_seen[l] = true;
      root(p.lets[l].root);
    }
  };
  ir::ForEachEngineRoot(p, root, let);
  std::vector<NodeId> out;
  while (!work.empty()) {
    const NodeId id = work.back();
    const ir::Node& n = p.at(id);
    work.pop_back();
    for (NodeId a : n.args) root(a);
    if (n.op == ir::Op::LetRef) let(n.let());
    if (n.op == ir::Op::Agg) {
      const ir::AggSpec& g = p.aggs[n.agg()];
      for (NodeId x : {g.low, g.high, g.filter, g.value}) root(x);
    }
    if (n.op == ir::Op::Population) {
      out.push_back(id);
      let(p.pops[n.pop()].among);
    }
  }
  std::sort(out.begin(), out.end(), [&p](NodeId a, NodeId b) {
    return std::tie(p.at(a).span.file, p.at(a).span.begin) < std::tie(p.at(b).span.file, p.at(b).span.begin);
  });
  return out;
}

}  // namespace sam::engine
