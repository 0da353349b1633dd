#include "tests/oracle/oracle_db.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string_view>

namespace sam::oracle {

namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;

enum class Col { Int, Text, Timestamp, Date, Decimal, Bool };

struct ColDef {
  const char* name;
  Col type;
};

}  // namespace

// The tables of examples/common/schema.sam, written out independently of the checker.
struct TableDef {
  const char* name;
  bool events;  // gets a `rid` (position in the file)
  std::vector<ColDef> cols;
};

namespace {

const std::vector<TableDef>& DemoTables() {
  static const std::vector<TableDef> tables = {
      {"customers",
       false,
       {{"id", Col::Int},
        {"email", Col::Text},
        {"mobile", Col::Text},
        {"phone", Col::Text},
        {"postal_address", Col::Text},
        {"first_name", Col::Text},
        {"birth_date", Col::Date},
        {"gender", Col::Text},
        {"country", Col::Text},
        {"region", Col::Text},
        {"time_zone", Col::Text},
        {"signup_at", Col::Timestamp},
        {"inflow_channel", Col::Text},
        {"newsletter_optin_at", Col::Timestamp},
        {"newsletter_confirmed_at", Col::Timestamp},
        {"newsletter_optout_at", Col::Timestamp},
        {"marketing_optin_at", Col::Timestamp},
        {"marketing_optout_at", Col::Timestamp},
        {"preferences_updated_at", Col::Timestamp},
        {"email_bounced", Col::Bool},
        {"is_employee", Col::Bool},
        {"exit_survey_at", Col::Timestamp},
        {"exit_reason", Col::Text},
        {"churn_model_score", Col::Decimal}}},
      {"orders",
       true,
       {{"customer_id", Col::Int},
        {"ordered_at", Col::Timestamp},
        {"order_id", Col::Text},
        {"amount", Col::Decimal},
        {"category", Col::Text},
        {"channel", Col::Text},
        {"cart_id", Col::Text}}},
      {"accounts", true, {{"customer_id", Col::Int}, {"opened_at", Col::Timestamp}, {"product", Col::Text}}},
      {"web_events",
       true,
       {{"customer_id", Col::Int},
        {"occurred_at", Col::Timestamp},
        {"kind", Col::Text},
        {"cart_id", Col::Text},
        {"category", Col::Text}}},
      {"email_events",
       true,
       {{"customer_id", Col::Int}, {"occurred_at", Col::Timestamp}, {"kind", Col::Text}, {"campaign_name", Col::Text}}},
      {"address_changes",
       true,
       {{"customer_id", Col::Int}, {"changed_at", Col::Timestamp}, {"new_country", Col::Text}}},
      {"feedback",
       true,
       {{"customer_id", Col::Int}, {"given_at", Col::Timestamp}, {"score", Col::Int}, {"complaint", Col::Bool}}},
      {"propositions",
       false,
       {{"held_product", Col::Text},
        {"offer", Col::Text},
        {"wait_days", Col::Int},
        {"second_offer", Col::Text},
        {"second_wait_days", Col::Int}}},
      {"sales_leads", false, {{"customer_id", Col::Int}}},
  };
  return tables;
}

// One CSV field: its text and whether it was quoted (an unquoted empty field is absent).
struct Field {
  std::string text;
  bool quoted = false;
};

// RFC 4180: fields separated by commas, records by LF (or CRLF), quotes doubled.
class CsvReader {
 public:
  explicit CsvReader(std::string data) : data_(std::move(data)) {}

  bool Next(std::vector<Field>& row) {
    row.clear();
    if (pos_ >= data_.size()) return false;
    for (;;) {
      Field f;
      if (pos_ < data_.size() && data_[pos_] == '"') {
        f.quoted = true;
        ++pos_;
        for (;;) {
          if (pos_ >= data_.size()) throw OracleError("csv: unterminated quote");
          char c = data_[pos_++];
          if (c == '"') {
            if (pos_ < data_.size() && data_[pos_] == '"') {
              f.text += '"';
              ++pos_;
            } else {
              break;
            }
          } else {
            f.text += c;
          }
        }
      } else {
        size_t end = data_.find_first_of(",\n", pos_);
        if (end == std::string::npos) end = data_.size();
        f.text.assign(data_, pos_, end - pos_);
        if (!f.text.empty() && f.text.back() == '\r') f.text.pop_back();
        pos_ = end;
      }
      row.push_back(std::move(f));
      if (pos_ >= data_.size()) return true;
      char sep = data_[pos_++];
      if (sep == '\n') return true;
      if (sep == '\r' && pos_ < data_.size() && data_[pos_] == '\n') {
        ++pos_;
        return true;
      }
      if (sep != ',') throw OracleError("csv: unexpected character after a quoted field");
    }
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

int64_t DaysOf(int y, unsigned m, unsigned d) {
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) throw OracleError("invalid date");
  return date::sys_days{ymd}.time_since_epoch().count();
}

int64_t ParseDate(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) throw OracleError("bad date: " + s);
  return DaysOf(y, m, d);
}

// The generator writes `YYYY-MM-DDTHH:MM:SSZ`.
int64_t ParseTimestamp(const std::string& s) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() != 20 || s[10] != 'T' || s[19] != 'Z' ||
      std::sscanf(s.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi, &se) != 6) {
    throw OracleError("bad timestamp: " + s);
  }
  return DaysOf(y, mo, d) * kMicrosPerDay + (int64_t{h} * 3600 + mi * 60 + se) * 1'000'000;
}

// "12.5", "-3.07", "7" -> micro-units, exactly.
int64_t ParseDecimal(const std::string& s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  int64_t whole = 0, frac = 0;
  int digits = 0;
  bool any = false;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, any = true) whole = whole * 10 + (s[i] - '0');
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, any = true) {
      if (++digits > 6) throw OracleError("decimal with more than 6 digits: " + s);
      frac = frac * 10 + (s[i] - '0');
    }
  }
  if (!any || i != s.size()) throw OracleError("bad decimal: " + s);
  for (; digits < 6; ++digits) frac *= 10;
  int64_t v = whole * 1'000'000 + frac;
  return neg ? -v : v;
}

const date::time_zone* Zone(void* user) { return date::locate_zone(*static_cast<const std::string*>(user)); }

bool AnyNull(int argc, sqlite3_value** argv) {
  for (int i = 0; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return true;
  }
  return false;
}

date::year_month_day Ymd(int64_t days) { return date::year_month_day{date::sys_days{date::days{days}}}; }
int64_t Days(date::year_month_day ymd) { return date::sys_days{ymd}.time_since_epoch().count(); }

// The same day number of another month or year; a day the month lacks becomes its
// last day (31 -> 30, 29 February -> 28 February).
int64_t Clamped(date::year y, date::month m, date::day d) {
  date::year_month_day ymd{y, m, d};
  if (ymd.ok()) return Days(ymd);
  return Days(date::year_month_day{date::year_month_day_last{y, date::month_day_last{m}}});
}

using Fn = void (*)(sqlite3_context*, int, sqlite3_value**);

// Helper functions of the SQL: time zones and the calendar, which SQLite lacks.
void RegisterFunctions(sqlite3* db, std::string* timezone) {
  struct Def {
    const char* name;
    int args;
    Fn fn;
  };
  static const Def defs[] = {
      // local_date(micros): the date of an instant in the program's zone.
      {"local_date", 1,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         date::sys_time<std::chrono::microseconds> t{std::chrono::microseconds{sqlite3_value_int64(argv[0])}};
         auto local = Zone(sqlite3_user_data(ctx))->to_local(t);
         sqlite3_result_int64(ctx, date::floor<date::days>(local).time_since_epoch().count());
       }},
      // start_of(days): the instant of local midnight.
      {"start_of", 1,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         date::local_days d{date::days{sqlite3_value_int64(argv[0])}};
         auto sys = Zone(sqlite3_user_data(ctx))->to_sys(d, date::choose::earliest);
         sqlite3_result_int64(ctx, std::chrono::duration_cast<std::chrono::microseconds>(sys.time_since_epoch()).count());
       }},
      // wall('YYYY-MM-DD', seconds into the day): a wall-clock time in the program's zone.
      {"wall", 2,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         std::string ymd(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])));
         date::local_seconds t{date::days{ParseDate(ymd)} + std::chrono::seconds{sqlite3_value_int64(argv[1])}};
         auto sys = Zone(sqlite3_user_data(ctx))->to_sys(t, date::choose::earliest);
         sqlite3_result_int64(ctx, std::chrono::duration_cast<std::chrono::microseconds>(sys.time_since_epoch()).count());
       }},
      // day_number('YYYY-MM-DD')
      {"day_number", 1,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         sqlite3_result_int64(ctx, ParseDate(reinterpret_cast<const char*>(sqlite3_value_text(argv[0]))));
       }},
      {"year_of", 1,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         sqlite3_result_int(ctx, static_cast<int>(Ymd(sqlite3_value_int64(argv[0])).year()));
       }},
      {"month_of", 1,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         sqlite3_result_int(ctx, static_cast<int>(static_cast<unsigned>(Ymd(sqlite3_value_int64(argv[0])).month())));
       }},
      {"day_of", 1,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         sqlite3_result_int(ctx, static_cast<int>(static_cast<unsigned>(Ymd(sqlite3_value_int64(argv[0])).day())));
       }},
      // iso_weekday(days): 1 Monday .. 7 Sunday.
      {"iso_weekday", 1,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         date::weekday wd{date::sys_days{date::days{sqlite3_value_int64(argv[0])}}};
         sqlite3_result_int(ctx, static_cast<int>(wd.iso_encoding()));
       }},
      // add_months(days, n): the 31st becomes the last day of a shorter month.
      {"add_months", 2,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         auto ymd = Ymd(sqlite3_value_int64(argv[0]));
         date::year_month ym = date::year_month{ymd.year(), ymd.month()} + date::months{sqlite3_value_int64(argv[1])};
         sqlite3_result_int64(ctx, Clamped(ym.year(), ym.month(), ymd.day()));
       }},
      // add_years(days, n): 29 February becomes 28 February in other years.
      {"add_years", 2,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         auto ymd = Ymd(sqlite3_value_int64(argv[0]));
         sqlite3_result_int64(ctx, Clamped(ymd.year() + date::years{sqlite3_value_int64(argv[1])}, ymd.month(), ymd.day()));
       }},
      // anniversary(days, today): the date's month and day in today's year (29 February
      // on 28 February in other years).
      {"anniversary", 2,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         auto ymd = Ymd(sqlite3_value_int64(argv[0]));
         auto now = Ymd(sqlite3_value_int64(argv[1]));
         sqlite3_result_int64(ctx, Clamped(now.year(), ymd.month(), ymd.day()));
       }},
      // rdiv(a, b): a / b rounded to an integer, halves to even; NULL when b is 0.
      {"rdiv", 2,
       [](sqlite3_context* ctx, int argc, sqlite3_value** argv) {
         if (AnyNull(argc, argv)) return sqlite3_result_null(ctx);
         __int128 a = sqlite3_value_int64(argv[0]), b = sqlite3_value_int64(argv[1]);
         if (b == 0) return sqlite3_result_null(ctx);
         if (b < 0) a = -a, b = -b;
         __int128 q = a / b, r = a % b;
         if (r < 0) r += b, q -= 1;
         if (2 * r > b || (2 * r == b && (q & 1))) q += 1;
         sqlite3_result_int64(ctx, static_cast<int64_t>(q));
       }},
  };
  for (const Def& d : defs) {
    int rc = sqlite3_create_function(db, d.name, d.args, SQLITE_UTF8 | SQLITE_DETERMINISTIC, timezone, d.fn,
                                     nullptr, nullptr);
    if (rc != SQLITE_OK) throw OracleError(std::string("sqlite: cannot register ") + d.name);
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OracleError("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int64_t LocalMidnight(int64_t days, const std::string& timezone) {
  auto sys = date::locate_zone(timezone)->to_sys(date::local_days{date::days{days}}, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::microseconds>(sys.time_since_epoch()).count();
}

int64_t LocalDay(int64_t micros, const std::string& timezone) {
  date::sys_time<std::chrono::microseconds> t{std::chrono::microseconds{micros}};
  return date::floor<date::days>(date::locate_zone(timezone)->to_local(t)).time_since_epoch().count();
}

int64_t DaysFromIso(const std::string& ymd) { return ParseDate(ymd); }

OracleDb::OracleDb(std::string timezone) : timezone_(std::move(timezone)) {
  if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw OracleError("sqlite: cannot open a database");
  RegisterFunctions(db_, &timezone_);
}

OracleDb::~OracleDb() { sqlite3_close(db_); }

void OracleDb::Exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "?";
    sqlite3_free(err);
    throw OracleError("sqlite: " + message + "\n  in: " + sql);
  }
}

void OracleDb::LoadDemoData(const std::string& dir) {
  Exec("BEGIN");
  for (const TableDef& def : DemoTables()) LoadTable(dir, def);
  Exec("COMMIT");
  // Per-customer lookups by (customer, time), as the SQL of the queries does them.
  Exec("CREATE INDEX orders_c ON orders(customer_id, ordered_at)");
  Exec("CREATE INDEX accounts_c ON accounts(customer_id, opened_at)");
  Exec("CREATE INDEX web_events_c ON web_events(customer_id, occurred_at)");
  Exec("CREATE INDEX email_events_c ON email_events(customer_id, occurred_at)");
  Exec("CREATE INDEX address_changes_c ON address_changes(customer_id, changed_at)");
  Exec("CREATE INDEX feedback_c ON feedback(customer_id, given_at)");
  Exec("CREATE INDEX sales_leads_c ON sales_leads(customer_id)");
}

void OracleDb::LoadTable(const std::string& dir, const TableDef& def) {
  std::string create = std::string("CREATE TABLE ") + def.name + " (";
  std::string insert = std::string("INSERT INTO ") + def.name + " VALUES (";
  if (def.events) {
    create += "rid INTEGER PRIMARY KEY, ";
    insert += "?, ";
  }
  for (size_t i = 0; i < def.cols.size(); ++i) {
    const ColDef& c = def.cols[i];
    create += std::string(i ? ", " : "") + c.name + (c.type == Col::Text ? " TEXT" : " INTEGER");
    if (std::string_view(def.name) == "customers" && i == 0) create += " PRIMARY KEY";
    insert += i ? ", ?" : "?";
  }
  Exec(create + ")");
  insert += ")";

  std::string path = dir + "/" + def.name + ".csv";
  CsvReader csv(ReadFile(path));
  std::vector<Field> row;
  if (!csv.Next(row)) throw OracleError(path + ": no header");
  std::vector<int> source(def.cols.size(), -1);  // CSV column of each schema column
  for (size_t i = 0; i < def.cols.size(); ++i) {
    for (size_t j = 0; j < row.size(); ++j) {
      if (row[j].text == def.cols[i].name) source[i] = static_cast<int>(j);
    }
    if (source[i] < 0) throw OracleError(path + ": no column " + def.cols[i].name);
  }

  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, insert.c_str(), -1, &stmt, nullptr) != SQLITE_OK) throw OracleError(sqlite3_errmsg(db_));
  int64_t rid = 0;
  while (csv.Next(row)) {
    int p = 1;
    if (def.events) sqlite3_bind_int64(stmt, p++, rid++);
    for (size_t i = 0; i < def.cols.size(); ++i, ++p) {
      const Field& f = row.at(static_cast<size_t>(source[i]));
      if (f.text.empty() && !f.quoted) {
        sqlite3_bind_null(stmt, p);
        continue;
      }
      switch (def.cols[i].type) {
        case Col::Text: sqlite3_bind_text(stmt, p, f.text.data(), static_cast<int>(f.text.size()), SQLITE_TRANSIENT); break;
        case Col::Int: sqlite3_bind_int64(stmt, p, std::stoll(f.text)); break;
        case Col::Timestamp: sqlite3_bind_int64(stmt, p, ParseTimestamp(f.text)); break;
        case Col::Date: sqlite3_bind_int64(stmt, p, ParseDate(f.text)); break;
        case Col::Decimal: sqlite3_bind_int64(stmt, p, ParseDecimal(f.text)); break;
        case Col::Bool:
          if (f.text != "true" && f.text != "false") throw OracleError(path + ": bad bool " + f.text);
          sqlite3_bind_int(stmt, p, f.text == "true");
          break;
      }
    }
    if (sqlite3_step(stmt) != SQLITE_DONE) {
      std::string message = sqlite3_errmsg(db_);
      sqlite3_finalize(stmt);
      throw OracleError(path + ": " + message);
    }
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
}

std::vector<int64_t> OracleDb::SelectIds(const std::string& sql, int64_t today, int64_t now) const {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw OracleError(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  if (int i = sqlite3_bind_parameter_index(stmt, ":today")) sqlite3_bind_int64(stmt, i, today);
  if (int i = sqlite3_bind_parameter_index(stmt, ":now")) sqlite3_bind_int64(stmt, i, now);
  std::vector<int64_t> ids;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (sqlite3_column_type(stmt, 0) != SQLITE_INTEGER) {
      sqlite3_finalize(stmt);
      throw OracleError("sqlite: the query must select integer ids");
    }
    ids.push_back(sqlite3_column_int64(stmt, 0));
  }
  std::string message = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db_);
  sqlite3_finalize(stmt);
  if (!message.empty()) throw OracleError("sqlite: " + message);
  std::sort(ids.begin(), ids.end());
  return ids;
}

int64_t OracleDb::CountRows(const std::string& table) const {
  return static_cast<int64_t>(SelectIds("SELECT count(*) FROM " + table, 0, 0).at(0));
}

}  // namespace sam::oracle
