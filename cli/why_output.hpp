// An explanation of `sam why` (and of `why` in `sam query`) as text lines or as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compiler/driver/frontend.hpp"
#include "engine/why.hpp"
#include "query/query.hpp"

namespace sam::cli {

std::vector<std::string> WhyLines(const engine::Explanation& e);
nlohmann::ordered_json WhyJson(const engine::Explanation& e);

// The answer of a `why` query (`sam query`, `sam repl`) from the state of `sam run`,
// as of run date `date`: its lines and JSON. `fe` holds the program and query texts.
void ExplainInto(const Frontend& fe, const rt::Database& db, backend::Backend& backend, engine::state::Store& store,
                 const ir::Query& q, int64_t date, query::QueryResult& out);

}  // namespace sam::cli
