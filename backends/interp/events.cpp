// The events a trigger fires on, and the recent events of some customers (contacts made
// outside SAM): per morsel, a scope over its customers' events (all of them, as an
// aggregate's without windows; or from `since` on, or only the customers asked, each
// customer's range cut by binary search on the time column), the filter evaluated over
// it at once, and the rows before the horizon where it holds.
#include <algorithm>

#include "backends/interp/morsel.hpp"
#include "runtime/exec/morsels.hpp"

namespace sam::interp {

namespace {

// The first event of [lo, hi) (a customer's, in time order) at or after `t`.
uint64_t FirstAtOrAfter(const Column& time, uint64_t lo, uint64_t hi, int64_t t) {
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (time.Int(mid) < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

std::vector<backend::EventRow> Interpreter::Events(int table, ir::NodeId filter, int64_t since, int64_t until) {
  return ScanEvents(table, filter, since, until, nullptr);
}

std::vector<backend::EventRow> Interpreter::EventsOf(int table, ir::NodeId filter, std::span<const uint32_t> rows,
                                                     int64_t since) {
  return ScanEvents(table, filter, since, INT64_MAX, &rows);
}

// `only`: the customers asked (ascending), null for all.
std::vector<backend::EventRow> Interpreter::ScanEvents(int table, ir::NodeId filter, int64_t since, int64_t until,
                                                       const std::span<const uint32_t>* only) {
  if (filter != ir::kNone) Prepare(filter);
  const Table& t = db_.tables[table];
  const uint64_t* off = t.Offsets();
  const Column& time = t.columns[p_.tables[table].time];
  const bool date = time.type.kind == TypeKind::Date;
  // A date column holds days: a day before the one `since` falls in (UTC) covers any
  // zone's midnight, and earlier events may be returned anyway.
  constexpr int64_t kDayMicros = 86'400'000'000;
  // Events at or after `until` are left out with the unseen ones: the earlier bound.
  // For a date column a day after the one `until` falls in (UTC), as for `since`.
  int64_t horizon = date ? ctx_.today : now_;
  if (until != INT64_MAX) horizon = std::min(horizon, date ? until / kDayMicros + 2 : until);
  const bool windowed = since != INT64_MIN || until != INT64_MAX || only;
  const int64_t from = since == INT64_MIN ? INT64_MIN : date ? since / kDayMicros - 2 : since;
  const uint64_t total = customers();
  std::vector<std::vector<backend::EventRow>> per_morsel((total + kMorsel - 1) / kMorsel);
  rt::ForEachMorsel(total, threads_, [&](uint64_t c0, size_t n) {
    ctx_.CheckInterrupt();
    // The customers of the morsel to read: those asked, or all.
    std::vector<uint32_t> asked;
    if (only) {
      auto lo = std::lower_bound(only->begin(), only->end(), c0);
      for (auto it = lo; it != only->end() && *it < c0 + n; ++it) asked.push_back(static_cast<uint32_t>(*it - c0));
      if (asked.empty()) return;
    }
    MorselEval m(*this, c0, n);
    Scope events;
    events.depth = 0;
    events.parent = &m.customers();
    events.table = table;
    if (windowed) {
      for (size_t i = 0; i < (only ? asked.size() : n); ++i) {
        const size_t r = only ? asked[i] : i;
        const uint64_t b = off[c0 + r], e = off[c0 + r + 1];
        // Most customers' last event is before a day's window, or before the horizon:
        // one look at it spares the two searches.
        const int64_t last = b < e ? time.Int(e - 1) : INT64_MIN;
        if (last < from) continue;
        const uint64_t end = last < horizon ? e : FirstAtOrAfter(time, b, e, horizon);
        for (uint64_t x = FirstAtOrAfter(time, b, end, from); x < end; ++x) {
          events.rows.push_back(static_cast<uint32_t>(x));
          events.cust.push_back(static_cast<uint32_t>(r));
        }
      }
      events.up = events.cust;  // the parent is the customers scope
      events.n = events.rows.size();
    } else {
      events.dense = true;
      events.first = off[c0];
      events.n = off[c0 + n] - off[c0];
      events.lazy_offsets = off;
      events.lazy_c0 = c0;
      events.lazy_r0 = 0;
      events.lazy_r1 = n;
    }
    const Vec* holds = filter != ir::kNone && events.n > 0 ? &m.Eval(filter, events) : nullptr;
    auto& out = per_morsel[c0 / kMorsel];
    if (windowed) {
      for (size_t k = 0; k < events.n; ++k) {
        if (!holds || holds->True(k)) out.push_back({static_cast<uint32_t>(c0 + events.cust[k]), events.rows[k]});
      }
      return;
    }
    for (size_t r = 0; r < n; ++r) {
      for (uint64_t x = off[c0 + r]; x < off[c0 + r + 1]; ++x) {
        if (time.Int(x) >= horizon) break;  // a customer's events are in time order
        if (!holds || holds->True(x - off[c0])) out.push_back({static_cast<uint32_t>(c0 + r), x});
      }
    }
  });
  std::vector<backend::EventRow> all;
  for (auto& m : per_morsel) all.insert(all.end(), m.begin(), m.end());
  return all;
}

}  // namespace sam::interp
