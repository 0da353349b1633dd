#include "cli/test_output.hpp"

#include <fmt/format.h>

#include <utility>

namespace sam::cli {

using testing::ExpectStatus;
using testing::TestStatus;

void TestTotals::Add(const std::vector<testing::TestResult>& results) {
  for (const auto& r : results) {
    switch (r.status) {
      case TestStatus::Passed: ++passed; break;
      case TestStatus::Failed: ++failed; break;
      case TestStatus::Incomplete: ++incomplete; break;
    }
    for (const auto& f : r.findings) not_run += f.status == ExpectStatus::NotRun;
  }
}

namespace {

std::string_view StatusWord(TestStatus s) {
  switch (s) {
    case TestStatus::Passed: return "PASS";
    case TestStatus::Failed: return "FAIL";
    case TestStatus::Incomplete: return "INCOMPLETE";
  }
  return "?";
}

std::string_view StatusName(TestStatus s) {
  switch (s) {
    case TestStatus::Passed: return "passed";
    case TestStatus::Failed: return "failed";
    case TestStatus::Incomplete: return "incomplete";
  }
  return "?";
}

// The first line of the text of `span`: how a not-run expectation is named.
std::string FirstLine(const SourceManager& sources, Span span) {
  std::string_view text = sources.Get(span.file).text().substr(span.begin, span.end - span.begin);
  return std::string(text.substr(0, text.find('\n')));
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void JsonList(std::string& out, const std::vector<std::string>& names) {
  out += '[';
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    JsonString(out, names[i]);
  }
  out += ']';
}

void JsonFinding(std::string& out, const SourceManager& sources, const testing::Finding& f, bool actual) {
  const LineCol at = sources.Get(f.span.file).Locate(f.span.begin);
  out += "{\"message\":";
  JsonString(out, f.message);
  out += fmt::format(",\"line\":{},\"column\":{}", at.line, at.col);
  if (actual) {
    out += ",\"actual\":";
    JsonString(out, f.actual);
  }
  out += '}';
}

}  // namespace

void PrintTestsText(const SourceManager& sources, const FileResults& r, const RenderOptions& ro) {
  for (const auto& t : r.results) {
    fmt::print("{} {}\n", StatusWord(t.status), t.test->name);
    for (const auto& f : t.findings) {
      if (f.status == ExpectStatus::Failed) {
        fmt::print("{}: {}\n{}", RenderLocation(sources, f.span), f.message, RenderSnippet(sources, f.span, ro));
      } else if (f.status == ExpectStatus::NotRun) {
        fmt::print("  {}: {}: {}\n", RenderLocation(sources, f.span), f.message, FirstLine(sources, f.span));
      }
    }
  }
  const testing::Coverage& c = r.coverage;
  if (c.segments.empty() && c.triggers.empty() && c.campaigns.empty() && c.policy_rules.empty()) {
    fmt::print("{}: every segment, trigger, campaign and policy rule is exercised by a test\n", r.file);
    return;
  }
  fmt::print("{}: not exercised by any test:\n", r.file);
  auto line = [](const char* what, const std::vector<std::string>& names) {
    if (!names.empty()) fmt::print("  {:<13} {}\n", what, Join(names));
  };
  line("segments:", c.segments);
  line("triggers:", c.triggers);
  line("campaigns:", c.campaigns);
  line("policy rules:", c.policy_rules);
}

void PrintTotalsText(const TestTotals& t) {
  std::string line = fmt::format("{} passed, {} failed, {} incomplete", t.passed, t.failed, t.incomplete);
  // Each not run is listed under its test with the reason (an error before it).
  if (t.not_run) line += fmt::format(" ({} expectation{} not run)", t.not_run, t.not_run == 1 ? "" : "s");
  fmt::print("{}\n", line);
}

void PrintTestsJson(const SourceManager& sources, const FileResults& r) {
  for (const auto& t : r.results) {
    const LineCol at = sources.Get(t.test->span.file).Locate(t.test->span.begin);
    std::string out = "{\"name\":";
    JsonString(out, t.test->name);
    out += ",\"file\":";
    JsonString(out, r.file);
    out += fmt::format(",\"line\":{},\"status\":\"{}\",\"failures\":[", at.line, StatusName(t.status));
    bool first = true;
    for (const auto& f : t.findings) {
      if (f.status != ExpectStatus::Failed) continue;
      if (!std::exchange(first, false)) out += ',';
      JsonFinding(out, sources, f, true);
    }
    out += "],\"not_run\":[";
    first = true;
    for (const auto& f : t.findings) {
      if (f.status != ExpectStatus::NotRun) continue;
      if (!std::exchange(first, false)) out += ',';
      JsonFinding(out, sources, f, false);
    }
    fmt::print("{}]}}\n", out);
  }
}

void PrintTotalsJson(const TestTotals& t, const std::vector<FileResults>& files) {
  std::string out =
      fmt::format("{{\"summary\":{{\"passed\":{},\"failed\":{},\"incomplete\":{},\"not_run\":{},\"not_exercised\":[",
                  t.passed, t.failed, t.incomplete, t.not_run);
  for (size_t i = 0; i < files.size(); ++i) {
    const testing::Coverage& c = files[i].coverage;
    out += i ? ",{\"file\":" : "{\"file\":";
    JsonString(out, files[i].file);
    out += ",\"segments\":";
    JsonList(out, c.segments);
    out += ",\"triggers\":";
    JsonList(out, c.triggers);
    out += ",\"campaigns\":";
    JsonList(out, c.campaigns);
    out += ",\"policy_rules\":";
    JsonList(out, c.policy_rules);
    out += '}';
  }
  fmt::print("{}]}}}}\n", out);
}

}  // namespace sam::cli
