#include "cli/plan_files.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli/output.hpp"
#include "engine/time_rules.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {

namespace {

nlohmann::ordered_json ContactJson(const engine::state::Contact& c) {
  return {{"run_date", FormatDate(c.run_date)}, {"customer", c.customer}, {"campaign", c.campaign_name},
          {"campaign_key", c.campaign},         {"message", c.message},   {"step", c.step + 1},
          {"channel", c.channel},               {"address", c.address},   {"send_at", engine::UtcText(c.send_at)},
          {"send_at_local", c.local_time},      {"instance", c.instance}};
}

nlohmann::ordered_json StopJson(const engine::state::Stop& s) {
  return {{"run_date", FormatDate(s.run_date)}, {"customer", s.customer}, {"campaign", s.campaign},
          {"message", s.message},               {"step", s.step + 1},      {"rule", s.rule},
          {"reason", s.reason},                 {"source", s.source}};
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
  std::string csv = "run_date,customer,campaign,campaign_key,message,step,channel,address,send_at,send_at_local,instance\n";
  std::string jsonl;
  for (const auto& c : plan.contacts) {
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", FormatDate(c.run_date), CsvField(c.customer), CsvField(c.campaign_name),
                       CsvField(c.campaign), CsvField(c.message), c.step + 1, c.channel, CsvField(c.address), engine::UtcText(c.send_at),
                       CsvField(c.local_time), CsvField(c.instance));
    jsonl += ContactJson(c).dump() + "\n";
  }
  std::string stops_csv = "run_date,customer,campaign,message,step,rule,reason,source\n";
  std::string stops_jsonl;
  for (const auto& s : plan.stops) {
    stops_csv += fmt::format("{},{},{},{},{},{},{},{}\n", FormatDate(s.run_date), CsvField(s.customer), CsvField(s.campaign),
                             CsvField(s.message), s.step + 1, s.rule, CsvField(s.reason), CsvField(s.source));
    stops_jsonl += StopJson(s).dump() + "\n";
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
