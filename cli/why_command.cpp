// `sam why PROGRAM (--db FILE | --data DIR) --state STATE KEY CAMPAIGN [--date D]`: why
// a campaign did or did not contact a customer on a run date (docs/engine.md, "Why").
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "backends/registry.hpp"
#include "base/suggest.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/engine_errors.hpp"
#include "engine/engine.hpp"
#include "engine/time_rules.hpp"
#include "engine/why.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

struct WhyOptions {
  std::string program, state, key, campaign, date, format = "text";
};

const char* StatusText(engine::state::Journey::Status s) {
  switch (s) {
    case engine::state::Journey::Status::Active: return "in the journey";
    case engine::state::Journey::Status::Finished: return "finished";
    case engine::state::Journey::Status::Exited: return "exited";
  }
  return "?";
}

void PrintText(const engine::Explanation& e) {
  fmt::print("customer {}, campaign {}, run {}{}\n", e.customer, e.campaign, FormatDate(e.date),
             e.run_committed ? "" : " (no run committed for this date)");
  for (size_t k = 0; k < e.entry.size(); ++k) {
    fmt::print("  {}{} = {}\n", k == 0 ? "audience: " : "    ", e.entry[k].first, e.entry[k].second);
  }
  if (e.journeys.empty()) fmt::print("  journeys: none (never entered)\n");
  for (const auto& j : e.journeys) {
    fmt::print("  journey entered {}{}: {}, {} step{} done{}\n", FormatDate(j.entry_date),
               j.instance.empty() ? "" : " for " + j.instance, StatusText(j.status), j.next_step,
               j.next_step == 1 ? "" : "s", j.held_out ? ", held out (control group)" : "");
  }
  for (const auto& c : e.contacts) {
    fmt::print("  planned: \"{}\" on {} to {} at {}\n", c.message, c.channel, c.address, c.local_time);
  }
  for (const auto& s : e.stops) {
    fmt::print("  stopped: \"{}\" by {}: {}{}\n", s.message, s.rule, s.reason, s.source.empty() ? "" : " (" + s.source + ")");
  }
  if (e.contacts.empty() && e.stops.empty()) fmt::print("  nothing was due for this customer on {}\n", FormatDate(e.date));
}

void PrintJson(const engine::Explanation& e) {
  nlohmann::ordered_json j;
  j["customer"] = e.customer;
  j["campaign"] = e.campaign;
  j["run_date"] = FormatDate(e.date);
  j["run_committed"] = e.run_committed;
  j["audience"] = nlohmann::ordered_json::array();
  for (const auto& [part, value] : e.entry) j["audience"].push_back({{"expression", part}, {"value", value}});
  j["journeys"] = nlohmann::ordered_json::array();
  for (const auto& x : e.journeys) {
    j["journeys"].push_back({{"entered", FormatDate(x.entry_date)}, {"instance", x.instance}, {"status", StatusText(x.status)},
                             {"steps_done", x.next_step}, {"held_out", x.held_out}});
  }
  j["planned"] = nlohmann::ordered_json::array();
  for (const auto& c : e.contacts) {
    j["planned"].push_back({{"message", c.message}, {"channel", c.channel}, {"address", c.address},
                            {"send_at", engine::UtcText(c.send_at)}, {"send_at_local", c.local_time}});
  }
  j["stopped"] = nlohmann::ordered_json::array();
  for (const auto& s : e.stops) {
    j["stopped"].push_back({{"message", s.message}, {"rule", s.rule}, {"reason", s.reason}, {"source", s.source}});
  }
  fmt::print("{}\n", j.dump());
}

void Run(const WhyOptions& o, const DataOptions& data) {
  Frontend fe;
  if (!CheckProgramForData(fe, o.program)) return;
  const ir::Program& program = *fe.ir;
  int campaign = -1;
  for (size_t c = 0; c < program.campaigns.size(); ++c) {
    if (program.campaigns[c].name == o.campaign) campaign = static_cast<int>(c);
  }
  if (campaign < 0) {
    std::vector<std::string_view> names;
    for (const auto& c : program.campaigns) names.push_back(c.name);
    const auto best = ClosestMatch(o.campaign, names);
    fmt::print(stderr, "sam: error: the program has no campaign `{}`{}\n", o.campaign,
               best ? fmt::format("; did you mean `{}`?", *best) : "");
    SetExitCode(2);
    return;
  }
  std::optional<rt::Database> db = OpenData(program, data);
  if (!db) return;
  WithEngineErrors(1, [&] {
    if (!std::filesystem::exists(o.state)) {
      fmt::print(stderr, "sam: error: {}: no such state file (`sam run` writes it)\n", o.state);
      SetExitCode(2);
      return;
    }
    engine::state::Store store = engine::state::Store::Open(o.state);
    int64_t date = 0;
    if (!o.date.empty()) {
      auto d = DecodeDate(o.date);
      if (auto* err = std::get_if<LiteralError>(&d)) {
        fmt::print(stderr, "sam: error: --date {}: {}\n", o.date, err->message);
        SetExitCode(2);
        return;
      }
      date = std::get<int64_t>(d);
    } else if (auto last = store.LastRunDate()) {
      date = *last;
    } else {
      fmt::print(stderr, "sam: error: {}: no run committed yet: nothing to explain\n", o.state);
      SetExitCode(1);
      return;
    }
    std::unique_ptr<backend::Backend> backend = backend::MakeBackend("interp");
    auto text = [&fe](Span s) { return std::string(fe.sources.Text(s)); };
    const engine::Explanation e = engine::Why(program, *db, *backend, store, campaign, o.key, date, text);
    if (o.format == "json") {
      PrintJson(e);
    } else {
      PrintText(e);
    }
  });
}

}  // namespace

void RegisterWhy(CLI::App& app) {
  auto opts = std::make_shared<WhyOptions>();
  auto* cmd = app.add_subcommand("why", "Explain why a campaign did or did not contact a customer on a run date");
  cmd->add_option("program", opts->program, "The .sam program that `sam run` ran")->required();
  cmd->add_option("key", opts->key, "The customer's key")->required();
  cmd->add_option("campaign", opts->campaign, "The campaign's name")->required();
  cmd->add_option("--state", opts->state, "The state file of `sam run`")->required();
  cmd->add_option("--date", opts->date, "The run date, YYYY-MM-DD (default: the state's last run)");
  cmd->add_option("--format", opts->format, "`text` (default) or `json`")->check(CLI::IsMember({"text", "json"}));
  auto data = AddDataOptions(cmd);
  cmd->callback([opts, data] { Run(*opts, *data); });
}

}  // namespace sam::cli
