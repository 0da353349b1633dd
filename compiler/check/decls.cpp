// Triggers, campaigns, the policy, and the program-wide lints (unused definitions,
// portfolio bounds).
#include <algorithm>

#include "base/suggest.hpp"
#include "compiler/check/checker.hpp"

namespace sam::check {
namespace {

constexpr std::string_view kStages[] = {"acquisition", "welcome",      "onboarding", "retention",
                                        "service",     "growth",       "loyalty",    "self_service",
                                        "lock_in",     "reactivation", "churn",      "winback"};

struct ChannelInfo {
  std::string_view name;
  std::string_view address;  // default address column of the customers table
};
constexpr ChannelInfo kChannels[] = {{"email", "email"}, {"sms", "mobile"},      {"phone", "phone"},
                                     {"post", "address"}, {"push", "device_token"}, {"social", "social_handle"}};

const ChannelInfo* FindChannel(std::string_view name) {
  for (const auto& c : kChannels) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

bool Checker::IsChannel(std::string_view name) { return FindChannel(name) != nullptr; }

std::vector<std::string_view> Checker::ChannelNames() {
  std::vector<std::string_view> names;
  for (const auto& c : kChannels) names.push_back(c.name);
  return names;
}

bool Checker::InRoot(Span s) const {
  for (FileId r : roots_) {
    if (r == s.file) return true;
  }
  return false;
}

// A channel name must be known; a channel a campaign sends on also needs an address.
void Checker::CheckChannel(const ast::Ident& channel) {
  const ChannelInfo* info = FindChannel(channel.text);
  if (!info) {
    std::vector<std::string_view> names;
    for (const auto& c : kChannels) names.push_back(c.name);
    auto& d = diags_.Report(DiagKind::UnknownChannel, channel.span, fmt::format("unknown channel `{}`", channel.text));
    if (auto best = ClosestMatch(channel.text, names)) {
      d.Help(fmt::format("did you mean `{}`?", *best));
      d.Fix(channel.span, *best);
    }
  }
}

// A delay written as a negative constant (`-1d`) would point before the moment it
// counts from. Only literals: a computed delay is left to the runtime.
bool Checker::NegativeDelay(ast::ExprId id, std::string_view what, std::string_view help) {
  const ast::Expr& e = tree_.at(id);
  if (e.kind != ast::ExprKind::Neg || tree_.at(e.kids[0]).kind != ast::ExprKind::Duration || tree_.at(e.kids[0]).ival == 0) {
    return false;
  }
  std::string_view text = sources_.Get(e.span.file).text().substr(e.span.begin, e.span.end - e.span.begin);
  diags_.Report(DiagKind::TypeMismatch, e.span, fmt::format("{} cannot be negative, found `{}`", what, text))
      .Help(std::string(help));
  return true;
}

void Checker::CheckTriggers() {
  trigger_used_.assign(tree_.triggers.size(), false);
  for (size_t i = 0; i < tree_.triggers.size(); ++i) {
    const ast::TriggerDecl& t = tree_.triggers[i];
    Context cx;
    switch (t.source) {
      case ast::TriggerSource::OnEvent:
      case ast::TriggerSource::Inactive: {
        Stream(t.stream, cx, false);
        int table_index = p_.stream_tables[t.stream];
        if (table_index >= 0 && table(table_index).kind != TableKind::Events) {
          diags_.Report(DiagKind::NotAStream, tree_.streams[t.stream].table.span,
                        fmt::format("`{}` is a reference table; triggers fire on events", table(table_index).name));
        }
        if (t.source == ast::TriggerSource::Inactive) {
          Type d = Expr(t.expr, cx);
          if (Expect(t.expr, d, TypeKind::Duration, "the period of `inactive`")) {
            NegativeDelay(t.expr, "the period of `inactive`", "`inactive orders for 90d` fires when the last order is 90 days old");
            RequireFixed(t.expr, "the period of `inactive`", false);
          }
        }
        break;
      }
      case ast::TriggerSource::OnDate: Expr(t.expr, cx); break;
      case ast::TriggerSource::YearlyDay: break;
      case ast::TriggerSource::Yearly: {
        Type d = Expr(t.expr, cx);
        if (!d.is_error() && !d.is_time()) {
          diags_.Report(DiagKind::TypeMismatch, tree_.at(t.expr).span,
                        fmt::format("`yearly` needs a date or timestamp, found `{}`", Str(d)));
        }
        break;
      }
      case ast::TriggerSource::Enters:
      case ast::TriggerSource::Leaves: {
        auto g = globals_.find(t.segment.text);
        if (g == globals_.end() || g->second.kind != GlobalKind::Let || !tree_.lets[g->second.index].segment) {
          std::vector<std::string_view> segs;
          for (const auto& l : tree_.lets) {
            if (l.segment) segs.push_back(l.name.text);
          }
          ReportUndefined(t.segment, segs, "segment");
        } else {
          p_.let_used[g->second.index] = true;
        }
        break;
      }
    }
    cx.trigger = static_cast<int>(i);
    for (const auto& c : t.clauses) {
      switch (c.kind) {
        case ast::TriggerClauseKind::After:
          if (t.source == ast::TriggerSource::Enters || t.source == ast::TriggerSource::Leaves) {
            // The engine fires a membership change in the run that sees it; a delay
            // would have to be remembered across runs (docs/engine.md, "not yet").
            diags_.Report(DiagKind::TypeMismatch, c.span, "`after` on `enters`/`leaves` is not supported yet")
                .Help("to wait after the change, delay the campaign's first step: `step \"...\" at 7d`");
            break;
          }
          if (Expect(c.expr, Expr(c.expr, cx), TypeKind::Duration, "the delay after `after`")) {
            NegativeDelay(c.expr, "the delay after `after`", "the trigger fires this long after its moment; `after 0d` at once");
            RequireFixed(c.expr, "the delay after `after`", t.source == ast::TriggerSource::OnEvent);
          }
          break;
        case ast::TriggerClauseKind::If: ExpectBool(c.expr, cx, "the condition after `if`"); break;
        case ast::TriggerClauseKind::Unless: ExpectBool(c.expr, cx, "the condition after `unless`"); break;
        case ast::TriggerClauseKind::Per: {
          int ti = t.stream != ast::kNoStream ? p_.stream_tables[t.stream] : -1;
          if (t.source != ast::TriggerSource::OnEvent) {
            diags_.Report(DiagKind::TypeMismatch, c.span, "`per` keys the instances of an event trigger (`on EVENTS`)");
          } else if (ti >= 0 && table(ti).Find(c.name.text) < 0) {
            std::vector<std::string_view> names;
            for (const auto& f : table(ti).fields) names.push_back(f.name);
            auto& d = diags_.Report(DiagKind::UnknownField, c.name.span, fmt::format("`{}` has no field `{}`", table(ti).name, c.name.text));
            if (auto best = ClosestMatch(c.name.text, names)) d.Help(fmt::format("did you mean `{}`?", *best));
          }
          break;
        }
      }
    }
  }
}

void Checker::CheckCampaigns() {
  p_.trigger_of_campaign.assign(tree_.campaigns.size(), -1);
  // A policy that did not parse (or text that is missing) may declare the purposes
  // the campaigns require: `unknown-consent` would only repeat its syntax error.
  bool policy_unknown = tree_.incomplete;
  for (const auto& b : tree_.broken) policy_unknown |= b.word == "policy";
  for (size_t ci = 0; ci < tree_.campaigns.size(); ++ci) {
    const ast::Campaign& c = tree_.campaigns[ci];
    if (!c.stage.empty()) {
      bool known = false;
      for (auto s : kStages) known |= s == c.stage.text;
      if (!known) {
        std::vector<std::string_view> names(std::begin(kStages), std::end(kStages));
        auto& d = diags_.Report(DiagKind::UnknownStage, c.stage.span, fmt::format("unknown lifecycle stage `{}`", c.stage.text));
        if (auto best = ClosestMatch(c.stage.text, names)) {
          d.Help(fmt::format("did you mean `{}`?", *best));
          d.Fix(c.stage.span, *best);
        }
      }
    }
    if (!c.kind) {
      diags_.Report(DiagKind::MissingClause, c.name.span, fmt::format("campaign `{}` does not state its kind", c.name.text))
          .Help("add `kind service` (no consent needed) or `kind commercial requires PURPOSE`");
    } else if (*c.kind == ast::CampaignKind::Commercial && c.requires_consent.empty()) {
      diags_.Report(DiagKind::CommercialWithoutConsent, c.kind_span,
                    fmt::format("commercial campaign `{}` does not require a consent purpose", c.name.text))
          .Help(consents_.empty() ? std::string("add `requires PURPOSE` and a `consent PURPOSE { granted ... }` rule to the policy")
                                  : fmt::format("add `requires {}`", *consents_.begin()));
    }
    for (const auto& purpose : c.requires_consent) {
      if (consents_.count(purpose.text)) {
        used_consents_.emplace(purpose.text);
        continue;
      }
      if (policy_unknown) continue;
      std::vector<std::string_view> names(consents_.begin(), consents_.end());
      auto& d = diags_.Report(DiagKind::UnknownConsent, purpose.span,
                              fmt::format("no `consent {}` rule in the policy", purpose.text));
      if (auto best = ClosestMatch(purpose.text, names)) {
        d.Help(fmt::format("did you mean `{}`?", *best));
        d.Fix(purpose.span, *best);
      } else {
        d.Help(fmt::format("declare it in the policy: `consent {} {{ granted FIELD }}`", purpose.text));
      }
    }
    if (c.channel.empty()) {
      diags_.Report(DiagKind::MissingClause, c.name.span, fmt::format("campaign `{}` does not state its channel", c.name.text))
          .Help("add `channel email` (or sms, phone, post, push, social)");
    } else {
      CheckChannel(c.channel);
    }
    bool has_audience = c.audience != ast::kNoExpr, has_trigger = !c.trigger.empty();
    if (has_audience == has_trigger) {
      diags_.Report(DiagKind::CampaignEntry, c.name.span,
                    has_audience ? fmt::format("campaign `{}` has both an `audience` and a trigger (`on`)", c.name.text)
                                 : fmt::format("campaign `{}` has no way in", c.name.text))
          .Help(has_audience ? "keep one: customers enter either by audience or by trigger"
                             : "add `audience SEGMENT` or `on TRIGGER`");
    }
    int trig = -1;
    if (has_trigger) {
      auto g = globals_.find(c.trigger.text);
      if (g != globals_.end() && g->second.kind == GlobalKind::Trigger) {
        trig = g->second.index;
        trigger_used_[trig] = true;
        p_.trigger_of_campaign[ci] = trig;
      } else {
        std::vector<std::string_view> names;
        for (const auto& t : tree_.triggers) names.push_back(t.name.text);
        ReportUndefined(c.trigger, names, "trigger");
      }
    }
    if (has_audience) {
      Context cx;
      ExpectBool(c.audience, cx, "the audience");
    }
    if (c.steps.empty()) {
      diags_.Report(DiagKind::MissingClause, c.name.span, fmt::format("campaign `{}` sends nothing", c.name.text))
          .Help("add `message \"MESSAGE-ID\"` or one or more `step \"MESSAGE-ID\" at DELAY`");
    }
    Context journey;
    journey.entry = true;
    journey.trigger = trig;
    int64_t last_delay = -1;
    const ast::Step* last_step = nullptr;
    for (const auto& s : c.steps) {
      int64_t delay = 0;
      if (s.at != ast::kNoExpr) {
        Type t = Expr(s.at, journey);
        const ast::Expr& at = tree_.at(s.at);
        if (!t.is_error() && Expect(s.at, t, TypeKind::Duration, "a step's delay")) {
          // `-1d` is a constant too: say what is wrong with it.
          bool negative =
              NegativeDelay(s.at, "a step's delay", "a step is sent this long after the customer enters; `at 0d` at entry");
          if (!negative && at.kind != ast::ExprKind::Duration) {
            diags_.Report(DiagKind::TypeMismatch, at.span, "a step's delay must be a constant duration such as `3d`");
          }
        }
        delay = at.kind == ast::ExprKind::Duration ? at.ival : last_delay + 1;
      }
      if (last_step && delay <= last_delay) {
        diags_.Report(DiagKind::StepOrder, s.at != ast::kNoExpr ? tree_.at(s.at).span : s.span,
                      fmt::format("step `\"{}\"` is not later than the step before it", s.message))
            .Note(last_step->span, "the step before it");
      }
      last_delay = delay;
      last_step = &s;
      if (s.cond != ast::kNoExpr) ExpectBool(s.cond, journey, "a step's condition");
      if (!s.channel.empty()) CheckChannel(s.channel);
    }
    if (c.exit != ast::kNoExpr) ExpectBool(c.exit, journey, "the exit condition");
    if (c.holdout && c.key.empty()) {
      diags_.Report(DiagKind::HoldoutWithoutKey, c.holdout_span,
                    fmt::format("campaign `{}` has a holdout but no stable key", c.name.text))
          .Help(fmt::format("add a key after the name: `campaign {} key \"{}-1\" {{`", c.name.text, c.name.text));
    }
    if (c.limit && IsZeroLiteral(c.limit_span)) {
      diags_.Report(DiagKind::EmptyLimit, c.limit_span, fmt::format("`limit 0 per run` lets no customer into `{}`", c.name.text))
          .Help("to stop the campaign, write `paused` in it");
    }
    if (c.reentry_after != ast::kNoExpr) {
      if (Expect(c.reentry_after, Expr(c.reentry_after, journey), TypeKind::Duration, "the re-entry period")) {
        NegativeDelay(c.reentry_after, "the re-entry period", "`reentry after 0d` lets customers enter again at once");
        RequireFixed(c.reentry_after, "the re-entry period", false);
      }
    }
    if (c.from_day && c.until_day && *c.until_day < *c.from_day) {
      diags_.Report(DiagKind::InvalidLiteral, c.name.span, fmt::format("campaign `{}` ends (`until`) before it starts (`from`)", c.name.text));
    }
    for (const auto& m : c.metrics) {
      Type t = Expr(m.value, journey);
      if (!t.is_error() && !(t.is_numeric() || t.kind == TypeKind::Bool)) {
        diags_.Report(DiagKind::TypeMismatch, tree_.at(m.value).span,
                      fmt::format("a metric must be a number or a condition, found `{}`", Str(t)));
      }
    }
  }
}

void Checker::CheckPolicy() {
  for (size_t i = 1; i < tree_.policies.size(); ++i) {
    diags_.Report(DiagKind::DuplicatePolicy, Span{tree_.policies[i].span.file, tree_.policies[i].span.begin,
                                                   tree_.policies[i].span.begin + 6},
                  "a program has one policy, and this is a second one")
        .Note(Span{tree_.policies[0].span.file, tree_.policies[0].span.begin, tree_.policies[0].span.begin + 6},
              "the first policy is here");
  }
  for (const auto& p : tree_.policies) {
    std::map<std::string_view, Span> seen;
    for (const auto& c : p.consents) {
      auto [it, inserted] = seen.emplace(c.purpose.text, c.purpose.span);
      if (!inserted) {
        diags_.Report(DiagKind::DuplicateDefinition, c.purpose.span, fmt::format("consent `{}` is declared twice", c.purpose.text))
            .Note(it->second, "first declared here");
      }
      consents_.emplace(c.purpose.text);
    }
  }
  Context cx;
  for (const auto& p : tree_.policies) {
    for (const auto& cap : p.caps) {
      if (IsZeroLiteral(cap.max_span)) {
        diags_.Report(DiagKind::EmptyLimit, cap.max_span, "a cap of 0 contacts blocks every message")
            .Help("to stop a campaign, write `paused` in it")
            .Help(fmt::format("to stop a channel, write `suppress true on {}`",
                              cap.on_channel.empty() ? std::string_view("CHANNEL") : cap.on_channel.text));
      }
      if (Expect(cap.per, Expr(cap.per, cx), TypeKind::Duration, "the period of a cap")) {
        CheckPeriod(cap.per, "the period of a cap", "`max N contacts per 7d` counts the contacts of any 7 days in a row");
        RequireFixed(cap.per, "the period of a cap", false);
      }
      if (!cap.on_channel.empty()) CheckChannel(cap.on_channel);
    }
    for (const auto& q : p.quiet) {
      if (!q.channel.empty()) CheckChannel(q.channel);
      // Nothing, or the whole day? Either way not what was meant.
      if (q.from_minute == q.to_minute) {
        diags_.Report(DiagKind::EmptyLimit, q.span,
                      fmt::format("quiet hours from {0:02}:{1:02} to {0:02}:{1:02} are empty: they hold nothing back",
                                  q.from_minute / 60, q.from_minute % 60))
            .Help("quiet hours run from their first time up to their second (`21:00..08:00`); to stop a channel "
                  "all day, write `suppress true on CHANNEL`");
      }
    }
    CheckQuietCoverage(p.quiet);
    if (p.timezone != ast::kNoExpr) {
      Type t = Expr(p.timezone, cx);
      if (!t.is_error() && t.kind != TypeKind::String) {
        diags_.Report(DiagKind::TypeMismatch, tree_.at(p.timezone).span,
                      fmt::format("the customer's time zone must be a string (an IANA name), found `{}`", Str(t)));
      } else if (!t.is_error()) {
        CheckZoneNames(p.timezone);
      }
    }
    for (const auto& c : p.consents) {
      if (c.granted == ast::kNoExpr) {
        diags_.Report(DiagKind::MissingClause, c.span, fmt::format("consent `{}` does not say when it was granted", c.purpose.text))
            .Help("add `granted FIELD`, the timestamp at which the customer gave consent");
      }
      for (ast::ExprId e : {c.granted, c.confirmed, c.withdrawn}) {
        if (e == ast::kNoExpr) continue;
        Type t = Expr(e, cx);
        if (!t.is_error() && !t.is_time()) {
          diags_.Report(DiagKind::TypeMismatch, tree_.at(e).span,
                        fmt::format("consent evidence must be a timestamp (when it happened), found `{}`", Str(t)));
        }
      }
    }
    for (const auto& s : p.suppressions) {
      ExpectBool(s.cond, cx, "a suppression");
      if (!s.channel.empty()) CheckChannel(s.channel);
    }
    for (const auto& pf : p.portfolios) {
      if (pf.lo > pf.hi) {
        diags_.Report(DiagKind::InvalidLiteral, pf.span, fmt::format("the portfolio's lower bound {} is above its upper bound {}", pf.lo, pf.hi));
      }
    }
    for (const auto& a : p.addresses) {
      CheckChannel(a.channel);
      int f = table(p_.customers).Find(a.field.text);
      if (f < 0) {
        std::vector<std::string_view> names;
        for (const auto& fi : table(p_.customers).fields) names.push_back(fi.name);
        auto& d = diags_.Report(DiagKind::UnknownField, a.field.span, fmt::format("customers have no field `{}`", a.field.text));
        if (auto best = ClosestMatch(a.field.text, names)) d.Help(fmt::format("did you mean `{}`?", *best));
      } else if (table(p_.customers).fields[f].type.kind != TypeKind::String) {
        diags_.Report(DiagKind::TypeMismatch, a.field.span,
                      fmt::format("an address must be a string field, but `{}` is a `{}`", a.field.text,
                                  Str(table(p_.customers).fields[f].type)));
      }
    }
    for (const auto& a : p.allows) {
      CheckChannel(a.channel);
      ExpectBool(a.cond, cx, "an `allow` rule");
    }
    for (const auto& s : p.suggestions) {
      auto g = globals_.find(s.segment.text);
      if (g == globals_.end() || g->second.kind != GlobalKind::Let || !tree_.lets[g->second.index].segment) {
        ReportUndefined(s.segment, {}, "segment");
      } else {
        p_.let_used[g->second.index] = true;
      }
      for (const auto& [name, prio] : s.priorities) {
        auto c = globals_.find(name.text);
        if (c == globals_.end() || c->second.kind != GlobalKind::Campaign) {
          std::vector<std::string_view> names;
          for (const auto& cc : tree_.campaigns) names.push_back(cc.name.text);
          ReportUndefined(name, names, "campaign");
        }
      }
    }
    for (const auto& r : p.rates) {
      CheckChannel(r.channel);
      if (IsZeroLiteral(r.count_span)) {
        diags_.Report(DiagKind::EmptyLimit, r.count_span, fmt::format("a rate of 0 messages blocks every message on `{}`", r.channel.text))
            .Help(fmt::format("to stop the channel, write `suppress true on {}`", r.channel.text));
      }
      if (Expect(r.per, Expr(r.per, cx), TypeKind::Duration, "the period of a rate")) {
        CheckPeriod(r.per, "the period of a rate", "`rate email 50000 per 1h` sends at most 50000 emails in any hour");
        RequireFixed(r.per, "the period of a rate", false);
      }
    }
    for (const auto& h : p.histories) CheckHistory(h);
  }
}

// The zone names written in the policy's `timezone` (`time_zone ?? "Europe/Amsterdm"`):
// a misspelt one is an error now, not a note at every run for every customer.
void Checker::CheckZoneNames(ast::ExprId e) {
  const ast::Expr& x = tree_.at(e);
  if (x.kind == ast::ExprKind::String) {
    KnownZone(x.sval, x.span);
  } else if (x.kind == ast::ExprKind::Coalesce) {
    for (ast::ExprId k : x.kids) CheckZoneNames(k);
  } else if (x.kind == ast::ExprKind::If) {
    for (size_t k = 1; k < x.kids.size(); ++k) CheckZoneNames(x.kids[k]);
  }
}

// Quiet hours that together cover the whole day (for every channel, or for one with
// its own rules) would hold every message back forever.
void Checker::CheckQuietCoverage(const std::vector<ast::Quiet>& quiet) {
  std::set<std::string_view> channels{""};
  for (const auto& q : quiet) channels.insert(q.channel.text);
  for (std::string_view channel : channels) {
    std::vector<bool> covered(24 * 60, false);
    const ast::Quiet* last = nullptr;
    for (const auto& q : quiet) {
      if (!q.channel.empty() && q.channel.text != channel) continue;
      for (int m = q.from_minute; m != q.to_minute; m = (m + 1) % (24 * 60)) covered[m] = true;
      last = &q;
    }
    if (!last || std::find(covered.begin(), covered.end(), false) != covered.end()) continue;
    diags_.Report(DiagKind::EmptyLimit, last->span,
                  fmt::format("quiet hours cover the whole day{}: no message could ever go out",
                              channel.empty() ? std::string() : fmt::format(" on {}", channel)))
        .Help(fmt::format("to stop a channel, write `suppress true on {}`", channel.empty() ? "CHANNEL" : channel));
    if (channel.empty()) return;  // every channel: one error, not one per channel
  }
}

void Checker::CheckLints() {
  // Channel addresses: the customers table must have the column each used channel sends to.
  std::map<std::string_view, std::string_view> address;
  for (const auto& ch : kChannels) address[ch.name] = ch.address;
  for (const auto& p : tree_.policies) {
    for (const auto& a : p.addresses) address[a.channel.text] = a.field.text;
  }
  auto check_address = [&](const ast::Ident& channel) {
    auto it = address.find(channel.text);
    if (it == address.end() || p_.customers < 0) return;
    if (table(p_.customers).Find(it->second) >= 0) return;
    diags_.Report(DiagKind::ChannelNoAddress, channel.span,
                  fmt::format("channel `{}` sends to the customers' `{}` field, which does not exist", channel.text, it->second))
        .Help(fmt::format("declare `{}: string?` on customers, or map the channel in the policy: `channel {} address FIELD`",
                          it->second, channel.text));
  };
  for (const auto& c : tree_.campaigns) {
    if (!c.channel.empty() && FindChannel(c.channel.text)) check_address(c.channel);
    for (const auto& s : c.steps) {
      if (!s.channel.empty() && FindChannel(s.channel.text)) check_address(s.channel);
    }
  }
  // After a syntax error, the text that did not parse may use a let, a trigger or a
  // purpose, or hold campaigns: what is unused, or how many campaigns are active, is
  // not known, and such warnings would be sorted before the error that causes them.
  if (tree_.syntax_errors) return;

  // A definition that lost its name to an earlier one (duplicate-definition) cannot be
  // used by anything; calling it unused would hide the real problem.
  auto owns_name = [&](const ast::Ident& name, GlobalKind kind, size_t i) {
    auto g = globals_.find(name.text);
    return g != globals_.end() && g->second.kind == kind && g->second.index == static_cast<int>(i);
  };
  for (size_t i = 0; i < tree_.lets.size(); ++i) {
    const auto& l = tree_.lets[i];
    if (!l.segment && !p_.let_used[i] && InRoot(l.name.span) && !p_.let_types[i].is_error() &&
        owns_name(l.name, GlobalKind::Let, i)) {
      diags_.Report(DiagKind::Unused, l.name.span, fmt::format("`{}` is defined but never used", l.name.text))
          .Help("use it in a segment or campaign, make it a `segment` to query it, or remove it");
    }
  }
  for (size_t i = 0; i < tree_.triggers.size(); ++i) {
    const auto& t = tree_.triggers[i];
    if (!trigger_used_[i] && InRoot(t.name.span) && owns_name(t.name, GlobalKind::Trigger, i)) {
      diags_.Report(DiagKind::Unused, t.name.span, fmt::format("trigger `{}` starts no campaign", t.name.text))
          .Help(fmt::format("start a campaign with it: `on {}`", t.name.text));
    }
  }
  for (size_t i = 0; i < tree_.enums.size(); ++i) {
    if (!enum_used_[i] && InRoot(tree_.enums[i].name.span) && owns_name(tree_.enums[i].name, GlobalKind::Enum, i)) {
      diags_.Report(DiagKind::Unused, tree_.enums[i].name.span, fmt::format("enum `{}` is never used", tree_.enums[i].name.text));
    }
  }
  for (const auto& p : tree_.policies) {
    for (const auto& c : p.consents) {
      if (!used_consents_.count(c.purpose.text) && InRoot(c.purpose.span) && !tree_.campaigns.empty()) {
        diags_.Report(DiagKind::Unused, c.purpose.span, fmt::format("no campaign requires consent `{}`", c.purpose.text));
      }
    }
  }
  if (tree_.policies.empty()) return;
  const ast::Policy& policy = tree_.policies[0];
  int current = 0, base = 0;
  for (const auto& c : tree_.campaigns) {
    if (c.paused) continue;
    (c.base ? base : current)++;
  }
  Span policy_word{policy.span.file, policy.span.begin, policy.span.begin + 6};
  if (current + base == 0 && InRoot(policy.span)) {
    diags_.Report(DiagKind::PortfolioEmpty, policy_word, "the program has a policy but no active campaign");
    return;
  }
  for (const auto& pf : policy.portfolios) {
    int n = pf.base ? base : current;
    if (n < pf.lo || n > pf.hi) {
      diags_.Report(DiagKind::PortfolioBounds, pf.span,
                    fmt::format("{} {}campaign{} active, outside the portfolio's bounds {}..{}", n, pf.base ? "base " : "",
                                n == 1 ? " is" : "s are", pf.lo, pf.hi));
    }
  }
}

}  // namespace sam::check
