// The state file's versions (docs/engine.md "State"): a version 1 state (before stops
// recorded the journey instance) is migrated when opened and runs on; stops name the
// instance of their journey.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "backends/registry.hpp"
#include "compiler/driver/frontend.hpp"
#include "engine/engine.hpp"
#include "schema/value_text.hpp"
#include "tests/support/load_folder.hpp"

namespace sam {
namespace {

namespace fs = std::filesystem;
using engine::state::Store;

int64_t Day(const char* iso) { return std::get<int64_t>(DecodeDate(iso)); }

// One customer, two orders on 11-22: one confirmation journey per order (`per`); the
// cap lets the first through on 11-23 and stops the second, whose stop names "o2".
const char* kProgram = R"(
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

TEST_CASE("state files: stops name their journey's instance; a version 1 state is migrated") {
  Frontend fe;
  CheckText(fe, "migrate.sam", kProgram);
  REQUIRE(fe.ir.has_value());
  rt::Database db = testing::LoadTexts(*fe.ir, {{"customers.csv", "id,email\n1,a@x\n"},
                                                {"orders.csv", "customer_id,ordered_at,order_id\n1,2026-11-22T10:00:00Z,o1\n"
                                                               "1,2026-11-22T11:00:00Z,o2\n"}});
  auto backend = backend::MakeBackend("interp");
  const fs::path dir = fs::temp_directory_path() / fmt::format("sam_migrate_{}", ::getpid());
  fs::create_directories(dir);
  const fs::path file = dir / "state.db";
  engine::RunOptions o;
  o.date = Day("2026-11-23");
  {
    Store store = Store::Open(file.string());
    const auto plans = engine::Run(*fe.ir, db, *backend, store, o);
    REQUIRE(plans.at(0).contacts.size() == 1);
    CHECK(plans[0].contacts[0].instance == "o1");
    REQUIRE(plans[0].stops.size() == 1);
    CHECK(plans[0].stops[0].rule == "max");
    CHECK(plans[0].stops[0].instance == "o2");
    CHECK(store.StopsOf(o.date).at(0).instance == "o2");
  }
  CHECK(UserVersion(file) == engine::state::kVersion);
  // Made a version 1 file, as an older sam left it: no instance column.
  Sql(file, "ALTER TABLE stops DROP COLUMN instance; PRAGMA user_version=1;");
  REQUIRE(UserVersion(file) == 1);
  {
    Store store = Store::Open(file.string());  // migrated
    CHECK(store.LastRunDate() == o.date);
    const auto old = store.StopsOf(o.date);
    REQUIRE(old.size() == 1);
    CHECK(old[0].instance.empty());  // not recorded by version 1
    o.date = Day("2026-11-24");
    CHECK_NOTHROW(engine::Run(*fe.ir, db, *backend, store, o));
  }
  CHECK(UserVersion(file) == 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sam
