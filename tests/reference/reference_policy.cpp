// The policy half of the reference planner (docs/engine.md "Send moments",
// "Arbitration"): candidates in priority order, each with its send moment, then every
// rule that stops it. Caps and rates count by scanning every contact ever planned.
#include <algorithm>
#include <map>
#include <tuple>

#include "tests/reference/ref_time.hpp"
#include "tests/reference/reference_state.hpp"

namespace sam::reference {

namespace {

std::string IdOf(const ir::Campaign& c) { return c.key.empty() ? c.name : c.key; }

// Whether local minute-of-day `m` is in [from, to) (a period past midnight wraps).
bool InQuiet(int m, const ir::QuietHours& q) {
  if (q.from_minute <= q.to_minute) return m >= q.from_minute && m < q.to_minute;
  return m >= q.from_minute || m < q.to_minute;
}

// Moves t to the end of every quiet period of the channel that holds it, until none does.
int64_t PastQuiet(int64_t t, const std::string& zone, const std::vector<ir::QuietHours>& quiet,
                  const std::string& channel) {
  for (int guard = 0; guard < 100; ++guard) {
    bool moved = false;
    for (const ir::QuietHours& q : quiet) {
      if (!q.channel.empty() && q.channel != channel) continue;
      const int64_t wall = Wall(t, zone);
      const int64_t day = DivDown(wall, kDay);
      const int m = static_cast<int>((wall - day * kDay) / kMinute);
      if (!InQuiet(m, q)) continue;
      const int64_t end_day = (q.from_minute > q.to_minute && m >= q.from_minute) ? day + 1 : day;
      t = Instant(end_day * kDay + q.to_minute * kMinute, zone);
      moved = true;
    }
    if (!moved) break;
  }
  return t;
}

std::string AddressField(const ir::Policy& pol, const std::string& channel) {
  for (const auto& [ch, field] : pol.addresses) {
    if (ch == channel) return field;
  }
  if (channel == "email") return "email";
  if (channel == "sms") return "mobile";
  if (channel == "phone") return "phone";
  if (channel == "post") return "address";
  if (channel == "push") return "device_token";
  return "social_handle";
}

struct Arbiter {
  RefWorld& w;
  OneByOne& eval;
  int64_t date, now;
  DayOutcome& out;
  const ir::Policy& pol = w.p.policy;

  std::string ZoneOf(uint32_t row) {
    if (pol.timezone == ir::kNone) return w.zone;
    const backend::Values v = eval.Value(pol.timezone, row);
    if (!v.Present(0) || !KnownZone(v.strings.at(0))) return w.zone;
    return v.strings.at(0);
  }

  int64_t Priority(const RefCandidate& c) {
    const ir::Campaign& camp = w.p.campaigns[c.campaign];
    bool suggested = false;
    int64_t best = camp.priority;
    for (const auto& [segment, list] : pol.suggestions) {
      if (segment < 0) continue;
      ir::NodeId root = w.p.lets[segment].root;
      if (!eval.Holds(root, c.row)) continue;
      for (const auto& [name, priority] : list) {
        if (name != camp.name) continue;
        best = suggested ? std::max(best, priority) : priority;
        suggested = true;
      }
    }
    return best;
  }

  int64_t SendAt(const ir::Campaign& camp, const std::string& zone, const std::string& channel) {
    const int64_t planned = Instant(date * kDay + std::max(camp.send_minute, 0) * kMinute, zone);
    return PastQuiet(std::max(planned, now), zone, pol.quiet, channel);
  }

  int64_t Sends(const std::string& channel, int64_t period, int64_t bucket) const {
    int64_t n = 0;
    for (const RefSent& s : w.sent) n += s.channel == channel && DivDown(s.at, period) == bucket;
    return n;
  }

  // A full `rate` period moves the send to the next period with room, then past quiet
  // hours; stopped if that leaves the day it was planned for in the customer's calendar.
  int64_t Rate(int64_t at, const std::string& zone, const std::string& channel, bool& stopped) {
    const int64_t day = DateOf(at, zone);
    bool delayed = false;
    for (int guard = 0; guard < 100000; ++guard) {
      int64_t t = at;
      for (const auto& [ch, n, per] : pol.rates) {
        if (ch != channel) continue;
        const int64_t period = eval.Constant(per);
        if (Sends(ch, period, DivDown(t, period)) >= n) t = (DivDown(t, period) + 1) * period, delayed = true;
      }
      t = PastQuiet(t, zone, pol.quiet, channel);
      if (t == at) break;
      at = t;
    }
    stopped = delayed && DateOf(at, zone) != day;
    return at;
  }

  bool ConsentHolds(const std::string& purpose, uint32_t row, int64_t at) {
    for (const ir::Consent& c : pol.consents) {
      if (c.purpose != purpose) continue;
      const backend::Values granted = eval.Value(c.granted, row);
      if (!granted.Present(0) || granted.ints[0] > at) return false;
      if (c.confirmed != ir::kNone) {
        const backend::Values confirmed = eval.Value(c.confirmed, row);
        if (!confirmed.Present(0) || confirmed.ints[0] > at) return false;
      }
      if (c.withdrawn != ir::kNone) {
        const backend::Values withdrawn = eval.Value(c.withdrawn, row);
        if (withdrawn.Present(0) && withdrawn.ints[0] >= granted.ints[0]) return false;
      }
    }
    return true;
  }

  // Whether some half-open period [s, s + D) holding `at` would hold more than the cap.
  bool CapExceeded(const ir::Cap& cap, const RefCandidate& c, const std::string& channel, int64_t at,
                   const std::string& zone) {
    const ir::Campaign& camp = w.p.campaigns[c.campaign];
    if (!cap.channel.empty() && cap.channel != channel) return false;
    if (cap.kind && (*cap.kind == ir::CampaignKind::Commercial) != Commercial(camp)) return false;
    std::vector<int64_t> times{at};
    for (const RefSent& s : w.sent) {
      if (s.row != c.row) continue;
      if (!cap.channel.empty() && s.channel != cap.channel) continue;
      if (cap.kind && (*cap.kind == ir::CampaignKind::Commercial) != s.commercial) continue;
      if (cap.per_channel && s.channel != channel) continue;
      if (cap.per_campaign && IdOf(w.p.campaigns[s.campaign]) != IdOf(camp)) continue;
      if (cap.per_kind && s.commercial != Commercial(camp)) continue;
      times.push_back(s.at);
    }
    const int64_t period = eval.Constant(cap.per);
    for (int64_t start : times) {
      const int64_t end = LaterClock(start, period, zone);
      if (start > at || at >= end) continue;
      int64_t n = 0;
      for (int64_t t : times) n += t >= start && t < end;
      if (n > cap.max) return true;
    }
    return false;
  }

  std::string Address(const std::string& channel, uint32_t row) {
    const int f = w.p.tables[w.p.customers].Find(AddressField(pol, channel));
    if (f < 0) return "";
    const rt::Column& col = w.db.customer_table().columns[f];
    if (col.type.kind != TypeKind::String || !col.Present(row)) return "";
    return std::string(col.Str(row));
  }

  void Decide(const RefCandidate& c) {
    const ir::Campaign& camp = w.p.campaigns[c.campaign];
    const ir::Step& step = camp.steps[c.step];
    const std::string channel = step.channel.empty() ? camp.channel : step.channel;
    const std::string zone = ZoneOf(c.row);
    bool rate_stopped = false;
    const int64_t at = Rate(SendAt(camp, zone, channel), zone, channel, rate_stopped);
    std::vector<std::string> rules;
    if (rate_stopped) rules.push_back("rate");
    for (const ir::Suppression& s : pol.suppressions) {
      if ((s.channel.empty() || s.channel == channel) && eval.Holds(s.condition, c.row)) rules.push_back("suppress");
    }
    for (const ir::Allow& a : pol.allows) {
      if (a.channel == channel && !eval.Holds(a.condition, c.row)) rules.push_back("allow");
    }
    if (Address(channel, c.row).empty()) rules.push_back("address");
    for (const std::string& purpose : camp.consents) {
      if (!ConsentHolds(purpose, c.row, at)) rules.push_back("consent");
    }
    for (const ir::Cap& cap : pol.caps) {
      if (CapExceeded(cap, c, channel, at, zone)) rules.push_back("max");
    }
    const std::string key = KeyOf(w.db, c.row);
    for (const std::string& rule : rules) out.stops.push_back({key, camp.name, step.message, rule, c.step});
    if (!rules.empty()) return;
    out.contacts.push_back({key, camp.name, step.message, channel, c.step, at});
    w.sent.push_back({c.row, c.campaign, channel, Commercial(camp), at});
  }

  void Run(std::vector<RefCandidate> candidates) {
    for (RefCandidate& c : candidates) c.priority = Priority(c);
    // Priority (highest first), campaign key or name, step, customer key (integer keys by
    // value, string keys as text).
    const bool text = w.db.customer_table().columns[w.db.key_field].type.kind == TypeKind::String;
    auto key = [&](uint32_t row) {
      const std::string k = KeyOf(w.db, row);
      return text ? std::make_pair(int64_t{0}, k) : std::make_pair(int64_t{std::stoll(k)}, std::string());
    };
    std::stable_sort(candidates.begin(), candidates.end(), [&](const RefCandidate& a, const RefCandidate& b) {
      return std::make_tuple(-a.priority, IdOf(w.p.campaigns[a.campaign]), a.step, key(a.row)) <
             std::make_tuple(-b.priority, IdOf(w.p.campaigns[b.campaign]), b.step, key(b.row));
    });
    for (const RefCandidate& c : candidates) Decide(c);
  }
};

}  // namespace

void Arbitrate(RefWorld& w, OneByOne& eval, int64_t date, int64_t now, std::vector<RefCandidate> candidates,
               DayOutcome& out) {
  Arbiter{w, eval, date, now, out}.Run(std::move(candidates));
}

}  // namespace sam::reference
