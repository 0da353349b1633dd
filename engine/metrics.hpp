// `metric NAME = EXPR` (docs/language.md §15.15, docs/engine.md "Metrics"): each
// journey's measure of effect as of a run date, with `entry` the journey's entry, for
// the journeys not held out (treated) and the held-out (control) group, so that `sam metrics` can
// compare them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "engine/state/store.hpp"

namespace sam::engine {

// One group's values of a metric: a bool counts as 0/1.
struct MetricGroup {
  int64_t n = 0;       // journeys with a value
  int64_t absent = 0;  // journeys whose value is absent
  double sum = 0, sum_squares = 0;
  double Mean() const { return n > 0 ? sum / static_cast<double>(n) : 0; }
  // The sample variance (n - 1 in the denominator); 0 for fewer than two values.
  double Variance() const;
};

struct MetricResult {
  std::string campaign, metric;
  bool is_bool = false;
  MetricGroup treated, held_out;  // journeys not held out, and the control group
};

// Every metric of every campaign over the journeys that entered on or before `date`,
// evaluated as of `date`. Throws rt::RuntimeError for an error in the data.
std::vector<MetricResult> Metrics(const ir::Program& program, const rt::Database& db, backend::Backend& backend,
                                  const state::Store& store, int64_t date, int threads);

}  // namespace sam::engine
