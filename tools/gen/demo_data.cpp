// How a demo customer is drawn. The shares follow what the example programs select
// on (docs/cli.md, `sam gen`, lists them): consent with double opt-in and opt-outs,
// bounces, employees, exit surveys, churn scores, heavy-tailed orders with carts
// (some abandoned, some stuck at checkout), product holdings along the proposition
// matrix, e-mail engagement that stops for dormant customers, moves and feedback.
#include "tools/gen/demo_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <span>
#include <string_view>

#include "schema/calendar.hpp"
#include "tools/gen/rng.hpp"
#include "tools/gen/vocabulary.hpp"

namespace sam::gen {
namespace {

constexpr int64_t kDay = kSecondsPerDay;
constexpr int64_t kHour = 3600;
constexpr int64_t kHistoryDays = 3 * 365;  // events go back three years
constexpr int64_t kAbsent = INT64_MIN;     // an absent optional time

// Product enum variants, in schema order.
enum Product { kSavings, kCurrentAccount, kCreditCard, kMortgage, kTravelInsurance, kHomeInsurance };
constexpr std::string_view kProductNames[] = {"savings",  "current_account",  "credit_card",
                                              "mortgage", "travel_insurance", "home_insurance"};
constexpr std::string_view kGenders[] = {"female", "male", "other", "unknown"};
constexpr std::string_view kInflowChannels[] = {"web", "store", "partner", "app", "call_centre"};
constexpr std::string_view kExitReasons[] = {"price", "service_quality", "product_fit", "moved_abroad", "other"};
enum ExitReason { kPrice, kServiceQuality, kProductFit, kMovedAbroad, kOtherReason };

// When people do things, by hour of the day in UTC (customers in CET/CEST, awake).
constexpr int kHourWeights[24] = {2, 1, 1, 1, 1, 2, 5, 8, 9, 9, 9, 9, 10, 9, 9, 9, 10, 11, 12, 13, 12, 9, 6, 3};

// A short text built on the stack: ids, e-mail addresses, phone numbers.
class Text {
 public:
  Text& operator<<(std::string_view s) {
    size_t k = std::min(s.size(), sizeof(buf_) - n_);
    std::memcpy(buf_ + n_, s.data(), k);
    n_ += k;
    return *this;
  }
  Text& operator<<(int64_t v) {
    if (sizeof(buf_) - n_ >= 20) n_ = static_cast<size_t>(std::to_chars(buf_ + n_, buf_ + n_ + 20, v).ptr - buf_);
    return *this;
  }
  Text& Digits(Rng& r, int count) {
    for (int i = 0; i < count && n_ < sizeof(buf_); ++i) buf_[n_++] = static_cast<char>('0' + r.Below(10));
    return *this;
  }
  Text& Letters(Rng& r, int count) {
    for (int i = 0; i < count && n_ < sizeof(buf_); ++i) buf_[n_++] = static_cast<char>('A' + r.Below(26));
    return *this;
  }
  std::string_view view() const { return {buf_, n_}; }
  void Clear() { n_ = 0; }

 private:
  char buf_[200];
  size_t n_ = 0;
};

// Days [begin, end).
struct Window {
  int64_t begin = 0, end = 0;
  bool empty() const { return begin >= end; }
  int64_t days() const { return end - begin; }
};

struct Customer {
  int64_t id = 0;
  int country = 0;
  int64_t signup_at = 0, signup_day = 0;
  int64_t newsletter_optin = kAbsent, newsletter_confirmed = kAbsent, newsletter_optout = kAbsent;
  int64_t marketing_optin = kAbsent, marketing_optout = kAbsent;
  int64_t exit_at = kAbsent;
  int exit_reason = -1;       // -1: absent
  bool bounced = false;
  int64_t bounce_at = kAbsent;
  Window active;              // when the customer orders, browses and engages
  Window returned;            // after the exit survey, for those who came back
  bool dormant = false;
  bool unhappy = false;
  double open_rate = 0;
  double store_share = 0;     // of orders placed in a store
  int favourites[3] = {0, 0, 0};
  int cart_seq = 0, order_seq = 0;
  bool has_accounts = false;
};

class CustomerGen {
 public:
  CustomerGen(const World& w, int64_t id, TableBuffers& out)
      : w_(w), r_(Mix(w.seed, static_cast<uint64_t>(id))), out_(out), end_s_(w.as_of_day * kDay) {
    c_.id = id;
  }

  void Run() {
    DrawCustomer();
    Orders();
    AbandonedCarts();
    Accounts();
    Browsing();
    Emails();
    AddressChanges();
    if (r_.Chance(0.03)) {
      int64_t at = RandomTime(c_.active);
      Feedback(at, r_.Chance(0.5));  // about a product or about the service
    }
    if (r_.Chance(0.02)) {
      CsvBuffer& b = Buf(Table::SalesLeads);
      b.Int(c_.id);
      b.EndRow();
    }
  }

 private:
  CsvBuffer& Buf(Table t) { return out_[static_cast<size_t>(t)]; }
  std::string_view Word(vocab::Words words) { return r_.Of(words); }

  // Draws are made one statement at a time: the order in which a compiler evaluates
  // the operands of `+` or the arguments of a call is unspecified, and the stream
  // must be consumed in the same order by every build.
  int64_t TimeOfDay() {
    int64_t hour = static_cast<int64_t>(r_.Pick(kHourWeights));
    return hour * kHour + static_cast<int64_t>(r_.Below(kHour));
  }
  // A time of day `day`.
  int64_t At(int64_t day) { return day * kDay + TimeOfDay(); }
  // A day of the window, more often a recent one.
  int64_t RecentDay(Window w) {
    double u = r_.Uniform();
    u *= std::sqrt(u);  // u^1.5: density grows towards the window's end
    return w.end - 1 - std::min(w.days() - 1, static_cast<int64_t>(u * static_cast<double>(w.days())));
  }
  int64_t UniformDay(Window w) { return w.begin + static_cast<int64_t>(r_.Below(static_cast<uint64_t>(w.days()))); }
  int64_t RandomTime(Window w) { return w.empty() ? kAbsent : At(RecentDay(w)); }
  // A time in [from, end of data), uniformly; kAbsent when there is no room.
  int64_t TimeAfter(int64_t from) {
    if (from >= end_s_ - 60) return kAbsent;
    return from + 60 + static_cast<int64_t>(r_.Below(static_cast<uint64_t>(end_s_ - from - 60)));
  }
  bool Before(int64_t t) const { return t != kAbsent && t < end_s_; }
  void TimeOrNull(CsvBuffer& b, int64_t t) {
    if (t == kAbsent) b.Null();
    else b.Timestamp(t);
  }

  // --- the customers row ---------------------------------------------------------

  void DrawCustomer() {
    const int64_t today = w_.as_of_day;
    const int64_t history_begin = today - kHistoryDays;
    // Sign-up: a few new contacts in the welcome period, most over the last 15 years.
    int64_t age_days = r_.Chance(0.03) ? static_cast<int64_t>(r_.Below(28))
                                       : 28 + static_cast<int64_t>(5450 * Pow(r_.Uniform(), 1.4));
    c_.signup_day = today - 1 - age_days;
    c_.signup_at = At(c_.signup_day);
    c_.country = static_cast<int>(r_.Pick(vocab::kCountryWeights));
    const vocab::Country& country = vocab::kCountries[c_.country];

    // Activity: orders, browsing and engagement within the last three years, ending
    // early for dormant customers and at the exit survey for those who left.
    c_.active = {std::max(c_.signup_day + 1, history_begin), today};
    if (c_.signup_day <= today - 60 && r_.Chance(0.052)) {
      int64_t exit_day = UniformDay({std::max(c_.signup_day + 30, history_begin), today});
      c_.exit_at = At(exit_day);
      c_.active.end = exit_day;
      c_.exit_reason = r_.Chance(0.1) ? -1 : static_cast<int>(r_.Pick(std::array{35, 20, 20, 10, 15}));
      if (r_.Chance(0.15)) c_.returned = {exit_day + r_.Range(20, 200), today};
    } else if (c_.signup_day < today - 400 && r_.Chance(0.22)) {
      c_.dormant = true;
      c_.active.end = today - r_.Range(181, 900);
    }
    if (c_.active.end < c_.active.begin) c_.active.end = c_.active.begin;
    c_.unhappy = r_.Chance(0.12) || c_.exit_reason == kServiceQuality || c_.exit_reason == kPrice;
    c_.open_rate = r_.Chance(0.2) ? 0.0 : 0.1 + 0.5 * r_.Uniform();
    c_.store_share = r_.Chance(0.3) ? 0.7 : 0.15;
    for (int& f : c_.favourites) f = static_cast<int>(r_.Below(std::size(vocab::kCategories)));

    CsvBuffer& b = Buf(Table::Customers);
    b.Int(c_.id);

    // Name and gender; the e-mail address is built from an ASCII spelling.
    size_t gender = r_.Pick(std::array{48, 47, 2, 3});
    const vocab::Name* name;
    if (r_.Chance(0.001)) name = &r_.Of<vocab::Name>(vocab::kQuotedNames);
    else if (gender == 0) name = &r_.Of<vocab::Name>(vocab::kFemaleNames);
    else if (gender == 1) name = &r_.Of<vocab::Name>(vocab::kMaleNames);
    else name = &r_.Of<vocab::Name>(r_.Chance(0.5) ? std::span<const vocab::Name>(vocab::kNeutralNames)
                                                   : std::span<const vocab::Name>(vocab::kFemaleNames));
    Text t;
    t << name->ascii << "." << Word(vocab::kLastNames) << c_.id << "@"
      << (r_.Chance(0.6) ? country.email_domain : Word(vocab::kGenericDomains));
    b.Str(t.view());

    // mobile, phone
    if (r_.Chance(0.7)) {
      t.Clear();
      t << country.mobile_prefix;
      t.Digits(r_, country.mobile_digits);
      b.Raw(t.view());
    } else {
      b.Null();
    }
    if (r_.Chance(0.4)) {
      t.Clear();
      t << country.phone_prefix << static_cast<int64_t>(r_.Range(1, 9) * 10);
      t.Digits(r_, 7);
      b.Raw(t.view());
    } else {
      b.Null();
    }

    // postal_address: street and number, postcode and city; a few over two lines.
    if (r_.Chance(0.7)) {
      t.Clear();
      t << r_.Of(vocab::kStreets[c_.country]) << " " << r_.Range(1, 250);
      if (r_.Chance(0.1)) t << std::string_view("abc").substr(r_.Below(3), 1);  // 12a, 12b, 12c
      t << (r_.Chance(0.03) ? "\n" : ", ");
      if (c_.country == 0) {
        t << r_.Range(1000, 9999) << " ";
        t.Letters(r_, 2);
      } else {
        t << r_.Range(c_.country == 1 ? 1000 : 10000, c_.country == 1 ? 9999 : 99999);
      }
      t << " " << r_.Of(vocab::kCities[c_.country]);
      b.Str(t.view());
    } else {
      b.Null();
    }

    b.Str(name->display);

    // birth_date: a quarter unknown; 16 to 92 years old; some born on 29 February.
    if (r_.Chance(0.75)) {
      constexpr int kAges[] = {16, 25, 35, 45, 55, 65, 75}, kShares[] = {12, 20, 20, 18, 15, 10, 5};
      int years = kAges[r_.Pick(kShares)];
      years += static_cast<int>(r_.Below(years == 75 ? 18 : years == 16 ? 9 : 10));
      int64_t born = today - static_cast<int64_t>(years * 365.25) - static_cast<int64_t>(r_.Below(365));
      if (r_.Chance(0.002)) {
        int y = CivilFromDays(born).year;
        while (!IsLeapYear(y)) --y;
        born = DaysFromCivil(y, 2, 29);
      }
      b.Date(born);
    } else {
      b.Null();
    }
    b.Raw(kGenders[gender]);
    b.Raw(country.code);
    if (r_.Chance(0.8)) b.Str(r_.Of(vocab::kRegions[c_.country]));
    else b.Null();
    // time_zone: mostly unset (the country's zone applies).
    double tz = r_.Uniform();
    if (tz < 0.10) b.Raw(country.zone);
    else if (tz < 0.11) b.Raw(Word(vocab::kOtherZones));
    else b.Null();

    b.Timestamp(c_.signup_at);
    b.Raw(kInflowChannels[r_.Pick(std::array{40, 25, 10, 15, 10})]);

    DrawConsent();
    TimeOrNull(b, c_.newsletter_optin);
    TimeOrNull(b, c_.newsletter_confirmed);
    TimeOrNull(b, c_.newsletter_optout);
    TimeOrNull(b, c_.marketing_optin);
    TimeOrNull(b, c_.marketing_optout);
    TimeOrNull(b, r_.Chance(0.2) ? TimeAfter(c_.signup_at) : kAbsent);  // preferences_updated_at

    c_.bounced = r_.Chance(0.03);
    if (c_.bounced) {
      c_.bounce_at = RandomTime({std::max(c_.signup_day + 1, today - kHistoryDays), today});
      if (c_.bounce_at == kAbsent) c_.bounce_at = c_.signup_at;  // the welcome mail bounced
    }
    b.Bool(c_.bounced);
    b.Bool(r_.Chance(0.01));  // is_employee
    TimeOrNull(b, c_.exit_at);
    if (c_.exit_reason >= 0) b.Raw(kExitReasons[c_.exit_reason]);
    else b.Null();

    // churn_model_score: higher for leavers, dormant and unhappy customers.
    if (r_.Chance(0.8)) {
      double x = -1.2 + 1.1 * r_.Normal() + (c_.exit_at != kAbsent ? 1.8 : 0) + (c_.dormant ? 1.0 : 0) +
                 (c_.unhappy ? 0.7 : 0);
      b.Cents(std::lround(100.0 / (1.0 + Exp(-x))));
    } else {
      b.Null();
    }
    b.EndRow();
  }

  // Newsletter double opt-in with evidence, opt-outs (and re-subscriptions), and the
  // separate marketing consent.
  void DrawConsent() {
    if (r_.Chance(0.6)) {
      int64_t optin = r_.Chance(0.5) ? c_.signup_at + r_.Range(0, 600) : TimeAfter(c_.signup_at);
      if (optin == kAbsent || optin >= end_s_) optin = c_.signup_at;
      c_.newsletter_optin = optin;
      if (r_.Chance(0.7)) {
        int64_t confirmed = optin + (r_.Chance(0.85) ? r_.Range(30, kHour) : r_.Range(kHour, 5 * kDay));
        if (confirmed < end_s_) c_.newsletter_confirmed = confirmed;
      }
      if (r_.Chance(0.1)) {
        if (r_.Chance(0.1) && optin - c_.signup_at > 2 * kDay) {
          // Opted out, then signed up again later: the later sign-up counts.
          c_.newsletter_optout = c_.signup_at + r_.Range(kDay, optin - c_.signup_at - kDay);
        } else {
          c_.newsletter_optout = TimeAfter(std::max(optin, c_.newsletter_confirmed));
        }
      }
    } else if (r_.Chance(0.01)) {
      c_.newsletter_optout = TimeAfter(c_.signup_at);  // an imported suppression, no sign-up
    }
    if (r_.Chance(c_.newsletter_optin != kAbsent ? 0.65 : 0.3)) {
      c_.marketing_optin = r_.Chance(0.5) ? c_.signup_at + r_.Range(0, 600) : TimeAfter(c_.signup_at);
      if (c_.marketing_optin == kAbsent || c_.marketing_optin >= end_s_) c_.marketing_optin = c_.signup_at;
      if (r_.Chance(0.08)) c_.marketing_optout = TimeAfter(c_.marketing_optin);
    }
  }

  // --- orders and the web sessions they came from ----------------------------------

  int Category() {
    return r_.Chance(0.7) ? c_.favourites[r_.Below(3)] : static_cast<int>(r_.Below(std::size(vocab::kCategories)));
  }

  void WebEvent(int64_t at, std::string_view kind, std::string_view cart, int category) {
    if (!Before(at)) return;
    CsvBuffer& b = Buf(Table::WebEvents);
    b.Int(c_.id);
    b.Timestamp(at);
    b.Raw(kind);
    if (cart.empty()) b.Null();
    else b.Raw(cart);
    if (category < 0) b.Null();
    else b.Raw(vocab::kCategories[category].name);
    b.EndRow();
  }

  Text NewCart() {
    Text cart;
    cart << "C-" << c_.id << "-" << static_cast<int64_t>(++c_.cart_seq);
    return cart;
  }

  void Orders() {
    int n = 0;
    if (!c_.active.empty() && r_.Chance(0.72)) {
      double count = Exp(1.42 + 1.1 * r_.Normal());
      n = static_cast<int>(std::clamp(count, 1.0, 250.0));
      n = static_cast<int>(std::min<int64_t>(n, 1 + c_.active.days() / 4));
    }
    for (int i = 0; i < n; ++i) Order(RandomTime(c_.active));
    if (!c_.returned.empty()) {
      for (int i = 0, k = static_cast<int>(r_.Range(1, 3)); i < k; ++i) Order(RandomTime(c_.returned));
    }
  }

  void Order(int64_t at) {
    if (!Before(at)) return;
    int category = Category();
    std::string_view channel = r_.Chance(c_.store_share) ? "store" : r_.Chance(0.7) ? "web" : "app";
    double euros = Exp(3.6 + 0.95 * r_.Normal()) * vocab::kCategories[category].price_factor;
    int64_t cents = std::max<int64_t>(100, std::llround(euros * 100));
    if (r_.Chance(0.4)) cents = cents / 100 * 100 + (r_.Chance(0.5) ? 95 : 99);  // shop prices
    Text cart;
    if (channel != "store" && r_.Chance(0.75)) {
      cart = NewCart();
      // The session: maybe a visit and a view, the cart add(s), the checkout. One in
      // ten carts was left for a day or more and ordered later (after a reminder).
      int64_t add = at - (r_.Chance(0.1) ? r_.Range(kDay, 3 * kDay) : r_.Range(120, 2400));
      if (r_.Chance(0.2)) WebEvent(add - r_.Range(60, 1200), "visit", {}, -1);
      if (r_.Chance(0.5)) WebEvent(add - r_.Range(30, 900), "product_view", {}, category);
      WebEvent(add, "cart_add", cart.view(), category);
      if (r_.Chance(0.2)) {
        int64_t second = add + r_.Range(20, 100);
        WebEvent(second, "cart_add", cart.view(), Category());
      }
      WebEvent(at - r_.Range(20, 110), "checkout", cart.view(), -1);
    }
    CsvBuffer& b = Buf(Table::Orders);
    b.Int(c_.id);
    b.Timestamp(at);
    Text id;
    id << "O-" << c_.id << "-" << static_cast<int64_t>(++c_.order_seq);
    b.Raw(id.view());
    b.Cents(cents);
    b.Raw(vocab::kCategories[category].name);
    b.Raw(channel);
    if (cart.view().empty()) b.Null();
    else b.Raw(cart.view());
    b.EndRow();
    // A satisfaction survey answered a few days later.
    if (r_.Chance(0.14)) Feedback(at + r_.Range(3 * kDay, 10 * kDay), false);
  }

  // Carts never ordered from; some reached the checkout (a failed payment).
  void AbandonedCarts() {
    if (c_.active.empty()) return;
    int n = static_cast<int>(std::array{0, 1, 2, 3}[r_.Pick(std::array{60, 25, 10, 5})]);
    if (n == 3) n += static_cast<int>(r_.Below(3));
    for (int i = 0; i < n; ++i) {
      Text cart = NewCart();
      int64_t at = RandomTime(c_.active);
      int category = Category();
      WebEvent(at, "cart_add", cart.view(), category);
      if (r_.Chance(0.3)) {
        int64_t second = at + r_.Range(20, 300);
        WebEvent(second, "cart_add", cart.view(), Category());
      }
      if (r_.Chance(0.15)) WebEvent(at + r_.Range(120, 1200), "checkout", cart.view(), -1);
    }
  }

  // Visits with product views (several of one category: product interest) and logins.
  void Browsing() {
    if (c_.active.empty()) return;
    int sessions = static_cast<int>(r_.Pick(std::array{35, 35, 18, 8, 4}));
    for (int i = 0; i < sessions; ++i) {
      int64_t at = RandomTime(c_.active);
      WebEvent(at, "visit", {}, -1);
      if (r_.Chance(c_.has_accounts ? 0.5 : 0.15)) WebEvent(at + r_.Range(5, 60), "login", {}, -1);
      if (r_.Chance(0.6)) {
        int category = Category();
        for (int v = 0, views = static_cast<int>(r_.Range(1, 4)); v < views; ++v) {
          at += r_.Range(20, 600);
          WebEvent(at, "product_view", {}, category);
        }
      }
    }
  }

  // --- accounts along the proposition matrix ------------------------------------------

  void Account(int64_t at, Product p) {
    if (!Before(at) || at >= c_.active.end * kDay) return;
    CsvBuffer& b = Buf(Table::Accounts);
    b.Int(c_.id);
    b.Timestamp(at);
    b.Raw(kProductNames[p]);
    b.EndRow();
    c_.has_accounts = true;
  }

  // A later product `days` (a range) after the first, with probability p.
  void FollowUp(int64_t first, double p, Product product, int64_t min_days, int64_t max_days) {
    if (!r_.Chance(p)) return;
    int64_t days = r_.Range(min_days, max_days);
    Account(first + days * kDay + r_.Range(-4, 4) * kHour, product);
  }

  void Accounts() {
    Window w{c_.signup_day, c_.active.end};
    if (w.empty() || !r_.Chance(0.7)) return;
    auto first = static_cast<Product>(r_.Pick(std::array{30, 45, 10, 8, 0, 7}));
    int64_t at = At(UniformDay(w));
    at = std::max(at, c_.signup_at + r_.Range(60, kHour));
    Account(at, first);
    switch (first) {
      case kSavings:
        FollowUp(at, 0.25, kTravelInsurance, 30, 400);  // the seed's example
        FollowUp(at, 0.06, kMortgage, 180, 900);
        break;
      case kCurrentAccount:
        FollowUp(at, 0.3, kCreditCard, 14, 300);
        FollowUp(at, 0.2, kSavings, 30, 700);
        break;
      case kMortgage:
        FollowUp(at, 0.5, kHomeInsurance, 0, 30);
        FollowUp(at, 0.25, kSavings, 60, 400);
        break;
      case kCreditCard:
        FollowUp(at, 0.15, kTravelInsurance, 45, 400);
        break;
      case kTravelInsurance: case kHomeInsurance:
        break;
    }
    if (r_.Chance(0.15)) {
      int64_t extra = At(UniformDay(w));
      Account(extra, static_cast<Product>(r_.Below(6)));
    }
  }

  // --- e-mail ----------------------------------------------------------------------

  void EmailEvent(int64_t at, std::string_view kind, std::string_view campaign) {
    if (!Before(at)) return;
    CsvBuffer& b = Buf(Table::EmailEvents);
    b.Int(c_.id);
    b.Timestamp(at);
    b.Raw(kind);
    if (r_.Chance(0.03)) b.Null();  // events imported without their campaign
    else b.Raw(campaign);
    b.EndRow();
  }

  // A send, and the opens and clicks of an engaged customer. Nothing after a bounce;
  // no engagement once a customer went dormant or left.
  void Send(int64_t at, std::string_view campaign) {
    if (!Before(at) || (c_.bounce_at != kAbsent && at >= c_.bounce_at)) return;
    EmailEvent(at, "sent", campaign);
    if (at >= c_.active.end * kDay || !r_.Chance(c_.open_rate)) return;
    int64_t open = at + (r_.Chance(0.7) ? r_.Range(120, 6 * kHour) : r_.Range(6 * kHour, 3 * kDay));
    EmailEvent(open, "open", campaign);
    if (r_.Chance(0.22)) EmailEvent(open + r_.Range(5, 900), "click", campaign);
  }

  // Sends within [from, until) of the last three years: `n` of them, on a weekday
  // (0 = Monday) or any day when weekday < 0.
  void Sends(int64_t from, int64_t until, int n, std::span<const std::string_view> campaigns,
             std::span<const int> weights, int weekday) {
    Window w{std::max(from / kDay + 1, w_.as_of_day - kHistoryDays), std::min(until / kDay, w_.as_of_day)};
    if (w.empty()) return;
    for (int i = 0; i < n; ++i) {
      int64_t day = UniformDay(w);
      if (weekday >= 0) {
        day -= (Weekday(day) - weekday + 7) % 7;
        if (day < w.begin) day += 7;
        if (day >= w.end) continue;
      }
      size_t k = weights.empty() ? r_.Below(campaigns.size()) : r_.Pick(weights);
      Send(day * kDay + 5 * kHour + r_.Range(0, 2 * kHour), campaigns[k]);
    }
  }

  void Emails() {
    // The newsletter (Thursdays) to confirmed subscribers until they opt out.
    if (c_.newsletter_confirmed != kAbsent) {
      int64_t until = c_.newsletter_optout > c_.newsletter_optin ? c_.newsletter_optout : end_s_;
      Sends(c_.newsletter_confirmed, until, static_cast<int>(r_.Below(17)), vocab::kNewsletterCampaigns,
            vocab::kNewsletterWeights, 3);
    }
    if (c_.marketing_optin != kAbsent) {
      int64_t until = c_.marketing_optout != kAbsent ? c_.marketing_optout : end_s_;
      Sends(c_.marketing_optin, until, static_cast<int>(r_.Below(7)), vocab::kMarketingCampaigns, {}, -1);
    }
    Sends(c_.signup_at, end_s_, static_cast<int>(r_.Below(4)), vocab::kServiceCampaigns, {}, -1);

    // The withdrawal, as the e-mail platform recorded it.
    if (c_.newsletter_optout != kAbsent && c_.newsletter_optin != kAbsent) {
      EmailEvent(c_.newsletter_optout, "unsubscribe", "newsletter-weekly");
    }
    if (c_.bounced) EmailEvent(c_.bounce_at, "bounce", Word(vocab::kServiceCampaigns));
    else if (r_.Chance(0.005)) EmailEvent(RandomTime(c_.active), "bounce", "newsletter-weekly");  // a soft bounce
    if (r_.Chance(0.004)) {
      int64_t at = RandomTime(c_.active);
      EmailEvent(at, "complaint", Word(vocab::kMarketingCampaigns));
    }
  }

  // --- moves and feedback -------------------------------------------------------------

  void AddressChange(int64_t at, std::string_view country) {
    if (!Before(at)) return;
    CsvBuffer& b = Buf(Table::AddressChanges);
    b.Int(c_.id);
    b.Timestamp(at);
    b.Raw(country);
    b.EndRow();
  }

  void AddressChanges() {
    Window w{c_.signup_day + 1, w_.as_of_day};
    if (w.empty()) return;
    if (c_.exit_reason == kMovedAbroad) {
      int64_t day = c_.exit_at / kDay - r_.Range(0, 60);
      int64_t at = At(day);
      AddressChange(at, Word(vocab::kAbroad));
    } else if (r_.Chance(0.047)) {
      for (int i = 0, n = r_.Chance(0.2) ? 2 : 1; i < n; ++i) {
        std::string_view to = r_.Chance(0.9) ? vocab::kCountries[c_.country].code  // a move within the country
                                             : Word(vocab::kAbroad);
        AddressChange(At(RecentDay(w)), to);
      }
    }
  }

  void Feedback(int64_t at, bool about_service) {
    if (!Before(at)) return;
    // Satisfaction scores 0..10, mostly high; unhappy customers score lower.
    constexpr int kHappy[] = {1, 1, 1, 2, 2, 4, 6, 12, 21, 25, 25};
    constexpr int kUnhappy[] = {8, 7, 9, 10, 11, 12, 12, 11, 9, 6, 5};
    int score = static_cast<int>(r_.Pick(c_.unhappy || about_service ? kUnhappy : kHappy));
    bool complaint = r_.Chance(score <= 4 ? 0.4 : score <= 6 ? 0.1 : 0.01);
    CsvBuffer& b = Buf(Table::Feedback);
    b.Int(c_.id);
    b.Timestamp(at);
    b.Int(score);
    b.Bool(complaint);
    b.EndRow();
  }

  const World& w_;
  Rng r_;
  TableBuffers& out_;
  const int64_t end_s_;  // the as-of date's midnight: every time lies before it
  Customer c_;
};

}  // namespace

void GenerateCustomer(const World& world, int64_t id, TableBuffers& out) { CustomerGen(world, id, out).Run(); }

void WritePropositions(CsvBuffer& out) {
  struct Row {
    Product held, offer;
    int wait_days;
    int second_offer;  // -1: none
    int second_wait_days;
  };
  // Consistent with examples/cross_sell.sam: savings -> travel insurance after 30
  // days, then a mortgage after 180; mortgage -> savings after 60. Travel insurance
  // has no proposition.
  constexpr Row kRows[] = {
      {kSavings, kTravelInsurance, 30, kMortgage, 180},
      {kMortgage, kSavings, 60, kHomeInsurance, 90},
      {kCurrentAccount, kCreditCard, 14, kSavings, 90},
      {kCreditCard, kTravelInsurance, 45, -1, 0},
      {kHomeInsurance, kTravelInsurance, 60, -1, 0},
  };
  for (const Row& r : kRows) {
    out.Raw(kProductNames[r.held]);
    out.Raw(kProductNames[r.offer]);
    out.Int(r.wait_days);
    if (r.second_offer < 0) {
      out.Null();
      out.Null();
    } else {
      out.Raw(kProductNames[r.second_offer]);
      out.Int(r.second_wait_days);
    }
    out.EndRow();
  }
}

}  // namespace sam::gen
