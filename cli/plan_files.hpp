// The files of `sam run --out DIR`: per run date the plan and the stopped contacts,
// each as CSV and as JSON lines (docs/engine.md, "Output").
#pragma once

#include <string>

#include "engine/engine.hpp"

namespace sam::cli {

// Writes DIR/plan-DATE.csv, .jsonl and DIR/stops-DATE.csv, .jsonl; false (message
// printed) when the folder cannot be written.
bool WritePlanFiles(const std::string& dir, const engine::DayPlan& plan);

// The same in two steps: the files written aside (FILE.tmp), then renamed into place,
// so that they can be written while the plan is committed and appear only after it.
bool WritePlanFilesAside(const std::string& dir, const engine::DayPlan& plan);
bool PublishPlanFiles(const std::string& dir, int64_t date);
// Removes the files written aside (a commit that failed).
void RemovePlanFilesAside(const std::string& dir, int64_t date);

// Whether DIR holds all four files of a run date (days since 1970-01-01).
bool PlanFilesComplete(const std::string& dir, int64_t date);

// One JSON object: the date, whether it was replayed, per campaign the counts.
std::string SummaryJson(const engine::DayPlan& plan);

}  // namespace sam::cli
