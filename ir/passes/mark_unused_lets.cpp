#include "ir/analysis/roots.hpp"
#include "ir/passes/pass.hpp"

namespace sam::ir {
namespace {

class MarkUnusedLets : public Pass {
 public:
  std::string_view name() const override { return "mark-unused-lets"; }

  void Run(Program& p, Diagnostics&) override {
    std::vector<bool> seen(p.nodes.size(), false);
    std::vector<bool> used(p.lets.size(), false);
    std::vector<NodeId> work;
    auto root = [&](NodeId id) {
      if (id != kNone && !seen[id]) {
        seen[id] = true;
        work.push_back(id);
      }
    };
    // Segments are the program's queryable output; everything else is reached from
    // them, from triggers, campaigns and the policy.
    for (size_t l = 0; l < p.lets.size(); ++l) {
      if (p.lets[l].segment) {
        used[l] = true;
        root(p.lets[l].root);
      }
    }
    // Triggers, campaigns and the policy (a contact history's filter included).
    ForEachEngineRoot(p, root, [&](int l) { used[l] = true; });
    for (const auto& q : p.queries) {
      if (q.segment >= 0) used[q.segment] = true;
      root(q.where);
      for (const auto& c : q.columns) root(c.second);
    }
    // A test's expectations read segments and lets (`expect count SEGMENT`, `expect
    // CONDITION`): they must stay to be evaluated.
    for (const auto& t : p.tests) {
      for (const auto& e : t.expects) {
        if (e.segment >= 0) used[e.segment] = true;
        root(e.condition);
      }
    }
    for (const auto& pop : p.pops) {
      if (pop.among >= 0) used[pop.among] = true;
    }
    while (!work.empty()) {
      NodeId id = work.back();
      work.pop_back();
      const Node& n = p.at(id);
      for (NodeId a : n.args) root(a);
      if (n.op == Op::LetRef && !used[n.a]) {
        used[n.a] = true;
        root(p.lets[n.a].root);
      }
      if (n.op == Op::Agg) {
        const AggSpec& g = p.aggs[n.a];
        for (NodeId x : {g.low, g.high, g.filter, g.value}) root(x);
      }
    }
    for (size_t l = 0; l < p.lets.size(); ++l) p.lets[l].used = used[l];
  }
};

}  // namespace

std::unique_ptr<Pass> MakeMarkUnusedLets() { return std::make_unique<MarkUnusedLets>(); }

}  // namespace sam::ir
