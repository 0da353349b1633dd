#include "cli/plan_files.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
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

// A file written through a buffer of about a megabyte: a day's plan is tens of
// megabytes, and one string of it all was a fresh allocation each run (first touches
// of new memory were a fifth of a run's time).
class BufferedFile {
 public:
  static constexpr size_t kChunk = size_t{1} << 20;

  explicit BufferedFile(std::filesystem::path path) : path_(std::move(path)), file_(std::fopen(path_.c_str(), "wb")) {
    if (!file_) Fail();
    text_.reserve(kChunk + 4096);
  }
  ~BufferedFile() {
    if (file_) std::fclose(file_);
  }
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;

  // Where lines are appended; call Wrote() after each.
  std::string& text() { return text_; }
  void Wrote() {
    if (text_.size() >= kChunk) Flush();
  }
  // Writes what is left and closes the file; false (message printed) on an error.
  bool Close() {
    Flush();
    if (file_ && std::fclose(file_) != 0) Fail();
    file_ = nullptr;
    return ok_;
  }

 private:
  void Flush() {
    if (file_ && !text_.empty() && std::fwrite(text_.data(), 1, text_.size(), file_) != text_.size()) Fail();
    text_.clear();
  }
  void Fail() {
    if (ok_) fmt::print(stderr, "sam: error: cannot write {}: {}\n", path_.string(), std::strerror(errno));
    ok_ = false;
  }

  std::filesystem::path path_;
  std::FILE* file_;
  std::string text_;
  bool ok_ = true;
};

// The four files of a date, in the order they are written.
std::vector<std::filesystem::path> PlanFileNames(const std::string& dir, int64_t date) {
  const std::string d = FormatDate(date);
  const std::filesystem::path base(dir);
  return {base / ("plan-" + d + ".csv"), base / ("plan-" + d + ".jsonl"), base / ("stops-" + d + ".csv"),
          base / ("stops-" + d + ".jsonl")};
}

std::filesystem::path Aside(const std::filesystem::path& path) { return path.string() + ".tmp"; }

// One CSV file and one JSON-lines file of `rows`: `write(row, run_date, csv, jsonl)`
// appends a row's line to each (a date's rows share its run date, formatted once).
template <class Row, class Write>
bool WriteRows(const engine::DayPlan& plan, const std::vector<Row>& rows, const char* header,
               const std::filesystem::path& csv_path, const std::filesystem::path& json_path, Write write) {
  BufferedFile csv(csv_path), jsonl(json_path);
  csv.text() = header;
  const std::string date = FormatDate(plan.date);
  for (const Row& row : rows) {
    write(row, row.run_date == plan.date ? date : FormatDate(row.run_date), csv.text(), jsonl.text());
    csv.Wrote();
    jsonl.Wrote();
  }
  const bool ok = csv.Close();
  return jsonl.Close() && ok;
}

bool WriteContacts(const engine::DayPlan& plan, const std::filesystem::path& csv_path, const std::filesystem::path& json_path) {
  return WriteRows(plan, plan.contacts,
                   "run_date,customer,campaign,campaign_key,message,step,channel,address,send_at,send_at_local,instance\n",
                   csv_path, json_path,
                   [](const engine::state::Contact& c, const std::string& run_date, std::string& csv, std::string& jsonl) {
                     const std::string send_at = engine::UtcText(c.send_at);
                     CsvRow(csv).Raw(run_date).Text(c.customer).Text(c.campaign_name).Text(c.campaign).Text(c.message)
                         .Int(c.step + 1).Raw(c.channel).Text(c.address).Raw(send_at).Text(c.local_time).Text(c.instance);
                     AppendContactJson(jsonl, c, run_date, send_at);
                   });
}

bool WriteStops(const engine::DayPlan& plan, const std::filesystem::path& csv_path, const std::filesystem::path& json_path) {
  return WriteRows(plan, plan.stops, "run_date,customer,campaign,message,step,rule,reason,source,instance\n", csv_path,
                   json_path,
                   [](const engine::state::Stop& s, const std::string& run_date, std::string& csv, std::string& jsonl) {
                     CsvRow(csv).Raw(run_date).Text(s.customer).Text(s.campaign).Text(s.message).Int(s.step + 1)
                         .Raw(s.rule).Text(s.reason).Text(s.source).Text(s.instance);
                     AppendStopJson(jsonl, s, run_date);
                   });
}

}  // namespace

bool WritePlanFilesAside(const std::string& dir, const engine::DayPlan& plan) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    fmt::print(stderr, "sam: error: cannot create {}: {}\n", dir, ec.message());
    return false;
  }
  const auto names = PlanFileNames(dir, plan.date);
  // The stops on a thread of their own: the two halves take about as long.
  auto stops = std::async(std::launch::async, [&] { return WriteStops(plan, Aside(names[2]), Aside(names[3])); });
  const bool contacts = WriteContacts(plan, Aside(names[0]), Aside(names[1]));
  return stops.get() && contacts;
}

bool PublishPlanFiles(const std::string& dir, int64_t date) {
  for (const auto& name : PlanFileNames(dir, date)) {
    std::error_code ec;
    std::filesystem::rename(Aside(name), name, ec);
    if (ec) {
      fmt::print(stderr, "sam: error: cannot write {}: {}\n", name.string(), ec.message());
      return false;
    }
  }
  return true;
}

void RemovePlanFilesAside(const std::string& dir, int64_t date) {
  for (const auto& name : PlanFileNames(dir, date)) {
    std::error_code ec;
    std::filesystem::remove(Aside(name), ec);
  }
}

bool WritePlanFiles(const std::string& dir, const engine::DayPlan& plan) {
  return WritePlanFilesAside(dir, plan) && PublishPlanFiles(dir, plan.date);
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
    // A replayed date's journeys and candidates are not recorded: null, as the text's `-`.
    const nlohmann::ordered_json entered = plan.replayed ? nlohmann::ordered_json() : nlohmann::ordered_json(c.entered);
    const nlohmann::ordered_json candidates =
        plan.replayed ? nlohmann::ordered_json() : nlohmann::ordered_json(c.candidates);
    j["campaigns"].push_back({{"campaign", c.campaign}, {"entered", entered}, {"candidates", candidates},
                              {"held_out", c.held_out}, {"stopped", stopped}, {"planned", c.planned}});
  }
  j["notes"] = plan.notes;
  return j.dump();
}

}  // namespace sam::cli
