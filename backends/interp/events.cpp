// The events a trigger fires on, and the recent events of some customers (contacts
// made outside SAM): per morsel, a scope over all of its customers' events (as an
// aggregate's without windows), the filter evaluated over it at once, and the rows
// before the horizon where it holds.
#include <algorithm>

#include "backends/interp/morsel.hpp"
#include "runtime/exec/morsels.hpp"

namespace sam::interp {

std::vector<backend::EventRow> Interpreter::Events(int table, ir::NodeId filter) {
  return ScanEvents(table, filter, nullptr, INT64_MIN);
}

std::vector<backend::EventRow> Interpreter::EventsOf(int table, ir::NodeId filter, std::span<const uint32_t> rows,
                                                     int64_t since) {
  return ScanEvents(table, filter, &rows, since);
}

// `only`: the customers asked (ascending), null for all; `since`: the first moment
// wanted, INT64_MIN for all.
std::vector<backend::EventRow> Interpreter::ScanEvents(int table, ir::NodeId filter, const std::span<const uint32_t>* only,
                                                       int64_t since) {
  if (filter != ir::kNone) Prepare(filter);
  const Table& t = db_.tables[table];
  const uint64_t* off = t.Offsets();
  const Column& time = t.columns[p_.tables[table].time];
  const bool dated = time.type.kind == TypeKind::Date;
  const int64_t horizon = dated ? ctx_.today : now_;
  int64_t from = since;
  if (dated && since != INT64_MIN) {
    from = since / kMicrosPerDay - (since % kMicrosPerDay < 0) - 1;  // a day early: zones
  }
  const uint64_t total = customers();
  std::vector<std::vector<backend::EventRow>> per_morsel((total + kMorsel - 1) / kMorsel);
  rt::ForEachMorsel(total, threads_, [&](uint64_t c0, size_t n) {
    std::span<const uint32_t> asked;
    if (only) {
      auto lo = std::lower_bound(only->begin(), only->end(), c0);
      auto hi = std::lower_bound(lo, only->end(), c0 + n);
      if (lo == hi) return;
      asked = std::span<const uint32_t>(&*lo, static_cast<size_t>(hi - lo));
    }
    MorselEval m(*this, c0, n);
    Scope events;
    events.depth = 0;
    events.parent = &m.customers();
    events.table = table;
    events.dense = true;
    events.first = off[c0];
    events.n = off[c0 + n] - off[c0];
    events.lazy_offsets = off;
    events.lazy_c0 = c0;
    events.lazy_r0 = 0;
    events.lazy_r1 = n;
    const Vec* holds = filter != ir::kNone && events.n > 0 ? &m.Eval(filter, events) : nullptr;
    auto& out = per_morsel[c0 / kMorsel];
    auto take = [&](uint64_t c) {
      uint64_t x = off[c];
      if (from != INT64_MIN) {  // a customer's events are in time order
        uint64_t hi = off[c + 1];
        while (x < hi) {
          const uint64_t mid = x + (hi - x) / 2;
          if (time.Int(mid) < from) {
            x = mid + 1;
          } else {
            hi = mid;
          }
        }
      }
      for (; x < off[c + 1]; ++x) {
        if (time.Int(x) >= horizon) break;
        if (!holds || holds->True(x - off[c0])) out.push_back({static_cast<uint32_t>(c), x});
      }
    };
    if (only) {
      for (uint32_t c : asked) take(c);
    } else {
      for (size_t r = 0; r < n; ++r) take(c0 + r);
    }
  });
  std::vector<backend::EventRow> all;
  for (auto& m : per_morsel) all.insert(all.end(), m.begin(), m.end());
  return all;
}

}  // namespace sam::interp
