// The engine's only way to compute expressions: the backend interface, for one run
// date. Expressions of a campaign's journeys (`exit when`, a step's `if`, metrics)
// see `entry`, and a trigger's `if`/`unless` see `trigger.at`; the backend takes one
// value of each per customer, so customers with several journeys are evaluated in
// layers of at most one journey each (the caller's job).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "backends/backend.hpp"

namespace sam::engine {

// The trigger instance per row: `trigger.at`, and the firing event's row in `table`
// for `trigger.FIELD` (-1: none). Empty `at`: no trigger.
struct TriggerSpans {
  int table = -1;
  std::span<const int64_t> at;
  std::span<const int64_t> row;
};

class Evaluator {
 public:
  Evaluator(const ir::Program& program, const rt::Database& db, backend::Backend& backend, int64_t date, int threads);

  // One byte per customer: 1 where `condition` holds (kNone: every customer).
  std::vector<uint8_t> Holds(ir::NodeId condition);
  // One byte per customer: 1 for the members of segment `let`.
  const std::vector<uint8_t>& HoldsSegment(int let);
  // Per row asked: whether `condition` holds (absent counts as not holding).
  std::vector<uint8_t> Holds(ir::NodeId condition, std::span<const uint32_t> rows);
  backend::Values Values(ir::NodeId node, std::span<const uint32_t> rows);
  using Trigger = TriggerSpans;
  // With `entry` (empty: none) and the trigger (empty: none) per row; rows must be distinct.
  backend::Values ValuesWith(ir::NodeId node, std::span<const uint32_t> rows, std::span<const int64_t> entry,
                             const Trigger& trigger);
  // Events before `since`, and at or after `until`, may be left out (backend::Prepared::Events).
  std::vector<backend::EventRow> Events(int table, ir::NodeId filter, int64_t since = INT64_MIN,
                                        int64_t until = INT64_MAX) {
    return plain_->Events(table, filter, since, until);
  }
  std::vector<backend::EventRow> EventsOf(int table, ir::NodeId filter, std::span<const uint32_t> rows, int64_t since) {
    return plain_->EventsOf(table, filter, rows, since);
  }
  // A node whose value is the same for every customer (a duration, a date), if any customer exists.
  int64_t Constant(ir::NodeId node);

 private:
  const ir::Program& p_;
  const rt::Database& db_;
  backend::Backend& backend_;
  backend::Context context_;
  std::unique_ptr<backend::Prepared> plain_;
  // Segments' members, each computed once per run date: a trigger on entering a
  // segment and a suggestion for it ask for the same one.
  std::map<int, std::vector<uint8_t>> segments_;
};

}  // namespace sam::engine
