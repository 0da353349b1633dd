// `sam why PROGRAM (--db FILE | --data DIR) --state STATE KEY CAMPAIGN [--date D]`: why
// a campaign did or did not contact a customer on a run date (docs/engine.md, "Why").
#include <fmt/format.h>

#include "backends/registry.hpp"
#include "cli/backend_option.hpp"
#include "base/suggest.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/engine_errors.hpp"
#include "cli/why_output.hpp"
#include "engine/engine.hpp"
#include "engine/why.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

struct WhyOptions {
  std::string program, state, key, campaign, date, format = "text", backend;
};

void Run(const WhyOptions& o, const DataOptions& data) {
  Frontend fe;
  if (!CheckProgramForData(fe, o.program)) return;
  const ir::Program& program = *fe.ir;
  // By name, else by key (the plan files show both, the state keeps the key).
  int campaign = -1;
  for (size_t c = 0; c < program.campaigns.size(); ++c) {
    if (program.campaigns[c].name == o.campaign) campaign = static_cast<int>(c);
  }
  for (size_t c = 0; c < program.campaigns.size() && campaign < 0; ++c) {
    if (program.campaigns[c].key == o.campaign) campaign = static_cast<int>(c);
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
  WithEngineErrors(1, &fe.sources, [&] {
    engine::state::Store store = OpenExistingState(o.state);
    const std::optional<int64_t> date = StateRunDate(o.date, store, o.state, "nothing to explain");
    if (!date) return;
    std::unique_ptr<backend::Backend> backend = MakeNamedBackend(o.backend);
    auto text = [&fe](Span s) { return std::string(fe.sources.Text(s)); };
    const engine::Explanation e = engine::Why(program, *db, *backend, store, campaign, o.key, *date, text,
                                                   [&fe](Span s) { return fe.sources.Where(s); });
    if (o.format == "json") {
      fmt::print("{}\n", WhyJson(e).dump());
    } else {
      for (const std::string& line : WhyLines(e)) fmt::print("{}\n", line);
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
  cmd->add_option("--date", opts->date, "The run date, YYYY-MM-DD (default: the state's last run)")
      ->check(DateOption());
  cmd->add_option("--format", opts->format, "`text` (default) or `json`")->check(CLI::IsMember({"text", "json"}));
  AddBackendOption(cmd, &opts->backend);
  auto data = AddDataOptions(cmd);
  cmd->callback([opts, data] { Run(*opts, *data); });
}

}  // namespace sam::cli
