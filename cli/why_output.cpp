#include "cli/why_output.hpp"

#include <fmt/format.h>

#include "engine/time_rules.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

// Where the journey stands now: in it, finished, exited or restarted on a date, with
// the steps done; one that ended after the date explained was still running on it.
std::string StatusText(const engine::state::Journey& j, int64_t date) {
  using Status = engine::state::Journey::Status;
  const std::string steps = fmt::format("{} step{} done", j.next_step, j.next_step == 1 ? "" : "s");
  if (j.status == Status::Active) return "in the journey, " + steps;
  const char* how = j.status == Status::Finished ? "finished"
                    : j.status == Status::Exited ? "exited"
                                                 : "was restarted by `migrate restart`";
  const std::string ended = fmt::format("{} on {}", how, FormatDate(j.end_date));
  if (j.end_date <= date) return ended + ", " + steps;
  return fmt::format("in the journey on {} (it {} with {})", FormatDate(date), ended, steps);
}

// The trigger and the firings the run considered, with their if/unless values.
void TriggerLines(const engine::Explanation& e, std::vector<std::string>& out) {
  out.push_back(fmt::format("  trigger {}{}:", e.trigger, e.trigger_source.empty() ? "" : " (" + e.trigger_source + ")"));
  if (e.firings.empty()) out.push_back("    no firing came due for this customer in this run");
  for (const auto& f : e.firings) {
    out.push_back(fmt::format("    at {}{}: {}", engine::UtcText(f.at), f.instance.empty() ? "" : " for " + f.instance, f.outcome));
    for (const auto& [part, value] : f.conditions) {
      const bool whole = part.starts_with("if ") || part.starts_with("unless ");
      out.push_back(fmt::format("      {}{} = {}", whole ? "" : "  ", part, value));
    }
  }
}

}  // namespace

std::vector<std::string> WhyLines(const engine::Explanation& e) {
  std::vector<std::string> out;
  out.push_back(fmt::format("customer {}, campaign {}, run {}{}", e.customer, e.campaign, FormatDate(e.date),
                            e.run_committed ? "" : " (no run committed for this date)"));
  for (size_t k = 0; k < e.entry.size(); ++k) {
    out.push_back(fmt::format("  {}{} = {}", k == 0 ? "audience: " : "    ", e.entry[k].first, e.entry[k].second));
  }
  if (!e.trigger.empty()) TriggerLines(e, out);
  if (e.absent) out.push_back("  not in the data: what the state holds of this customer");
  if (!e.closed.empty()) out.push_back(fmt::format("  nobody enters on {}: {}", FormatDate(e.date), e.closed));
  if (!e.not_entered.empty()) out.push_back(fmt::format("  not entered on {}: {}", FormatDate(e.date), e.not_entered));
  if (e.holdout_bucket >= 0) {
    const double below = e.holdout_percent * 100;
    out.push_back(fmt::format("  holdout draw: bucket {} of 10000, held out below {:g} (holdout {:g}%): {}", e.holdout_bucket,
                              below, e.holdout_percent, e.holdout_bucket < below ? "held out" : "not held out"));
  }
    if (e.journeys.empty()) out.push_back(fmt::format("  journeys: none entered by {}", FormatDate(e.date)));
  for (const auto& j : e.journeys) {
    out.push_back(fmt::format("  journey entered {}{}: {}{}", FormatDate(j.entry_date),
                              j.instance.empty() ? "" : " for " + j.instance, StatusText(j, e.date),
                              j.held_out ? ", held out (control group)" : ""));
  }
  if (!e.policy.empty()) out.push_back(fmt::format("  policy for this customer on {}:", FormatDate(e.date)));
  for (const auto& v : e.policy) {
    out.push_back(fmt::format("    {} = {}{}", v.rule, v.value, v.source.empty() ? "" : " (" + v.source + ")"));
  }
  for (const auto& c : e.contacts) {
    // A keyed campaign's instance (`per`), as the journeys and firings name theirs.
    out.push_back(fmt::format("  planned: \"{}\"{} on {} to {} at {}", c.message,
                              c.instance.empty() ? "" : " for " + c.instance, c.channel, c.address, c.local_time));
  }
  for (const auto& s : e.stops) {
    out.push_back(fmt::format("  stopped: \"{}\"{} by {}: {}{}", s.message,
                              s.instance.empty() ? "" : " for " + s.instance, s.rule, s.reason,
                              s.source.empty() ? "" : " (" + s.source + ")"));
  }
  if (e.contacts.empty() && e.stops.empty()) {
    out.push_back(fmt::format("  nothing was due for this customer on {}", FormatDate(e.date)));
  }
  return out;
}

nlohmann::ordered_json WhyJson(const engine::Explanation& e) {
  nlohmann::ordered_json j;
  j["customer"] = e.customer;
  j["campaign"] = e.campaign;
  j["run_date"] = FormatDate(e.date);
  j["run_committed"] = e.run_committed;
  j["audience"] = nlohmann::ordered_json::array();
  for (const auto& [part, value] : e.entry) j["audience"].push_back({{"expression", part}, {"value", value}});
  if (!e.trigger.empty()) {
    nlohmann::ordered_json firings = nlohmann::ordered_json::array();
    for (const auto& f : e.firings) {
      nlohmann::ordered_json conditions = nlohmann::ordered_json::array();
      for (const auto& [part, value] : f.conditions) conditions.push_back({{"expression", part}, {"value", value}});
      firings.push_back({{"at", engine::UtcText(f.at)}, {"instance", f.instance}, {"conditions", conditions},
                         {"outcome", f.outcome}});
    }
    j["trigger"] = {{"name", e.trigger}, {"source", e.trigger_source}, {"firings", firings}};
  }
  if (e.absent) j["in_data"] = false;
  if (!e.closed.empty()) j["closed"] = e.closed;
  if (!e.not_entered.empty()) j["not_entered"] = e.not_entered;
  if (e.holdout_bucket >= 0) {
    j["holdout"] = {{"bucket", e.holdout_bucket}, {"below", e.holdout_percent * 100}, {"percent", e.holdout_percent},
                    {"held_out", static_cast<double>(e.holdout_bucket) < e.holdout_percent * 100}};
  }
  j["journeys"] = nlohmann::ordered_json::array();
  for (const auto& x : e.journeys) {
    j["journeys"].push_back({{"entered", FormatDate(x.entry_date)}, {"instance", x.instance}, {"status", StatusText(x, e.date)},
                             {"steps_done", x.next_step}, {"held_out", x.held_out}});
  }
  j["policy"] = nlohmann::ordered_json::array();
  for (const auto& v : e.policy) j["policy"].push_back({{"rule", v.rule}, {"value", v.value}, {"source", v.source}});
  j["planned"] = nlohmann::ordered_json::array();
  for (const auto& c : e.contacts) {
    j["planned"].push_back({{"message", c.message},
                            {"instance", c.instance},
                            {"channel", c.channel},
                            {"address", c.address},
                            {"send_at", engine::UtcText(c.send_at)},
                            {"send_at_local", c.local_time}});
  }
  j["stopped"] = nlohmann::ordered_json::array();
  for (const auto& s : e.stops) {
    j["stopped"].push_back({{"message", s.message},
                            {"instance", s.instance},
                            {"rule", s.rule},
                            {"reason", s.reason},
                            {"source", s.source}});
  }
  return j;
}

void ExplainInto(const Frontend& fe, const rt::Database& db, backend::Backend& backend, engine::state::Store& store,
                 const ir::Query& q, int64_t date, query::QueryResult& out) {
  auto text = [&fe](Span s) { return std::string(fe.sources.Text(s)); };
  const engine::Explanation e = engine::Why(*fe.ir, db, backend, store, q.campaign, q.customer, date, text,
                                            [&fe](Span s) { return fe.sources.Where(s); });
  out.lines = WhyLines(e);
  out.json = WhyJson(e).dump();
}

}  // namespace sam::cli
