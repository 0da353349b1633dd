// The journey half of the reference planner: one run date after another, and in each,
// campaign by campaign: `exit when`, entries (pending firings, audiences, triggers,
// `reentry`, `limit`, the holdout draw), then every step due. Straight loops over
// every journey ever started; no indexes.
#include "tests/reference/reference_planner.hpp"

#include <algorithm>

#include "tests/reference/ref_hash.hpp"
#include "tests/reference/ref_time.hpp"
#include "tests/reference/reference_state.hpp"

namespace sam::reference {

namespace {

std::string IdOf(const ir::Campaign& c) { return c.key.empty() ? c.name : c.key; }

}  // namespace

std::string KeyOf(const rt::Database& db, uint32_t row) {
  const rt::Column& key = db.customer_table().columns[db.key_field];
  if (key.type.kind == TypeKind::String) return std::string(key.Str(row));
  return std::to_string(key.Int(row));
}

bool Commercial(const ir::Campaign& c) { return c.kind && *c.kind == ir::CampaignKind::Commercial; }

OneByOne::OneByOne(const ir::Program& p, const rt::Database& db, backend::Backend& b, int64_t date)
    : p_(p), db_(db), b_(b) {
  context_.today = date;
  context_.threads = 1;
  plain_ = b_.Prepare(p_, db_, context_);
}

backend::Values OneByOne::Value(ir::NodeId node, uint32_t row) { return plain_->Evaluate(node, std::span(&row, 1)); }

bool OneByOne::Holds(ir::NodeId node, uint32_t row) {
  if (node == ir::kNone) return true;
  const backend::Values v = Value(node, row);
  return v.Present(0) && v.ints.at(0) != 0;
}

backend::Values OneByOne::ValueWith(ir::NodeId node, uint32_t row, int64_t entry, int table, int64_t at,
                                    int64_t event) {
  backend::Context c = context_;
  const size_t n = db_.customer_count();
  if (entry != backend::kNoTime) {
    c.entry.emplace(n, backend::kNoTime);
    (*c.entry)[row] = entry;
  }
  if (at != backend::kNoTime) {
    c.trigger.emplace();
    c.trigger->table = table;
    c.trigger->at.assign(n, backend::kNoTime);
    c.trigger->row.assign(n, -1);
    c.trigger->at[row] = at;
    c.trigger->row[row] = event;
  }
  return b_.Prepare(p_, db_, c)->Evaluate(node, std::span(&row, 1));
}

bool OneByOne::HoldsWith(ir::NodeId node, uint32_t row, int64_t entry, int table, int64_t at, int64_t event) {
  if (node == ir::kNone) return true;
  const backend::Values v = ValueWith(node, row, entry, table, at, event);
  return v.Present(0) && v.ints.at(0) != 0;
}

struct ReferencePlanner::Impl {
  RefWorld w;
  backend::Backend& backend;
  bool first = true;
  int64_t prev_now = 0;
  std::map<int, std::set<std::string>> members_now;  // `enters` / `leaves` segments in this run

  Impl(const ir::Program& p, const rt::Database& db, backend::Backend& b)
      : w{p, db, p.timezone.empty() ? "UTC" : p.timezone, {}, {}, {}, {}}, backend(b) {}

  const ir::Trigger* EventTrigger(const ir::Campaign& c) const {
    if (c.trigger < 0 || w.p.triggers[c.trigger].source != ir::TriggerSource::OnEvent) return nullptr;
    return &w.p.triggers[c.trigger];
  }

  // A journey's firing event found again by customer, time and instance (docs/engine.md):
  // the first such row.
  int64_t EventAgain(OneByOne& eval, const RefJourney& j) const {
    const ir::Trigger* t = EventTrigger(w.p.campaigns[j.campaign]);
    if (!t) return -1;
    for (const backend::EventRow& e : eval.Events(t->table, ir::kNone)) {
      if (e.customer != j.row || EventMoment(w, t->table, e.row) != j.trigger_at) continue;
      if (t->key_field >= 0 && FieldText(w.db.tables[t->table].columns[t->key_field], e.row) != j.instance) continue;
      return static_cast<int64_t>(e.row);
    }
    return -1;
  }

  bool HoldsFor(OneByOne& eval, ir::NodeId node, const RefJourney& j) {
    if (node == ir::kNone) return true;
    const ir::Trigger* t = EventTrigger(w.p.campaigns[j.campaign]);
    return eval.HoldsWith(node, j.row, j.entry, t ? t->table : -1, j.trigger_at, EventAgain(eval, j));
  }

  void Exits(OneByOne& eval, int c) {
    const ir::NodeId exit = w.p.campaigns[c].exit;
    if (exit == ir::kNone) return;
    for (RefJourney& j : w.journeys) {
      if (j.campaign == c && j.status == RefJourney::Active && HoldsFor(eval, exit, j)) j.status = RefJourney::Exited;
    }
  }

  // The latest journey of a customer in a campaign, or null.
  const RefJourney* Latest(int c, uint32_t row) const {
    const RefJourney* last = nullptr;
    for (const RefJourney& j : w.journeys) {
      if (j.campaign == c && j.row == row) last = &j;
    }
    return last;
  }

  bool Running(int c, const RefFiring& f, const std::vector<RefFiring>& entering) const {
    for (const RefJourney& j : w.journeys) {
      if (j.campaign == c && j.row == f.row && j.instance == f.instance && j.status == RefJourney::Active) return true;
    }
    for (const RefFiring& e : entering) {
      if (e.row == f.row && e.instance == f.instance) return true;
    }
    return false;
  }

  bool MayEnter(OneByOne& eval, int c, uint32_t row, int64_t now, const std::vector<uint32_t>& entering) {
    const ir::Campaign& camp = w.p.campaigns[c];
    const bool again_now = std::find(entering.begin(), entering.end(), row) != entering.end();
    const RefJourney* last = Latest(c, row);
    if (!again_now && !last) return true;
    ir::Reentry rule = camp.reentry;
    if (rule == ir::Reentry::Unset) rule = camp.audience != ir::kNone ? ir::Reentry::AfterExit : ir::Reentry::After;
    const int64_t entry = again_now ? now : last->entry;
    const bool active = again_now || last->status == RefJourney::Active;
    switch (rule) {
      case ir::Reentry::Never: return false;
      case ir::Reentry::AfterExit: return !active;
      case ir::Reentry::After: return Later(entry, eval.Constant(camp.reentry_after), w.zone) <= now;
      case ir::Reentry::Unset: break;
    }
    return true;
  }

  void Entries(OneByOne& eval, int c, int64_t date, int64_t now) {
    const ir::Campaign& camp = w.p.campaigns[c];
    const bool open = (!camp.from_day || date >= *camp.from_day) && (!camp.until_day || date <= *camp.until_day);
    std::vector<RefFiring> firings;
    std::vector<RefHeld> kept;
    for (const RefHeld& h : w.held) {
      if (h.campaign != c) {
        kept.push_back(h);
      } else if (camp.until_day && date > *camp.until_day) {
        continue;  // nobody enters any more
      } else if (!open) {
        kept.push_back(h);
      } else {
        firings.push_back({h.row, h.at, h.event, h.instance, h.since});
      }
    }
    w.held = kept;
    if (!open || camp.paused) return;
    if (camp.audience != ir::kNone) {
      for (uint32_t r = 0; r < w.db.customer_count(); ++r) {
        if (eval.Holds(camp.audience, r)) firings.push_back(FiringAt(r, now));
      }
    } else {
      for (const RefFiring& f : TriggerFirings(w, eval, w.p.triggers[camp.trigger], date, prev_now, now, members_now)) {
        firings.push_back(f);
      }
    }
    std::vector<RefFiring> entering;
    std::vector<uint32_t> rows;
    const bool keyed = camp.trigger >= 0 && w.p.triggers[camp.trigger].key_field >= 0;
    for (size_t k = 0; k < firings.size(); ++k) {
      const RefFiring& f = firings[k];
      // An event begins at most one journey of a campaign, and a held-back firing is
      // the same as a new one of its event (a delay read from data may change).
      if (camp.trigger >= 0 && f.since < 0 &&
          (Began(c, f) || std::any_of(firings.begin(), firings.begin() + static_cast<long>(k), [&](const RefFiring& g) {
             return g.since >= 0 && g.row == f.row && g.instance == f.instance && g.at == f.at;
           }))) {
        continue;
      }
      // `per FIELD`: nothing new while the instance runs; `reentry` only when the campaign sets one.
      if (keyed && Running(c, f, entering)) continue;
      if ((!keyed || camp.reentry != ir::Reentry::Unset) && !MayEnter(eval, c, f.row, now, rows)) continue;
      entering.push_back(f);
      rows.push_back(f.row);
    }
    if (camp.limit && entering.size() > static_cast<size_t>(*camp.limit)) Limit(c, date, entering);
    for (const RefFiring& f : entering) {
      RefJourney j;
      j.campaign = c;
      j.row = f.row;
      j.entry = now;
      j.held_out = HeldOut(KeyOf(w.db, f.row), camp.key, camp.holdout);
      if (camp.trigger >= 0) j.trigger_at = f.at, j.event = f.event;
      j.instance = f.instance;
      w.journeys.push_back(j);
    }
  }

  bool Began(int c, const RefFiring& f) const {
    for (const RefJourney& j : w.journeys) {
      if (j.campaign == c && j.row == f.row && j.instance == f.instance && j.trigger_at == f.at) return true;
    }
    return false;
  }

  // N customers: held-back firings first (the oldest first), then the smallest hash of
  // the key and "limit " + the campaign's id; a customer chosen enters with every one
  // of its firings; the rest of a trigger's firings are held back.
  void Limit(int c, int64_t date, std::vector<RefFiring>& entering) {
    const ir::Campaign& camp = w.p.campaigns[c];
    auto rank = [&](const RefFiring& f) {
      return std::make_tuple(f.since < 0, f.since, Fnv1a(KeyOf(w.db, f.row), "limit " + IdOf(camp)));
    };
    std::stable_sort(entering.begin(), entering.end(), [&](const RefFiring& a, const RefFiring& b) { return rank(a) < rank(b); });
    std::vector<uint32_t> chosen;  // the first N distinct customers of that order
    for (const RefFiring& f : entering) {
      if (chosen.size() < static_cast<size_t>(*camp.limit) &&
          std::find(chosen.begin(), chosen.end(), f.row) == chosen.end()) {
        chosen.push_back(f.row);
      }
    }
    std::vector<RefFiring> kept;
    for (const RefFiring& f : entering) {
      if (std::find(chosen.begin(), chosen.end(), f.row) != chosen.end()) {
        kept.push_back(f);
      } else if (camp.trigger >= 0) {
        w.held.push_back({c, f.row, f.at, f.event, f.since >= 0 ? f.since : date, f.instance});
      }
    }
    entering = kept;
  }

  void Steps(OneByOne& eval, int c, int64_t now, std::vector<RefCandidate>& candidates, DayOutcome& out) {
    const ir::Campaign& camp = w.p.campaigns[c];
    const int steps = static_cast<int>(camp.steps.size());
    for (RefJourney& j : w.journeys) {
      if (j.campaign != c) continue;
      while (j.status == RefJourney::Active && j.next < steps && Later(j.entry, camp.steps[j.next].delay, w.zone) <= now) {
        const int s = j.next++;
        if (j.next == steps) j.status = RefJourney::Finished;
        if (!HoldsFor(eval, camp.steps[s].condition, j)) continue;  // skipped: the journey goes on
        if (j.held_out) {
          out.stops.push_back({KeyOf(w.db, j.row), camp.name, camp.steps[s].message, "holdout", s});
        } else {
          candidates.push_back({c, s, j.row, camp.priority});
        }
      }
    }
  }

  DayOutcome Plan(int64_t date) {
    DayOutcome out;
    out.date = date;
    // A first run behaves as if a run had happened the day before.
    if (first) prev_now = Midnight(date - 1, w.zone);
    const int64_t now = std::max(Midnight(date, w.zone), prev_now);
    OneByOne eval(w.p, w.db, backend, date);
    members_now.clear();
    for (const ir::Trigger& t : w.p.triggers) {
      if (t.source != ir::TriggerSource::Enters && t.source != ir::TriggerSource::Leaves) continue;
      std::set<std::string>& in = members_now[t.segment];
      for (uint32_t r = 0; r < w.db.customer_count(); ++r) {
        if (eval.Holds(w.p.lets[t.segment].root, r)) in.insert(KeyOf(w.db, r));
      }
    }
    std::vector<RefCandidate> candidates;
    for (int c = 0; c < static_cast<int>(w.p.campaigns.size()); ++c) {
      Exits(eval, c);
      Entries(eval, c, date, now);
      Steps(eval, c, now, candidates, out);
    }
    Arbitrate(w, eval, date, now, candidates, out);
    for (const auto& [segment, keys] : members_now) w.members[segment] = keys;
    first = false;
    prev_now = now;
    return out;
  }
};

ReferencePlanner::ReferencePlanner(const ir::Program& program, const rt::Database& db, backend::Backend& backend)
    : impl_(std::make_unique<Impl>(program, db, backend)) {}
ReferencePlanner::~ReferencePlanner() = default;
DayOutcome ReferencePlanner::Plan(int64_t date) { return impl_->Plan(date); }

}  // namespace sam::reference
