// What the generator draws, clause by clause. Conditions come from small pools of
// expressions known to check (customer-level, journey-level with `entry`,
// trigger-level with `trigger.at` / `trigger.amount`), so that every program compiles.
#include "tests/reference/random_program.hpp"

#include <date/date.h>

#include <fmt/format.h>

#include "tests/support/rng.hpp"

namespace sam::reference {

namespace {

using testing::Rng;

const std::vector<std::string> kZones = {"Europe/Amsterdam", "America/New_York", "Asia/Tokyo", "Australia/Sydney",
                                         "Europe/London", "UTC", "America/Los_Angeles",
                                         // no 00:00 on 2026-03-08: that day starts at 01:00
                                         "America/Havana"};

std::string Date(int64_t day) {
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

std::string Stamp(int64_t minutes) {  // minutes since 1970, as an ISO timestamp in UTC
  const int64_t day = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
  const int64_t m = minutes - day * 1440;
  return fmt::format("{}T{:02}:{:02}:00Z", Date(day), m / 60, m % 60);
}

std::string Duration(Rng& r, bool hours) {
  if (hours && r.Chance(30)) return fmt::format("{}h", r.Pick(std::vector<int>{1, 6, 12, 20, 30, 36}));
  return fmt::format("{}d", r.Below(6));
}

std::string CustomerCondition(Rng& r, int depth = 0) {
  if (depth == 0 && r.Chance(20)) {
    return fmt::format("{} {} {}", CustomerCondition(r, 1), r.Chance(50) ? "and" : "or", CustomerCondition(r, 1));
  }
  switch (r.Below(9)) {
    case 0: return fmt::format("score > {}", r.Below(100));
    case 1: return fmt::format("any(orders within {}d)", 1 + r.Below(6));
    case 2: return fmt::format("count(visits within {}d) >= 2", 1 + r.Below(8));
    case 3: return fmt::format("sum(orders.amount within {}d) > {}", 2 + r.Below(10), r.Below(200));
    case 4: return fmt::format("none(orders within {}d)", 1 + r.Below(10));
    case 5: return "time_zone is present";
    case 6: return "fans";
    case 7: return "mobile is present";
    default: return fmt::format("any(visits within {}d where page == {})", 1 + r.Below(5), r.Below(4));
  }
}

// `event`: the campaign starts from an `on TABLE` trigger, whose fields its journeys see.
std::string JourneyCondition(Rng& r, bool event) {
  if (event && r.Chance(25)) return fmt::format("trigger.amount > {}", r.Below(200));
  switch (r.Below(4)) {
    case 0: return "any(orders since entry)";
    case 1: return "count(visits since entry) >= 2";
    case 2: return "none(orders since entry)";
    default: return CustomerCondition(r);
  }
}

std::string TriggerCondition(Rng& r) {
  switch (r.Below(3)) {
    case 0: return fmt::format("trigger.amount > {}", r.Below(200));
    case 1: return "any(visits after trigger.at)";
    default: return CustomerCondition(r);
  }
}

// One trigger of every source the reference plans; `after` only where the engine
// honours it (see tests/README.md: not on `enters`, `leaves`).
std::string Trigger(Rng& r, int n, int64_t first, bool& event) {
  std::string t = fmt::format("trigger t{} = ", n);
  const int source = r.Below(100);
  bool delay = true;
  event = false;
  if (source < 55) {
    t += "on orders";
    if (r.Chance(50)) t += fmt::format(" where amount >= {}", r.Below(150));
    if (source >= 42) t += " per cart";
    event = true;
  } else if (source < 62) {
    t += "on " + Date(first + r.Below(30));
    // `on TIMESTAMP`: wall-clock time in the program's zone (maybe in a gap) or UTC.
    if (r.Chance(40)) t += fmt::format("T{:02}:{}{}", r.Below(24), r.Chance(50) ? "30" : "00", r.Chance(30) ? ":00Z" : "");
  } else if (source < 69) {
    t += "yearly " + Date(first + r.Below(30)).substr(5);
  } else if (source < 76) {
    t += r.Chance(60) ? "yearly birth_date" : "yearly optin_at";
  } else if (source < 90) {
    t += fmt::format("{} {}", source < 84 ? "enters" : "leaves", r.Chance(50) ? "busy" : "buyers");
    delay = false;
  } else {
    t += fmt::format("inactive visits{} for {}", r.Chance(50) ? fmt::format(" where page == {}", r.Below(4)) : "", Duration(r, true));
  }
  // An event's delay may read its fields (evaluated once per distinct value) or its
  // time (evaluated per event).
  if (delay && r.Chance(60)) {
    const char* of_event = r.Chance(50) ? "days(trigger.cart ?? 2)" : "hours(day(trigger.at))";
    t += " after " + (event && r.Chance(20) ? std::string(of_event) : Duration(r, event));
  }
  if (r.Chance(25)) t += " if " + (event ? TriggerCondition(r) : CustomerCondition(r));
  if (r.Chance(25)) t += " unless " + (event ? TriggerCondition(r) : CustomerCondition(r));
  return t + "\n";
}

std::string Campaign(Rng& r, int n, int first_day, bool& uses_trigger, std::string& triggers) {
  const bool keyed = r.Chance(60);
  std::string c = fmt::format("campaign c{}{} {{\n", n, keyed ? fmt::format(" key \"k{}\"", r.Below(1000) * 10 + n) : "");
  const std::string channel = r.Chance(65) ? "email" : "sms";
  if (r.Chance(50)) {
    c += "  kind service\n";
  } else {
    c += fmt::format("  kind commercial requires {}\n", r.Pick(std::vector<std::string>{"newsletter", "promo", "newsletter, promo"}));
  }
  c += "  channel " + channel + "\n";
  bool event = false;
  if (r.Chance(55)) {
    c += "  audience " + CustomerCondition(r) + "\n";
  } else {
    triggers += Trigger(r, n, first_day, event);
    c += fmt::format("  on t{}\n", n);
    uses_trigger = true;
  }
  const int steps = 1 + r.Below(3);
  int delay = 0;
  for (int s = 0; s < steps; ++s) {
    const bool hours = r.Chance(20) && s > 0;
    std::string at = hours ? fmt::format("{}h", delay * 24 + 1 + r.Below(20)) : fmt::format("{}d", delay);
    c += fmt::format("  step \"c{}-{}\" at {}", n, s, at);
    if (r.Chance(25)) c += " if " + JourneyCondition(r, event);
    if (r.Chance(15)) c += std::string(" via ") + (channel == "email" ? "sms" : "email");
    c += "\n";
    delay += 1 + r.Below(3) + (hours ? 1 : 0);
  }
  if (r.Chance(30)) c += "  exit when " + JourneyCondition(r, event) + "\n";
  if (r.Chance(70)) c += fmt::format("  send at {:02}:{:02}\n", r.Below(24), r.Pick(std::vector<int>{0, 15, 30, 45}));
  if (r.Chance(50)) c += fmt::format("  priority {}\n", r.Below(5) * 10);
  if (keyed && r.Chance(40)) c += fmt::format("  holdout {}%\n", r.Pick(std::vector<std::string>{"5", "10", "12.5", "30", "50", "0.25"}));
  switch (r.Below(5)) {
    case 0: c += "  reentry never\n"; break;
    case 1: c += fmt::format("  reentry after {}d\n", r.Below(8)); break;
    case 2: c += "  reentry after exit\n"; break;
    default: break;
  }
  if (r.Chance(30)) c += fmt::format("  limit {} per run\n", 1 + r.Below(6));
  if (r.Chance(3)) c += "  paused\n";
  if (r.Chance(10)) c += fmt::format("  from {}\n", Date(first_day + r.Below(10)));
  if (r.Chance(10)) c += fmt::format("  until {}\n", Date(first_day + 10 + r.Below(15)));
  return c + "}\n";
}

std::string Cap(Rng& r) {
  std::string c = fmt::format("  max {} contacts per {}", 1 + r.Below(3), r.Chance(75) ? fmt::format("{}d", 1 + r.Below(7)) : fmt::format("{}h", r.Pick(std::vector<int>{6, 12, 36})));
  if (r.Chance(20)) c += " per channel";
  if (r.Chance(20)) c += " per campaign";
  if (r.Chance(15)) c += " per kind";
  if (r.Chance(20)) c += r.Chance(50) ? " on email" : " on sms";
  if (r.Chance(20)) c += r.Chance(50) ? " for commercial" : " for service";
  return c + "\n";
}

// Quiet hours overnight (from 18:00-23:30 to 05:00-09:00) or at midday (11:00-13:30 to
// 13:00-15:00): together they never cover the whole day (the docs do not say what
// happens then; see the report in tests/README.md).
std::string Quiet(Rng& r) {
  const bool night = r.Chance(70);
  const int from = night ? (18 + r.Below(6)) * 60 + r.Pick(std::vector<int>{0, 30}) : (11 + r.Below(3)) * 60 + r.Pick(std::vector<int>{0, 30});
  const int to = night ? (5 + r.Below(5)) * 60 : (from / 60 + 1 + r.Below(2)) * 60;
  std::string q = fmt::format("  quiet {:02}:{:02}..{:02}:{:02}", from / 60, from % 60, to / 60, to % 60);
  if (r.Chance(30)) q += r.Chance(50) ? " on email" : " on sms";
  return q + "\n";
}

std::string Policy(Rng& r, int campaigns) {
  std::string p = "policy {\n";
  if (r.Chance(80)) p += "  timezone time_zone\n";
  p += "  consent newsletter { granted optin_at";
  if (r.Chance(40)) p += " confirmed confirmed_at";
  if (r.Chance(60)) p += " withdrawn optout_at";
  p += " }\n  consent promo { granted promo_at }\n";
  for (int k = r.Below(4); k > 0; --k) p += Cap(r);
  for (int k = r.Below(3); k > 0; --k) p += Quiet(r);
  if (r.Chance(30)) p += fmt::format("  suppress {}{}\n", CustomerCondition(r), r.Chance(40) ? " on email" : "");
  if (r.Chance(25)) p += fmt::format("  allow sms when {}\n", CustomerCondition(r));
  if (r.Chance(30)) p += fmt::format("  suggest for fans {{ c{} {} }}\n", r.Below(campaigns), r.Below(6) * 10);
  if (r.Chance(25)) p += fmt::format("  rate {} {} per {}\n", r.Chance(60) ? "email" : "sms", 1 + r.Below(4), r.Chance(70) ? "1h" : "1d");
  return p + "}\n";
}

const char* kSchema = R"(schema {
  customers key id {
    id: int
    email: string?
    mobile: string?
    time_zone: string?
    score: int
    optin_at: timestamp?
    confirmed_at: timestamp?
    optout_at: timestamp?
    promo_at: timestamp?
    birth_date: date?
  }
  events orders of customers by customer_id at ordered_at { amount: int  cart: int? }
  events visits of customers by customer_id at visited_at { page: int }
}
segment fans = score > 60
segment busy = count(visits within 4d) >= 2
segment buyers = any(orders within 3d)
)";

// A timestamp within [from, to) days, or empty (absent) with the given chance. Often on a
// boundary: a quarter hour (send moments, quiet hours' ends) or a zone's midnight (`now`).
std::string MaybeStamp(Rng& r, int64_t from, int64_t to, int absent) {
  if (r.Chance(absent)) return "";
  int64_t minute = from * 1440 + r.Below(static_cast<int>((to - from) * 1440));
  if (r.Chance(30)) minute -= minute % 15;
  if (r.Chance(15)) minute = minute - minute % 1440 + r.Pick(std::vector<int>{0, 4, 5, 13, 14, 15, 22, 23}) * 60;
  return Stamp(minute);
}

// A birthday within the run dates, some years back; sometimes 29 February.
std::string BirthDate(Rng& r, int64_t first) {
  if (r.Chance(30)) return "";
  if (r.Chance(5)) return "2000-02-29";
  const date::year_month_day d{date::sys_days{date::days{first - 3 + r.Below(36)}}};
  return Date(date::sys_days{d - date::years{20 + r.Below(50)}}.time_since_epoch().count());
}

// Appends the rows in a random order: the loader, not the file, puts customers in key
// order and events in time order.
void Shuffle(Rng& r, std::vector<std::string>& rows, std::string& out) {
  for (size_t k = rows.size(); k > 1; --k) std::swap(rows[k - 1], rows[static_cast<size_t>(r.Below(static_cast<int>(k)))]);
  for (const std::string& row : rows) out += row;
}

// `letters`: string customer keys ("c12", "a3"), whose order is not their numbers'.
void Data(Rng& r, RandomCase& c, bool letters) {
  std::vector<std::string> rows, order_rows, visit_rows;  // written in a random order below
  std::string customers = "id,email,mobile,time_zone,score,optin_at,confirmed_at,optout_at,promo_at,birth_date\n";
  std::string orders = "customer_id,ordered_at,amount,cart\n", visits = "customer_id,visited_at,page\n";
  c.customers = 16 + r.Below(20);
  for (int id = 1; id <= c.customers; ++id) {
    std::string zone = r.Chance(25) ? "" : r.Chance(5) ? "Mars/Olympus" : r.Pick(kZones);
    const std::string key = letters ? fmt::format("{}{}", "abcde"[id % 5], id) : std::to_string(id);
    rows.push_back(fmt::format("{},{},{},{},{},{},{},{},{},{}\n", key, r.Chance(85) ? fmt::format("c{}@x.nl", id) : "",
                             r.Chance(60) ? fmt::format("+31{}", 600000 + id) : "", zone, r.Below(101),
                             MaybeStamp(r, c.first - 20, c.last + 5, 20), MaybeStamp(r, c.first - 10, c.last + 5, 30),
                             MaybeStamp(r, c.first - 20, c.last + 5, 70), MaybeStamp(r, c.first - 20, c.last + 5, 40),
                             BirthDate(r, c.first)));
    for (int k = r.Below(7); k > 0; --k) {
      order_rows.push_back(fmt::format("{},{},{},{}\n", key, MaybeStamp(r, c.first - 10, c.last + 1, 0), 1 + r.Below(200),
                            r.Chance(30) ? std::string() : std::to_string(1 + r.Below(3))));
    }
    for (int k = r.Below(9); k > 0; --k) {
      visit_rows.push_back(fmt::format("{},{},{}\n", key, MaybeStamp(r, c.first - 10, c.last + 1, 0), r.Below(4)));
    }
  }
  Shuffle(r, rows, customers);
  Shuffle(r, order_rows, orders);
  Shuffle(r, visit_rows, visits);
  c.files = {{"customers.csv", customers}, {"orders.csv", orders}, {"visits.csv", visits}};
}

}  // namespace

RandomCase MakeCase(uint64_t seed) {
  Rng r{seed * 0x2545f4914f6cdd1dull + 1};
  RandomCase c;
  c.seed = seed;
  // Around a daylight-saving change of Europe or the US, or anywhere in the year.
  const std::vector<int64_t> changes = {20541, 20520, 20751, 20758};  // 2026-03-29, -03-08, -10-25, -11-01
  c.first = r.Chance(75) ? r.Pick(changes) - r.Below(20) : 20454 + r.Below(330);
  c.last = c.first + 29;
  for (int64_t d = c.first; d < c.last; d += 1 + (r.Chance(35) ? r.Below(4) : 0)) c.run_dates.push_back(d);
  c.run_dates.push_back(c.last);
  const int campaigns = 1 + r.Below(4);
  std::string triggers, body;
  bool uses_trigger = false;
  for (int n = 0; n < campaigns; ++n) body += Campaign(r, n, static_cast<int>(c.first), uses_trigger, triggers);
  const bool letters = r.Chance(25);
  std::string schema = kSchema;
  if (letters) schema.replace(schema.find("id: int"), 7, "id: string");
  c.program = fmt::format("timezone \"{}\"\n{}{}{}{}", r.Pick(kZones), schema, triggers, body, Policy(r, campaigns));
  Data(r, c, letters);
  return c;
}

}  // namespace sam::reference
