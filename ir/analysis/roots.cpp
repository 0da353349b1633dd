#include "ir/analysis/roots.hpp"

namespace sam::ir {

void ForEachEngineRoot(const Program& p, const std::function<void(NodeId)>& expr, const std::function<void(int)>& let) {
  auto root = [&](NodeId id) {
    if (id != kNone) expr(id);
  };
  for (const Trigger& t : p.triggers) {
    for (NodeId id : {t.filter, t.when, t.delay, t.condition, t.unless}) root(id);
    if (t.segment >= 0) let(t.segment);
  }
  for (const Campaign& c : p.campaigns) {
    for (NodeId id : {c.audience, c.exit, c.reentry_after}) root(id);
    for (const Step& s : c.steps) root(s.condition);
    for (const auto& m : c.metrics) root(m.second);
  }
  const Policy& pol = p.policy;
  root(pol.timezone);
  for (const Cap& c : pol.caps) root(c.per);
  for (const Consent& c : pol.consents) {
    for (NodeId id : {c.granted, c.confirmed, c.withdrawn}) root(id);
  }
  for (const Suppression& s : pol.suppressions) root(s.condition);
  for (const Allow& a : pol.allows) root(a.condition);
  for (const auto& r : pol.rates) root(std::get<2>(r));
  for (const auto& s : pol.suggestions) {
    if (s.first >= 0) let(s.first);
  }
  for (const ContactHistory& h : pol.histories) root(h.filter);
}

}  // namespace sam::ir
