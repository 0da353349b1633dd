#include "tests/reference/properties.hpp"

#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "tests/reference/ref_hash.hpp"
#include "tests/reference/ref_time.hpp"

namespace sam::reference {

namespace {

using engine::state::Contact;

struct Checker {
  const ir::Program& p;
  const rt::Database& db;
  std::unique_ptr<backend::Prepared> eval;
  std::vector<std::string> bad;

  const ir::Campaign* CampaignOf(const Contact& c) const {
    for (const ir::Campaign& camp : p.campaigns) {
      if (camp.name == c.campaign_name) return &camp;
    }
    return nullptr;
  }

  uint32_t Row(const Contact& c) const {
    const bool text = db.customer_table().columns[db.key_field].type.kind == TypeKind::String;
    return static_cast<uint32_t>(text ? *db.FindCustomer(std::string_view(c.customer)) : *db.FindCustomer(std::stoll(c.customer)));
  }

  backend::Values Value(ir::NodeId node, uint32_t row) { return eval->Evaluate(node, std::span(&row, 1)); }

  std::string Zone(uint32_t row) {
    const std::string program = p.timezone.empty() ? "UTC" : p.timezone;
    if (p.policy.timezone == ir::kNone) return program;
    const backend::Values v = Value(p.policy.timezone, row);
    return v.Present(0) && KnownZone(v.strings[0]) ? v.strings[0] : program;
  }

  void Quiet(const Contact& c) {
    const int64_t wall = Wall(c.send_at, Zone(Row(c)));
    const int minute = static_cast<int>((wall - DivDown(wall, kDay) * kDay) / kMinute);
    for (const ir::QuietHours& q : p.policy.quiet) {
      if (!q.channel.empty() && q.channel != c.channel) continue;
      const bool inside = q.from_minute <= q.to_minute ? minute >= q.from_minute && minute < q.to_minute
                                                       : minute >= q.from_minute || minute < q.to_minute;
      if (inside) bad.push_back(fmt::format("quiet hours: {} {} {} at {}", c.customer, c.campaign_name, c.message, c.local_time));
    }
  }

  void Consent(const Contact& c) {
    const ir::Campaign* camp = CampaignOf(c);
    for (const std::string& purpose : camp->consents) {
      for (const ir::Consent& rule : p.policy.consents) {
        if (rule.purpose != purpose) continue;
        const uint32_t row = Row(c);
        const backend::Values g = Value(rule.granted, row);
        bool ok = g.Present(0) && g.ints[0] <= c.send_at;
        if (ok && rule.confirmed != ir::kNone) {
          const backend::Values f = Value(rule.confirmed, row);
          ok = f.Present(0) && f.ints[0] <= c.send_at;
        }
        if (ok && rule.withdrawn != ir::kNone) {
          const backend::Values w = Value(rule.withdrawn, row);
          ok = !w.Present(0) || w.ints[0] < g.ints[0];
        }
        if (!ok) bad.push_back(fmt::format("consent {}: {} {} {} at {}", purpose, c.customer, c.campaign_name, c.message, c.local_time));
      }
    }
  }

  void Holdout(const Contact& c) {
    const ir::Campaign* camp = CampaignOf(c);
    if (HeldOut(c.customer, camp->key, camp->holdout)) {
      bad.push_back(fmt::format("holdout: {} {} {}", c.customer, c.campaign_name, c.message));
    }
  }

  bool Counts(const ir::Cap& cap, const Contact& c) const {
    if (!cap.channel.empty() && c.channel != cap.channel) return false;
    if (cap.kind && (*cap.kind == ir::CampaignKind::Commercial) != (c.kind == "commercial")) return false;
    return true;
  }

  bool SameGroup(const ir::Cap& cap, const Contact& a, const Contact& b) const {
    return (!cap.per_channel || a.channel == b.channel) && (!cap.per_campaign || a.campaign == b.campaign) &&
           (!cap.per_kind || a.kind == b.kind);
  }

  // Every window of the cap starting at a counted contact (the fullest window holding
  // any moment starts at one) holds at most the cap's N of that contact's group.
  void Caps(const std::vector<Contact>& all) {
    for (const ir::Cap& cap : p.policy.caps) {
      const int64_t period = Value(cap.per, 0).ints.at(0);
      for (const Contact& a : all) {
        if (!Counts(cap, a)) continue;
        const int64_t end = LaterClock(a.send_at, period, Zone(Row(a)));
        int64_t n = 0;
        for (const Contact& b : all) {
          n += b.customer == a.customer && Counts(cap, b) && SameGroup(cap, a, b) && b.send_at >= a.send_at && b.send_at < end;
        }
        if (n > cap.max) bad.push_back(fmt::format("max {}: {} contacts of {} from {}", cap.max, n, a.customer, a.local_time));
      }
    }
  }

  void Once(const std::vector<Contact>& all) {
    std::set<std::tuple<std::string, std::string, int64_t, int>> seen;
    for (const Contact& c : all) {
      if (!seen.insert({c.customer, c.campaign, c.journey, c.step}).second) {
        bad.push_back(fmt::format("twice: {} {} journey {} step {}", c.customer, c.campaign_name, c.journey, c.step));
      }
    }
  }
};

}  // namespace

std::vector<std::string> CheckProperties(const ir::Program& p, const rt::Database& db, backend::Backend& backend,
                                         int64_t date, const std::vector<Contact>& contacts) {
  backend::Context context;
  context.today = date;
  context.threads = 1;
  Checker check{p, db, backend.Prepare(p, db, context), {}};
  for (const Contact& c : contacts) {
    check.Quiet(c);
    check.Consent(c);
    check.Holdout(c);
  }
  check.Caps(contacts);
  check.Once(contacts);
  return check.bad;
}

}  // namespace sam::reference
