// Contacts made outside SAM (docs/engine.md E0, language.md §16.10): rows of a
// `contacts` table count under the caps like SAM's own contacts. Every plan below is
// worked out by hand from the docs.
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "engine/engine.hpp"
#include "schema/value_text.hpp"
#include "tests/support/dates.hpp"
#include "tests/support/load_folder.hpp"
#include "tests/support/query_text.hpp"

namespace sam {
namespace {

const char* kEngineHistoryProgram = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id {
    id: int
    email: string
    mobile: string
  }
  events email_log of customers by customer_id at logged_at {
    kind: enum { sent, open }
    campaign_code: string?
  }
  events sms_log of customers by customer_id at sent_on {
    sent_on: date
    purpose: enum { service, commercial }?
  }
}

campaign hello key "hello" { kind service channel email audience true message "hello" send at 10:00 }
campaign text key "text" { kind service channel sms audience true message "text" send at 11:00 }

policy {
  max 1 contact per 7d per campaign
  max 2 contacts per 7d on email
  max 1 contact per 3d on sms for service
  contacts email_log where kind == sent channel "email" campaign campaign_code
  contacts sms_log channel "sms" kind purpose
}
)";

// Run date 2026-11-23: now is 11-23 00:00 +01:00 (11-22 23:00 UTC).
//  1: no history.
//  2: e-mail "hello" on 11-20: hello stopped by `per campaign`.
//  3: two e-mails of "news" (11-20, 11-21) and an open: hello would be the third on
//     email in 7 days; the open is not a contact.
//  4: e-mail 13 days ago (outside 7d); an sms on 11-21 of unknown purpose counts under
//     `for service`: text (11-23 11:00) is within 3 days of 11-21 00:00.
//  5: a commercial sms on 11-20: not counted by `for service`.
//  6: e-mail "hello" at 11-23 08:00 UTC and an sms dated 11-23: after now, not seen.
//  7: e-mail "hello" exactly 7 days before the send (11-16 10:00 +01:00): periods are
//     half-open, so the two never share one.
//  8: the same one second later: they do.
const char* kCustomers = "id,email,mobile\n1,a@x,06\n2,b@x,06\n3,c@x,06\n4,d@x,06\n5,e@x,06\n6,f@x,06\n7,g@x,06\n8,h@x,06\n";
const char* kEmails =
    "customer_id,logged_at,kind,campaign_code\n"
    "2,2026-11-20T09:00:00Z,sent,hello\n"
    "3,2026-11-20T09:00:00Z,sent,news\n"
    "3,2026-11-21T09:00:00Z,sent,news\n"
    "3,2026-11-21T10:00:00Z,open,news\n"
    "4,2026-11-10T09:00:00Z,sent,news\n"
    "6,2026-11-23T08:00:00Z,sent,hello\n"
    "7,2026-11-16T09:00:00Z,sent,hello\n"
    "8,2026-11-16T09:00:01Z,sent,hello\n";
const char* kSms =
    "customer_id,sent_on,purpose\n"
    "4,2026-11-21,\n"
    "5,2026-11-20,commercial\n"
    "6,2026-11-23,service\n";

TEST_CASE("engine: contacts made outside SAM count under the caps") {
  Frontend fe;
  CheckText(fe, "history.sam", kEngineHistoryProgram);
  for (const auto& d : fe.diags.all()) MESSAGE(d.message);
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", kCustomers}, {"email_log.csv", kEmails}, {"sms_log.csv", kSms}});
  auto backend = backend::MakeBackend("interp");
  engine::state::Store store = engine::state::Store::InMemory();
  engine::RunOptions o;
  o.date = testing::Day("2026-11-23");
  o.threads = 2;
  const auto plans = engine::Run(*fe.ir, db, *backend, store, o);
  REQUIRE(plans.size() == 1);
  std::vector<std::string> contacts, stops;
  for (const auto& c : plans[0].contacts) contacts.push_back(fmt::format("{} {} {}", c.customer, c.campaign_name, c.local_time));
  for (const auto& s : plans[0].stops) stops.push_back(fmt::format("{} {} {}: {}", s.customer, s.campaign, s.rule, s.reason));
  CHECK(contacts == std::vector<std::string>{
                        "1 hello 2026-11-23 10:00 +01:00", "4 hello 2026-11-23 10:00 +01:00",
                        "5 hello 2026-11-23 10:00 +01:00", "6 hello 2026-11-23 10:00 +01:00",
                        "7 hello 2026-11-23 10:00 +01:00", "1 text 2026-11-23 11:00 +01:00",
                        "2 text 2026-11-23 11:00 +01:00",  "3 text 2026-11-23 11:00 +01:00",
                        "5 text 2026-11-23 11:00 +01:00",  "6 text 2026-11-23 11:00 +01:00",
                        "7 text 2026-11-23 11:00 +01:00",  "8 text 2026-11-23 11:00 +01:00",
                    });
  CHECK(stops ==
        std::vector<std::string>{
            "2 hello max: 2 contacts in a period of 1w with this one at 2026-11-23 10:00 +01:00 (at most 1): "
            "hello (in `email_log`) at 2026-11-20 10:00 +01:00",
            "3 hello max: 3 contacts in a period of 1w with this one at 2026-11-23 10:00 +01:00 (at most 2): "
            "news (in `email_log`) at 2026-11-21 10:00 +01:00, news (in `email_log`) at 2026-11-20 10:00 +01:00",
            "8 hello max: 2 contacts in a period of 1w with this one at 2026-11-23 10:00 +01:00 (at most 1): "
            "hello (in `email_log`) at 2026-11-16 10:00:01 +01:00",
            "4 text max: 2 contacts in a period of 3d with this one at 2026-11-23 11:00 +01:00 (at most 1): "
            "sms (in `sms_log`) at 2026-11-21 00:00 +01:00",
        });
}

}  // namespace
}  // namespace sam
