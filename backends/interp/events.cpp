// The events a trigger fires on: per morsel, a scope over all of its customers' events
// (as an aggregate's without windows), the filter evaluated over it at once, and the
// rows before the horizon where it holds.
#include <algorithm>

#include "backends/interp/morsel.hpp"
#include "runtime/exec/morsels.hpp"

namespace sam::interp {

std::vector<backend::EventRow> Interpreter::Events(int table, ir::NodeId filter) {
  if (filter != ir::kNone) Prepare(filter);
  const Table& t = db_.tables[table];
  const uint64_t* off = t.Offsets();
  const Column& time = t.columns[p_.tables[table].time];
  const int64_t horizon = time.type.kind == TypeKind::Date ? ctx_.today : now_;
  const uint64_t total = customers();
  std::vector<std::vector<backend::EventRow>> per_morsel((total + kMorsel - 1) / kMorsel);
  rt::ForEachMorsel(total, threads_, [&](uint64_t c0, size_t n) {
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
