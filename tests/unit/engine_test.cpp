// The campaign engine (docs/engine.md) on small data whose plans are worked out by
// hand below: entries, steps, consent at the send moment, caps, quiet hours, the
// holdout draw against `bucket`, exactly once, catch-up equal to day by day, dry runs;
// and the state file refusing what is not its own.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "engine/engine.hpp"
#include "engine/time_rules.hpp"
#include "engine/why.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"
#include "tests/support/dates.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

namespace fs = std::filesystem;
using engine::state::Store;

using testing::Day;

const char* kEngineProgram = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id {
    id: int
    email: string?
    time_zone: string?
    optin_at: timestamp?
    optout_at: timestamp?
  }
  events orders of customers by customer_id at ordered_at { amount: decimal }
}

segment buyers = any(orders within 2d)

campaign thanks {
  kind service
  channel email
  on big_order
  message "thanks"
  send at 10:00
}
trigger big_order = on orders where amount >= 100 if email is present

campaign offer key "offer-1" {
  kind commercial requires marketing
  channel email
  audience buyers
  step "offer" at 0d
  step "reminder" at 2d
  send at 22:30
  reentry never
}

policy {
  timezone time_zone
  consent marketing { granted optin_at withdrawn optout_at }
  max 1 contact per 1d
  quiet 21:00..08:00
}
)";

// Customers: 1 buys 150 on 11-20 (thanks and offer), 2 buys 50 on 11-20 (offer only;
// opted out), 3 buys 200 on 11-21 in New York, 4 no orders.
struct Data {
  fs::path dir = fs::temp_directory_path() / fmt::format("sam_engine_{}", ::getpid());
  Frontend fe;
  rt::Database db;
  std::unique_ptr<backend::Backend> backend = backend::MakeBackend("interp");
  Data() {
    fs::create_directories(dir);
    std::ofstream(dir / "customers.csv") << "id,email,time_zone,optin_at,optout_at\n"
                                            "1,a@x.nl,,2026-01-01T00:00:00Z,\n"
                                            "2,b@x.nl,,2026-01-01T00:00:00Z,2026-06-01T00:00:00Z\n"
                                            "3,c@x.com,America/New_York,2026-01-01T00:00:00Z,\n"
                                            "4,d@x.nl,,,\n";
    std::ofstream(dir / "orders.csv") << "customer_id,ordered_at,amount\n"
                                         "1,2026-11-20T12:00:00Z,150\n"
                                         "2,2026-11-20T12:00:00Z,50\n"
                                         "3,2026-11-21T15:00:00Z,200\n";
    CheckText(fe, "engine.sam", kEngineProgram);
    for (const auto& d : fe.diags.all()) MESSAGE(d.message);
    REQUIRE(fe.ir.has_value());
    db = testing::LoadFolder(*fe.ir, dir);
  }
  ~Data() { fs::remove_all(dir); }
  std::vector<engine::DayPlan> Run(Store& store, const char* date, bool dry = false) {
    engine::RunOptions o;
    o.date = Day(date);
    o.dry_run = dry;
    o.threads = 2;
    return engine::Run(*fe.ir, db, *backend, store, o);
  }
};

// The run of `date` on a fresh state in memory, rules named by their program text.
std::vector<engine::DayPlan> RunOnce(const Frontend& fe, const rt::Database& db, const char* date) {
  auto backend = backend::MakeBackend("interp");
  Store store = Store::InMemory();
  engine::RunOptions o;
  o.date = Day(date);
  o.where = [&fe](Span s) { return s.end > s.begin ? std::string(fe.sources.Text(s)) : std::string(); };
  return engine::Run(*fe.ir, db, *backend, store, o);
}

std::vector<std::string> Lines(const engine::DayPlan& plan) {
  std::vector<std::string> out;
  for (const auto& c : plan.contacts) out.push_back(fmt::format("{} {} {} {}", c.customer, c.campaign_name, c.message, c.local_time));
  for (const auto& s : plan.stops) out.push_back(fmt::format("{} {} {} stopped: {}", s.customer, s.campaign, s.message, s.rule));
  return out;
}

TEST_CASE("engine: a first run, by hand") {
  Data d;
  Store store = Store::InMemory();
  auto plans = d.Run(store, "2026-11-21");
  REQUIRE(plans.size() == 1);
  // 11-21 (now 11-21 00:00 +01:00): the orders of 11-20 are seen; the first run fires
  // what came due after the day before's now, which both did. Equal priorities: the
  // campaign key or name decides, "offer-1" before "thanks". offer (buyers: 1, 2):
  // customer 1 at 22:30, quiet until 08:00 on 11-22; customer 2 withdrew consent. thanks
  // (customer 1, 10:00 on 11-21) then shares a 1d period with the offer (22 h later):
  // stopped by the cap.
  CHECK(Lines(plans[0]) == std::vector<std::string>{
                               "1 offer offer 2026-11-22 08:00 +01:00",
                               "2 offer offer stopped: consent",
                               "1 thanks thanks stopped: max",
                           });
}

TEST_CASE("engine: day by day, exactly once, catch-up, dry run") {
  Data d;
  Store daily = Store::InMemory();
  std::vector<std::vector<std::string>> by_day;
  for (const char* date : {"2026-11-21", "2026-11-22", "2026-11-23"}) by_day.push_back(Lines(d.Run(daily, date).at(0)));
  // 11-22: customer 3 (New York) is a buyer now: offer at 22:30, quiet until 08:00 on
  // 11-23; the order (11-21 15:00 UTC) fires thanks at 10:00 on 11-22, 22 h before the
  // offer: stopped. 1 and 2 do not enter again (`reentry never`).
  CHECK(by_day[1] == std::vector<std::string>{
                         "3 offer offer 2026-11-23 08:00 -05:00",
                         "3 thanks thanks stopped: max",
                     });
  // 11-23: the reminder of customers 1 and 2 (entered 11-21, step at 2d), 22:30 -> 08:00
  // on 11-24, exactly 1d after customer 1's offer: periods are half-open, so allowed;
  // customer 2 still without consent.
  CHECK(by_day[2] == std::vector<std::string>{
                         "1 offer reminder 2026-11-24 08:00 +01:00",
                         "2 offer reminder stopped: consent",
                     });
  // Every stored contact points to its journey, also one that started in its run.
  for (const char* date : {"2026-11-21", "2026-11-22", "2026-11-23"}) {
    for (const auto& c : daily.ContactsOf(Day(date))) {
      bool found = false;
      for (const auto& j : daily.JourneysOf(c.campaign, c.customer)) found = found || j.id == c.journey;
      CHECK_MESSAGE(found, date, " ", c.customer, " ", c.campaign);
    }
  }
  // Again for a committed date: the plan as recorded, nothing written.
  auto again = d.Run(daily, "2026-11-22");
  REQUIRE(again.size() == 1);
  CHECK(again[0].replayed);
  CHECK(Lines(again[0]) == by_day[1]);
  CHECK(daily.LastRunDate() == Day("2026-11-23"));
  // Before the first run: an error.
  CHECK_THROWS_AS(d.Run(daily, "2026-11-01"), engine::EngineError);
  // A catch-up after a gap plans each date in order, as day by day would.
  Store gap = Store::InMemory();
  d.Run(gap, "2026-11-21");
  auto caught = d.Run(gap, "2026-11-23");
  REQUIRE(caught.size() == 2);
  CHECK(Lines(caught[0]) == by_day[1]);
  CHECK(Lines(caught[1]) == by_day[2]);
  // A dry run plans the same and keeps nothing.
  Store dry = Store::InMemory();
  d.Run(dry, "2026-11-21");
  auto rehearsed = d.Run(dry, "2026-11-23", true);
  REQUIRE(rehearsed.size() == 2);
  CHECK(Lines(rehearsed[1]) == by_day[2]);
  CHECK(dry.LastRunDate() == Day("2026-11-21"));
}

TEST_CASE("engine: a step due for a customer no longer in the data is stopped by `customer`") {
  Data d;
  Store store = Store::InMemory();
  d.Run(store, "2026-11-21");
  // The next export lacks customer 1 (and their order): their reminder (11-23, a step
  // without `if`) is recorded as stopped, not skipped without a trace.
  std::ofstream(d.dir / "customers.csv") << "id,email,time_zone,optin_at,optout_at\n"
                                            "2,b@x.nl,,2026-01-01T00:00:00Z,2026-06-01T00:00:00Z\n"
                                            "3,c@x.com,America/New_York,2026-01-01T00:00:00Z,\n"
                                            "4,d@x.nl,,,\n";
  std::ofstream(d.dir / "orders.csv") << "customer_id,ordered_at,amount\n"
                                         "2,2026-11-20T12:00:00Z,50\n"
                                         "3,2026-11-21T15:00:00Z,200\n";
  d.db = testing::LoadFolder(*d.fe.ir, d.dir);
  auto plans = d.Run(store, "2026-11-23");
  REQUIRE(plans.size() == 2);
  CHECK(Lines(plans[1]) == std::vector<std::string>{
                               "1 offer reminder stopped: customer",
                               "2 offer reminder stopped: consent",
                           });
  // Both were due: candidates, each stopped by its rule, none planned.
  int offers = 0;
  for (const auto& c : plans[1].campaigns) {
    if (c.campaign != "offer") continue;
    ++offers;
    CHECK(c.candidates == 2);
    CHECK(c.planned == 0);
    CHECK(c.stopped == std::map<std::string, int64_t>{{"consent", 1}, {"customer", 1}});
  }
  CHECK(offers == 1);
}

TEST_CASE("engine: why, from the state") {
  Data d;
  Store store = Store::InMemory();
  d.Run(store, "2026-11-21");
  int offer = -1;
  for (size_t c = 0; c < d.fe.ir->campaigns.size(); ++c) {
    if (d.fe.ir->campaigns[c].name == "offer") offer = static_cast<int>(c);
  }
  REQUIRE(offer >= 0);
  const engine::Explanation e = engine::Why(*d.fe.ir, d.db, *d.backend, store, offer, "2", Day("2026-11-21"), {});
  CHECK(e.run_committed);
  REQUIRE(e.entry.size() == 1);  // `buyers`: no top-level and/or
  CHECK(e.entry[0].second == "true");
  REQUIRE(e.journeys.size() == 1);
  CHECK(e.journeys[0].next_step == 1);
  CHECK(e.contacts.empty());
  REQUIRE(e.stops.size() == 1);
  CHECK(e.stops[0].rule == "consent");
  CHECK(e.stops[0].reason.find("withdrawn at 2026-06-01") != std::string::npos);
  // The policy's values for customer 2 (customers.csv above): no zone of their own, the
  // consent's evidence as the data holds it.
  REQUIRE(e.policy.size() == 2);
  CHECK(e.policy[0].rule == "timezone `(customer time_zone)`");  // no program text given: the IR's form
  CHECK(e.policy[0].value == "absent: the program's zone `Europe/Amsterdam` is used");
  CHECK(e.policy[1].rule == "consent `marketing`");
  CHECK(e.policy[1].value == "granted 2026-01-01T00:00:00Z, withdrawn 2026-06-01T00:00:00Z");
  const engine::Explanation four = engine::Why(*d.fe.ir, d.db, *d.backend, store, offer, "4", Day("2026-11-21"), {});
  CHECK(four.entry[0].second == "false");
  const engine::Explanation zoned = engine::Why(*d.fe.ir, d.db, *d.backend, store, offer, "3", Day("2026-11-21"), {});
  CHECK(zoned.policy[0].value == "\"America/New_York\"");
  CHECK(four.journeys.empty());
  CHECK_THROWS_AS(engine::Why(*d.fe.ir, d.db, *d.backend, store, offer, "77", Day("2026-11-21"), {}), engine::EngineError);
  // A trigger campaign: the firings of the run's interval, with the `if` as the run saw it.
  int thanks = -1;
  for (size_t c = 0; c < d.fe.ir->campaigns.size(); ++c) {
    if (d.fe.ir->campaigns[c].name == "thanks") thanks = static_cast<int>(c);
  }
  const engine::Explanation one = engine::Why(*d.fe.ir, d.db, *d.backend, store, thanks, "1", Day("2026-11-21"), {});
  CHECK(one.trigger == "big_order");
  REQUIRE(one.firings.size() == 1);  // the order of 11-20 12:00 UTC, in (11-20 00:00, 11-21 00:00] +01:00
  CHECK(engine::UtcText(one.firings[0].at) == "2026-11-20T12:00:00Z");
  CHECK(one.firings[0].outcome == "fires");
  REQUIRE(one.firings[0].conditions.size() == 1);
  CHECK(one.firings[0].conditions[0].second == "true");
  // Customer 2's order (50) does not match `where amount >= 100`; customer 3's (11-21
  // 15:00 UTC) comes due in the next run, not this one.
  CHECK(engine::Why(*d.fe.ir, d.db, *d.backend, store, thanks, "2", Day("2026-11-21"), {}).firings.empty());
  CHECK(engine::Why(*d.fe.ir, d.db, *d.backend, store, thanks, "3", Day("2026-11-21"), {}).firings.empty());
  d.Run(store, "2026-11-22");
  const engine::Explanation three = engine::Why(*d.fe.ir, d.db, *d.backend, store, thanks, "3", Day("2026-11-22"), {});
  REQUIRE(three.firings.size() == 1);
  CHECK(engine::UtcText(three.firings[0].at) == "2026-11-21T15:00:00Z");
}

// A stop by `address` names where the policy maps the channel's field (`sam why` and
// the stop files show it); a channel's default field is written nowhere.
TEST_CASE("engine: an address stop names the policy's channel mapping") {
  Frontend fe;
  CheckText(fe, "address.sam", R"(
schema {
  customers key id { id: int  email: string?  phone_alt: string? }
}
campaign call { kind service channel phone audience true message "call" }
campaign mail { kind service channel email audience true message "mail" }
policy {
  channel phone address phone_alt
}
)");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email,phone_alt\n1,,\n"}});
  const auto plans = RunOnce(fe, db, "2026-11-21");
  REQUIRE(plans.size() == 1);
  std::vector<std::string> stops;
  for (const auto& x : plans[0].stops) stops.push_back(fmt::format("{} {} {}", x.campaign, x.rule, x.source));
  std::sort(stops.begin(), stops.end());
  CHECK(stops == std::vector<std::string>{"call address channel phone address phone_alt", "mail address "});
}

// A consent's evidence in a stop's reason to the microsecond: a grant a microsecond
// after the send moment read "granted only at 09:00:00Z" (a new-user trial).
TEST_CASE("engine: consent reasons keep the evidence's microseconds") {
  Frontend fe;
  CheckText(fe, "consent.sam", R"(
timezone "UTC"
schema {
  customers key id { id: int  email: string  g: timestamp?  c: timestamp? }
}
campaign news { kind commercial requires nl channel email audience true message "n" send at 09:00 }
policy {
  consent nl { granted g confirmed c }
}
)");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(
      *fe.ir, {{"customers.csv", "id,email,g,c\n1,a@x,2026-05-01T09:00:00.000001Z,\n"
                                 "2,b@x,2026-04-01T00:00:00Z,2026-05-01T09:00:01.5Z\n"}});
  const auto plans = RunOnce(fe, db, "2026-05-01");
  REQUIRE(plans.size() == 1);
  std::vector<std::string> reasons;
  for (const auto& x : plans[0].stops) reasons.push_back(x.customer + " " + x.reason);
  std::sort(reasons.begin(), reasons.end());
  CHECK(reasons == std::vector<std::string>{
                       "1 consent `nl`: granted only at 2026-05-01T09:00:00.000001Z, after the send moment",
                       "2 consent `nl`: confirmed only at 2026-05-01T09:00:01.500000Z, after the send moment",
                   });
}

TEST_CASE("engine: send moments across daylight saving and quiet hours") {
  const std::string ams = "Europe/Amsterdam";
  // 2026-03-29: 02:30 does not exist (02:00 -> 03:00): it moves past the gap.
  const int64_t spring = Day("2026-03-29");
  CHECK(engine::LocalText(engine::SendMoment(spring, 150, StartOfDay(spring, ams), ams, {}, "email"), ams) ==
        "2026-03-29 03:00 +02:00");
  // 2026-10-25: 02:30 exists twice: the first.
  const int64_t autumn = Day("2026-10-25");
  CHECK(engine::UtcText(engine::SendMoment(autumn, 150, StartOfDay(autumn, ams), ams, {}, "email")) ==
        "2026-10-25T00:30:00Z");
  // Quiet 21:00..08:00 (a period past midnight) and one on sms only.
  std::vector<ir::QuietHours> quiet{{21 * 60, 8 * 60, "", {}}, {20 * 60, 9 * 60, "sms", {}}};
  const int64_t day = Day("2026-11-23");
  CHECK(engine::LocalText(engine::SendMoment(day, 22 * 60, StartOfDay(day, ams), ams, quiet, "email"), ams) ==
        "2026-11-24 08:00 +01:00");
  CHECK(engine::LocalText(engine::SendMoment(day, 7 * 60, StartOfDay(day, ams), ams, quiet, "sms"), ams) ==
        "2026-11-23 09:00 +01:00");
  CHECK(engine::LocalText(engine::SendMoment(day, 8 * 60, StartOfDay(day, ams), ams, quiet, "email"), ams) ==
        "2026-11-23 08:00 +01:00");  // [21:00, 08:00): 08:00 goes
  // Whole days are calendar days: 09:00 to 09:00 over the spring change is 1d.
  const int64_t before = engine::SendMoment(spring - 1, 9 * 60, 0, ams, {}, "email");
  const int64_t after = engine::SendMoment(spring, 9 * 60, 0, ams, {}, "email");
  CHECK(after - before == 23 * 3600 * int64_t{1000000});
  CHECK(engine::Shift(before, engine::kDay, 1, ams) == after);
  // Havana has no 00:00 on 2026-03-08 (23:59:59 -> 01:00): that day starts at 01:00,
  // and a whole day later is the next day's 00:00, a day earlier the last one's.
  const std::string havana = "America/Havana";
  const int64_t change = Day("2026-03-08");
  CHECK(engine::LocalText(StartOfDay(change, havana), havana) == "2026-03-08 01:00 -04:00");
  CHECK(engine::Shift(StartOfDay(change, havana), engine::kDay, 1, havana) == StartOfDay(change + 1, havana));
  CHECK(engine::Shift(StartOfDay(change, havana), 2 * engine::kDay, -1, havana) == StartOfDay(change - 2, havana));
  CHECK(engine::Shift(StartOfDay(change - 1, havana), engine::kDay, 1, havana) == StartOfDay(change, havana));
  // Any later time of day keeps its time: 02:00 on the change day is 02:00 the next.
  const int64_t two = StartOfDay(change, havana) + 3600 * int64_t{1000000};
  CHECK(engine::LocalText(engine::Shift(two, engine::kDay, 1, havana), havana) == "2026-03-09 02:00 -04:00");
}

// The holdout draw is `bucket(KEY, 10000) < P x 100`, computed by the engine itself and
// here through the interpreter's `bucket`.
TEST_CASE("engine: the holdout draw equals bucket") {
  Frontend fe;
  CheckText(fe, "holdout.sam", R"(
schema { customers key id { id: int  email: string } }
campaign hello key "hello-2026" { kind service channel email audience true message "hi" holdout 30% }
)");
  REQUIRE(fe.ir.has_value());
  std::string customers = "id,email\n";
  for (int k = 1; k <= 2000; ++k) customers += fmt::format("{},c{}@x.nl\n", k, k);
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", customers}});
  auto backend = backend::MakeBackend("interp");
  Store store = Store::InMemory();
  engine::RunOptions o;
  o.date = Day("2026-11-23");
  auto plans = engine::Run(*fe.ir, db, *backend, store, o);
  std::vector<std::string> held;
  for (const auto& s : plans.at(0).stops) {
    if (s.rule == "holdout") held.push_back(s.customer);
  }
  std::vector<query::QueryResult> results;
  query::QueryOptions qo;
  qo.today = o.date;
  REQUIRE(testing::RunQueryText(fe, db, "q.samq", "show customers where bucket(\"hello-2026\", 10000) < 3000 { id }",
                                *backend, qo, results));
  std::vector<std::string> expected;
  for (const auto& row : results.at(0).rows) expected.push_back(row[0]);
  CHECK(held == expected);
  CHECK(held.size() > 500);  // about 30% of 2,000
  CHECK(held.size() < 700);
  // `sam why` shows the same draw: the bucket `bucket` computes, and the decision.
  REQUIRE(testing::RunQueryText(fe, db, "q2.samq", "show customers limit 40 { id, bucket(\"hello-2026\", 10000) as b }",
                                *backend, qo, results));
  int checked = 0;
  for (const auto& row : results.back().rows) {
    const engine::Explanation e = engine::Why(*fe.ir, db, *backend, store, 0, row[0], o.date, {});
    CHECK(e.holdout_bucket == std::stoll(row[1]));
    CHECK(e.holdout_percent == doctest::Approx(30.0));
    const bool listed = std::find(held.begin(), held.end(), row[0]) != held.end();
    CHECK((e.holdout_bucket < 3000) == listed);
    ++checked;
  }
  CHECK(checked == 40);
  // FNV-1a's published vectors, through the same hash: "" and "a" with the key's separator
  // are not published, so the hash of the key "a" and "" is checked against a direct FNV-1a
  // of the bytes "a\x1f".
  uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : std::string("a\x1f")) h = (h ^ ch) * 1099511628211ull;
  CHECK(engine::BucketHash("a", "") == h);
}

// `inactive orders for 3d` fires in the first run in which `none(orders within 3d)`
// turns true for a customer with orders; the first run fires only silences that began
// after the day before's `now`.
TEST_CASE("engine: inactive triggers agree with the segment written with none(... within D)") {
  Frontend fe;
  CheckText(fe, "inactive.sam", R"(
timezone "Europe/Amsterdam"
schema {
  customers key id { id: int  email: string }
  events orders of customers by customer_id at ordered_at { amount: decimal }
}
trigger quiet = inactive orders for 3d
campaign wake { kind service channel email on quiet message "wake" }
)");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email\n1,a@x.nl\n2,b@x.nl\n3,c@x.nl\n"},
                                                {"orders.csv", "customer_id,ordered_at,amount\n"
                                                               "1,2026-11-18T09:00:00Z,10\n"
                                                               "1,2026-11-20T12:00:00Z,10\n"
                                                               "2,2026-11-22T23:00:00Z,10\n"}});  // 2: 11-23 00:00 in Amsterdam
  auto backend = backend::MakeBackend("interp");
  Store store = Store::InMemory();
  std::vector<std::string> fired;
  for (const char* date : {"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"}) {
    engine::RunOptions o;
    o.date = Day(date);
    for (const auto& plan : engine::Run(*fe.ir, db, *backend, store, o)) {
      for (const auto& c : plan.contacts) fired.push_back(fmt::format("{} {}", date, c.customer));
    }
  }
  // Customer 1: last order 11-20 13:00 local, more than 3d old from 11-24 00:00 on.
  // Customer 2: 11-23 00:00 local exactly, 3d later is 11-26 00:00: not more than 3d
  // old until after it, so the run of 11-27. Customer 3 has no orders.
  CHECK(fired == std::vector<std::string>{"2026-11-24 1", "2026-11-27 2"});
  // `sam why` finds the same firings again, date by date, from the state.
  std::vector<std::string> explained;
  for (const char* date : {"2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"}) {
    for (const char* key : {"1", "2", "3"}) {
      if (!engine::Why(*fe.ir, db, *backend, store, 0, key, Day(date), {}).firings.empty()) {
        explained.push_back(fmt::format("{} {}", date, key));
      }
    }
  }
  CHECK(explained == fired);
  // The segment view: the first run date on which it holds is the firing date.
  for (const auto& [date, key] : std::vector<std::pair<const char*, int>>{{"2026-11-23", 0}, {"2026-11-24", 1}, {"2026-11-26", 1}, {"2026-11-27", 2}}) {
    std::vector<query::QueryResult> results;
    query::QueryOptions qo;
    qo.today = Day(date);
    REQUIRE(testing::RunQueryText(fe, db, "q.samq", "count customers where any(orders) and none(orders within 3d)", *backend, qo, results));
    CHECK(results.at(0).count == static_cast<uint64_t>(key));
  }
}

TEST_CASE("engine: sam why finds a yearly trigger's firings as the run did") {
  Frontend fe;
  CheckText(fe, "yearly.sam", R"(
timezone "Europe/Amsterdam"
schema {
  customers key id { id: int  email: string  birth_date: date? }
}
trigger birthday = yearly birth_date
campaign greeting { kind service channel email on birthday message "hi" reentry after 300d }
)");
  REQUIRE(fe.ir.has_value());
  // 1: 29 February (28 February in 2027); 2: 1 March; 3: no birth date.
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email,birth_date\n1,a@x.nl,2000-02-29\n"
                                                                   "2,b@x.nl,1990-03-01\n3,c@x.nl,\n"}});
  auto backend = backend::MakeBackend("interp");
  Store store = Store::InMemory();
  std::vector<std::string> fired, explained;
  for (const char* date : {"2027-02-27", "2027-02-28", "2027-03-01", "2027-03-02"}) {
    engine::RunOptions o;
    o.date = Day(date);
    for (const auto& plan : engine::Run(*fe.ir, db, *backend, store, o)) {
      for (const auto& c : plan.contacts) fired.push_back(fmt::format("{} {}", date, c.customer));
    }
    for (const char* key : {"1", "2", "3"}) {
      if (!engine::Why(*fe.ir, db, *backend, store, 0, key, Day(date), {}).firings.empty()) {
        explained.push_back(fmt::format("{} {}", date, key));
      }
    }
  }
  CHECK(fired == std::vector<std::string>{"2027-02-28 1", "2027-03-01 2"});
  CHECK(explained == fired);
}

// `after D` on an inactive trigger counts from trigger.at, the now of the run the
// silence began in (docs/engine.md: the fire moment is the source moment plus D); the
// reference planner found the engine ignoring the delay.
TEST_CASE("engine: an inactive trigger with after fires D after the silence began") {
  Frontend fe;
  CheckText(fe, "inactive_after.sam", R"(
timezone "UTC"
schema {
  customers key id { id: int  email: string }
  events visits of customers by customer_id at visited_at { page: int }
}
trigger quiet = inactive visits for 1d after 3d
campaign wake { kind service channel email on quiet message "wake" }
)");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email\n1,a@x.nl\n"},
                                                {"visits.csv", "customer_id,visited_at,page\n1,2026-05-05T12:00:00Z,1\n"}});
  auto backend = backend::MakeBackend("interp");
  Store store = Store::InMemory();
  std::vector<std::string> fired;
  for (const char* date : {"2026-05-05", "2026-05-11"}) {  // a first run, then a catch-up
    engine::RunOptions o;
    o.date = Day(date);
    for (const auto& plan : engine::Run(*fe.ir, db, *backend, store, o)) {
      for (const auto& c : plan.contacts) fired.push_back(fmt::format("{} {}", c.local_time, c.customer));
    }
  }
  // More than 1d old from 05-07 00:00 (that run's now is trigger.at); 3d later: 05-10.
  CHECK(fired == std::vector<std::string>{"2026-05-10 00:00 +00:00 1"});
}

// `rate email 2 per 12h` (periods of 12 hours from 1970-01-01 00:00 UTC): two sends in
// each; in key order, customers 1 and 2 at 09:00, 3 and 4 wait for 12:00, 5 would go
// out on the next day: stopped by the rule.
TEST_CASE("engine: rate delays sends to the next period with room, never past the day") {
  Frontend fe;
  CheckText(fe, "rate.sam", R"(
schema { customers key id { id: int  email: string } }
campaign hello { kind service channel email audience true message "hi" send at 09:00 }
policy { rate email 2 per 12h }
)");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email\n1,a@x\n2,b@x\n3,c@x\n4,d@x\n5,e@x\n"}});
  auto plans = RunOnce(fe, db, "2026-11-23");
  CHECK(Lines(plans.at(0)) == std::vector<std::string>{
                                  "1 hello hi 2026-11-23 09:00 +00:00",
                                  "2 hello hi 2026-11-23 09:00 +00:00",
                                  "3 hello hi 2026-11-23 12:00 +00:00",
                                  "4 hello hi 2026-11-23 12:00 +00:00",
                                  "5 hello hi stopped: rate",
                              });
}

// A cap's periods start at a contact and end whole calendar days later. On
// 2026-03-29 02:45 does not exist in Amsterdam and the contact goes at 03:00; 3d later
// the period ends at 04-01 03:00, so 04-01 02:45 is still inside it (the reference
// planner found the engine counting from 03-29 02:45 -> 03:00 exclusive, missing it).
TEST_CASE("engine: a cap's period that starts in a daylight-saving gap") {
  Frontend fe;
  CheckText(fe, "gap.sam", R"(
timezone "Europe/Amsterdam"
schema { customers key id { id: int  email: string } }
campaign daily { kind service channel email audience true message "hi" send at 02:45 reentry after 1d }
policy { max 1 contact per 3d }
)");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email\n1,a@x\n"}});
  auto backend = backend::MakeBackend("interp");
  Store store = Store::InMemory();
  std::vector<std::string> lines;
  for (const char* date : {"2026-03-29", "2026-04-01", "2026-04-02"}) {
    engine::RunOptions o;
    o.date = Day(date);
    for (const auto& plan : engine::Run(*fe.ir, db, *backend, store, o)) {
      for (const auto& l : Lines(plan)) lines.push_back(l);
    }
  }
  CHECK(lines == std::vector<std::string>{
                     "1 daily hi 2026-03-29 03:00 +02:00",
                     "1 daily hi stopped: max",  // 03-30
                     "1 daily hi stopped: max",  // 03-31
                     "1 daily hi stopped: max",  // 04-01 02:45, before 03:00
                     "1 daily hi 2026-04-02 02:45 +02:00",
                 });
}

// Both triggers on one segment compare with the previous run's members (a review
// found the second compared today with today); the first run only records.
TEST_CASE("engine: enters and leaves of one segment") {
  Frontend fe;
  CheckText(fe, "segment.sam", R"(
schema {
  customers key id { id: int  email: string }
  events orders of customers by customer_id at ordered_at { amount: decimal }
}
segment recent = any(orders within 1d)
trigger came = enters recent
trigger went = leaves recent
campaign hello { kind service channel email on came message "hello" }
campaign bye { kind service channel email on went message "bye" }
)");
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email\n1,a@x\n2,b@x\n"},
                                                {"orders.csv", "customer_id,ordered_at,amount\n1,2026-11-21T10:00:00Z,5\n"}});
  auto backend = backend::MakeBackend("interp");
  Store store = Store::InMemory();
  std::vector<std::string> sent, why;
  for (const char* date : {"2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"}) {
    engine::RunOptions o;
    o.date = Day(date);
    for (const auto& plan : engine::Run(*fe.ir, db, *backend, store, o)) {
      for (const auto& c : plan.contacts) sent.push_back(fmt::format("{} {} {}", date, c.customer, c.message));
    }
    // `sam why`: the membership at the run's moment (the previous run's is not kept).
    for (int campaign : {0, 1}) {
      const engine::Explanation e = engine::Why(*fe.ir, db, *backend, store, campaign, "1", Day(date), {});
      REQUIRE(e.firings.size() == 1);
      REQUIRE(!e.firings[0].conditions.empty());
      why.push_back(fmt::format("{} {} {}: {}", date, campaign == 0 ? "hello" : "bye", e.firings[0].conditions[0].second,
                                e.firings[0].outcome));
    }
  }
  // 11-21: nobody is recent (the order is seen from 11-22 on). 11-22: 1 enters. 11-23: 1 leaves.
  CHECK(sent == std::vector<std::string>{"2026-11-22 1 hello", "2026-11-23 1 bye"});
  const std::string fires_in = "fires if the customer was in `recent` at the previous run (the state keeps the last run's members only)";
  const std::string fires_out = "fires if the customer was not in `recent` at the previous run (the state keeps the last run's members only)";
  CHECK(why == std::vector<std::string>{
                   "2026-11-21 hello false: does not fire: not in `recent` at the run's moment",
                   "2026-11-21 bye false: " + fires_in,
                   "2026-11-22 hello true: " + fires_out,
                   "2026-11-22 bye true: does not fire: in `recent` at the run's moment",
                   "2026-11-23 hello false: does not fire: not in `recent` at the run's moment",
                   "2026-11-23 bye false: " + fires_in,
                   "2026-11-24 hello false: does not fire: not in `recent` at the run's moment",
                   "2026-11-24 bye false: " + fires_in,
               });
}

TEST_CASE("state files: what is not a SAM state is refused with its name, never opened") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("sam_state_{}", ::getpid());
  fs::create_directories(dir);
  auto refuse = [&](const fs::path& p, const std::string& words) {
    try {
      Store::Open(p.string());
      FAIL("opened ", p.string());
    } catch (const engine::state::StateError& e) {
      CHECK(std::string(e.what()).find(p.string()) != std::string::npos);
      CHECK(std::string(e.what()).find(words) != std::string::npos);
    }
  };
  std::ofstream(dir / "text.db") << "this is not a database, only text long enough to look like a file header...\n";
  refuse(dir / "text.db", "not a SAM state file");
  sqlite3* other = nullptr;
  sqlite3_open((dir / "other.db").c_str(), &other);
  sqlite3_exec(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  refuse(dir / "other.db", "another program");
  { Store s = Store::Open((dir / "newer.db").string()); }
  sqlite3* newer = nullptr;
  sqlite3_open((dir / "newer.db").c_str(), &newer);
  sqlite3_exec(newer, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(newer);
  refuse(dir / "newer.db", "newer than this sam");
  refuse(dir / "no-such-folder" / "state.db", "does not exist");
  fs::create_directories(dir / "a-folder.db");
  refuse(dir / "a-folder.db", "not a regular file");
  // A state truncated in the middle: refused or read as what is left, never a crash.
  {
    Store s = Store::Open((dir / "cut.db").string());
    engine::state::Store::Commit c;
    c.run.date = 20000;
    std::vector<engine::state::Contact> contacts;
    for (int k = 0; k < 2000; ++k) contacts.push_back({20000, std::to_string(k), "c", "c", "m", "email", "service", "a", "", 0, 0, "", 0});
    c.contacts = contacts;
    s.Write(c);
  }
  // Rows of the runs table overwritten where SQLite still reads cells (a new-user trial
  // found a "last run" of 1970, and dates forgotten): refused on open.
  {
    Store s = Store::Open((dir / "runs.db").string());
    for (int64_t date = 20000; date < 20008; ++date) {
      engine::state::Store::Commit c;
      c.run.date = date;
      s.Write(c);
    }
  }
  int64_t root = 0, page_size = 0;
  sqlite3* raw = nullptr;
  sqlite3_open((dir / "runs.db").c_str(), &raw);
  sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  auto one = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, sql, -1, &st, nullptr);
    const int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return v;
  };
  root = one("SELECT rootpage FROM sqlite_master WHERE name = 'runs'");
  page_size = one("PRAGMA page_size");
  sqlite3_close(raw);
  REQUIRE(root > 0);
  {
    std::fstream f(dir / "runs.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(root * page_size - 200);
    for (int k = 0; k < 150; ++k) f.put(static_cast<char>((k * 37 + 11) & 0xff));
  }
  refuse(dir / "runs.db", "is damaged (SQLite's check of its table `runs`");
  fs::resize_file(dir / "cut.db", fs::file_size(dir / "cut.db") / 2);
  try {
    Store s = Store::Open((dir / "cut.db").string());
    (void)s.ContactsSince(0);
  } catch (const engine::state::StateError& e) {
    CHECK(std::string(e.what()).find("cut.db") != std::string::npos);
  }
  fs::remove_all(dir);
}

}  // namespace
TEST_CASE("state files: two runs at once: the second to commit is refused, naming the date the first committed") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("sam_state_race_{}", ::getpid());
  fs::create_directories(dir);
  const std::string path = (dir / "state.db").string();
  Store first = Store::Open(path), second = Store::Open(path);
  engine::state::Store::Commit c;
  c.run.date = 20000;
  first.Write(c);
  // `second` planned 20000 on the state as it was before `first` committed it.
  try {
    second.Write(c);
    FAIL("a second commit of one date");
  } catch (const engine::state::StateError& e) {
    CHECK(std::string(e.what()).find("another `sam run` committed 2024-10-04 while this one planned 2024-10-04") !=
          std::string::npos);
  }
  c.run.date = 20002;  // a date planned as if 20001 had been committed
  CHECK_THROWS_AS(second.Write(c), engine::state::StateError);
  c.run.date = 20001;
  second.Write(c);
  CHECK(first.LastRunDate() == std::optional<int64_t>(20001));
  fs::remove_all(dir);
}

}  // namespace sam
