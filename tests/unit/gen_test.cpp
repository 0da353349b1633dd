// `sam gen` (tools/gen): the same bytes for any thread count, headers that match
// the checked schema, values that parse as their field types, and the shares of
// consent, bounces, exits, orders and events that the example programs rely on.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver/frontend.hpp"
#include "tools/gen/gen.hpp"

namespace sam::gen {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;

// A directory of its own under the system's temp directory, removed afterwards.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    static int counter = 0;
    path = fs::temp_directory_path() / ("sam_gen_test_" + std::to_string(::getpid()) + "_" + tag + "_" +
                                        std::to_string(counter++));
    fs::remove_all(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// RFC 4180: fields separated by commas, rows by LF; a quoted field may hold commas,
// line breaks and doubled quotes. Returns nothing when the text is malformed.
std::optional<Rows> ParseCsv(const std::string& text) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) return std::nullopt;  // unterminated quote
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n') return std::nullopt;
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\n') {
        if (text[i] == '"' || text[i] == '\r') return std::nullopt;
        field += text[i++];
      }
    }
    row.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    ++i;  // '\n' or the end
    rows.push_back(std::move(row));
    row.clear();
  }
  if (!text.empty() && text.back() != '\n') return std::nullopt;
  return rows;
}

Rows ReadCsv(const fs::path& p) {
  auto rows = ParseCsv(ReadAll(p));
  REQUIRE_MESSAGE(rows.has_value(), p.string());
  REQUIRE_MESSAGE(!rows->empty(), p.string());
  return *rows;
}

// The schema the generator writes, checked by the compiler.
const Frontend& Schema() {
  static Frontend fe = [] {
    Frontend f;
    CheckProgram(f, {std::string(SAM_SOURCE_DIR) + "/examples/common/schema.sam"});
    return f;
  }();
  return fe;
}

// A table's columns as a CSV file holds them: customer and time column first.
std::vector<int> ColumnOrder(const TableInfo& t) {
  std::vector<int> order;
  if (t.kind == TableKind::Events || t.kind == TableKind::List) {
    order.push_back(t.key);
    if (t.time >= 0) order.push_back(t.time);
  }
  for (int i = 0; i < static_cast<int>(t.fields.size()); ++i) {
    if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
  }
  return order;
}

const fs::path& Data20k() {
  static TempDir dir("20k");
  static bool done = false;
  if (!done) {
    GenOptions o;
    o.customers = 20000;
    o.out_dir = dir.path.string();
    o.seed = 2026;
    o.threads = 2;
    GenReport r = GenerateDemoData(o);
    REQUIRE_MESSAGE(r.ok(), r.error);
    done = true;
  }
  return dir.path;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Days since the epoch of `YYYY-MM-DD`, if it is a real date.
std::optional<int64_t> DateDays(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!AllDigits(s.substr(0, 4)) || !AllDigits(s.substr(5, 2)) || !AllDigits(s.substr(8, 2))) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{year{Num(s.substr(0, 4))}, month{static_cast<unsigned>(Num(s.substr(5, 2)))},
                     day{static_cast<unsigned>(Num(s.substr(8, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd).time_since_epoch().count();
}

// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ`.
std::optional<int64_t> TimestampSeconds(std::string_view s) {
  if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return std::nullopt;
  auto days = DateDays(s.substr(0, 10));
  if (!days || !AllDigits(s.substr(11, 2)) || !AllDigits(s.substr(14, 2)) || !AllDigits(s.substr(17, 2))) {
    return std::nullopt;
  }
  int h = Num(s.substr(11, 2)), m = Num(s.substr(14, 2)), sec = Num(s.substr(17, 2));
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return *days * 86400 + h * 3600 + m * 60 + sec;
}

bool IsInt(std::string_view s) { return AllDigits(s.substr(!s.empty() && s[0] == '-')); }

bool IsDecimal(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  size_t dot = s.find('.');
  return dot != std::string_view::npos && AllDigits(s.substr(0, dot)) && s.size() == dot + 3 &&
         AllDigits(s.substr(dot + 1));
}

TEST_CASE("gen: the same bytes for any number of threads") {
  TempDir one("t1"), three("t3"), other("seed");
  GenOptions o;
  o.customers = 2000;
  o.seed = 99;
  o.out_dir = one.path.string();
  o.threads = 1;
  GenReport r1 = GenerateDemoData(o);
  REQUIRE_MESSAGE(r1.ok(), r1.error);
  CHECK(r1.chunks > 3);  // several chunks, so threads really interleave
  o.out_dir = three.path.string();
  o.threads = 3;
  GenReport r3 = GenerateDemoData(o);
  REQUIRE_MESSAGE(r3.ok(), r3.error);
  CHECK(r3.threads == 3);
  REQUIRE(r1.tables.size() == r3.tables.size());
  for (size_t i = 0; i < r1.tables.size(); ++i) {
    CAPTURE(r1.tables[i].name);
    std::string a = ReadAll(r1.tables[i].path), b = ReadAll(r3.tables[i].path);
    CHECK(a.size() == static_cast<size_t>(r1.tables[i].bytes));
    CHECK(r1.tables[i].rows == r3.tables[i].rows);
    CHECK(a == b);
  }
  // Another seed: other data.
  o.out_dir = other.path.string();
  o.seed = 100;
  GenReport r = GenerateDemoData(o);
  REQUIRE(r.ok());
  CHECK(ReadAll(one.path / "orders.csv") != ReadAll(other.path / "orders.csv"));
  CHECK(ReadAll(one.path / "propositions.csv") == ReadAll(other.path / "propositions.csv"));
}

TEST_CASE("gen: one file per table, with the schema's fields as the header") {
  const Frontend& fe = Schema();
  REQUIRE(fe.sema.ok);
  const fs::path& dir = Data20k();
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.insert(e.path().filename().string());
  std::set<std::string> expected;
  for (const auto& t : fe.sema.tables) expected.insert(t.name + ".csv");
  CHECK(files == expected);
  for (const auto& t : fe.sema.tables) {
    CAPTURE(t.name);
    std::string text = ReadAll(dir / (t.name + ".csv"));
    std::string header;
    for (int i : ColumnOrder(t)) header += (header.empty() ? "" : ",") + t.fields[i].name;
    CHECK(text.substr(0, text.find('\n')) == header);
  }
}

TEST_CASE("gen: every value parses as its field's type, and every time lies before the as-of date") {
  const Frontend& fe = Schema();
  REQUIRE(fe.sema.ok);
  const int64_t as_of = *DateDays("2026-11-23");
  for (const auto& t : fe.sema.tables) {
    CAPTURE(t.name);
    Rows rows = ReadCsv(Data20k() / (t.name + ".csv"));
    std::vector<int> order = ColumnOrder(t);
    REQUIRE(rows[0].size() == order.size());
    for (size_t r = 1; r < rows.size(); ++r) {
      const auto& row = rows[r];
      if (row.size() != order.size()) {
        FAIL_CHECK(t.name, " row ", r, " has ", row.size(), " fields");
        continue;
      }
      for (size_t c = 0; c < row.size(); ++c) {
        const FieldInfo& f = t.fields[order[c]];
        const std::string& v = row[c];
        if (v.empty()) {
          // An absent value; a required string is never empty either.
          if (!f.type.optional) FAIL_CHECK(t.name, ".", f.name, " is required but empty in row ", r);
          continue;
        }
        bool ok = true;
        switch (f.type.kind) {
          case TypeKind::Int: ok = IsInt(v); break;
          case TypeKind::Decimal: ok = IsDecimal(v); break;
          case TypeKind::Bool: ok = v == "true" || v == "false"; break;
          case TypeKind::String: ok = true; break;
          case TypeKind::Date: {
            auto d = DateDays(v);
            ok = d && *d < as_of;
            break;
          }
          case TypeKind::Timestamp: {
            auto s = TimestampSeconds(v);
            ok = s && *s < as_of * 86400;
            break;
          }
          case TypeKind::Enum: ok = fe.sema.enums[static_cast<size_t>(f.type.ref)].Find(v) >= 0; break;
          default: ok = false;
        }
        if (!ok) FAIL_CHECK(t.name, ".", f.name, " = `", v, "` in row ", r);
      }
    }
  }
}

TEST_CASE("gen: realistic shares for 20000 customers") {
  const fs::path& dir = Data20k();
  Rows cs = ReadCsv(dir / "customers.csv");
  const auto& h = cs[0];
  auto col = [&](const char* name) {
    return static_cast<size_t>(std::find(h.begin(), h.end(), name) - h.begin());
  };
  const double n = static_cast<double>(cs.size() - 1);
  REQUIRE(n == 20000);
  auto share = [&](auto pred) {
    size_t k = 0;
    for (size_t i = 1; i < cs.size(); ++i) k += pred(cs[i]) ? 1 : 0;
    return static_cast<double>(k) / n;
  };
  auto present = [&](const char* name) {
    size_t c = col(name);
    return [c](const std::vector<std::string>& r) { return !r[c].empty(); };
  };

  // Ids 1..N, each once, not sorted.
  std::vector<int64_t> ids;
  for (size_t i = 1; i < cs.size(); ++i) ids.push_back(std::stoll(cs[i][col("id")]));
  CHECK_FALSE(std::is_sorted(ids.begin(), ids.end()));
  std::sort(ids.begin(), ids.end());
  CHECK(ids.front() == 1);
  CHECK(ids.back() == 20000);
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());

  double birth_absent = 1 - share(present("birth_date"));
  CHECK(birth_absent > 0.2);
  CHECK(birth_absent < 0.3);
  CHECK(share([&](const auto& r) { return r[col("birth_date")].ends_with("-02-29"); }) > 0);
  double mobile = share(present("mobile")), phone = share(present("phone"));
  CHECK(mobile > 0.5);
  CHECK(mobile < 0.9);
  CHECK(phone > 0.2);
  CHECK(phone < 0.8);

  double optin = share(present("newsletter_optin_at"));
  CHECK(optin > 0.55);
  CHECK(optin < 0.65);
  double confirmed = share(present("newsletter_confirmed_at")) / optin;
  CHECK(confirmed > 0.62);
  CHECK(confirmed < 0.78);
  double optout = share([&](const auto& r) {
    return !r[col("newsletter_optin_at")].empty() && !r[col("newsletter_optout_at")].empty();
  }) / optin;
  CHECK(optout > 0.06);
  CHECK(optout < 0.14);
  // Confirmation follows the sign-up it confirms.
  CHECK(share([&](const auto& r) {
    const auto& confirmed_at = r[col("newsletter_confirmed_at")];
    return !confirmed_at.empty() && confirmed_at < r[col("newsletter_optin_at")];
  }) == 0);
  double bounced = share([&](const auto& r) { return r[col("email_bounced")] == "true"; });
  CHECK(bounced > 0.015);
  CHECK(bounced < 0.045);
  double employees = share([&](const auto& r) { return r[col("is_employee")] == "true"; });
  CHECK(employees > 0.004);
  CHECK(employees < 0.02);
  double exits = share(present("exit_survey_at"));
  CHECK(exits > 0.035);
  CHECK(exits < 0.065);
  CHECK(share(present("exit_reason")) <= exits);
  double churn = share(present("churn_model_score"));
  CHECK(churn > 0.76);
  CHECK(churn < 0.84);
  CHECK(share([&](const auto& r) { return r[col("postal_address")].find('\n') != std::string::npos; }) > 0);

  // Events: ~5 orders and 20-30 events per customer.
  std::map<std::string, Rows> events;
  double total = 0;
  for (const char* t : {"orders", "accounts", "web_events", "email_events", "address_changes", "feedback"}) {
    events[t] = ReadCsv(dir / (std::string(t) + ".csv"));
    total += static_cast<double>(events[t].size() - 1);
  }
  double orders = static_cast<double>(events["orders"].size() - 1) / n;
  CHECK(orders > 4);
  CHECK(orders < 6);
  CHECK(total / n > 20);
  CHECK(total / n < 30);
  std::map<std::string, int> orders_per_customer;
  for (size_t i = 1; i < events["orders"].size(); ++i) ++orders_per_customer[events["orders"][i][0]];
  int none_to_two = static_cast<int>(n) - static_cast<int>(orders_per_customer.size()), dozens = 0;
  for (const auto& [id, k] : orders_per_customer) {
    none_to_two += k <= 2;
    dozens += k >= 24;
  }
  CHECK(none_to_two > 0.4 * n);
  CHECK(dozens > 0.01 * n);

  // Carts: ordered ones, abandoned ones, and checkouts never ordered.
  std::set<std::string> ordered_carts, added, checked_out;
  size_t cart_events_without_cart = 0;
  for (size_t i = 1; i < events["orders"].size(); ++i) {
    if (!events["orders"][i][6].empty()) ordered_carts.insert(events["orders"][i][6]);
  }
  for (size_t i = 1; i < events["web_events"].size(); ++i) {
    const auto& r = events["web_events"][i];
    if (r[2] == "cart_add") added.insert(r[3]);
    if (r[2] == "checkout") checked_out.insert(r[3]);
    cart_events_without_cart += (r[2] == "cart_add" || r[2] == "checkout") && r[3].empty();
  }
  CHECK(cart_events_without_cart == 0);
  size_t abandoned = 0, stuck = 0, matched = 0;
  for (const auto& c : added) abandoned += !ordered_carts.contains(c);
  for (const auto& c : checked_out) stuck += !ordered_carts.contains(c);
  for (const auto& c : ordered_carts) matched += added.contains(c);
  CHECK(abandoned > 0.2 * n);
  CHECK(stuck > 0.02 * n);
  CHECK(matched == ordered_carts.size());

  // E-mail: every kind occurs; unsubscribes match the opt-outs of subscribers.
  std::map<std::string, int> kinds;
  for (size_t i = 1; i < events["email_events"].size(); ++i) ++kinds[events["email_events"][i][2]];
  for (const char* k : {"sent", "open", "click", "bounce", "unsubscribe", "complaint"}) CHECK(kinds[k] > 0);
  CHECK(kinds["open"] < kinds["sent"]);
  CHECK(kinds["click"] < kinds["open"]);

  // Accounts: travel insurance 30 or more days after savings.
  std::map<std::string, std::pair<std::string, std::string>> savings_travel;
  for (size_t i = 1; i < events["accounts"].size(); ++i) {
    const auto& r = events["accounts"][i];
    auto& st = savings_travel[r[0]];
    if (r[2] == "savings" && (st.first.empty() || r[1] < st.first)) st.first = r[1];
    if (r[2] == "travel_insurance" && (st.second.empty() || r[1] < st.second)) st.second = r[1];
  }
  int after_savings = 0;
  for (const auto& [id, st] : savings_travel) {
    if (st.first.empty() || st.second.empty()) continue;
    after_savings += *TimestampSeconds(st.second) - *TimestampSeconds(st.first) >= 30 * 86400;
  }
  CHECK(after_savings > 0.01 * n);

  // Moves, feedback, sales leads.
  std::set<std::string> movers;
  for (size_t i = 1; i < events["address_changes"].size(); ++i) movers.insert(events["address_changes"][i][0]);
  CHECK(static_cast<double>(movers.size()) > 0.035 * n);
  CHECK(static_cast<double>(movers.size()) < 0.07 * n);
  int complaints = 0;
  std::set<int> scores;
  for (size_t i = 1; i < events["feedback"].size(); ++i) {
    scores.insert(std::stoi(events["feedback"][i][2]));
    complaints += events["feedback"][i][3] == "true";
  }
  CHECK(*scores.begin() == 0);
  CHECK(*scores.rbegin() == 10);
  CHECK(complaints > 0);
  double leads = static_cast<double>(ReadCsv(dir / "sales_leads.csv").size() - 1) / n;
  CHECK(leads > 0.01);
  CHECK(leads < 0.03);
}

TEST_CASE("gen: dormant customers: no opens, clicks or orders in the last 180 days") {
  const fs::path& dir = Data20k();
  const int64_t cutoff = (*DateDays("2026-11-23") - 180) * 86400;
  std::set<std::string> recent;
  for (const char* t : {"orders", "email_events"}) {
    Rows rows = ReadCsv(dir / (std::string(t) + ".csv"));
    for (size_t i = 1; i < rows.size(); ++i) {
      bool engaged = std::string(t) == "orders" || rows[i][2] == "open" || rows[i][2] == "click";
      if (engaged && *TimestampSeconds(rows[i][1]) >= cutoff) recent.insert(rows[i][0]);
    }
  }
  Rows cs = ReadCsv(dir / "customers.csv");
  int dormant = 0;
  for (size_t i = 1; i < cs.size(); ++i) {
    dormant += !recent.contains(cs[i][0]) && *TimestampSeconds(cs[i][11]) < cutoff;
  }
  CHECK(dormant > 0.1 * 20000);
  CHECK(dormant < 0.6 * 20000);
}

TEST_CASE("gen: errors name the problem") {
  TempDir dir("errors");
  GenOptions o;
  o.out_dir = dir.path.string();
  o.customers = 0;
  CHECK(GenerateDemoData(o).error.find("--customers") != std::string::npos);
  o.customers = -3;
  CHECK_FALSE(GenerateDemoData(o).ok());
  o.customers = 10;
  o.as_of = "2026-02-30";
  CHECK(GenerateDemoData(o).error.find("--as-of") != std::string::npos);
  o.as_of = "2026-11-23";
  fs::create_directories(dir.path);
  std::ofstream(dir.path / "file") << "x";
  o.out_dir = (dir.path / "file").string();
  CHECK(GenerateDemoData(o).error.find("not a directory") != std::string::npos);
  o.out_dir = (dir.path / "file" / "sub").string();
  CHECK_FALSE(GenerateDemoData(o).ok());
  o.out_dir = (dir.path / "new" / "deeper").string();
  GenReport r = GenerateDemoData(o);
  CHECK(r.ok());
  CHECK(fs::exists(dir.path / "new" / "deeper" / "customers.csv"));
}

TEST_CASE("gen: a write error mid-run ends the run, with every thread count") {
  // A table's file that is /dev/full fails once its buffer is flushed: with many
  // chunks still to come, the writer stops and the generators must not wait for it.
  if (!fs::exists("/dev/full")) return;
  TempDir dir("full");
  fs::create_directories(dir.path);
  fs::create_symlink("/dev/full", dir.path / "web_events.csv");
  GenOptions o;
  o.out_dir = dir.path.string();
  o.customers = 20000;
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    o.threads = threads;
    GenReport r = GenerateDemoData(o);
    CHECK(r.error == "cannot write `" + (dir.path / "web_events.csv").string() + "`: No space left on device");
  }
}

}  // namespace
}  // namespace sam::gen
