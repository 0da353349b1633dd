// Query answers as text, in the forms `sam query --format` and the REPL's `.mode`
// offer: a table for people, CSV, JSON (one object per answer), a Markdown table,
// and one `column = value` line per value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "query/query.hpp"

namespace sam::query {

enum class Mode { Table, Csv, Json, Markdown, Line };

// The mode named `name` (table, csv, json, markdown, line), if any.
bool ParseMode(std::string_view name, Mode* mode);
std::string_view ModeName(Mode mode);

// How much of a table a terminal shows (0: no limit). A wider table keeps its first
// and last columns and elides those between (a `…` column); a longer one its first
// and last rows (a `…` row); a longer value its start. The footer says what was left
// out. Only the table form fits: the others are for programs, whole.
struct Fit {
  size_t width = 0;  // terminal columns
  size_t rows = 0;   // rows of customers
};

// One answer. `label`: the table form starts with the query's text (several answers
// in one stream); `today`: the run date JSON names (days since 1970-01-01).
std::string Format(const QueryResult& r, Mode mode, int64_t today, bool label, Fit fit = {});

}  // namespace sam::query
