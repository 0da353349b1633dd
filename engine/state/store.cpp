#include "engine/state/store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/state/digests.hpp"
#include "engine/state/statement.hpp"
#include "engine/state/texts.hpp"
#include "schema/value_text.hpp"

namespace sam::engine::state {

namespace {

constexpr int kApplicationId = 0x53414D73;  // "SAMs"

// The tables of version 1 that later versions keep as they were. (Version 1's other
// tables, replaced by version 3's, are in state_migration_test, which makes such files.)
constexpr const char* kKeptSinceV1 = R"(
CREATE TABLE runs (date INTEGER PRIMARY KEY, now INTEGER NOT NULL, program TEXT NOT NULL, data TEXT NOT NULL,
                   planned INTEGER NOT NULL, stopped INTEGER NOT NULL);
CREATE TABLE pending (campaign TEXT NOT NULL, customer TEXT NOT NULL, instance TEXT NOT NULL,
                      trigger_at INTEGER NOT NULL, since_date INTEGER NOT NULL);
CREATE TABLE memberships (segment TEXT PRIMARY KEY, members BLOB NOT NULL);
CREATE TABLE campaigns (campaign TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
)";

// Version 3: repeated texts stored once (engine/state/texts.hpp), customer keys that
// are numbers as numbers, a contact's local time as its offset (columns of BLOB
// affinity hold a value as bound: a text where the number would not read back the same),
// an audience entry's trigger_at NULL; the index of open journeys holds only those,
// the journeys' key index no longer the instance, which no look-up uses, and there is
// no index of the contacts' send moments: SQLite never used it (ContactsSince reads
// the table in id order rather than sort what the index finds), yet every contact
// paid for it.
constexpr const char* kSchemaV3 = R"(
CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE journeys (id INTEGER PRIMARY KEY, campaign INTEGER NOT NULL, customer BLOB NOT NULL,
                       instance TEXT NOT NULL, entry INTEGER NOT NULL, entry_date INTEGER NOT NULL,
                       held_out INTEGER NOT NULL, next_step INTEGER NOT NULL, status INTEGER NOT NULL,
                       end_date INTEGER NOT NULL, fingerprint INTEGER NOT NULL, trigger_at INTEGER);
CREATE INDEX journeys_open ON journeys (status) WHERE status = 0;
CREATE INDEX journeys_key ON journeys (campaign, customer);
CREATE TABLE contacts (id INTEGER PRIMARY KEY, run_date INTEGER NOT NULL, customer BLOB NOT NULL,
                       campaign INTEGER NOT NULL, campaign_name INTEGER NOT NULL, message INTEGER NOT NULL,
                       step INTEGER NOT NULL, channel INTEGER NOT NULL, kind INTEGER NOT NULL, address TEXT NOT NULL,
                       instance TEXT NOT NULL, send_at INTEGER NOT NULL, local_time BLOB NOT NULL,
                       journey INTEGER NOT NULL);
CREATE INDEX contacts_run ON contacts (run_date, customer);
CREATE TABLE stops (id INTEGER PRIMARY KEY, run_date INTEGER NOT NULL, customer BLOB NOT NULL,
                    campaign INTEGER NOT NULL, message INTEGER NOT NULL, step INTEGER NOT NULL, rule INTEGER NOT NULL,
                    reason BLOB NOT NULL, source INTEGER NOT NULL, instance TEXT NOT NULL);
CREATE INDEX stops_run ON stops (run_date, customer);
)";

// Version 4: the digests of the small tables (digests.hpp).
constexpr const char* kDigestsV4 = "CREATE TABLE digests (name TEXT PRIMARY KEY, digest INTEGER NOT NULL)";

void Exec(sqlite3* db, const std::string& path, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string what = error ? error : "unknown error";
    sqlite3_free(error);
    throw StateError(path + ": state database error: " + what, 1);
  }
}

int64_t PragmaInt(sqlite3* db, const std::string& path, const char* sql) {
  Statement s(db, path, sql);
  return s.Step() ? s.Int(0) : 0;
}

// Keys are joined with a newline: no customer key contains one (the loader rejects it).
std::string Join(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += k + '\n';
  return out;
}
std::vector<std::string> Split(const std::string& blob) {
  std::vector<std::string> out;
  size_t b = 0;
  for (size_t e; (e = blob.find('\n', b)) != std::string::npos; b = e + 1) out.push_back(blob.substr(b, e - b));
  return out;
}

// Binds a customer's key as stored (KeyNumber); `key` must outlive the statement's run.
Statement& BindKey(Statement& s, int i, const std::string& key) {
  if (const auto number = KeyNumber(key)) return s.Bind(i, *number);
  return s.Borrow(i, key);
}

std::string KeyText(const Statement& s, int i) { return s.Integer(i) ? std::to_string(s.Int(i)) : s.Text(i); }

constexpr const char* kJourneyColumns =
    "id, campaign, customer, instance, entry, entry_date, held_out, next_step, status, end_date, fingerprint, trigger_at";

Journey ReadJourney(const Statement& s, Texts& texts) {
  Journey j;
  j.id = s.Int(0);
  j.campaign = texts(s.Int(1));
  j.customer = KeyText(s, 2);
  j.instance = s.Text(3);
  j.entry = s.Int(4);
  j.entry_date = s.Int(5);
  j.held_out = s.Int(6) != 0;
  j.next_step = static_cast<int>(s.Int(7));
  j.status = static_cast<Journey::Status>(s.Int(8));
  j.end_date = s.Int(9);
  j.fingerprint = texts(s.Int(10));
  j.trigger_at = s.Null(11) ? INT64_MIN : s.Int(11);
  return j;
}

constexpr const char* kContactColumns =
    "run_date, customer, campaign, campaign_name, message, step, channel, kind, address, instance, send_at, "
    "local_time, journey";

Contact ReadContact(const Statement& s, Texts& texts, LocalTimes& local) {
  Contact c;
  c.run_date = s.Int(0);
  c.customer = KeyText(s, 1);
  c.campaign = texts(s.Int(2));
  c.campaign_name = texts(s.Int(3));
  c.message = texts(s.Int(4));
  c.step = static_cast<int>(s.Int(5));
  c.channel = texts(s.Int(6));
  c.kind = texts(s.Int(7));
  c.address = s.Text(8);
  c.instance = s.Text(9);
  c.send_at = s.Int(10);
  c.local_time = s.Integer(11) ? local.Text(c.send_at, s.Int(11)) : s.Text(11);
  c.journey = s.Int(12);
  return c;
}

constexpr const char* kStopColumns = "run_date, customer, campaign, message, step, rule, reason, source, instance";

Stop ReadStop(const Statement& s, Texts& texts) {
  return Stop{s.Int(0),         KeyText(s, 1),           texts(s.Int(2)),
              texts(s.Int(3)),  texts(s.Int(5)),         texts.Reason(s.Text(6)),
              static_cast<int>(s.Int(4)), texts(s.Int(7)), s.Text(8)};
}

// A campaign's rows are found by its text's id.
constexpr const char* kCampaignIs = "campaign = (SELECT id FROM texts WHERE text = ?)";

// Writes journeys, contacts and stops as version 3 rows, their repeated texts as ids.
// Rows are added, then written kBatch to a statement (INSERT ... VALUES (...), (...)):
// one statement run opens the table's and its indexes' cursors once for all of them,
// where a run per row spent about a tenth of a commit opening and closing them. An
// added row must stay alive and unchanged until Flush().
class Rows {
 public:
  static constexpr size_t kBatch = 64;  // at most 14 columns: under SQLite's oldest limit of 999 variables

  Rows(sqlite3* db, const std::string& path, StatementCache* cache = nullptr)
      : db_(db),
        ids_(db, path, cache),
        journey_(db, path, Insert(kJourneyInsert, 12, 1), cache),
        journeys_(db, path, Insert(kJourneyInsert, 12, static_cast<int>(kBatch)), cache),
        update_(
            db, path,
            "UPDATE journeys SET next_step = ?, status = ?, end_date = ?, fingerprint = ?, entry = ?, entry_date = ? "
            "WHERE id = ?",
            cache),
        contact_(db, path, Insert(kContactInsert, 14, 1), cache),
        contacts_(db, path, Insert(kContactInsert, 14, static_cast<int>(kBatch)), cache),
        stop_(db, path, Insert(kStopInsert, 10, 1), cache),
        stops_(db, path, Insert(kStopInsert, 10, static_cast<int>(kBatch)), cache) {}

  // Adds a journey (as `j.id` when not 0: a migrated one); Flush() sets `*id` (if
  // given) to its id.
  void Add(const Journey& j, int64_t* id = nullptr) { Queue(journeys_pending_, {&j, id}); }
  // Adds a contact of `journey` (as `id` when not 0: a migrated one).
  void Add(const Contact& x, int64_t journey, int64_t id = 0) { Queue(contacts_pending_, {&x, journey, id}); }
  void Add(const Stop& x, int64_t id = 0) { Queue(stops_pending_, {&x, id}); }
  void Update(const Journey& j) {
    update_.Bind(1, int64_t{j.next_step}).Bind(2, static_cast<int64_t>(j.status)).Bind(3, j.end_date);
    update_.Bind(4, fingerprint_(ids_, j.fingerprint)).Bind(5, j.entry).Bind(6, j.entry_date).Bind(7, j.id).Run();
  }
  // Writes every added row, in the order added.
  void Flush() {
    Write(journeys_pending_, journey_, journeys_);
    Write(contacts_pending_, contact_, contacts_);
    Write(stops_pending_, stop_, stops_);
  }

 private:
  // OR FAIL: a row that breaks a constraint stops the statement without undoing its
  // earlier rows, so SQLite keeps no statement journal (22,000 page writes to a
  // temporary file per first run at 1M customers); the caller rolls the whole
  // transaction back on any error anyway.
  static constexpr const char* kJourneyInsert =
      "INSERT OR FAIL INTO journeys (id, campaign, customer, instance, entry, entry_date, held_out, next_step, status, end_date, "
      "fingerprint, trigger_at) VALUES ";
  static constexpr const char* kContactInsert =
      "INSERT OR FAIL INTO contacts (id, run_date, customer, campaign, campaign_name, message, step, channel, kind, address, "
      "instance, send_at, local_time, journey) VALUES ";
  static constexpr const char* kStopInsert =
      "INSERT OR FAIL INTO stops (id, run_date, customer, campaign, message, step, rule, reason, source, instance) VALUES ";

  struct PendingJourney {
    const Journey* row;
    int64_t* id;
  };
  struct PendingContact {
    const Contact* row;
    int64_t journey, id;
  };
  struct PendingStop {
    const Stop* row;
    int64_t id;
  };

  static std::string Insert(const char* head, int columns, int rows) {
    std::string row = "(?";
    for (int i = 1; i < columns; ++i) row += ", ?";
    row += ")";
    std::string sql = head + row;
    for (int r = 1; r < rows; ++r) sql += ", " + row;
    return sql;
  }

  template <typename Pending>
  void Queue(std::vector<Pending>& pending, Pending row) {
    pending.push_back(row);
    if (pending.size() == kBatch) Flush();
  }

  // Binds `pending` into `batch` when it holds kBatch rows, else each into `one`.
  template <typename Pending>
  void Write(std::vector<Pending>& pending, Statement& one, Statement& batch) {
    if (pending.size() == kBatch) {
      for (size_t r = 0; r < pending.size(); ++r) Bind(batch, static_cast<int>(r), pending[r]);
      batch.Run();
      Done(pending);
    } else {
      for (const Pending& p : pending) {
        Bind(one, 0, p);
        one.Run();
        Done(std::vector<Pending>{p});
      }
    }
    pending.clear();
  }

  // The ids of journeys just inserted: the last one's id, counted back (new rows take
  // the next ids in order).
  void Done(const std::vector<PendingJourney>& written) {
    const int64_t last = sqlite3_last_insert_rowid(db_);
    for (size_t r = 0; r < written.size(); ++r) {
      if (written[r].id) *written[r].id = last - static_cast<int64_t>(written.size() - 1 - r);
    }
  }
  void Done(const std::vector<PendingContact>&) {}
  void Done(const std::vector<PendingStop>&) {}

  // Row r of a statement: its columns are r * (its columns) + 1, + 2...
  void Bind(Statement& s, int r, const PendingJourney& p) {
    const Journey& j = *p.row;
    const int b = r * 12;
    if (j.id != 0) s.Bind(b + 1, j.id);
    BindKey(s.Bind(b + 2, campaign_(ids_, j.campaign)), b + 3, j.customer).Borrow(b + 4, j.instance);
    s.Bind(b + 5, j.entry).Bind(b + 6, j.entry_date).Bind(b + 7, int64_t{j.held_out}).Bind(b + 8, int64_t{j.next_step});
    s.Bind(b + 9, static_cast<int64_t>(j.status)).Bind(b + 10, j.end_date).Bind(b + 11, fingerprint_(ids_, j.fingerprint));
    if (j.trigger_at != INT64_MIN) s.Bind(b + 12, j.trigger_at);  // else NULL: an audience entry
  }
  void Bind(Statement& s, int r, const PendingContact& p) {
    const Contact& x = *p.row;
    const int b = r * 14;
    if (p.id != 0) s.Bind(b + 1, p.id);
    BindKey(s.Bind(b + 2, x.run_date), b + 3, x.customer).Bind(b + 4, campaign_(ids_, x.campaign));
    s.Bind(b + 5, campaign_name_(ids_, x.campaign_name)).Bind(b + 6, message_(ids_, x.message));
    s.Bind(b + 7, int64_t{x.step}).Bind(b + 8, channel_(ids_, x.channel)).Bind(b + 9, kind_(ids_, x.kind));
    s.Borrow(b + 10, x.address).Borrow(b + 11, x.instance).Bind(b + 12, x.send_at);
    if (auto offset = local_.Offset(x.send_at, x.local_time)) {
      s.Bind(b + 13, *offset);
    } else {
      s.Borrow(b + 13, x.local_time);
    }
    s.Bind(b + 14, p.journey);
  }
  void Bind(Statement& s, int r, const PendingStop& p) {
    const Stop& x = *p.row;
    const int b = r * 10;
    if (p.id != 0) s.Bind(b + 1, p.id);
    BindKey(s.Bind(b + 2, x.run_date), b + 3, x.customer).Bind(b + 4, campaign_(ids_, x.campaign));
    s.Bind(b + 5, message_(ids_, x.message)).Bind(b + 6, int64_t{x.step}).Bind(b + 7, rule_(ids_, x.rule));
    s.BindBlob(b + 8, ids_.Reason(x.reason)).Bind(b + 9, source_(ids_, x.source)).Borrow(b + 10, x.instance);
  }

  sqlite3* db_;
  TextIds ids_;
  ColumnIds campaign_, campaign_name_, message_, channel_, kind_, fingerprint_, rule_, source_;
  LocalTimes local_;
  Statement journey_, journeys_, update_, contact_, contacts_, stop_, stops_;
  std::vector<PendingJourney> journeys_pending_;
  std::vector<PendingContact> contacts_pending_;
  std::vector<PendingStop> stops_pending_;
};

// Every journey, contact and stop of the version 2 tables (renamed *_v2) read as
// version 2 stored it and written as version 3 stores it, with its id (contacts name
// their journey's).
void CopyTo3(sqlite3* db, const std::string& path) {
  Rows rows(db, path);
  // Rows read kBatch at a time, alive until written.
  std::vector<Journey> journeys;
  Statement journey(db, path, std::string("SELECT ") + kJourneyColumns + " FROM journeys_v2 ORDER BY id");
  for (bool more = true; more;) {
    while (journeys.size() < Rows::kBatch && (more = journey.Step())) {
      journeys.push_back(Journey{journey.Int(0), journey.Text(1), journey.Text(2), journey.Text(3), journey.Int(4),
                                 journey.Int(5), journey.Int(6) != 0, static_cast<int>(journey.Int(7)),
                                 static_cast<Journey::Status>(journey.Int(8)), journey.Int(9), journey.Text(10),
                                 journey.Int(11)});
    }
    for (const Journey& j : journeys) rows.Add(j);
    rows.Flush();
    journeys.clear();
  }
  std::vector<std::pair<Contact, int64_t>> contacts;  // with its id
  Statement contact(db, path, std::string("SELECT ") + kContactColumns + ", id FROM contacts_v2 ORDER BY id");
  for (bool more = true; more;) {
    while (contacts.size() < Rows::kBatch && (more = contact.Step())) {
      contacts.emplace_back(Contact{contact.Int(0), contact.Text(1), contact.Text(2), contact.Text(3), contact.Text(4),
                                    contact.Text(6), contact.Text(7), contact.Text(8), contact.Text(9),
                                    static_cast<int>(contact.Int(5)), contact.Int(10), contact.Text(11), contact.Int(12)},
                            contact.Int(13));
    }
    for (const auto& [x, id] : contacts) rows.Add(x, x.journey, id);
    rows.Flush();
    contacts.clear();
  }
  std::vector<std::pair<Stop, int64_t>> stops;  // with its id
  Statement stop(db, path, std::string("SELECT ") + kStopColumns + ", id FROM stops_v2 ORDER BY id");
  for (bool more = true; more;) {
    while (stops.size() < Rows::kBatch && (more = stop.Step())) {
      stops.emplace_back(Stop{stop.Int(0), stop.Text(1), stop.Text(2), stop.Text(3), stop.Text(5), stop.Text(6),
                              static_cast<int>(stop.Int(4)), stop.Text(7), stop.Text(8)},
                         stop.Int(9));
    }
    for (const auto& [x, id] : stops) rows.Add(x, id);
    rows.Flush();
    stops.clear();
  }
}

// Version 2 -> 3, inside the caller's transaction.
void MigrateTo3(sqlite3* db, const std::string& path) {
  Exec(db, path,
       "DROP INDEX journeys_open; DROP INDEX journeys_key; DROP INDEX contacts_time; DROP INDEX contacts_run; "
       "DROP INDEX stops_run; ALTER TABLE journeys RENAME TO journeys_v2; ALTER TABLE contacts RENAME TO contacts_v2; "
       "ALTER TABLE stops RENAME TO stops_v2;");
  Exec(db, path, kSchemaV3);
  CopyTo3(db, path);  // its statements finished: a table being read cannot be dropped
  Exec(db, path, "DROP TABLE journeys_v2; DROP TABLE contacts_v2; DROP TABLE stops_v2;");
}

// SQLite counts the memory it allocates under a global mutex, for sqlite3_status(),
// which sam never reads: without the count each row of a commit costs about a tenth
// less. It can only be set before SQLite starts (else it is refused, and harmless).
void SkipMemoryStatistics() {
  static const bool once = (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0), true);
  (void)once;
}

}  // namespace

Store::Store(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), statements_(std::make_unique<StatementCache>()) {}
Store::Store(Store&& o) noexcept
    : db_(o.db_), path_(std::move(o.path_)), statements_(std::move(o.statements_)), rehearsing_(o.rehearsing_) {
  o.db_ = nullptr;
}
Store& Store::operator=(Store&& o) noexcept {
  std::swap(db_, o.db_);
  std::swap(path_, o.path_);
  std::swap(statements_, o.statements_);
  return *this;
}
Store::~Store() {
  statements_.reset();  // SQLite closes a connection only once its statements are finalized
  if (db_) sqlite3_close(db_);
}

Store Store::Open(const std::string& path) {
  SkipMemoryStatistics();
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (exists && !fs::is_regular_file(path, ec)) throw StateError(path + ": is not a state file (not a regular file)", 2);
  const fs::path parent = fs::path(path).parent_path();
  if (!exists && !parent.empty() && !fs::is_directory(parent, ec)) {
    throw StateError(path + ": cannot create the state file: folder " + parent.string() + " does not exist", 2);
  }
  // Every command that opens a state may write it (a killed run's journal is rolled
  // back on open), and SQLite keeps its journal beside the file: both must be writable.
  // Told apart here, since SQLite would only say "attempt to write a readonly database".
  if (exists && ::access(path.c_str(), W_OK) != 0) {
    throw StateError(path + ": cannot write the state file: " + std::strerror(errno), 2);
  }
  const std::string folder = parent.empty() ? "." : parent.string();
  if (::access(folder.c_str(), W_OK) != 0) {
    throw StateError(path + ": cannot write in its folder " + folder + " (SQLite keeps the state's journal there): " +
                         std::strerror(errno),
                     2);
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string what = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StateError(path + ": cannot open the state file: " + what, 2);
  }
  Store store(db, path);
  store.Prepare();
  return store;
}

Store Store::InMemory() {
  SkipMemoryStatistics();
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) throw StateError("cannot create an in-memory state", 2);
  Store store(db, ":memory:");
  store.Prepare();
  return store;
}

namespace {

// One migration step and the version it reaches, in one transaction: a step that
// fails is rolled back whole.
template <class Step>
void Migrate(sqlite3* db, const std::string& path, int to, Step step) {
  Exec(db, path, "BEGIN IMMEDIATE");
  try {
    step();
    Exec(db, path, ("PRAGMA user_version=" + std::to_string(to)).c_str());
    Exec(db, path, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace

// Recognises, creates or migrates the file; sets WAL and full syncs (a committed run
// survives a power cut, not only a killed process).
void Store::Prepare() {
  sqlite3_busy_timeout(db_, 10000);
  int64_t app = 0, version = 0, tables = 0;
  try {
    app = PragmaInt(db_, path_, "PRAGMA application_id");
    version = PragmaInt(db_, path_, "PRAGMA user_version");
    tables = PragmaInt(db_, path_, "SELECT count(*) FROM sqlite_master");
  } catch (const StateError&) {
    throw StateError(path_ + ": is not a SAM state file (not a SQLite database, or damaged): " + sqlite3_errmsg(db_), 1);
  }
  if (app != kApplicationId && !(app == 0 && tables == 0)) {
    throw StateError(path_ + ": is not a SAM state file (a SQLite database of another program)", 1);
  }
  if (version > kVersion) {
    throw StateError(path_ + ": state file version " + std::to_string(version) + " is newer than this sam reads (" +
                         std::to_string(kVersion) + "): run it with a newer sam",
                     1);
  }
  // A commit writes each page it changed to the WAL and then again to the file: pages
  // of 16 KB (SQLite's default is 4 KB) halve the commit's CPU time for the same bytes
  // (fewer frames, checksums and writes). The size is fixed when the file is made.
  if (tables == 0 && path_ != ":memory:") Exec(db_, path_, "PRAGMA page_size=16384");
  if (path_ != ":memory:") Exec(db_, path_, "PRAGMA journal_mode=WAL");
  Exec(db_, path_, "PRAGMA synchronous=FULL");
  // 64 MB of page cache (SQLite's default is 2 MB): a run looks up the journeys of
  // hundreds of thousands of customers, each a walk down the same index pages.
  Exec(db_, path_, "PRAGMA cache_size=-65536");
  // A new file is made at the current version in one transaction: the tables a version
  // 1 file has after its migrations (state_migration_test compares the two), without
  // their renames and copies, which took 5 ms of every new state (`sam test` makes one
  // per run, the tests thousands).
  if (tables == 0) {
    Migrate(db_, path_, kVersion, [&] {
      Exec(db_, path_, kKeptSinceV1);
      Exec(db_, path_, kSchemaV3);
      Exec(db_, path_, kDigestsV4);
      StoreDigests(db_, path_);
      Exec(db_, path_, ("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
    });
    return;
  }
  if (version < 1) {
    throw StateError(path_ + ": is not a SAM state file (no version)", 1);
  }
  // Migrations from older versions, each in its own transaction.
  if (version < 2) {
    Migrate(db_, path_, 2, [&] { Exec(db_, path_, "ALTER TABLE stops ADD COLUMN instance TEXT NOT NULL DEFAULT ''"); });
  }
  if (version < 3) {
    Migrate(db_, path_, 3, [&] { MigrateTo3(db_, path_); });
    // The version 2 tables' pages are free now: the file gives them back instead of
    // keeping its version 2 size until later runs fill them.
    Exec(db_, path_, "VACUUM");
  }
  // A later migration that changes a digested table must store the digests again.
  if (version < 4) {
    Migrate(db_, path_, 4, [&] {
      Exec(db_, path_, kDigestsV4);
      StoreDigests(db_, path_);
    });
  }
  CheckSmallTables();
}

// SQLite reads a damaged page without noticing when its cells still parse: a damaged
// `runs` table gave a "last run" of 1970, or forgot committed dates. The tables a run
// reads whole to decide what to plan are checked on every open (a few ms); the large
// ones (journeys, contacts, stops) would take seconds at a million customers.
void Store::CheckSmallTables() {
  for (const char* table : {"runs", "campaigns", "pending", "memberships", "texts"}) {
    std::string problem;
    try {
      Statement s(db_, path_, std::string("PRAGMA quick_check(") + table + ")", statements_.get());
      if (s.Step()) problem = s.Text(0);
    } catch (const StateError&) {
      problem = sqlite3_errmsg(db_);
    }
    if (problem != "ok") {
      // Its first finding, without the "*** in database main ***" heading.
      std::string first;
      for (size_t at = 0; at < problem.size() && first.empty();) {
        const size_t end = std::min(problem.find('\n', at), problem.size());
        if (problem.compare(at, 3, "***") != 0) first = problem.substr(at, end - at);
        at = end + 1;
      }
      problem = first.empty() ? problem : first;
      throw StateError(path_ + ": is damaged (SQLite's check of its table `" + table + "`: " + problem +
                           "); restore it from a backup",
                       1);
    }
  }
  // A value changed where the structure still parses: the digests of the last commit.
  if (const std::string table = ChangedTable(db_, path_); !table.empty()) {
    throw StateError(path_ + ": is damaged (its table `" + table +
                         "` differs from what the last run wrote: a changed byte, or a change made outside sam); "
                         "restore it from a backup",
                     1);
  }
}

std::optional<int64_t> Store::LastRunDate() const {
  Statement s(db_, path_, "SELECT max(date) FROM runs", statements_.get());
  if (!s.Step() || s.Null(0)) return std::nullopt;
  return s.Int(0);
}

std::optional<RunRecord> Store::Run(int64_t date) const {
  Statement s(db_, path_, "SELECT date, now, program, data, planned, stopped FROM runs WHERE date = ?",
              statements_.get());
  s.Bind(1, date);
  if (!s.Step()) return std::nullopt;
  return RunRecord{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4), s.Int(5)};
}

std::vector<Journey> Store::OpenJourneys() const {
  Statement s(db_, path_, std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE status = 0 ORDER BY id",
              statements_.get());
  Texts texts(db_, path_, statements_.get());
  std::vector<Journey> out;
  while (s.Step()) out.push_back(ReadJourney(s, texts));
  return out;
}

// Each customer's journeys in a campaign to `take(k, row)`, in one read transaction
// (unless one is open: a rehearsal): each statement outside one takes and drops the
// WAL's read lock and checks the file. One indexed look-up per customer.
void Store::ForEachJourneyOf(const std::string& campaign, const std::vector<std::string>& customers,
                             const std::function<void(size_t, const Statement&, Texts&)>& take) const {
  const bool own = sqlite3_get_autocommit(db_) != 0;
  if (own) Exec(db_, path_, "BEGIN");
  struct End {
    sqlite3* db;
    bool own;
    ~End() {
      if (own) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
  } end{db_, own};
  Statement s(db_, path_,
              std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE " + kCampaignIs + " AND customer = ?",
              statements_.get());
  Texts texts(db_, path_, statements_.get());
  for (size_t k = 0; k < customers.size(); ++k) {
    BindKey(s.Bind(1, campaign), 2, customers[k]);
    while (s.Step()) take(k, s, texts);
    s.Reset();
  }
}

std::vector<std::optional<Journey>> Store::LatestJourneys(const std::string& campaign,
                                                          const std::vector<std::string>& customers) const {
  // The largest id is picked here: an ORDER BY would sort (a temporary b-tree) per customer.
  std::vector<std::optional<Journey>> out(customers.size());
  ForEachJourneyOf(campaign, customers, [&](size_t k, const Statement& s, Texts& texts) {
    if (!out[k] || s.Int(0) > out[k]->id) out[k] = ReadJourney(s, texts);
  });
  return out;
}

std::vector<std::vector<Journey>> Store::JourneysOf(const std::string& campaign,
                                                    const std::vector<std::string>& customers) const {
  std::vector<std::vector<Journey>> out(customers.size());
  ForEachJourneyOf(campaign, customers,
                   [&](size_t k, const Statement& s, Texts& texts) { out[k].push_back(ReadJourney(s, texts)); });
  return out;
}

std::vector<Contact> Store::ContactsSince(int64_t micros) const {
  Statement s(db_, path_, std::string("SELECT ") + kContactColumns + " FROM contacts WHERE send_at >= ? ORDER BY id",
              statements_.get());
  s.Bind(1, micros);
  Texts texts(db_, path_, statements_.get());
  LocalTimes local;
  std::vector<Contact> out;
  while (s.Step()) out.push_back(ReadContact(s, texts, local));
  return out;
}

void Store::ForEachSentSince(int64_t micros, const SentVisitor& visit) const {
  // A contact is sent within two days of its run date (a late send waits for the end of
  // quiet hours; zones are less than a day from UTC), and runs insert their contacts in
  // date order: the contacts of the run dates from three days before `micros` on are a
  // range of ids found by the run date's index, not a scan of the whole history.
  constexpr int64_t kDay = 86'400'000'000;
  Statement first(db_, path_, "SELECT min(id) FROM contacts WHERE run_date >= ?", statements_.get());
  first.Bind(1, micros == INT64_MIN ? INT64_MIN : micros / kDay - 3);
  if (!first.Step() || first.Null(0)) return;
  Statement s(
      db_, path_,
      "SELECT customer, send_at, channel, campaign, kind FROM contacts WHERE id >= ? AND send_at >= ? ORDER BY id",
      statements_.get());
  s.Bind(1, first.Int(0)).Bind(2, micros);
  Texts texts(db_, path_, statements_.get());
  std::string key;
  while (s.Step()) {
    key = KeyText(s, 0);
    visit(key, s.Int(1), texts(s.Int(2)), texts(s.Int(3)), texts(s.Int(4)));
  }
}

std::vector<Contact> Store::ContactsOf(int64_t run_date) const {
  Statement s(db_, path_, std::string("SELECT ") + kContactColumns + " FROM contacts WHERE run_date = ? ORDER BY id",
              statements_.get());
  s.Bind(1, run_date);
  Texts texts(db_, path_, statements_.get());
  LocalTimes local;
  std::vector<Contact> out;
  while (s.Step()) out.push_back(ReadContact(s, texts, local));
  return out;
}

std::vector<Stop> Store::StopsOf(int64_t run_date) const {
  Statement s(db_, path_, std::string("SELECT ") + kStopColumns + " FROM stops WHERE run_date = ? ORDER BY id",
              statements_.get());
  s.Bind(1, run_date);
  Texts texts(db_, path_, statements_.get());
  std::vector<Stop> out;
  while (s.Step()) out.push_back(ReadStop(s, texts));
  return out;
}

std::vector<Journey> Store::JourneysOf(const std::string& campaign, const std::string& customer) const {
  Statement s(db_, path_,
              std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE " + kCampaignIs +
                  " AND customer = ? ORDER BY id",
              statements_.get());
  BindKey(s.Bind(1, campaign), 2, customer);
  Texts texts(db_, path_, statements_.get());
  std::vector<Journey> out;
  while (s.Step()) out.push_back(ReadJourney(s, texts));
  return out;
}

std::vector<Journey> Store::JourneysOf(const std::string& campaign, int64_t entered_by) const {
  Statement s(db_, path_,
              std::string("SELECT ") + kJourneyColumns + " FROM journeys WHERE " + kCampaignIs +
                  " AND entry_date <= ? ORDER BY id",
              statements_.get());
  s.Bind(1, campaign).Bind(2, entered_by);
  Texts texts(db_, path_, statements_.get());
  std::vector<Journey> out;
  while (s.Step()) out.push_back(ReadJourney(s, texts));
  return out;
}

std::vector<Contact> Store::ContactsOf(int64_t run_date, const std::string& customer) const {
  Statement s(
      db_, path_,
      std::string("SELECT ") + kContactColumns + " FROM contacts WHERE run_date = ? AND customer = ? ORDER BY id",
      statements_.get());
  BindKey(s.Bind(1, run_date), 2, customer);
  Texts texts(db_, path_, statements_.get());
  LocalTimes local;
  std::vector<Contact> out;
  while (s.Step()) out.push_back(ReadContact(s, texts, local));
  return out;
}

std::vector<Stop> Store::StopsOf(int64_t run_date, const std::string& customer) const {
  Statement s(db_, path_,
              std::string("SELECT ") + kStopColumns + " FROM stops WHERE run_date = ? AND customer = ? ORDER BY id",
              statements_.get());
  BindKey(s.Bind(1, run_date), 2, customer);
  Texts texts(db_, path_, statements_.get());
  std::vector<Stop> out;
  while (s.Step()) out.push_back(ReadStop(s, texts));
  return out;
}

std::vector<Pending> Store::PendingFirings() const {
  Statement s(db_, path_, "SELECT campaign, customer, instance, trigger_at, since_date FROM pending ORDER BY rowid",
              statements_.get());
  std::vector<Pending> out;
  while (s.Step()) out.push_back(Pending{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)});
  return out;
}

std::optional<std::vector<std::string>> Store::Membership(const std::string& segment) const {
  Statement s(db_, path_, "SELECT members FROM memberships WHERE segment = ?", statements_.get());
  s.Bind(1, segment);
  if (!s.Step()) return std::nullopt;
  return Split(s.Text(0));
}

std::string Store::CampaignFingerprint(const std::string& campaign) const {
  Statement s(db_, path_, "SELECT fingerprint FROM campaigns WHERE campaign = ?", statements_.get());
  s.Bind(1, campaign);
  return s.Step() ? s.Text(0) : std::string();
}

Store::Rehearsal::Rehearsal(Store& store) : store_(store) {
  Exec(store_.db_, store_.path_, "BEGIN IMMEDIATE");
  store_.rehearsing_ = true;
}

Store::Rehearsal::~Rehearsal() {
  sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
  store_.rehearsing_ = false;
}

void Store::Write(const Commit& c) {
  Exec(db_, path_, rehearsing_ ? "SAVEPOINT run" : "BEGIN IMMEDIATE");
  try {
    // Dates are planned one after another on what the state held: a date committed by
    // another `sam run` since (two runs at once) makes this one's plan void.
    Statement last(db_, path_, "SELECT max(date) FROM runs", statements_.get());
    if (last.Step() && !last.Null(0) && last.Int(0) != c.run.date - 1) {
      throw StateError(fmt::format("{}: another `sam run` committed {} while this one planned {}: nothing of this "
                                   "run was written (run it again: a committed date is replayed)",
                                   path_, FormatDate(last.Int(0)), FormatDate(c.run.date)),
                       1);
    }
    Statement run(db_, path_, "INSERT INTO runs (date, now, program, data, planned, stopped) VALUES (?, ?, ?, ?, ?, ?)",
                  statements_.get());
    run.Bind(1, c.run.date).Bind(2, c.run.now).Bind(3, c.run.program).Bind(4, c.run.data).Bind(5, c.run.planned);
    run.Bind(6, c.run.stopped).Run();
    Rows rows(db_, path_, statements_.get());
    std::vector<int64_t> ids(c.journeys.size());  // per c.journeys: its id, new ones as inserted
    for (size_t k = 0; k < c.journeys.size(); ++k) {
      const Journey& j = c.journeys[k];
      if (j.id == 0) {
        rows.Add(j, &ids[k]);
      } else {
        rows.Update(j);
        ids[k] = j.id;
      }
    }
    rows.Flush();  // the new journeys' ids, which contacts name
    for (const Contact& x : c.contacts) {
      // A journey of this run: -1 - its index in c.journeys.
      const int64_t journey = x.journey < 0 && static_cast<size_t>(-1 - x.journey) < ids.size() ? ids[-1 - x.journey] : x.journey;
      rows.Add(x, journey);
    }
    for (const Stop& x : c.stops) rows.Add(x);
    rows.Flush();
    Exec(db_, path_, "DELETE FROM pending");
    Statement pending(
        db_, path_, "INSERT INTO pending (campaign, customer, instance, trigger_at, since_date) VALUES (?, ?, ?, ?, ?)",
        statements_.get());
    for (const Pending& p : c.pending) {
      pending.Bind(1, p.campaign).Bind(2, p.customer).Bind(3, p.instance).Bind(4, p.trigger_at).Bind(5, p.since_date).Run();
    }
    Statement member(db_, path_, "INSERT OR REPLACE INTO memberships (segment, members) VALUES (?, ?)",
                     statements_.get());
    for (const auto& [segment, keys] : c.memberships) member.Bind(1, segment).BindBlob(2, Join(keys)).Run();
    Statement print(db_, path_, "INSERT OR REPLACE INTO campaigns (campaign, fingerprint) VALUES (?, ?)",
                    statements_.get());
    for (const auto& [campaign, fp] : c.fingerprints) print.Bind(1, campaign).Bind(2, fp).Run();
    StoreDigests(db_, path_);
    Exec(db_, path_, rehearsing_ ? "RELEASE run" : "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, rehearsing_ ? "ROLLBACK TO run" : "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace sam::engine::state

