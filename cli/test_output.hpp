// How `sam test` prints its results: text for people, JSON lines for programs
// (docs/cli.md, "sam test").
#pragma once

#include <string>
#include <vector>

#include "base/render.hpp"
#include "base/source.hpp"
#include "testing/coverage.hpp"
#include "testing/run_tests.hpp"

namespace sam::cli {

// The results of one program file.
struct FileResults {
  std::string file;
  std::vector<testing::TestResult> results;
  testing::Coverage coverage;
};

struct TestTotals {
  size_t passed = 0, failed = 0, incomplete = 0, not_run = 0;  // not_run: expectations
  void Add(const std::vector<testing::TestResult>& results);
};

// Text: a line per test, a failure's place and message with its source line, then
// what no test exercises.
void PrintTestsText(const SourceManager& sources, const FileResults& r, const RenderOptions& ro);
void PrintTotalsText(const TestTotals& totals);
// JSON: an object per test.
void PrintTestsJson(const SourceManager& sources, const FileResults& r);
void PrintTotalsJson(const TestTotals& totals, const std::vector<FileResults>& files);

}  // namespace sam::cli
