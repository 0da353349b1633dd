// The engine's state: what earlier runs decided, in an embedded SQLite database (one
// file, WAL mode). A run date is committed in one transaction with everything it
// decided (docs/engine.md, "State"), so a run killed at any point leaves the state of
// the last committed date, never half of one.
//
// The file is recognised by its SQLite application id ("SAMs") and versioned by its
// user_version: a file of another program, of a newer sam, damaged or not a database
// at all is refused with a StateError naming it; an older version is migrated.
#pragma once

#include <cstdint>
#include <memory>
#include <functional>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace sam::engine::state {

class Statement;
class StatementCache;
class Texts;

class StateError : public std::runtime_error {
 public:
  StateError(const std::string& what, int exit_code) : std::runtime_error(what), exit_code(exit_code) {}
  int exit_code;
};

inline constexpr int kVersion = 4;  // 2: stops record the journey instance; 3: repeated texts stored once;
                                    // 4: digests of the small tables (digests.hpp)

// One customer's place in one campaign: an entry and the steps sent or skipped since.
struct Journey {
  int64_t id = 0;           // 0: not stored yet
  std::string campaign;     // the campaign's key, else its name
  std::string customer;     // the customer's key as text
  std::string instance;     // `per` value, else ""
  int64_t entry = 0;        // µs: the `now` of the run it entered in
  int64_t entry_date = 0;   // that run's date
  bool held_out = false;
  int next_step = 0;        // steps before it are done (sent, skipped or stopped)
  // Restarted: ended by `migrate restart`, which began a journey in its place (kept, so
  // that `sam why` of the dates before shows it and its contacts).
  enum class Status { Active, Finished, Exited, Restarted } status = Status::Active;
  int64_t end_date = 0;     // Finished/Exited: the run date it ended on
  std::string fingerprint;  // of the campaign's definition when it entered (migrate)
  int64_t trigger_at = INT64_MIN;  // the trigger's source moment (`trigger.at`); INT64_MIN: an audience entry
};

// A contact SAM planned, as the caps count it.
struct Contact {
  int64_t run_date = 0;
  std::string customer, campaign, campaign_name, message, channel, kind, address, instance;
  int step = 0;
  int64_t send_at = 0;  // µs, UTC
  std::string local_time;  // the send moment in the customer's zone, "2026-11-23 09:00 +01:00"
  int64_t journey = 0;
};

// A candidate contact the policy (or the journey) stopped.
struct Stop {
  int64_t run_date = 0;
  std::string customer, campaign, message, rule, reason;
  int step = 0;
  std::string source;  // where the rule is written, "program.sam:41:3"; "" for no rule of the program
  std::string instance;  // the journey's `per` value, else ""
};

// A trigger firing held back by `limit N per run`, planned again on the next run.
struct Pending {
  std::string campaign, customer, instance;
  int64_t trigger_at = 0;
  int64_t since_date = 0;
};

struct RunRecord {
  int64_t date = 0;
  int64_t now = 0;  // the run's `now` (µs): the next run's interval starts there
  std::string program, data;  // fingerprints
  int64_t planned = 0, stopped = 0;
};

class Store {
 public:
  // Opens (creating when missing) the state file at `path`.
  static Store Open(const std::string& path);
  // A state that lives as long as the object (`sam test`, the property tests).
  static Store InMemory();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  std::optional<int64_t> LastRunDate() const;
  std::optional<RunRecord> Run(int64_t date) const;

  std::vector<Journey> OpenJourneys() const;  // every Active journey
  // Each customer's latest journey in a campaign, whatever its status (none: never
  // entered): one indexed look-up per customer, however long the history.
  std::vector<std::optional<Journey>> LatestJourneys(const std::string& campaign,
                                                     const std::vector<std::string>& customers) const;
  std::vector<Contact> ContactsSince(int64_t micros) const;  // send_at >= micros
  // What the caps and rates count of each contact with send_at >= micros, in the order
  // stored, without the rest of the row (a month of history is millions of contacts).
  using SentVisitor = std::function<void(std::string_view customer, int64_t send_at, const std::string& channel,
                                         const std::string& campaign, const std::string& kind)>;
  void ForEachSentSince(int64_t micros, const SentVisitor& visit) const;
  std::vector<Contact> ContactsOf(int64_t run_date) const;
  std::vector<Stop> StopsOf(int64_t run_date) const;
  std::vector<Pending> PendingFirings() const;
  // One customer's journeys in one campaign (by its key or name), oldest first, and
  // their contacts and stopped contacts on a run date (`sam why`).
  std::vector<Journey> JourneysOf(const std::string& campaign, const std::string& customer) const;
  // The same for each of several customers, in one read transaction.
  std::vector<std::vector<Journey>> JourneysOf(const std::string& campaign,
                                               const std::vector<std::string>& customers) const;
  std::vector<Contact> ContactsOf(int64_t run_date, const std::string& customer) const;
  // Every journey of one campaign that entered on or before a run date (metrics).
  std::vector<Journey> JourneysOf(const std::string& campaign, int64_t entered_by) const;
  std::vector<Stop> StopsOf(int64_t run_date, const std::string& customer) const;
  // The keys of a segment's members as of the last run that stored them.
  std::optional<std::vector<std::string>> Membership(const std::string& segment) const;
  std::string CampaignFingerprint(const std::string& campaign) const;  // "" if none

  // Everything one run date decided, in one transaction.
  struct Commit {
    RunRecord run;
    std::vector<Journey> journeys;  // new (id 0) or changed
    std::span<const Contact> contacts;  // lent by the plan
    std::span<const Stop> stops;
    std::vector<Pending> pending;  // replaces every pending firing
    std::vector<std::pair<std::string, std::vector<std::string>>> memberships;
    std::vector<std::pair<std::string, std::string>> fingerprints;  // campaign -> fingerprint
  };
  void Write(const Commit& c);

  // While one lives, writes go into a transaction that is rolled back when it ends
  // (`sam run --dry-run`: every date planned as for real, nothing kept).
  class Rehearsal {
   public:
    explicit Rehearsal(Store& store);
    ~Rehearsal();
    Rehearsal(const Rehearsal&) = delete;
    Rehearsal& operator=(const Rehearsal&) = delete;

   private:
    Store& store_;
  };

 private:
  explicit Store(sqlite3* db, std::string path);
  void ForEachJourneyOf(const std::string& campaign, const std::vector<std::string>& customers,
                        const std::function<void(size_t, const Statement&, Texts&)>& take) const;
  void Prepare();
  void CheckSmallTables();
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<StatementCache> statements_;  // ended before db_ is closed
  bool rehearsing_ = false;
};

}  // namespace sam::engine::state
