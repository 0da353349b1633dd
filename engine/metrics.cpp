#include "engine/metrics.hpp"

#include <unordered_set>

#include "engine/evaluate.hpp"
#include "engine/plan_day.hpp"

namespace sam::engine {

double MetricGroup::Variance() const {
  if (n < 2) return 0;
  const double mean = Mean();
  return std::max(0.0, (sum_squares - static_cast<double>(n) * mean * mean) / static_cast<double>(n - 1));
}

namespace {

double AsNumber(const backend::Values& v, size_t k, TypeKind kind) {
  if (v.storage == TypeKind::Float) return v.floats[k];
  const double x = static_cast<double>(v.ints[k]);
  return kind == TypeKind::Decimal ? x / 1e6 : x;
}

// The journeys in layers of distinct customers: the backend takes one `entry` per
// customer per evaluation.
std::vector<std::vector<size_t>> Layers(const std::vector<state::Journey>& journeys, const std::vector<uint32_t>& rows) {
  std::vector<std::vector<size_t>> layers;
  std::vector<std::unordered_set<uint32_t>> taken;
  for (size_t k = 0; k < journeys.size(); ++k) {
    size_t l = 0;
    while (l < layers.size() && taken[l].count(rows[k])) ++l;
    if (l == layers.size()) layers.emplace_back(), taken.emplace_back();
    layers[l].push_back(k);
    taken[l].insert(rows[k]);
  }
  return layers;
}

void Measure(Evaluator& eval, const ir::Program& p, const ir::Campaign& camp, const std::vector<state::Journey>& journeys,
             const std::vector<uint32_t>& rows, std::vector<MetricResult>& out) {
  const auto layers = Layers(journeys, rows);
  for (const auto& [name, node] : camp.metrics) {
    MetricResult r{camp.name, name, p.at(node).type.kind == TypeKind::Bool, {}, {}};
    for (const auto& layer : layers) {
      std::vector<uint32_t> at_rows;
      std::vector<int64_t> entry, trigger_at, trigger_row;
      for (size_t k : layer) {
        at_rows.push_back(rows[k]);
        entry.push_back(journeys[k].entry);
        trigger_at.push_back(journeys[k].trigger_at == INT64_MIN ? backend::kNoTime : journeys[k].trigger_at);
        trigger_row.push_back(-1);
      }
      TriggerSpans trigger;
      if (camp.trigger >= 0) trigger = {p.triggers[camp.trigger].table, trigger_at, trigger_row};
      const backend::Values v = eval.ValuesWith(node, at_rows, entry, trigger);
      for (size_t i = 0; i < layer.size(); ++i) {
        MetricGroup& g = journeys[layer[i]].held_out ? r.held_out : r.treated;
        if (!v.Present(i)) {
          ++g.absent;
          continue;
        }
        const double x = AsNumber(v, i, p.at(node).type.kind);
        ++g.n;
        g.sum += x;
        g.sum_squares += x * x;
      }
    }
    out.push_back(std::move(r));
  }
}

}  // namespace

std::vector<MetricResult> Metrics(const ir::Program& program, const rt::Database& db, backend::Backend& backend,
                                  const state::Store& store, int64_t date, int threads) {
  RequireColumns(program, db);
  Evaluator eval(program, db, backend, date, threads);
  std::vector<MetricResult> out;
  for (const ir::Campaign& camp : program.campaigns) {
    if (camp.metrics.empty()) continue;
    std::vector<state::Journey> journeys;
    std::vector<uint32_t> rows;
    for (auto& j : store.JourneysOf(CampaignId(camp), date)) {
      // A journey `migrate restart` ended is measured as the one begun in its place.
      if (j.status == state::Journey::Status::Restarted) continue;
      const std::optional<uint32_t> row = CustomerRow(db, j.customer);
      if (!row) continue;  // no longer in the data
      rows.push_back(*row);
      journeys.push_back(std::move(j));
    }
    Measure(eval, program, camp, journeys, rows, out);
  }
  return out;
}

}  // namespace sam::engine
