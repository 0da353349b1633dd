#include "cli/plan_files.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli/line_writers.hpp"
#include "cli/output.hpp"
#include "engine/time_rules.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {

namespace {

void AppendContactJson(std::string& out, const engine::state::Contact& c, std::string_view date, std::string_view send_at) {
  JsonLine(out)
      .Field("run_date", date)
      .Field("customer", c.customer)
      .Field("campaign", c.campaign_name)
      .Field("campaign_key", c.campaign)
      .Field("message", c.message)
      .Field("step", c.step + 1)
      .Field("channel", c.channel)
      .Field("address", c.address)
      .Field("send_at", send_at)
      .Field("send_at_local", c.local_time)
      .Field("instance", c.instance);
}

void AppendStopJson(std::string& out, const engine::state::Stop& s, std::string_view date) {
  JsonLine(out)
      .Field("run_date", date)
      .Field("customer", s.customer)
      .Field("campaign", s.campaign)
      .Field("message", s.message)
      .Field("step", s.step + 1)
      .Field("rule", s.rule)
      .Field("reason", s.reason)
      .Field("source", s.source)
      .Field("instance", s.instance);
}

// Writes `text` to `path` through a temporary file renamed into place.
bool WriteFile(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path temp = path.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      fmt::print(stderr, "sam: error: cannot write {}\n", temp.string());
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    fmt::print(stderr, "sam: error: cannot write {}: {}\n", path.string(), ec.message());
    return false;
  }
  return true;
}

// The four files of a date, in the order they are written.
std::vector<std::filesystem::path> PlanFileNames(const std::string& dir, int64_t date) {
  const std::string d = FormatDate(date);
  const std::filesystem::path base(dir);
  return {base / ("plan-" + d + ".csv"), base / ("plan-" + d + ".jsonl"), base / ("stops-" + d + ".csv"),
          base / ("stops-" + d + ".jsonl")};
}

}  // namespace

bool WritePlanFiles(const std::string& dir, const engine::DayPlan& plan) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    fmt::print(stderr, "sam: error: cannot create {}: {}\n", dir, ec.message());
    return false;
  }
  // Every line of a date's plan has the same run date: formatted once.
  const std::string date = FormatDate(plan.date);
  auto date_of = [&](int64_t d) { return d == plan.date ? date : FormatDate(d); };
  std::string csv = "run_date,customer,campaign,campaign_key,message,step,channel,address,send_at,send_at_local,instance\n";
  std::string jsonl;
  for (const auto& c : plan.contacts) {
    const std::string run_date = date_of(c.run_date), send_at = engine::UtcText(c.send_at);
    CsvRow(csv).Raw(run_date).Text(c.customer).Text(c.campaign_name).Text(c.campaign).Text(c.message).Int(c.step + 1)
        .Raw(c.channel).Text(c.address).Raw(send_at).Text(c.local_time).Text(c.instance);
    AppendContactJson(jsonl, c, run_date, send_at);
  }
  std::string stops_csv = "run_date,customer,campaign,message,step,rule,reason,source,instance\n";
  std::string stops_jsonl;
  for (const auto& s : plan.stops) {
    const std::string run_date = date_of(s.run_date);
    CsvRow(stops_csv).Raw(run_date).Text(s.customer).Text(s.campaign).Text(s.message).Int(s.step + 1).Raw(s.rule)
        .Text(s.reason).Text(s.source).Text(s.instance);
    AppendStopJson(stops_jsonl, s, run_date);
  }
  const auto names = PlanFileNames(dir, plan.date);
  return WriteFile(names[0], csv) && WriteFile(names[1], jsonl) && WriteFile(names[2], stops_csv) &&
         WriteFile(names[3], stops_jsonl);
}

bool PlanFilesComplete(const std::string& dir, int64_t date) {
  std::error_code ec;
  for (const auto& name : PlanFileNames(dir, date)) {
    if (!std::filesystem::is_regular_file(name, ec)) return false;
  }
  return true;
}

std::string SummaryJson(const engine::DayPlan& plan) {
  nlohmann::ordered_json j;
  j["run_date"] = FormatDate(plan.date);
  j["replayed"] = plan.replayed;
  j["planned"] = plan.contacts.size();
  j["campaigns"] = nlohmann::ordered_json::array();
  for (const auto& c : plan.campaigns) {
    nlohmann::ordered_json stopped = nlohmann::ordered_json::object();
    for (const auto& [rule, n] : c.stopped) stopped[rule] = n;
    j["campaigns"].push_back({{"campaign", c.campaign}, {"entered", c.entered}, {"candidates", c.candidates},
                              {"held_out", c.held_out}, {"stopped", stopped}, {"planned", c.planned}});
  }
  j["notes"] = plan.notes;
  return j.dump();
}

}  // namespace sam::cli
