#include "engine/arbitration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "engine/phase_clock.hpp"
#include "engine/time_rules.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::engine {

namespace {

// How many counted contacts a cap's reason lists.
constexpr size_t kListed = 5;

// Texts the caps compare (channels, campaigns, tables), each kept once: the contacts
// they count carry numbers (a month of history is millions of contacts). 0 is "".
class Names {
 public:
  Names() { Id(""); }
  // Looked up by view: no string is made per contact of the history.
  int Id(std::string_view text) {
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    const int id = static_cast<int>(texts_.size());
    texts_.emplace_back(text);
    ids_.emplace(std::string(text), id);
    return id;
  }
  const std::string& Text(int id) const { return texts_[static_cast<size_t>(id)]; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::deque<std::string> texts_;  // a deque: Text's references stay valid as it grows
  std::unordered_map<std::string, int, Hash, std::equal_to<>> ids_;
};

// A campaign's kind as the caps compare it; unknown for a contact made outside SAM
// whose kind is absent.
enum class Kind : int8_t { Unknown, Service, Commercial };

Kind KindOf(std::string_view text) {
  return text == "service" ? Kind::Service : text == "commercial" ? Kind::Commercial : Kind::Unknown;
}

// A contact the caps count: from the history or accepted earlier in this run. A
// contact made outside SAM names its table (`source`, else 0); its channel or kind
// may be unknown (0): it then counts under every channel's and kind's caps.
struct Sent {
  int64_t at;
  int channel, campaign, source;  // Names
  Kind kind;
};

const char* KindText(const ir::Campaign& c) {
  return c.kind && *c.kind == ir::CampaignKind::Commercial ? "commercial" : "service";
}

// Where the policy maps a channel's address (`channel phone address phone_alt`); none
// for a channel's default field.
Span AddressSpan(const ir::Policy& pol, const std::string& channel) {
  for (size_t k = 0; k < pol.addresses.size() && k < pol.address_spans.size(); ++k) {
    if (pol.addresses[k].first == channel) return pol.address_spans[k];
  }
  return {};
}

// docs/language.md §15.4: each channel's address field, unless the policy maps it.
std::string AddressField(const ir::Policy& pol, const std::string& channel) {
  for (const auto& [ch, field] : pol.addresses) {
    if (ch == channel) return field;
  }
  static const std::map<std::string, std::string> kDefault = {{"email", "email"}, {"sms", "mobile"},
                                                               {"phone", "phone"}, {"post", "address"},
                                                               {"push", "device_token"}, {"social", "social_handle"}};
  auto it = kDefault.find(channel);
  return it == kDefault.end() ? channel : it->second;
}

class Arbiter {
 public:
  Arbiter(Day& d, std::vector<state::Journey>& journeys, std::vector<Candidate>& candidates, DayDecisions& out)
      : d_(d), pol_(d.p.policy), journeys_(journeys), cands_(candidates), out_(out),
        program_zone_(d.p.timezone) {}

  void Run() {
    if (cands_.empty()) return;
    PhaseClock clock(out_.plan.timings);
    Priorities();
    clock.Lap("arbitration: suggestions");
    // Campaigns by their ids' order, as numbers: no string comparison per pair.
    std::vector<std::string> ids;
    for (size_t c = 0; c < d_.p.campaigns.size(); ++c) ids.push_back(Id(static_cast<int>(c)));
    std::vector<size_t> rank(ids.size());
    for (size_t c = 0; c < ids.size(); ++c) {
      rank[c] = static_cast<size_t>(std::count_if(ids.begin(), ids.end(), [&](const std::string& x) { return x < ids[c]; }));
    }
    std::stable_sort(cands_.begin(), cands_.end(), [&](const Candidate& a, const Candidate& b) {
      if (a.priority != b.priority) return a.priority > b.priority;
      if (rank[a.campaign] != rank[b.campaign]) return rank[a.campaign] < rank[b.campaign];
      if (a.step != b.step) return a.step < b.step;
      return a.row < b.row;
    });
    clock.Lap("arbitration: priority order");
    Prepare();
    clock.Lap("arbitration: rules' values, history");
    // Most candidates become contacts: their vector is not grown (and copied) as they come.
    out_.plan.contacts.reserve(out_.plan.contacts.size() + cands_.size());
    contact_rows_.reserve(cands_.size());
    for (const Candidate& c : cands_) Decide(c);
    clock.Lap("arbitration: decisions");
    SortContacts();
    clock.Lap("arbitration: plan in send order");
  }

  // The plan in send order, then customer row; equal ones keep their order. Each
  // contact's row is looked up once, not twice per comparison.
  void SortContacts() {
    std::vector<state::Contact>& contacts = out_.plan.contacts;
    std::vector<std::tuple<int64_t, uint32_t, size_t>> order;
    order.reserve(contacts.size());
    for (size_t k = 0; k < contacts.size(); ++k) order.emplace_back(contacts[k].send_at, contact_rows_[k], k);
    std::sort(order.begin(), order.end());
    std::vector<state::Contact> sorted;
    sorted.reserve(contacts.size());
    for (const auto& [at, row, k] : order) sorted.push_back(std::move(contacts[k]));
    contacts = std::move(sorted);
  }

 private:
  std::string Id(int c) const { return CampaignId(d_.p.campaigns[c]); }

  // `suggest for SEGMENT { campaign priority }`: the highest suggestion that names the
  // campaign and whose segment holds the customer replaces its priority.
  void Priorities() {
    suggested_.assign(cands_.size(), 0);
    for (const auto& [segment, list] : pol_.suggestions) {
      if (segment < 0) continue;
      // The segment's own path (as `count SEGMENT` runs it) over every customer: three
      // to five times faster than evaluating its expression for tens of thousands of
      // candidates spread over every morsel.
      const std::vector<uint8_t>& in = d_.eval.HoldsSegment(segment);
      for (Candidate& c : cands_) {
        if (!in[c.row]) continue;
        for (const auto& [name, prio] : list) {
          if (name != d_.p.campaigns[c.campaign].name) continue;
          const size_t i = static_cast<size_t>(&c - cands_.data());
          c.priority = suggested_[i] ? std::max(c.priority, prio) : prio;
          suggested_[i] = 1;
        }
      }
    }
  }

  // Each candidate's zone as an index into zone_names_ (0: the program's). A zone is
  // checked once, not once per customer.
  void ZonesOf(const std::vector<uint32_t>& rows) {
    zone_names_ = {program_zone_};
    zone_of_.assign(rows.size(), 0);
    if (pol_.timezone == ir::kNone) return;
    const backend::Values v = d_.eval.Values(pol_.timezone, rows);
    std::unordered_map<std::string, int> ids;  // -1: not a zone
    std::map<std::string, int64_t> unknown;
    for (size_t k = 0; k < rows.size(); ++k) {
      if (!v.Present(k)) continue;
      auto [it, added] = ids.try_emplace(v.strings[k], -1);
      if (added && IsTimeZone(v.strings[k])) {
        it->second = static_cast<int>(zone_names_.size());
        zone_names_.push_back(v.strings[k]);
      }
      if (it->second < 0) {
        ++unknown[v.strings[k]];
      } else {
        zone_of_[k] = it->second;
      }
    }
    for (const auto& [zone, n] : unknown) {
      Note(fmt::format("unknown time zone `{}` for {} customer{}: the program's zone is used", zone, n,
                       n == 1 ? "" : "s"));
    }
  }

  void Prepare() {
    std::vector<uint32_t> rows;
    for (const Candidate& c : cands_) rows.push_back(c.row);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // Hundreds of thousands on a Thursday: an index per customer row, not a hash map.
    index_.assign(d_.db.customer_count(), 0);
    row_of_.reserve(rows.size());
    for (size_t k = 0; k < rows.size(); ++k) {
      index_[rows[k]] = static_cast<uint32_t>(k);
      row_of_[CustomerKey(d_.db, rows[k])] = rows[k];
    }
    ZonesOf(rows);
    for (const auto& s : pol_.suppressions) {
      suppress_.push_back(d_.eval.Holds(s.condition, rows));
      suppress_reasons_.push_back(fmt::format("`{}` holds", d_.Text(s.condition)));
    }
    for (const auto& a : pol_.allows) {
      allow_.push_back(d_.eval.Holds(a.condition, rows));
      allow_reasons_.push_back(fmt::format("{} only when `{}`, which does not hold", a.channel, d_.Text(a.condition)));
    }
    for (const auto& c : pol_.consents) {
      consent_.push_back({Evidence(c.granted, rows), Evidence(c.confirmed, rows), Evidence(c.withdrawn, rows)});
    }
    for (const ir::Campaign& camp : d_.p.campaigns) {
      std::string id = CampaignId(camp);
      const int name_id = names_.Id(id);
      campaign_facts_.push_back({std::move(id), name_id, KindOf(KindText(camp))});
      shown_.emplace(name_id, camp.name);
    }
    for (const auto& cap : pol_.caps) cap_channels_.push_back(names_.Id(cap.channel));
    int64_t longest = 0;
    for (const auto& cap : pol_.caps) {
      periods_.push_back(d_.eval.Constant(cap.per));
      period_texts_.push_back(PeriodText(cap.per, periods_.back()));
      longest = std::max(longest, periods_.back());
    }
    for (const auto& rate : pol_.rates) {
      rate_periods_.push_back(d_.eval.Constant(std::get<2>(rate)));
      rate_period_texts_.push_back(PeriodText(std::get<2>(rate), rate_periods_.back()));
      longest = std::max(longest, rate_periods_.back());
    }
    rate_counts_.resize(pol_.rates.size());
    // Every contact that can share a period with today's: two days more for zones.
    // The caps count only the candidates' contacts; the rates count every send.
    sent_.resize(rows.size());
    d_.store.ForEachSentSince(d_.now - longest - 2 * kDay, [&](std::string_view customer, int64_t at, const std::string& channel,
                                                               const std::string& campaign, const std::string& kind) {
      TakeSlot(at, channel);
      const auto it = row_of_.find(customer);
      if (it == row_of_.end()) return;
      sent_[index_[it->second]].push_back({at, names_.Id(channel), names_.Id(campaign), 0, KindOf(kind)});
    });
    if (!pol_.caps.empty()) LoadHistories(rows, d_.now - longest - 2 * kDay);
  }

  // `contacts TABLE ...` (docs/engine.md E0): the candidates' contacts made outside SAM
  // that can share a period with today's. They count under the caps only; `rate`
  // limits SAM's own sending.
  void LoadHistories(const std::vector<uint32_t>& rows, int64_t since) {
    for (const ir::ContactHistory& h : pol_.histories) {
      const rt::Table& t = d_.db.tables[h.table];
      const rt::Column& time = t.columns[d_.p.tables[h.table].time];
      const bool dated = time.type.kind == TypeKind::Date;
      const int source = names_.Id(t.name);
      for (const backend::EventRow& e : d_.eval.EventsOf(h.table, h.filter, rows, since)) {
        const int64_t at = dated ? StartOfDay(time.Int(e.row), program_zone_) : time.Int(e.row);
        sent_[index_[e.customer]].push_back({at, names_.Id(HistoryText(h, h.channel, e.row)),
                                             names_.Id(HistoryText(h, h.campaign, e.row)), source,
                                             KindOf(HistoryText(h, h.kind, e.row))});
      }
    }
  }

  // A row's channel, campaign or kind: its field's text ("" when absent), else the text given.
  std::string_view HistoryText(const ir::ContactHistory& h, const ir::HistoryValue& v, uint64_t row) const {
    if (v.field < 0) return v.text;
    const rt::Column& col = d_.db.tables[h.table].columns[v.field];
    if (!col.Present(row)) return "";
    if (col.type.kind == TypeKind::Enum) {
      const auto& variants = d_.p.enums[d_.p.tables[h.table].fields[v.field].type.ref].variants;
      const int64_t i = col.Int(row);
      return i >= 0 && static_cast<size_t>(i) < variants.size() ? std::string_view(variants[i]) : "";
    }
    return col.Str(row);  // views the column's bytes, which outlive the run
  }

  backend::Values Evidence(ir::NodeId node, const std::vector<uint32_t>& rows) {
    if (node == ir::kNone) return {};
    return d_.eval.Values(node, rows);
  }

  void Note(std::string note) { AddNote(out_.plan, std::move(note)); }

  CampaignCounts& Counts(int c) { return CountsOf(out_.plan, d_.p.campaigns[c].name); }

  struct Why {
    std::string rule, reason;
    Span span;
  };

  void Decide(const Candidate& c) {
    const ir::Campaign& camp = d_.p.campaigns[c.campaign];
    const ir::Step& step = camp.steps[c.step];
    const std::string& channel = step.channel.empty() ? camp.channel : step.channel;
    const size_t k = index_[c.row];
    const int zone_id = zone_of_[k];
    const std::string& zone = zone_names_[zone_id];
    const int64_t planned_at = PlannedAt(c, zone_id, channel);
    std::string key = CustomerKey(d_.db, c.row);
    std::vector<Why>& stops = stops_;
    stops.clear();
    const int64_t at = RateSlot(planned_at, zone, channel, stops);
    for (size_t s = 0; s < pol_.suppressions.size(); ++s) {
      const auto& rule = pol_.suppressions[s];
      if ((rule.channel.empty() || rule.channel == channel) && suppress_[s][k]) {
        stops.push_back({"suppress", suppress_reasons_[s], rule.span});
      }
    }
    for (size_t a = 0; a < pol_.allows.size(); ++a) {
      const auto& rule = pol_.allows[a];
      if (rule.channel == channel && !allow_[a][k]) stops.push_back({"allow", allow_reasons_[a], rule.span});
    }
    std::string address = Address(channel, c.row);
    if (address.empty()) {
      stops.push_back({"address", fmt::format("no address on {}: `{}` is absent", channel, AddressField(pol_, channel)),
                       AddressSpan(pol_, channel)});
    }
    for (const std::string& purpose : camp.consents) Consent(purpose, k, at, stops);
    Caps(c, channel, at, zone_id, k, stops);
    CampaignCounts& counts = Counts(c.campaign);
    const state::Journey& j = journeys_[c.journey];
    if (!stops.empty()) {
      for (const Why& w : stops) {
        out_.plan.stops.push_back(
            state::Stop{d_.date, key, camp.name, step.message, w.rule, w.reason, c.step, Where(w.span), j.instance});
        ++counts.stopped[w.rule];
      }
      return;
    }
    ++counts.planned;
    TakeSlot(at, channel);
    const CampaignFacts& facts = campaign_facts_[c.campaign];
    sent_[k].push_back({at, names_.Id(channel), facts.name_id, 0, facts.kind});
    contact_rows_.push_back(c.row);
    out_.plan.contacts.push_back(state::Contact{d_.date, std::move(key), facts.id, camp.name, step.message, channel,
                                                KindText(camp), std::move(address), j.instance, c.step, at, Local(at, zone),
                                                // A journey of this run has no id yet: its index, resolved by PlanDay.
                                                j.id != 0 ? j.id : -static_cast<int64_t>(c.journey) - 1});
  }

  // A rule's source as a stop shows it, made once per rule (a day stops tens of
  // thousands of candidates); none for a rule without one.
  const std::string& Where(Span span) {
    if (span == Span{}) return kNoWhere;
    const uint64_t key = (static_cast<uint64_t>(span.begin) << 32) | span.end;
    auto [it, added] = wheres_.try_emplace(std::make_pair(span.file, key));
    if (added) it->second = d_.Where(span);
    return it->second;
  }

  // The step's send moment in the zone, past quiet hours: the same for every customer
  // of a zone, so computed once per zone, campaign and step.
  int64_t PlannedAt(const Candidate& c, int zone_id, const std::string& channel) {
    const uint64_t key = (static_cast<uint64_t>(zone_id) << 42) | (static_cast<uint64_t>(c.campaign) << 21) | c.step;
    auto [it, added] = planned_at_.try_emplace(key);
    if (added) {
      it->second = SendMoment(d_.date, d_.p.campaigns[c.campaign].send_minute, d_.now, zone_names_[zone_id], pol_.quiet,
                              channel);
    }
    return it->second;
  }

  const std::string& Local(int64_t at, const std::string& zone) {
    auto z = local_texts_.find(std::string_view(zone));
    if (z == local_texts_.end()) z = local_texts_.emplace(zone, std::unordered_map<int64_t, std::string>{}).first;
    auto [it, added] = z->second.try_emplace(at);
    if (added) it->second = LocalText(at, zone);
    return it->second;
  }

  // How a reason names a counted contact: SAM's by its campaign; one made outside SAM
  // by its campaign or channel and its table.
  std::string Label(const Sent& s) const {
    if (s.source == 0) {  // SAM's: by the campaign's name, as plans show it, when the program has it
      const auto it = shown_.find(s.campaign);
      return it != shown_.end() ? it->second : names_.Text(s.campaign);
    }
    const std::string& what = names_.Text(s.campaign != 0 ? s.campaign : s.channel);
    const std::string& source = names_.Text(s.source);
    return what.empty() ? fmt::format("a contact in `{}`", source) : fmt::format("{} (in `{}`)", what, source);
  }

  // `rate C N per D` (docs/engine.md, F5): at most N sends on C in each period of
  // length D counted from 1970-01-01 00:00 UTC (clock hours for 1h). A send whose
  // period is full waits for the next one with room, then for the end of any quiet
  // hours; if that is no longer on the run date in the customer's calendar, it is
  // stopped by the rule.
  int64_t RateSlot(int64_t at, const std::string& zone, const std::string& channel, std::vector<Why>& stops) {
    // The send moment is already past quiet hours: without a rate on the channel it stays.
    if (std::none_of(pol_.rates.begin(), pol_.rates.end(), [&](const auto& r) { return std::get<0>(r) == channel; })) {
      return at;
    }
    const int64_t planned_day = LocalDate(at, zone);
    int full = -1;  // the last rule that delayed it
    for (size_t round = 0; round < 100000; ++round) {
      int64_t moved = at;
      for (size_t r = 0; r < pol_.rates.size(); ++r) {
        const auto& [ch, n, per] = pol_.rates[r];
        if (ch != channel || rate_periods_[r] <= 0) continue;
        const int64_t period = rate_periods_[r];
        const int64_t bucket = FloorDiv(moved, period);
        if (RateCount(r, bucket) >= n) moved = (bucket + 1) * period, full = static_cast<int>(r);
      }
      moved = PastQuietHours(moved, zone, pol_.quiet, channel);
      if (moved == at) break;
      at = moved;
    }
    if (full >= 0 && LocalDate(at, zone) != planned_day) {
      // When it could go: free hours the quiet hours take are not free.
      const auto& [ch, n, per] = pol_.rates[full];
      const bool quiet = std::any_of(pol_.quiet.begin(), pol_.quiet.end(), [&](const ir::QuietHours& q) {
        return q.channel.empty() || q.channel == channel;
      });
      stops.push_back(
          {"rate",
           fmt::format("{} per {} on {} {} taken: the first moment with room{} is {}, after the day it was due",
                       n == 1 ? "1 send" : fmt::format("{} sends", n), rate_period_texts_[full], ch,
                       n == 1 ? "is" : "are", quiet ? " outside quiet hours" : "", LocalText(at, zone)),
           static_cast<size_t>(full) < pol_.rate_spans.size() ? pol_.rate_spans[full] : Span{}});
    }
    return at;
  }

  int64_t RateCount(size_t rule, int64_t bucket) {
    auto it = rate_counts_[rule].find(bucket);
    return it == rate_counts_[rule].end() ? 0 : it->second;
  }

  void TakeSlot(int64_t at, const std::string& channel) {
    for (size_t r = 0; r < pol_.rates.size(); ++r) {
      if (std::get<0>(pol_.rates[r]) == channel && rate_periods_[r] > 0) ++rate_counts_[r][FloorDiv(at, rate_periods_[r])];
    }
  }

  std::string Address(const std::string& channel, uint32_t row) {
    // The channel's address column, looked up once per channel (-1: none).
    auto [it, added] = address_columns_.try_emplace(channel, -1);
    if (added) it->second = d_.p.tables[d_.p.customers].Find(AddressField(pol_, channel));
    const int f = it->second;
    if (f < 0) return "";
    const rt::Column& col = d_.db.customer_table().columns[f];
    if (!col.Present(row) || col.type.kind != TypeKind::String) return "";
    return std::string(col.Str(row));
  }

  // docs/engine.md "Consent": granted at or before t; confirmed (if the purpose asks
  // for it) at or before t; and no withdrawal at or after the grant.
  void Consent(const std::string& purpose, size_t k, int64_t at, std::vector<Why>& stops) {
    for (size_t i = 0; i < pol_.consents.size(); ++i) {
      const ir::Consent& c = pol_.consents[i];
      if (c.purpose != purpose) continue;
      const auto& [granted, confirmed, withdrawn] = consent_[i];
      std::string why;
      if (!granted.Present(k)) {
        why = "not granted";
      } else if (granted.ints[k] > at) {
        why = fmt::format("granted only at {}, after the send moment", FormatTimestamp(granted.ints[k]));
      } else if (c.confirmed != ir::kNone && !confirmed.Present(k)) {
        why = "not confirmed";
      } else if (c.confirmed != ir::kNone && confirmed.ints[k] > at) {
        why = fmt::format("confirmed only at {}, after the send moment", FormatTimestamp(confirmed.ints[k]));
      } else if (c.withdrawn != ir::kNone && withdrawn.Present(k) && withdrawn.ints[k] >= granted.ints[k]) {
        why = fmt::format("withdrawn at {}", FormatTimestamp(withdrawn.ints[k]));
      }
      if (!why.empty()) stops.push_back({"consent", fmt::format("consent `{}`: {}", purpose, why), c.span});
      return;
    }
  }

  // A period in a reason as the policy writes it (`7d`, not `1w`), so that the reason
  // can be found in the program; one computed from data by its value.
  std::string PeriodText(ir::NodeId node, int64_t value) const {
    return d_.p.at(node).op == ir::Op::Const ? d_.Text(node) : FormatDuration(value);
  }

  // [at - D, at + D) as ShiftClock computes them: the same for the many contacts of a
  // zone sent at one moment.
  std::pair<int64_t, int64_t> Around(int64_t at, int64_t period, int zone_id) {
    const auto key = std::make_tuple(at, period, zone_id);
    auto [it, added] = around_.try_emplace(key);
    if (added) {
      const std::string& zone = zone_names_[zone_id];
      it->second = {ShiftClock(at, period, -1, zone), ShiftClock(at, period, 1, zone)};
    }
    return it->second;
  }

  // `max N contacts per D ...`: no half-open period of length D holding this contact
  // may hold more than N of the contacts the cap counts (docs/engine.md "Caps").
  void Caps(const Candidate& c, const std::string& channel_text, int64_t at, int zone_id, size_t k,
            std::vector<Why>& stops) {
    const std::string& zone = zone_names_[zone_id];
    const std::vector<Sent>& history = sent_[k];
    const Kind kind = campaign_facts_[c.campaign].kind;
    const int id = campaign_facts_[c.campaign].name_id, channel = names_.Id(channel_text);
    for (size_t i = 0; i < pol_.caps.size(); ++i) {
      const ir::Cap& cap = pol_.caps[i];
      // Fewer contacts than the cap allows, with this one: no period can be over it.
      if (static_cast<int64_t>(history.size()) + 1 <= cap.max) continue;
      const int cap_channel = cap_channels_[i];
      if (cap_channel != 0 && cap_channel != channel) continue;
      if (cap.kind && kind != (*cap.kind == ir::CampaignKind::Commercial ? Kind::Commercial : Kind::Service)) continue;
      const int64_t period = periods_[i];
      const auto [lo, hi] = Around(at, period, zone_id);
      std::vector<int64_t>& times = times_;
      std::vector<const Sent*>& counted = counted_;
      times.assign(1, at);
      counted.clear();
      for (const Sent& s : history) {
        if (cap_channel != 0 && s.channel != 0 && s.channel != cap_channel) continue;
        if (cap.kind && s.kind != Kind::Unknown && s.kind != kind) continue;
        if (cap.per_channel && s.channel != 0 && s.channel != channel) continue;
        if (cap.per_campaign && s.campaign != id) continue;
        if (cap.per_kind && s.kind != Kind::Unknown && s.kind != kind) continue;
        // `>=`: when at - D falls in a spring gap, lo is the gap's end and a contact there
        // starts a period that still holds `at`.
        if (s.at >= lo && s.at < hi) times.push_back(s.at), counted.push_back(&s);
      }
      if (static_cast<int64_t>(times.size()) <= cap.max) continue;  // no period holds more
      std::sort(times.begin(), times.end());
      int64_t most = 0, from = 0, to = 0;  // the fullest period holding this contact: [from, to)
      for (int64_t s : times) {
        if (s > at) break;
        const int64_t end = ShiftClock(s, period, 1, zone);
        if (end <= at) continue;  // a period that ends before this contact does not hold it
        const int64_t n = std::count_if(times.begin(), times.end(), [&](int64_t x) { return x >= s && x < end; });
        if (n > most) most = n, from = s, to = end;
      }
      if (most > cap.max) {
        // The contacts of that period, the latest first; a long list ends in how many more.
        std::erase_if(counted, [&](const Sent* x) { return x->at < from || x->at >= to; });
        std::stable_sort(counted.begin(), counted.end(), [](const Sent* a, const Sent* b) { return a->at > b->at; });
        std::string others;
        for (size_t n = 0; n < counted.size() && n < kListed; ++n) {
          others += fmt::format("{}{} at {}", n == 0 ? "" : ", ", Label(*counted[n]), LocalText(counted[n]->at, zone));
        }
        if (counted.size() > kListed) others += fmt::format(" and {} more", counted.size() - kListed);
        stops.push_back({"max",
                         fmt::format("{} contacts in a period of {} with this one at {} (at most {}): {}", most,
                                     period_texts_[i], LocalText(at, zone), cap.max, others),
                         cap.span});
      }
    }
  }

  Day& d_;
  const ir::Policy& pol_;
  std::vector<state::Journey>& journeys_;
  std::vector<Candidate>& cands_;
  DayDecisions& out_;
  std::string program_zone_;
  std::vector<uint8_t> suggested_;  // per candidate: a suggestion applied
  std::vector<uint32_t> index_;  // customer row -> index into the per-row vectors (for the candidates' rows)
  std::vector<uint32_t> contact_rows_;  // per contact planned: the customer's row
  struct KeyHash {  // looked up by string_view: no string made per stored contact
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, KeyHash, std::equal_to<>> row_of_;
  std::vector<std::string> zone_names_;  // 0: the program's zone
  std::vector<int> zone_of_;             // per index_: its zone in zone_names_
  std::vector<std::vector<uint8_t>> suppress_, allow_;
  std::vector<std::string> suppress_reasons_, allow_reasons_;  // per rule: a stop's reason
  std::vector<Why> stops_;                                     // the candidate's, reused
  inline static const std::string kNoWhere;
  std::map<std::pair<FileId, uint64_t>, std::string> wheres_;  // Where, per span
  std::unordered_map<uint64_t, int64_t> planned_at_;           // PlannedAt, per zone, campaign and step
  std::unordered_map<std::string, int> address_columns_;       // Address, per channel
  std::map<std::tuple<int64_t, int64_t, int>, std::pair<int64_t, int64_t>> around_;  // Around's bounds
  std::vector<int64_t> times_;                                                       // Caps', reused
  std::vector<const Sent*> counted_;
  struct Evidence3 {
    backend::Values granted, confirmed, withdrawn;
  };
  std::vector<Evidence3> consent_;
  std::vector<int64_t> periods_;
  std::vector<int64_t> rate_periods_;
  std::vector<std::string> period_texts_, rate_period_texts_;  // as PeriodText gives them
  std::vector<std::map<int64_t, int64_t>> rate_counts_;  // per rate rule: period index -> sends
  struct CampaignFacts {
    std::string id;  // CampaignId
    int name_id;     // its Names id
    Kind kind;
  };
  std::vector<CampaignFacts> campaign_facts_;  // per campaign
  std::vector<int> cap_channels_;             // per cap: its channel's Names id (0: any)
  // Local times as contacts show them, per zone and instant: a day's contacts share a
  // few send moments, and converting each was a tenth of the decisions.
  std::unordered_map<std::string, std::unordered_map<int64_t, std::string>, KeyHash, std::equal_to<>> local_texts_;
  Names names_;
  std::unordered_map<int, std::string> shown_;  // a campaign's Names id (its key, else name) -> its name
  std::vector<std::vector<Sent>> sent_;  // per index_: the contacts the caps count
};

}  // namespace

void Arbitrate(Day& day, std::vector<state::Journey>& journeys, std::vector<Candidate>& candidates, DayDecisions& out) {
  Arbiter(day, journeys, candidates, out).Run();
}

}  // namespace sam::engine
