// Running a program's test blocks (docs/language.md §17): what `sam test` calls after
// compiling. Each test gets a database of its own rows (test_database.hpp), a backend
// prepared for its run date, and its expectations checked one by one. Nothing here
// compiles or prints.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "base/source.hpp"
#include "ir/ir.hpp"
#include "testing/contact_planner.hpp"

namespace sam::testing {

using BackendFactory = std::function<std::unique_ptr<backend::Backend>()>;

struct RunOptions {
  std::string filter;                 // run only tests whose name contains this
  ContactPlanner* planner = nullptr;  // null: contact expectations are not run
  // The program's text, to quote a failed condition in its message; null: not quoted.
  const SourceManager* sources = nullptr;
};

enum class ExpectStatus : uint8_t { Passed, Failed, NotRun };
enum class TestStatus : uint8_t { Passed, Failed, Incomplete };

// What one expectation (or, for a test whose rows cannot be loaded, one row) found.
struct Finding {
  ExpectStatus status = ExpectStatus::Passed;
  Span span;            // the expectation (or the row)
  std::string message;  // failed, not run: what was expected and what was found
  std::string actual;   // failed: the value found (`3`, `false`, `absent`), else empty
};

struct TestResult {
  const ir::Test* test = nullptr;
  // Failed: an expectation failed (or the rows could not be loaded); Incomplete: none
  // failed but some could not be run.
  TestStatus status = TestStatus::Passed;
  std::vector<Finding> findings;  // per expectation, in order (a row error alone)
};

// The program's tests (those whose name contains options.filter), in source order.
// An error while evaluating (an overflow in a test's data) fails that test at the
// expectation that met it; the other tests run.
std::vector<TestResult> RunTests(const ir::Program& program, const BackendFactory& backends, const RunOptions& options);

// The text of not-run findings (`sam test` prints it, docs/cli.md describes it).
inline constexpr const char* kNeedsEngine = "not run: needs the campaign engine (`sam run`)";

}  // namespace sam::testing
