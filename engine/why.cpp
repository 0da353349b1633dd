#include "engine/why.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "backends/value_text.hpp"
#include "engine/engine.hpp"
#include "engine/plan_day.hpp"

namespace sam::engine {

namespace {

// A value in an explanation: absent said, strings quoted.
std::string ValueText(const ir::Program& p, const backend::Values& v, Type type) {
  if (!v.Present(0)) return "absent";
  const std::string text = backend::FormatValue(p, type, v, 0);
  return type.kind == TypeKind::String ? "\"" + text + "\"" : text;
}

// The policy rules that concern the campaign's channels, evaluated for one customer.
void PolicyValues(const ir::Program& p, const ir::Campaign& camp, backend::Prepared& run, uint32_t row,
                  const std::function<std::string(ir::NodeId)>& written, const std::function<std::string(Span)>& where,
                  Explanation& out) {
  std::set<std::string> channels{camp.channel};
  for (const auto& step : camp.steps) {
    if (!step.channel.empty()) channels.insert(step.channel);
  }
  auto value = [&](ir::NodeId id) { return ValueText(p, run.Evaluate(id, std::span(&row, 1)), p.at(id).type); };
  auto place = [&](Span s) { return where ? where(s) : std::string(); };
  const ir::Policy& pol = p.policy;
  if (pol.timezone != ir::kNone) out.policy.push_back({fmt::format("timezone `{}`", written(pol.timezone)), value(pol.timezone), ""});
  for (const auto& s : pol.suppressions) {
    if (!s.channel.empty() && !channels.count(s.channel)) continue;
    out.policy.push_back({fmt::format("suppress `{}`{}", written(s.condition), s.channel.empty() ? "" : " on " + s.channel),
                          value(s.condition), place(s.span)});
  }
  for (const auto& a : pol.allows) {
    if (!channels.count(a.channel)) continue;
    out.policy.push_back({fmt::format("allow {} when `{}`", a.channel, written(a.condition)), value(a.condition), place(a.span)});
  }
  for (const auto& c : pol.consents) {
    if (std::find(camp.consents.begin(), camp.consents.end(), c.purpose) == camp.consents.end()) continue;
    std::string evidence = "granted " + value(c.granted);
    if (c.confirmed != ir::kNone) evidence += ", confirmed " + value(c.confirmed);
    if (c.withdrawn != ir::kNone) evidence += ", withdrawn " + value(c.withdrawn);
    out.policy.push_back({fmt::format("consent `{}`", c.purpose), evidence, place(c.span)});
  }
}

}  // namespace

Explanation Why(const ir::Program& p, const rt::Database& db, backend::Backend& backend, const state::Store& store,
                int campaign, const std::string& customer, int64_t date, const std::function<std::string(Span)>& text,
                const std::function<std::string(Span)>& where) {
  const ir::Campaign& camp = p.campaigns[campaign];
  Explanation out;
  out.customer = customer;
  out.campaign = camp.name;
  out.date = date;
  out.run_committed = store.Run(date).has_value();
  RequireColumns(p, db);
  const std::optional<uint32_t> row = CustomerRow(db, customer);
  if (!row) throw EngineError(fmt::format("no customer has the key `{}`", customer));
  backend::Context context;
  context.today = date;
  auto prepared = backend.Prepare(p, db, context);
  const uint32_t r = *row;
  auto written = [&](ir::NodeId id) {
    std::string w = text ? text(p.at(id).span) : std::string();
    return w.empty() ? ir::PrintExpr(p, id) : w;
  };
  PolicyValues(p, camp, *prepared, r, written, where, out);
  if (camp.audience != ir::kNone) {
    auto show = [&](ir::NodeId id) {
      out.entry.emplace_back(written(id), ValueText(p, prepared->Evaluate(id, std::span(&r, 1)), p.at(id).type));
    };
    show(camp.audience);
    const ir::Node& n = p.at(camp.audience);
    if (n.op == ir::Op::And || n.op == ir::Op::Or) {
      for (ir::NodeId a : n.args) show(a);
    }
  }
  // The key as the state writes it (`007` is customer 7).
  const std::string key_text = CustomerKey(db, *row);
  out.customer = key_text;
  if (camp.holdout > 0) {
    out.holdout_bucket = static_cast<int64_t>(BucketHash(key_text, camp.key) % 10000);
    out.holdout_percent = static_cast<double>(camp.holdout) / 1e6;
  }
  // The journeys that had begun by the date asked (as the state stands now: a later
  // run may have moved them on since).
  for (auto& j : store.JourneysOf(CampaignId(camp), key_text)) {
    if (j.entry_date <= date) out.journeys.push_back(std::move(j));
  }
  for (const auto& j : out.journeys) out.held_out = out.held_out || j.held_out;
  for (auto& c : store.ContactsOf(date, key_text)) {
    if (c.campaign_name == camp.name) out.contacts.push_back(std::move(c));
  }
  for (auto& s : store.StopsOf(date, key_text)) {
    if (s.campaign == camp.name) out.stops.push_back(std::move(s));
  }
  return out;
}

}  // namespace sam::engine
