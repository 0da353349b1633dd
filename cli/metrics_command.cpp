// `sam metrics PROGRAM (--db FILE | --data DIR) --state STATE [--date D]`: every
// campaign metric (docs/language.md §15.15) for the treated and the held-out group of
// the journeys `sam run` recorded, and their difference (docs/engine.md, "Metrics").
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "backends/registry.hpp"
#include "cli/backend_option.hpp"
#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/engine_errors.hpp"
#include "engine/metrics.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

struct MetricsOptions {
  std::string program, state, date, format = "text", backend;
};

// A group's value: the share of journeys for a bool, else the mean.
std::string GroupText(const engine::MetricGroup& g, bool is_bool) {
  if (g.n == 0) return "-";
  return is_bool ? fmt::format("{:.1f}% of {}", 100 * g.Mean(), g.n) : fmt::format("{:.2f} (n {})", g.Mean(), g.n);
}

// treated - held out, with a 95% interval by the normal approximation.
struct Difference {
  bool known = false;
  double value = 0, low = 0, high = 0;
};

Difference DifferenceOf(const engine::MetricResult& r) {
  if (r.treated.n == 0 || r.held_out.n == 0) return {};
  const double d = r.treated.Mean() - r.held_out.Mean();
  const double se = std::sqrt(r.treated.Variance() / static_cast<double>(r.treated.n) +
                              r.held_out.Variance() / static_cast<double>(r.held_out.n));
  return {true, d, d - 1.96 * se, d + 1.96 * se};
}

std::string DifferenceText(const engine::MetricResult& r) {
  const Difference d = DifferenceOf(r);
  if (!d.known) return "- (a group is empty)";
  const double scale = r.is_bool ? 100 : 1;
  const char* unit = r.is_bool ? " pts" : "";
  return fmt::format("{:+.{}f}{} ({:+.{}f} .. {:+.{}f})", scale * d.value, r.is_bool ? 1 : 2, unit, scale * d.low,
                     r.is_bool ? 1 : 2, scale * d.high, r.is_bool ? 1 : 2);
}

void PrintText(const std::vector<engine::MetricResult>& results, int64_t date) {
  if (results.empty()) {
    fmt::print("no campaign of the program has a metric\n");
    return;
  }
  fmt::print("metrics on {}: journeys entered by then; held out = the control group\n", FormatDate(date));
  std::vector<std::vector<std::string>> rows{{"campaign", "metric", "treated", "held out", "difference (95% interval)"}};
  for (const auto& r : results) {
    rows.push_back({r.campaign, r.metric, GroupText(r.treated, r.is_bool), GroupText(r.held_out, r.is_bool),
                    DifferenceText(r)});
  }
  std::vector<size_t> width(rows[0].size());
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) line += c + 1 < row.size() ? fmt::format("{:<{}}  ", row[c], width[c]) : row[c];
    fmt::print("  {}\n", line);
  }
}

void PrintJson(const std::vector<engine::MetricResult>& results, int64_t date) {
  for (const auto& r : results) {
    nlohmann::ordered_json j;
    j["run_date"] = FormatDate(date);
    j["campaign"] = r.campaign;
    j["metric"] = r.metric;
    j["kind"] = r.is_bool ? "share" : "mean";
    for (const auto& [name, g] : {std::pair{"treated", &r.treated}, std::pair{"held_out", &r.held_out}}) {
      j[name] = {{"n", g->n}, {"absent", g->absent}, {"value", g->n > 0 ? nlohmann::ordered_json(g->Mean()) : nullptr}};
    }
    const Difference d = DifferenceOf(r);
    j["difference"] = d.known ? nlohmann::ordered_json{{"value", d.value}, {"low", d.low}, {"high", d.high}} : nullptr;
    fmt::print("{}\n", j.dump());
  }
}

void Run(const MetricsOptions& o, const DataOptions& data) {
  Frontend fe;
  if (!CheckProgramForData(fe, o.program)) return;
  const ir::Program& program = *fe.ir;
  std::optional<rt::Database> db = OpenData(program, data);
  if (!db) return;
  WithEngineErrors(1, [&] {
    engine::state::Store store = OpenExistingState(o.state);
    const std::optional<int64_t> date = StateRunDate(o.date, store, o.state, "no journeys to measure");
    if (!date) return;
    std::unique_ptr<backend::Backend> backend = MakeNamedBackend(o.backend);
    const auto results = engine::Metrics(program, *db, *backend, store, *date, data.threads);
    if (o.format == "json") {
      PrintJson(results, *date);
    } else {
      PrintText(results, *date);
    }
  });
}

}  // namespace

void RegisterMetrics(CLI::App& app) {
  auto opts = std::make_shared<MetricsOptions>();
  auto* cmd = app.add_subcommand("metrics", "Compare campaign metrics between treated and held-out customers");
  cmd->add_option("program", opts->program, "The .sam program that `sam run` ran")->required();
  cmd->add_option("--state", opts->state, "The state file of `sam run`")->required();
  cmd->add_option("--date", opts->date, "Measure as of this date, YYYY-MM-DD (default: the state's last run)")
      ->check(DateOption());
  cmd->add_option("--format", opts->format, "`text` (default) or `json` (one object per metric)")
      ->check(CLI::IsMember({"text", "json"}));
  AddBackendOption(cmd, &opts->backend);
  auto data = AddDataOptions(cmd);
  cmd->callback([opts, data] { Run(*opts, *data); });
}

}  // namespace sam::cli
