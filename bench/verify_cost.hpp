// What verifying a snapshot's columns on first use costs (docs/data.md, Opening): each
// query of the suite on a snapshot opened as `sam query --db` opens it (columns
// checked when first read) and with --no-verify, fresh (a new mapping: every page the
// query reads is mapped again, as in a new process) and warm (the same open database
// again, checks already done).
#pragma once

#include <string>
#include <vector>

#include "bench/suite.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"

namespace sam::bench {

struct VerifyCost {
  std::string query;
  double fresh_checked = 0, fresh_unchecked = 0;  // open + the query, seconds
  double warm_checked = 0, warm_unchecked = 0;    // the query alone
};

// Throws std::runtime_error when a query fails or the two answers differ.
std::vector<VerifyCost> MeasureVerifyCost(Frontend& fe, const std::string& snapshot, const std::vector<SuiteQuery>& suite,
                                          const query::QueryOptions& options, int runs);

// A markdown table of the costs, and a summary line.
std::string VerifyCostTable(const std::vector<VerifyCost>& costs);

}  // namespace sam::bench
