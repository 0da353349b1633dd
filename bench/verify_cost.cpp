#include "bench/verify_cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "backends/registry.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "tests/support/query_text.hpp"

namespace sam::bench {
namespace {

double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

uint64_t RunOne(Frontend& fe, const rt::Database& db, const SuiteQuery& q, const query::QueryOptions& options) {
  std::vector<query::QueryResult> results;
  if (!testing::RunQueryText(fe, db, q.name, q.sam, *backend::MakeBackend("interp"), options, results) ||
      results.size() != 1) {
    throw std::runtime_error("verify cost: query " + q.name + " failed");
  }
  return results[0].count;
}

}  // namespace

std::vector<VerifyCost> MeasureVerifyCost(Frontend& fe, const std::string& snapshot, const std::vector<SuiteQuery>& suite,
                                          const query::QueryOptions& options, int runs) {
  const ir::Program program = *fe.ir;
  std::vector<VerifyCost> costs;
  for (const SuiteQuery& q : suite) {
    VerifyCost c{q.name, 1e300, 1e300, 1e300, 1e300};
    uint64_t answers[2] = {0, 0};
    for (int r = 0; r < runs; ++r) {
      // Alternating, so that both modes see the machine in the same state.
      for (int checked = 0; checked < 2; ++checked) {
        double t0 = Now();
        rt::Database db = rt::OpenSnapshot(program, snapshot, checked ? rt::SnapshotVerify::OnUse : rt::SnapshotVerify::None);
        answers[checked] = RunOne(fe, db, q, options);
        double t1 = Now();
        RunOne(fe, db, q, options);
        double t2 = Now();
        double& fresh = checked ? c.fresh_checked : c.fresh_unchecked;
        double& warm = checked ? c.warm_checked : c.warm_unchecked;
        fresh = std::min(fresh, t1 - t0);
        warm = std::min(warm, t2 - t1);
      }
    }
    if (answers[0] != answers[1]) throw std::runtime_error("verify cost: the answers of " + q.name + " differ");
    costs.push_back(c);
  }
  return costs;
}

std::string VerifyCostTable(const std::vector<VerifyCost>& costs) {
  std::string md =
      "| query | fresh, verified on use ms | fresh, --no-verify ms | fresh cost | warm, verified ms | warm, --no-verify ms |\n"
      "| --- | ---: | ---: | ---: | ---: | ---: |\n";
  double checked = 0, unchecked = 0, worst = 0;
  for (const VerifyCost& c : costs) {
    md += fmt::format("| {} | {:.1f} | {:.1f} | {:+.0f}% | {:.1f} | {:.1f} |\n", c.query, c.fresh_checked * 1e3, c.fresh_unchecked * 1e3,
                      (c.fresh_checked / c.fresh_unchecked - 1) * 100, c.warm_checked * 1e3, c.warm_unchecked * 1e3);
    checked += c.fresh_checked;
    unchecked += c.fresh_unchecked;
    worst = std::max(worst, c.fresh_checked / c.fresh_unchecked - 1);
  }
  if (unchecked > 0) {
    md += fmt::format("\n- verifying on first use: fresh queries {:+.1f}% in all ({:.1f} ms against {:.1f} ms), at most {:+.0f}% for one\n",
                      (checked / unchecked - 1) * 100, checked * 1e3, unchecked * 1e3, worst * 100);
  }
  return md;
}

}  // namespace sam::bench
