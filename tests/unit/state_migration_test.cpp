// The state file's versions (docs/engine.md "State"): a version 1 state (before stops
// recorded the journey instance) and a version 2 state (before repeated texts were
// stored once) are migrated when opened, read back what they held and run on; stops
// name the instance of their journey; a newer version is refused.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "engine/engine.hpp"
#include "schema/value_text.hpp"
#include "tests/support/dates.hpp"
#include "tests/support/load_folder.hpp"

namespace sam {
namespace {

namespace fs = std::filesystem;
using engine::state::Store;

using testing::Day;

// One customer, two orders on 11-22: one confirmation journey per order (`per`); the
// cap lets the first through on 11-23 and stops the second, whose stop names "o2".
const char* kStateMigrationProgram = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id { id: int  email: string }
  events orders of customers by customer_id at ordered_at { order_id: string }
}
trigger ordered = on orders per order_id
campaign confirm { kind service channel email on ordered message "confirm" send at 09:00 }
policy { max 1 contact per 1d }
)";

void Sql(const fs::path& file, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  if (error) MESSAGE(error);
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

int64_t UserVersion(const fs::path& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// The file's tables and indexes, one line each, their SQL with runs of blanks as one.
std::vector<std::string> SchemaOf(const fs::path& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name", -1, &st,
                             nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string line;
    for (int c = 0; c < 4; ++c) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
      for (const char* p = text ? text : ""; *p; ++p) {
        const bool blank = *p == ' ' || *p == '\n';
        if (!blank) line += *p;
        else if (!line.empty() && line.back() != ' ') line += ' ';
      }
      line += " | ";
    }
    out.push_back(line);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The tables of version 2 as an older sam made them (version 1 and its migration).
const char* kSchemaV2 = R"(
CREATE TABLE runs (date INTEGER PRIMARY KEY, now INTEGER NOT NULL, program TEXT NOT NULL, data TEXT NOT NULL,
                   planned INTEGER NOT NULL, stopped INTEGER NOT NULL);
CREATE TABLE journeys (id INTEGER PRIMARY KEY, campaign TEXT NOT NULL, customer TEXT NOT NULL,
                       instance TEXT NOT NULL, entry INTEGER NOT NULL, entry_date INTEGER NOT NULL,
                       held_out INTEGER NOT NULL, next_step INTEGER NOT NULL, status INTEGER NOT NULL,
                       end_date INTEGER NOT NULL, fingerprint TEXT NOT NULL, trigger_at INTEGER NOT NULL);
CREATE INDEX journeys_open ON journeys (status);
CREATE INDEX journeys_key ON journeys (campaign, customer, instance);
CREATE TABLE contacts (id INTEGER PRIMARY KEY, run_date INTEGER NOT NULL, customer TEXT NOT NULL,
                       campaign TEXT NOT NULL, campaign_name TEXT NOT NULL, message TEXT NOT NULL,
                       step INTEGER NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL, address TEXT NOT NULL,
                       instance TEXT NOT NULL, send_at INTEGER NOT NULL, local_time TEXT NOT NULL,
                       journey INTEGER NOT NULL);
CREATE INDEX contacts_time ON contacts (send_at);
CREATE INDEX contacts_run ON contacts (run_date, customer);
CREATE TABLE stops (id INTEGER PRIMARY KEY, run_date INTEGER NOT NULL, customer TEXT NOT NULL,
                    campaign TEXT NOT NULL, message TEXT NOT NULL, step INTEGER NOT NULL, rule TEXT NOT NULL,
                    reason TEXT NOT NULL, source TEXT NOT NULL, instance TEXT NOT NULL DEFAULT '');
CREATE INDEX stops_run ON stops (run_date, customer);
CREATE TABLE pending (campaign TEXT NOT NULL, customer TEXT NOT NULL, instance TEXT NOT NULL,
                      trigger_at INTEGER NOT NULL, since_date INTEGER NOT NULL);
CREATE TABLE memberships (segment TEXT PRIMARY KEY, members BLOB NOT NULL);
CREATE TABLE campaigns (campaign TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
PRAGMA application_id = 1396788595;
PRAGMA user_version = 2;
)";

void Bind(sqlite3_stmt* st, int at, int64_t v) { sqlite3_bind_int64(st, at, v); }
void Bind(sqlite3_stmt* st, int at, const std::string& v) {
  sqlite3_bind_text(st, at, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

template <typename... Values>
void Insert(sqlite3* db, const char* sql, const Values&... values) {
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
  int at = 0;
  (Bind(st, ++at, values), ...);
  CHECK(sqlite3_step(st) == SQLITE_DONE);
  sqlite3_finalize(st);
}

// What a state holds of the test's runs, read through the Store, each row as text.
struct Held {
  std::vector<std::string> runs, journeys, contacts, stops;
  bool operator==(const Held&) const = default;
};

std::string Text(const engine::state::Journey& j) {
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", j.id, j.campaign, j.customer, j.instance, j.entry,
                     j.entry_date, j.held_out, j.next_step, static_cast<int>(j.status), j.end_date, j.fingerprint,
                     j.trigger_at);
}
std::string Text(const engine::state::Contact& c) {
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", c.run_date, c.customer, c.campaign, c.campaign_name,
                     c.message, c.channel, c.kind, c.address, c.instance, c.step, c.send_at, c.local_time, c.journey);
}
std::string Text(const engine::state::Stop& s) {
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", s.run_date, s.customer, s.campaign, s.message, s.rule, s.reason,
                     s.step, s.source, s.instance);
}

Held Read(const Store& store, const std::vector<int64_t>& dates) {
  Held h;
  for (const int64_t d : dates) {
    const auto run = store.Run(d);
    REQUIRE(run.has_value());
    h.runs.push_back(
        fmt::format("{}|{}|{}|{}|{}|{}", run->date, run->now, run->program, run->data, run->planned, run->stopped));
    for (const auto& c : store.ContactsOf(d)) h.contacts.push_back(Text(c));
    for (const auto& s : store.StopsOf(d)) h.stops.push_back(Text(s));
  }
  for (const auto& j : store.JourneysOf("confirm", dates.back())) h.journeys.push_back(Text(j));
  return h;
}

// The rows of a state on `dates`, as the Store reads them.
struct Rows {
  std::vector<engine::state::Journey> journeys;
  std::vector<engine::state::Contact> contacts;
  std::vector<engine::state::Stop> stops;
};

Rows RowsOf(const Store& from, const std::vector<int64_t>& dates) {
  Rows rows;
  rows.journeys = from.JourneysOf("confirm", dates.back());
  for (const int64_t d : dates) {
    for (auto& c : from.ContactsOf(d)) rows.contacts.push_back(std::move(c));
    for (auto& s : from.StopsOf(d)) rows.stops.push_back(std::move(s));
  }
  return rows;
}

// A version 2 file, as an older sam wrote it, holding the runs of `from` on `dates`
// and `rows`.
void WriteVersion2(const fs::path& file, const Store& from, const std::vector<int64_t>& dates, const Rows& rows) {
  const auto& [journeys, contacts, stops] = rows;
  fs::remove(file);
  Sql(file, kSchemaV2);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
  for (const int64_t d : dates) {
    const auto r = from.Run(d).value();
    Insert(db, "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)", r.date, r.now, r.program, r.data, r.planned, r.stopped);
  }
  for (const auto& j : journeys) {
    Insert(db, "INSERT INTO journeys VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", j.id, j.campaign, j.customer,
           j.instance, j.entry, j.entry_date, int64_t{j.held_out}, int64_t{j.next_step}, static_cast<int64_t>(j.status),
           j.end_date, j.fingerprint, j.trigger_at);
  }
  for (const auto& c : contacts) {
    Insert(db,
           "INSERT INTO contacts (run_date, customer, campaign, campaign_name, message, step, channel, kind, address, "
           "instance, send_at, local_time, journey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           c.run_date, c.customer, c.campaign, c.campaign_name, c.message, int64_t{c.step}, c.channel, c.kind,
           c.address, c.instance, c.send_at, c.local_time, c.journey);
  }
  for (const auto& s : stops) {
    Insert(db,
           "INSERT INTO stops (run_date, customer, campaign, message, step, rule, reason, source, instance) VALUES "
           "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
           s.run_date, s.customer, s.campaign, s.message, int64_t{s.step}, s.rule, s.reason, s.source, s.instance);
  }
  Insert(db, "INSERT INTO campaigns VALUES (?, ?)", std::string("confirm"), from.CampaignFingerprint("confirm"));
  sqlite3_close(db);
}

struct Setup {
  Frontend fe;
  rt::Database db;
  std::unique_ptr<backend::Backend> backend = backend::MakeBackend("interp");
  fs::path dir = fs::temp_directory_path() / fmt::format("sam_migrate_{}", ::getpid());
  Setup() {
    CheckText(fe, "migrate.sam", kStateMigrationProgram);
    REQUIRE(fe.ir.has_value());
    db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email\n1,a@x\n2,b@x\n"},
                                     {"orders.csv",
                                      "customer_id,ordered_at,order_id\n1,2026-11-22T10:00:00Z,o1\n"
                                      "1,2026-11-22T11:00:00Z,o2\n2,2026-11-23T12:00:00Z,o3\n"}});
    fs::create_directories(dir);
  }
  ~Setup() { fs::remove_all(dir); }
  std::vector<engine::DayPlan> Run(Store& store, const char* date) {
    engine::RunOptions o;
    o.date = Day(date);
    return engine::Run(*fe.ir, db, *backend, store, o);
  }
};

TEST_CASE(
    "state files: stops name their journey's instance; a version 1 state is migrated through to the current one") {
  Setup s;
  const fs::path file = s.dir / "state.db";
  const std::vector<int64_t> dates{Day("2026-11-23")};
  {
    Store store = Store::Open(file.string());
    const auto plans = s.Run(store, "2026-11-23");
    REQUIRE(plans.at(0).contacts.size() == 1);
    CHECK(plans[0].contacts[0].instance == "o1");
    REQUIRE(plans[0].stops.size() == 1);
    CHECK(plans[0].stops[0].rule == "max");
    CHECK(plans[0].stops[0].instance == "o2");
    CHECK(store.StopsOf(dates[0]).at(0).instance == "o2");
    // Made a version 1 file, as an older sam left it: version 2 without the stops' instance.
    WriteVersion2(s.dir / "v1.db", store, dates, RowsOf(store, dates));
  }
  CHECK(UserVersion(file) == engine::state::kVersion);
  Sql(s.dir / "v1.db", "ALTER TABLE stops DROP COLUMN instance; PRAGMA user_version=1;");
  REQUIRE(UserVersion(s.dir / "v1.db") == 1);
  {
    Store store = Store::Open((s.dir / "v1.db").string());  // migrated
    CHECK(store.LastRunDate() == dates[0]);
    const auto old = store.StopsOf(dates[0]);
    REQUIRE(old.size() == 1);
    CHECK(old[0].instance.empty());  // not recorded by version 1
    CHECK(old[0].reason == Store::Open(file.string()).StopsOf(dates[0]).at(0).reason);
    CHECK_NOTHROW(s.Run(store, "2026-11-24"));
  }
  CHECK(UserVersion(s.dir / "v1.db") == engine::state::kVersion);
  // A new file is made at the current version directly: with the same tables and
  // indexes as the migrated one.
  const std::vector<std::string> migrated = SchemaOf(s.dir / "v1.db"), made = SchemaOf(file);
  CHECK(migrated.size() >= 9);
  CHECK(migrated == made);
}

TEST_CASE("state files: a version 2 state is migrated to version 3 and reads back what it held") {
  Setup s;
  const fs::path file = s.dir / "state.db";
  const std::vector<int64_t> dates{Day("2026-11-23"), Day("2026-11-24")};
  Held want;
  {
    Store store = Store::Open(file.string());
    s.Run(store, "2026-11-23");
    s.Run(store, "2026-11-24");
    // Rows version 3 cannot store as it stores SAM's own: a local time that does not
    // rebuild from its offset, a customer key that is not a number as written, and an
    // audience entry (no trigger moment).
    Rows rows = RowsOf(store, dates);
    REQUIRE(!rows.journeys.empty());
    REQUIRE(!rows.contacts.empty());
    REQUIRE(!rows.stops.empty());
    rows.journeys[0].trigger_at = INT64_MIN;
    rows.contacts[0].local_time += " (kept)";
    rows.stops[0].customer = "007";  // a key that is not a number as written: kept as text
    WriteVersion2(s.dir / "v2.db", store, dates, rows);
    want = Read(store, dates);
    want.journeys[0] = Text(rows.journeys[0]);
    want.contacts[0] = Text(rows.contacts[0]);
    want.stops[0] = Text(rows.stops[0]);
  }
  REQUIRE(want.stops.size() >= 1);
  REQUIRE(UserVersion(s.dir / "v2.db") == 2);
  {
    Store store = Store::Open((s.dir / "v2.db").string());  // migrated
    CHECK(Read(store, dates) == want);
    CHECK(store.CampaignFingerprint("confirm") == Store::Open(file.string()).CampaignFingerprint("confirm"));
    CHECK_NOTHROW(s.Run(store, "2026-11-25"));
  }
  CHECK(UserVersion(s.dir / "v2.db") == engine::state::kVersion);
  // A version this sam does not know yet is refused, not migrated back.
  const int newer = engine::state::kVersion + 1;
  Sql(s.dir / "v2.db", ("PRAGMA user_version=" + std::to_string(newer) + ";").c_str());
  CHECK_THROWS_WITH_AS(Store::Open((s.dir / "v2.db").string()), doctest::Contains("newer than this sam"),
                       engine::state::StateError);
  CHECK(UserVersion(s.dir / "v2.db") == newer);
}

// SQLite's checks find damage to a page's structure, not a changed value: a bit
// flipped in a value of a table a run reads whole changed plans without a word (a
// new-user trial: a previous run's `now` moved by months lost a contact; a stored
// membership gained customers). Each is refused now, naming the table.
TEST_CASE("state files: a changed value in a table a run reads whole is refused") {
  for (const char* change : {"UPDATE runs SET now = now + 1 WHERE rowid = (SELECT min(rowid) FROM runs)",
                             "UPDATE campaigns SET fingerprint = fingerprint || 'x'",
                             "INSERT INTO memberships VALUES ('vip', '1')",
                             "INSERT INTO pending VALUES (1, 'k', '', 0, 0)",
                             "UPDATE texts SET text = text || ' ' WHERE rowid = (SELECT max(rowid) FROM texts)"}) {
    CAPTURE(change);
    Setup s;
    const fs::path file = s.dir / "state.db";
    {
      Store store = Store::Open(file.string());
      s.Run(store, "2026-11-23");
      s.Run(store, "2026-11-24");
    }
    CHECK_NOTHROW(Store::Open(file.string()));
    Sql(file, (std::string(change) + ";").c_str());
    CHECK_THROWS_WITH_AS(Store::Open(file.string()), doctest::Contains("differs from what the last run wrote"),
                         engine::state::StateError);
  }
}

}  // namespace
}  // namespace sam
