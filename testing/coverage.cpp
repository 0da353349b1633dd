#include "testing/coverage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "base/source.hpp"
#include "schema/value_text.hpp"

namespace sam::testing {
namespace {

// The lets that `roots` and `lets` read, transitively: a walk over the IR's nodes.
std::vector<bool> LetsRead(const ir::Program& p, const std::vector<ir::NodeId>& roots, const std::vector<int>& lets) {
  std::vector<bool> seen(p.nodes.size(), false), read(p.lets.size(), false);
  std::vector<ir::NodeId> work;
  auto node = [&](ir::NodeId id) {
    if (id != ir::kNone && !seen[id]) {
      seen[id] = true;
      work.push_back(id);
    }
  };
  auto let = [&](int l) {
    if (l >= 0 && !read[l]) {
      read[l] = true;
      node(p.lets[l].root);
    }
  };
  for (ir::NodeId id : roots) node(id);
  for (int l : lets) let(l);
  while (!work.empty()) {
    const ir::Node& n = p.at(work.back());
    work.pop_back();
    for (ir::NodeId a : n.args) node(a);
    if (n.op == ir::Op::LetRef) let(n.let());
    if (n.op == ir::Op::Population) let(p.pops[n.pop()].among);
    if (n.op == ir::Op::Agg) {
      const ir::AggSpec& g = p.aggs[n.agg()];
      for (ir::NodeId x : {g.low, g.high, g.filter, g.value}) node(x);
    }
  }
  return read;
}

// Whether a rule limited to `channel` / `kind` / `purpose` (empty: any) applies to one
// of the campaigns named: on its channel or a step's `via`.
struct Named {
  std::vector<const ir::Campaign*> campaigns;
  bool Any(const std::string& channel, std::optional<ir::CampaignKind> kind = std::nullopt,
           const std::string& purpose = "") const {
    return std::any_of(campaigns.begin(), campaigns.end(), [&](const ir::Campaign* c) {
      const bool consent =
          purpose.empty() || std::find(c->consents.begin(), c->consents.end(), purpose) != c->consents.end();
      const bool via =
          std::any_of(c->steps.begin(), c->steps.end(), [&](const auto& s) { return s.channel == channel; });
      return (channel.empty() || c->channel == channel || via) && (!kind || c->kind == kind) && consent;
    });
  }
};

std::string PerText(const ir::Program& p, ir::NodeId per) {
  if (per == ir::kNone || p.at(per).op != ir::Op::Const) return "period";
  return FormatDuration(p.at(per).value.i);
}

std::string On(const std::string& channel) { return channel.empty() ? "" : " on " + channel; }

// Each policy rule in the program's syntax (durations in their largest exact unit;
// the conditions of `suppress` and `allow` left out, `suppress` numbered), with
// whether a campaign named reaches it.
std::vector<std::string> PolicyNotExercised(const ir::Program& p, const Named& named,
                                            const std::function<std::string(Span)>& written) {
  std::vector<std::string> out;
  const ir::Policy& pol = p.policy;
  if (!pol.present) return out;
  auto rule = [&](bool exercised, std::string text, std::optional<Span> span = std::nullopt) {
    if (exercised) return;
    if (written && span) text = OneLine(written(*span));
    out.push_back(std::move(text));
  };
  const bool any = named.Any("");
  if (pol.timezone != ir::kNone) rule(any, "timezone");
  for (const auto& c : pol.caps) {
    std::string text = fmt::format("max {} contact{} per {}", c.max, c.max == 1 ? "" : "s", PerText(p, c.per));
    if (c.per_channel) text += " per channel";
    if (c.per_campaign) text += " per campaign";
    if (c.per_kind) text += " per kind";
    text += On(c.channel);
    if (c.kind) text += *c.kind == ir::CampaignKind::Service ? " for service" : " for commercial";
    rule(named.Any(c.channel, c.kind), std::move(text), c.span);
  }
  for (const auto& q : pol.quiet) {
    rule(named.Any(q.channel),
         fmt::format("quiet {:02}:{:02}..{:02}:{:02}{}", q.from_minute / 60, q.from_minute % 60, q.to_minute / 60,
                     q.to_minute % 60, On(q.channel)),
         q.span);
  }
  for (const auto& c : pol.consents) rule(named.Any("", std::nullopt, c.purpose), "consent " + c.purpose);
  for (size_t i = 0; i < pol.suppressions.size(); ++i) {
    const std::string& channel = pol.suppressions[i].channel;
    rule(named.Any(channel), fmt::format("suppress #{}{}", i + 1, On(channel)));
  }
  for (const auto& f : pol.portfolios)
    rule(any, fmt::format("portfolio {}between {} and {}", f.base ? "base " : "", f.lo, f.hi));
  for (const auto& [channel, field] : pol.addresses)
    rule(named.Any(channel), fmt::format("channel {} address {}", channel, field));
  for (const auto& a : pol.allows) rule(named.Any(a.channel), "allow " + a.channel);
  for (const auto& s : pol.suggestions)
    rule(any, "suggest for " + (s.first >= 0 ? p.lets[s.first].name : std::string("?")));
  for (size_t i = 0; i < pol.rates.size(); ++i) {
    const auto& [channel, n, per] = pol.rates[i];
    const std::optional<Span> span = i < pol.rate_spans.size() ? std::optional(pol.rate_spans[i]) : std::nullopt;
    rule(named.Any(channel), fmt::format("rate {} {} per {}", channel, n, PerText(p, per)), span);
  }
  return out;
}

}  // namespace

Coverage NotExercised(const ir::Program& p, const std::vector<const ir::Test*>& tests,
                      const std::function<std::string(Span)>& written) {
  std::vector<ir::NodeId> roots;
  std::vector<int> segments;
  std::vector<bool> campaign_named(p.campaigns.size(), false);
  for (const ir::Test* t : tests) {
    for (const ir::Expectation& e : t->expects) {
      if (e.condition != ir::kNone) roots.push_back(e.condition);
      if (e.kind == ir::ExpectKind::Count && e.segment >= 0) segments.push_back(e.segment);
      if (e.campaign >= 0) campaign_named[e.campaign] = true;
    }
  }
  Coverage out;
  const std::vector<bool> read = LetsRead(p, roots, segments);
  for (size_t l = 0; l < p.lets.size(); ++l) {
    if (p.lets[l].segment && !read[l]) out.segments.push_back(p.lets[l].name);
  }
  std::vector<bool> trigger_named(p.triggers.size(), false);
  Named named;
  for (size_t c = 0; c < p.campaigns.size(); ++c) {
    if (!campaign_named[c]) {
      out.campaigns.push_back(p.campaigns[c].name);
      continue;
    }
    named.campaigns.push_back(&p.campaigns[c]);
    if (p.campaigns[c].trigger >= 0) trigger_named[p.campaigns[c].trigger] = true;
  }
  for (size_t t = 0; t < p.triggers.size(); ++t) {
    if (!trigger_named[t]) out.triggers.push_back(p.triggers[t].name);
  }
  out.policy_rules = PolicyNotExercised(p, named, written);
  return out;
}

}  // namespace sam::testing
