// `sam dump ir`: a stable text form, one definition per line, operations as
// s-expressions. Shared nodes are printed where they are used.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "ir/ir.hpp"
#include "schema/value_text.hpp"
#include "stdlib/bucket_hash.hpp"

namespace sam::ir {
namespace {

class Printer {
 public:
  // `anonymous`: lets, the campaign and its trigger printed by what they are, not by
  // their names, and a campaign without what schedules it rather than what its
  // journeys are (priority, limit, from/until, paused): PrintCampaignDefinition.
  explicit Printer(const Program& p, bool anonymous = false) : p_(p), anonymous_(anonymous) {}

  std::string TypeText(Type t) const { return sam::TypeName(p_.tables, p_.enums, t); }

  std::string Const(const Node& n) const { return ValueText(n.type, n.value); }

  std::string ValueText(Type type, const Value& v) const {
    if (v.absent) return "absent";
    switch (type.kind) {
      case TypeKind::Int: return fmt::format("{}", v.i);
      case TypeKind::Decimal: return FormatDecimal(v.i);
      case TypeKind::Float: return fmt::format("{}f", v.f);
      case TypeKind::Bool: return v.i ? "true" : "false";
      case TypeKind::String: return fmt::format("\"{}\"", v.s);
      case TypeKind::Date: return FormatDate(v.i);
      case TypeKind::Timestamp: return FormatTimestamp(v.i);
      case TypeKind::Duration: return FormatDuration(v.i);
      case TypeKind::Enum:
        return type.ref >= 0 && v.i >= 0 && v.i < static_cast<int64_t>(p_.enums[type.ref].variants.size())
                   ? p_.enums[type.ref].variants[v.i]
                   : fmt::format("#{}", v.i);
      case TypeKind::Error: case TypeKind::Set: case TypeKind::Stream: case TypeKind::Row:
      case TypeKind::RefTable: break;
    }
    return "?";
  }

  std::string FieldName(int table, int field) const {
    return fmt::format("{}.{}", p_.tables[table].name, p_.tables[table].fields[field].name);
  }

  std::string Expr(NodeId id) const {
    if (id == kNone) return "-";
    const Node& n = p_.at(id);
    switch (n.op) {
      case Op::Const: return Const(n);
      case Op::CustomerField: return fmt::format("(customer {})", p_.tables[p_.customers].fields[n.a].name);
      case Op::EventField: return fmt::format("(event{} {})", n.c, FieldName(n.a, n.b));
      case Op::LetRef: return fmt::format("(let {})", anonymous_ ? LetContent(n.a) : p_.lets[n.a].name);
      case Op::ListMember: return fmt::format("(on_list {})", p_.tables[n.a].name);
      case Op::Today: case Op::Now: case Op::TriggerTime: case Op::EntryTime: return std::string(OpName(n.op));
      case Op::TriggerField: return fmt::format("(trigger {})", FieldName(n.a, n.b));
      case Op::Cast: return fmt::format("(cast {} {})", TypeText(n.type), Expr(n.args[0]));
      case Op::Call: {
        std::string s = fmt::format("(call {}", stdlib::Builtin(static_cast<stdlib::BuiltinId>(n.a)).name);
        for (NodeId a : n.args) s += " " + Expr(a);
        return s + ")";
      }
      case Op::Agg: {
        const AggSpec& g = p_.aggs[n.a];
        std::string s = fmt::format("(agg {}{}{} {}#{}", AggOpText(g.op), g.distinct ? " distinct" : "",
                                    g.row_field ? " row" : "",
                                    p_.tables[g.table].name, g.depth);
        if (g.low != kNone) s += " from=" + Expr(g.low);
        if (g.high != kNone) s += " until=" + Expr(g.high);
        if (g.filter != kNone) s += " where=" + Expr(g.filter);
        if (g.value != kNone) s += " value=" + Expr(g.value);
        return s + ")";
      }
      case Op::Population: {
        const PopSpec& ps = p_.pops[n.a];
        static constexpr std::string_view kinds[] = {"top", "bottom", "rank", "percentile"};
        std::string s = fmt::format("({}", kinds[ps.kind]);
        if (ps.kind == PopSpec::Top || ps.kind == PopSpec::Bottom) {
          s += ps.percent ? fmt::format(" {}%", FormatDecimal(ps.amount)) : fmt::format(" {}", ps.amount);
        }
        if (ps.among >= 0) s += fmt::format(" among={}", p_.lets[ps.among].name);
        return s + " " + Expr(n.args[0]) + ")";
      }
      case Op::Lookup: return fmt::format("(lookup {} {})", FieldName(n.a, n.b), Expr(n.args[0]));
      case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub: case Op::Mul:
      case Op::Div: case Op::Min: case Op::Max: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le:
      case Op::Gt: case Op::Ge: case Op::And: case Op::Or: case Op::IsPresent: case Op::Coalesce:
      case Op::If: case Op::InSet: break;
    }
    std::string s = fmt::format("({}", OpName(n.op));
    for (NodeId a : n.args) s += " " + Expr(a);
    return s + ")";
  }

  std::string Run() const {
    std::string out = fmt::format("timezone \"{}\"\n", p_.timezone);
    static constexpr std::string_view kinds[] = {"customers", "events", "table", "list"};
    for (const auto& t : p_.tables) {
      out += fmt::format("{} {}", kinds[static_cast<int>(t.kind)], t.name);
      bool by_customer = t.kind == TableKind::Events || t.kind == TableKind::List;
      if (t.key >= 0) out += fmt::format(" {}={}", by_customer ? "by" : "key", t.fields[t.key].name);
      if (t.time >= 0) out += fmt::format(" time={}", t.fields[t.time].name);
      out += "\n";
      for (const auto& f : t.fields) out += fmt::format("  {}: {}\n", f.name, TypeText(f.type));
    }
    for (const auto& l : p_.lets) {
      if (!l.used) continue;
      out += fmt::format("{} {}: {} = {}\n", l.segment ? "segment" : "let", l.name, TypeText(l.type), Expr(l.root));
    }
    for (const auto& t : p_.triggers) out += fmt::format("trigger {} {}\n", t.name, Trigger(t));
    for (const auto& c : p_.campaigns) out += Campaign(c);
    if (p_.policy.present) {
      const Policy& pol = p_.policy;
      out += "policy\n";
      if (pol.timezone != kNone) out += "  timezone " + Expr(pol.timezone) + "\n";
      for (const auto& c : pol.caps) {
        out += fmt::format("  max {} per {}{}{}{}", c.max, Expr(c.per), c.per_channel ? " per_channel" : "",
                           c.per_campaign ? " per_campaign" : "", c.per_kind ? " per_kind" : "");
        if (!c.channel.empty()) out += " on=" + c.channel;
        if (c.kind) out += *c.kind == CampaignKind::Service ? " for=service" : " for=commercial";
        out += "\n";
      }
      for (const auto& q : pol.quiet) {
        out += fmt::format("  quiet {:02}:{:02}..{:02}:{:02}{}\n", q.from_minute / 60, q.from_minute % 60, q.to_minute / 60,
                           q.to_minute % 60, q.channel.empty() ? "" : " on=" + q.channel);
      }
      for (const auto& c : pol.consents) {
        out += fmt::format("  consent {} granted={}", c.purpose, Expr(c.granted));
        if (c.confirmed != kNone) out += " confirmed=" + Expr(c.confirmed);
        if (c.withdrawn != kNone) out += " withdrawn=" + Expr(c.withdrawn);
        out += "\n";
      }
      for (const auto& [cond, ch, span] : pol.suppressions) out += fmt::format("  suppress {}{}\n", Expr(cond), ch.empty() ? "" : " on=" + ch);
      for (const auto& pf : pol.portfolios) out += fmt::format("  portfolio{} {}..{}\n", pf.base ? " base" : "", pf.lo, pf.hi);
      for (const auto& [ch, f] : pol.addresses) out += fmt::format("  channel {} address={}\n", ch, f);
      for (const auto& [ch, cond, span] : pol.allows) out += fmt::format("  allow {} when={}\n", ch, Expr(cond));
      for (const auto& [seg, prio] : pol.suggestions) {
        out += fmt::format("  suggest for={}", seg >= 0 ? p_.lets[seg].name : "?");
        for (const auto& [c, n] : prio) out += fmt::format(" {}={}", c, n);
        out += "\n";
      }
      for (const auto& [ch, n, per] : pol.rates) out += fmt::format("  rate {} {} per {}\n", ch, n, Expr(per));
      for (const auto& h : pol.histories) {
        const TableInfo& t = p_.tables[h.table];
        auto value = [&](const HistoryValue& v) { return v.field >= 0 ? t.fields[v.field].name : "\"" + v.text + "\""; };
        out += fmt::format("  contacts {}{} channel={} campaign={} kind={}\n", t.name,
                           h.filter == kNone ? "" : " where=" + Expr(h.filter), value(h.channel), value(h.campaign),
                           value(h.kind));
      }
    }
    for (const auto& t : p_.tests) out += TestText(t);
    return out;
  }

  std::string TestText(const Test& t) const {
    std::string out = fmt::format("test \"{}\" today={}\n", t.name, FormatDate(t.today));
    for (const auto& rows : t.tables) {
      const TableInfo& info = p_.tables[rows.table];
      for (const auto& row : rows.rows) {
        out += "  row " + info.name;
        for (size_t f = 0; f < row.size(); ++f) {
          if (!row[f].absent) out += fmt::format(" {}={}", info.fields[f].name, ValueText(info.fields[f].type, row[f]));
        }
        out += "\n";
      }
    }
    for (const auto& e : t.expects) out += "  " + ExpectText(e) + "\n";
    return out;
  }

  std::string ExpectText(const Expectation& e) const {
    std::string out;
    switch (e.kind) {
      case ExpectKind::Holds: out = "expect " + Expr(e.condition); break;
      case ExpectKind::Count:
        out = fmt::format("expect count {} == {}", e.segment >= 0 ? p_.lets[e.segment].name : "customers", e.count);
        break;
      case ExpectKind::Contact:
      case ExpectKind::NoContact:
        out = fmt::format("expect {}{}", e.kind == ExpectKind::NoContact ? "no contact " : "contact ",
                          e.campaign >= 0 ? p_.campaigns[e.campaign].name : "?");
        if (!e.step.empty()) out += fmt::format(" step=\"{}\"", e.step);
        if (e.on_day) out += " on=" + FormatDate(*e.on_day);
        break;
    }
    if (!e.customer.empty()) out += " for=" + e.customer;
    return out;
  }

  // A trigger's definition, after its name.
  std::string Trigger(const ir::Trigger& t) const {
    static constexpr std::string_view sources[] = {"on_date", "on", "yearly_day", "yearly", "enters", "leaves", "inactive"};
    std::string out(sources[static_cast<int>(t.source)]);
    if (t.table >= 0) out += " " + p_.tables[t.table].name;
    if (t.filter != kNone) out += " where=" + Expr(t.filter);
    if (t.when != kNone) out += " when=" + Expr(t.when);
    if (t.month_day) out += fmt::format(" day={:02}-{:02}", t.month_day / 100, t.month_day % 100);
    if (t.segment >= 0) out += " segment=" + (anonymous_ ? LetContent(t.segment) : p_.lets[t.segment].name);
    if (t.delay != kNone) out += " after=" + Expr(t.delay);
    if (t.condition != kNone) out += " if=" + Expr(t.condition);
    if (t.unless != kNone) out += " unless=" + Expr(t.unless);
    if (t.key_field >= 0) out += " per=" + p_.tables[t.table].fields[t.key_field].name;
    return out;
  }

  std::string Campaign(const ir::Campaign& c) const {
    std::string out = anonymous_ ? std::string("campaign") : fmt::format("campaign {}", c.name);
    if (!c.key.empty()) out += fmt::format(" key=\"{}\"", c.key);
    if (!c.stage.empty()) out += " stage=" + c.stage;
    if (c.kind) out += *c.kind == CampaignKind::Service ? " service" : " commercial";
    for (const auto& r : c.consents) out += " requires=" + r;
    out += " channel=" + c.channel;
    if (c.audience != kNone) out += " audience=" + Expr(c.audience);
    if (c.trigger >= 0) out += " on=" + (anonymous_ ? "(" + Trigger(p_.triggers[c.trigger]) + ")" : p_.triggers[c.trigger].name);
    if (!anonymous_) out += fmt::format(" priority={}", c.priority);
    if (c.holdout) out += fmt::format(" holdout={}%", FormatDecimal(c.holdout));
    static constexpr std::string_view reentry[] = {"", "never", "after", "after_exit"};
    if (c.reentry != Reentry::Unset) out += fmt::format(" reentry={}", reentry[static_cast<int>(c.reentry)]);
    if (c.reentry_after != kNone) out += " reentry_after=" + Expr(c.reentry_after);
    if (c.limit && !anonymous_) out += fmt::format(" limit={}", *c.limit);
    if (c.send_minute >= 0) out += fmt::format(" send_at={:02}:{:02}", c.send_minute / 60, c.send_minute % 60);
    static constexpr std::string_view migrate[] = {"", "continue", "restart", "exit"};
    if (c.migrate != Migrate::Unset) out += fmt::format(" migrate={}", migrate[static_cast<int>(c.migrate)]);
    if (c.from_day && !anonymous_) out += " from=" + FormatDate(*c.from_day);
    if (c.until_day && !anonymous_) out += " until=" + FormatDate(*c.until_day);
    if (c.base) out += " base";
    if (c.paused && !anonymous_) out += " paused";
    out += "\n";
    for (const auto& s : c.steps) {
      out += fmt::format("  step \"{}\" at={}", s.message, FormatDuration(s.delay));
      if (s.condition != kNone) out += " if=" + Expr(s.condition);
      if (!s.channel.empty()) out += " channel=" + s.channel;
      out += "\n";
    }
    if (c.exit != kNone) out += "  exit " + Expr(c.exit) + "\n";
    if (!anonymous_) {  // metrics report; they decide nothing
      for (const auto& [name, m] : c.metrics) out += fmt::format("  metric {} = {}\n", name, Expr(m));
    }
    return out;
  }

 private:
  // A let printed as its expression, each let once (a chain of lets reading the one
  // before twice would otherwise double at each link).
  std::string LetContent(int let) const {
    if (auto it = let_content_.find(let); it != let_content_.end()) return it->second;
    std::string text = Expr(p_.lets[let].root);
    if (text.size() > 64) text = fmt::format("#{:016x}", BucketHash("", text));
    return let_content_.emplace(let, std::move(text)).first->second;
  }

  const Program& p_;
  bool anonymous_ = false;
  mutable std::unordered_map<int, std::string> let_content_;
};

}  // namespace

std::string Print(const Program& p) { return Printer(p).Run(); }
std::string PrintExpr(const Program& p, NodeId id) { return Printer(p).Expr(id); }
std::string PrintCampaign(const Program& p, int campaign) { return Printer(p).Campaign(p.campaigns[campaign]); }
std::string PrintCampaignDefinition(const Program& p, int campaign) {
  return Printer(p, true).Campaign(p.campaigns[campaign]);
}

}  // namespace sam::ir
