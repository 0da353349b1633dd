// Which table columns evaluating some IR reads: what a backend needs from the data,
// and what a snapshot must verify before a query runs (Database::Require).
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "ir/ir.hpp"

namespace sam::ir {

// `field` of table `table`, or with kRows the table's rows as a whole: the CSR offsets
// of an event table or list (which rows are whose), without any field.
struct ColumnRead {
  int table = -1;
  int field = -1;
  bool operator==(const ColumnRead&) const = default;
};
inline constexpr int kRows = -1;

// The columns that `roots` (nodes) and `lets` read, and everything they use: lets they
// refer to, aggregates' scopes (the table's rows and time column, bounds, filter and
// value), the segments populations rank among, lookups (the reference table's key
// and field). Each column once, in first-seen order.
std::vector<ColumnRead> ColumnsRead(const Program& p, std::span<const NodeId> roots, std::span<const int> lets = {});

// The nodes computing `id` reads directly: its arguments, a let's root, an aggregate's
// bounds, filter and value (kNone left out).
void ForEachOperand(const Program& p, NodeId id, const std::function<void(NodeId)>& fn);

// Whether `id` reads the evaluation's context, `trigger` (its moment or fields) or
// `entry`, itself or through the lets and aggregates it uses: then its value is per
// trigger instance or journey, not per customer.
bool ReadsTriggerOrEntry(const Program& p, NodeId id);
// Whether `id` reads a field of the trigger's event (`trigger.FIELD`), itself or
// through the lets and aggregates it uses.
bool ReadsTriggerFields(const Program& p, NodeId id);

}  // namespace sam::ir
