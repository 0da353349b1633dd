#include "engine/why.hpp"

#include <fmt/format.h>

#include "engine/engine.hpp"
#include "engine/plan_day.hpp"
#include "schema/value_text.hpp"

namespace sam::engine {

namespace {

std::string ValueText(const backend::Values& v, TypeKind kind) {
  if (!v.Present(0)) return "absent";
  switch (v.storage) {
    case TypeKind::Float: return fmt::format("{}", v.floats[0]);
    case TypeKind::String: return "\"" + v.strings[0] + "\"";
    default: break;
  }
  const int64_t x = v.ints[0];
  switch (kind) {
    case TypeKind::Bool: return x ? "true" : "false";
    case TypeKind::Decimal: return FormatDecimal(x);
    case TypeKind::Date: return FormatDate(x);
    case TypeKind::Timestamp: return FormatTimestamp(x);
    case TypeKind::Duration: return FormatDuration(x);
    default: return std::to_string(x);
  }
}

}  // namespace

Explanation Why(const ir::Program& p, const rt::Database& db, backend::Backend& backend, const state::Store& store,
                int campaign, const std::string& customer, int64_t date, const std::function<std::string(Span)>& text) {
  const ir::Campaign& camp = p.campaigns[campaign];
  Explanation out;
  out.customer = customer;
  out.campaign = camp.name;
  out.date = date;
  out.run_committed = store.Run(date).has_value();
  RequireColumns(p, db);
  const std::optional<uint32_t> row = CustomerRow(db, customer);
  if (!row) throw EngineError(fmt::format("no customer has the key `{}`", customer));
  if (camp.audience != ir::kNone) {
    backend::Context context;
    context.today = date;
    auto prepared = backend.Prepare(p, db, context);
    const uint32_t r = *row;
    auto show = [&](ir::NodeId id) {
      std::string written = text ? text(p.at(id).span) : std::string();
      if (written.empty()) written = ir::PrintExpr(p, id);
      out.entry.emplace_back(written, ValueText(prepared->Evaluate(id, std::span(&r, 1)), p.at(id).type.kind));
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
