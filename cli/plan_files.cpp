#include "cli/plan_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli/output.hpp"
#include "engine/time_rules.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {

namespace {

// One JSON object on one line, its fields in the order added, exactly as
// nlohmann::ordered_json's dump() writes it: a plan has hundreds of thousands of
// lines, and building a json object for each was a tenth of a run.
class JsonLine {
 public:
  explicit JsonLine(std::string& out) : out_(out) { out_ += '{'; }
  ~JsonLine() { out_ += "}\n"; }
  JsonLine& Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
    return *this;
  }
  JsonLine& Field(std::string_view key, int value) {
    Key(key);
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }

 private:
  void Key(std::string_view key) {
    if (out_.back() != '{') out_ += ',';
    String(key);
    out_ += ':';
  }
  // Plain ASCII needs no escaping; anything else is escaped (or refused, for
  // invalid UTF-8) by nlohmann itself.
  void String(std::string_view s) {
    const bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
      const auto u = static_cast<unsigned char>(ch);
      return u >= 0x20 && u < 0x80 && ch != '"' && ch != '\\';
    });
    if (!plain) {
      out_ += nlohmann::json(std::string(s)).dump();
      return;
    }
    out_ += '"';
    out_ += s;
    out_ += '"';
  }

  std::string& out_;
};

void AppendContactJson(std::string& out, const engine::state::Contact& c) {
  JsonLine(out)
      .Field("run_date", FormatDate(c.run_date))
      .Field("customer", c.customer)
      .Field("campaign", c.campaign_name)
      .Field("campaign_key", c.campaign)
      .Field("message", c.message)
      .Field("step", c.step + 1)
      .Field("channel", c.channel)
      .Field("address", c.address)
      .Field("send_at", engine::UtcText(c.send_at))
      .Field("send_at_local", c.local_time)
      .Field("instance", c.instance);
}

void AppendStopJson(std::string& out, const engine::state::Stop& s) {
  JsonLine(out)
      .Field("run_date", FormatDate(s.run_date))
      .Field("customer", s.customer)
      .Field("campaign", s.campaign)
      .Field("message", s.message)
      .Field("step", s.step + 1)
      .Field("rule", s.rule)
      .Field("reason", s.reason)
      .Field("source", s.source);
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
    fmt::format_to(std::back_inserter(csv), "{},{},{},{},{},{},{},{},{},{},{}\n", FormatDate(c.run_date), CsvField(c.customer), CsvField(c.campaign_name),
                       CsvField(c.campaign), CsvField(c.message), c.step + 1, c.channel, CsvField(c.address), engine::UtcText(c.send_at),
                       CsvField(c.local_time), CsvField(c.instance));
    AppendContactJson(jsonl, c);
  }
  std::string stops_csv = "run_date,customer,campaign,message,step,rule,reason,source\n";
  std::string stops_jsonl;
  for (const auto& s : plan.stops) {
    fmt::format_to(std::back_inserter(stops_csv), "{},{},{},{},{},{},{},{}\n", FormatDate(s.run_date), CsvField(s.customer), CsvField(s.campaign),
                             CsvField(s.message), s.step + 1, s.rule, CsvField(s.reason), CsvField(s.source));
    AppendStopJson(stops_jsonl, s);
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
