// One demo customer and everything that happened to them: the customers row and
// their orders, accounts, web and e-mail events, address changes, feedback and
// sales-lead entry. Drawn from a stream seeded by (seed, id) only.
#pragma once

#include <array>
#include <cstdint>

#include "tools/gen/csv_writer.hpp"
#include "tools/gen/tables.hpp"

namespace sam::gen {

struct World {
  uint64_t seed = 1;
  int64_t as_of_day = 0;  // days since the epoch; every time lies before its midnight (UTC)
};

using TableBuffers = std::array<CsvBuffer, kTableCount>;

// Appends customer `id`'s rows to the buffers of the per-customer tables.
void GenerateCustomer(const World& world, int64_t id, TableBuffers& out);

// The product -> proposition matrix (rows only; the header is the caller's).
void WritePropositions(CsvBuffer& out);

}  // namespace sam::gen
