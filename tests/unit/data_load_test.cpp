// The data loader (runtime/load): value formats, every rejection reason and its line,
// CSV dialects, JSON lines, time zones, CSR order, parallel chunks giving the same
// database as one thread, and a round trip of `sam gen` data checked against values
// parsed here independently.
#include <date/date.h>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/suggest.hpp"
#include "compiler/driver/frontend.hpp"
#include "ir/eval.hpp"
#include "runtime/load/closest_name.hpp"
#include "runtime/load/load.hpp"
#include "runtime/load/tz_cache.hpp"
#include "runtime/load/values.hpp"
#include "schema/settings.hpp"
#include "schema/time_zone.hpp"
#include "tools/gen/gen.hpp"

namespace sam::rt {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("sam_load_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
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

void WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

const char* kDataLoadSchema = R"(
timezone "Europe/Amsterdam"
enum color { red, green, blue }
schema {
  customers key id {
    id: int
    name: string
    score: decimal?
    ratio: float?
    vip: bool?
    born: date?
    seen_at: timestamp?
    color: color?
    wait: duration?
    n: int?
  }
  events orders of customers by customer_id at ordered_at {
    amount: decimal
    note: string?
  }
  table shades key code {
    code: string
    label: string?
  }
  list leads of customers by customer_id
}
)";

// A checked program and a data folder with a file per table.
struct Fixture {
  TempDir dir;
  Frontend fe;
  std::map<std::string, std::string> files{
      {"customers.csv", "id,name\n1,Ann\n2,Bob\n3,Cy\n"},
      {"orders.csv", "customer_id,ordered_at,amount\n"},
      {"shades.csv", "code\n"},
      {"leads.csv", "customer_id\n"},
  };
  LoadOptions options;
  LoadReport report;

  explicit Fixture(const char* schema = kDataLoadSchema) {
    CheckText(fe, "t.sam", schema);
    REQUIRE(fe.ir.has_value());
    options.data_dir = dir.path.string();
    options.rejects_dir = (dir.path / "rejects").string();
  }
  Database Load() {
    for (const auto& [name, text] : files) WriteFile(dir.path / name, text);
    report = LoadReport{};
    return LoadDatabase(*fe.ir, options, report);
  }
  const TableLoadStats& Stats(const std::string& table) const {
    for (const auto& s : report.tables) {
      if (s.table == table) return s;
    }
    FAIL("no stats for " << table);
    return report.tables.front();
  }
  std::string Rejects(const std::string& table) const { return ReadAll(dir.path / "rejects" / (table + ".rejects.csv")); }
  bool HasRejects(const std::string& table) const { return fs::exists(dir.path / "rejects" / (table + ".rejects.csv")); }
};

const Table& TableOf(const Database& db, const std::string& name) {
  for (const auto& t : db.tables) {
    if (t.name == name) return t;
  }
  FAIL("no table " << name);
  return db.tables.front();
}

const Column& Col(const Fixture& fx, const Database& db, const std::string& table, const std::string& field) {
  for (size_t t = 0; t < fx.fe.ir->tables.size(); ++t) {
    if (fx.fe.ir->tables[t].name != table) continue;
    int f = fx.fe.ir->tables[t].Find(field);
    REQUIRE(f >= 0);
    return db.tables[t].columns[f];
  }
  FAIL("no table " << table);
  return db.tables[0].columns[0];
}

// The warnings that name `file` and are not about a missing column (any file when "").
std::vector<std::string> WarningsAbout(const LoadReport& r, const std::string& file) {
  std::vector<std::string> out;
  for (const auto& w : r.warnings) {
    const bool column = w.find("the header has no column") != std::string::npos;
    if (file.empty() ? !column : w.find(file) != std::string::npos) out.push_back(w);
  }
  return out;
}

void CheckCounts(const LoadReport& r) {
  for (const auto& s : r.tables) {
    CAPTURE(s.table);
    CHECK(s.accepted + s.rejected == s.read);
  }
}

// Independent calendar arithmetic (std::chrono), for expected values.
int64_t Days(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}.time_since_epoch().count();
}
int64_t Micros(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return (Days(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss) * 1'000'000;
}

// RFC 4180 rows, parsed here independently of the loader.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field), field.clear();
    } else if (c == '\n') {
      row.push_back(field), field.clear();
      rows.push_back(row), row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

// The rows of a rejects file after its header: source, line, column, reason, raw row.
std::vector<std::vector<std::string>> RejectRows(const std::string& text) {
  auto rows = ParseCsv(text);
  REQUIRE(!rows.empty());
  CHECK(rows[0] == std::vector<std::string>{"source_file", "line", "column", "reason", "raw_row"});
  rows.erase(rows.begin());
  for (const auto& r : rows) CHECK(r.size() == 5);
  return rows;
}

// One row of a rejects file: its line, column, a piece of its reason and (if given) its raw text.
void CheckReject(const std::vector<std::string>& r, uint64_t line, const std::string& column, const std::string& reason,
                 const char* raw = nullptr) {
  REQUIRE(r.size() == 5);
  CAPTURE(r[3]);
  CHECK(r[1] == std::to_string(line));
  CHECK(r[2] == column);
  CHECK(r[3].find(reason) != std::string::npos);
  if (raw) CHECK(r[4] == raw);
}

TEST_CASE("load: values of every type") {
  Fixture fx;
  fx.files["customers.csv"] =
      "id,name,score,ratio,vip,born,seen_at,color,wait,n\n"
      "3,Cy,-0.5,2.5e3,1,2000-02-29,2024-07-01T12:00:00Z,blue,1h30m,-7\n"
      "1,Ann,12.345678,0.25,true,1970-01-01,2024-01-15 10:30:00.25+02:00,red,30d,9223372036854775807\n"
      "2,\"B, \"\"Bob\"\"\",,,,,,,,\n";
  Database db = fx.Load();
  CheckCounts(fx.report);
  REQUIRE(db.customer_count() == 3);
  // Sorted by key.
  CHECK(Col(fx, db, "customers", "id").Int(0) == 1);
  CHECK(Col(fx, db, "customers", "id").Int(2) == 3);
  CHECK(Col(fx, db, "customers", "name").Str(1) == "B, \"Bob\"");
  CHECK(Col(fx, db, "customers", "score").Int(0) == 12'345'678);
  CHECK(Col(fx, db, "customers", "score").Int(2) == -500'000);
  CHECK_FALSE(Col(fx, db, "customers", "score").Present(1));
  CHECK(Col(fx, db, "customers", "ratio").Float(2) == 2500.0);
  CHECK(Col(fx, db, "customers", "vip").Int(0) == 1);
  CHECK(Col(fx, db, "customers", "vip").Int(2) == 1);
  CHECK(Col(fx, db, "customers", "born").Int(2) == Days(2000, 2, 29));
  CHECK(Col(fx, db, "customers", "born").Int(0) == 0);
  CHECK(Col(fx, db, "customers", "seen_at").Int(2) == Micros(2024, 7, 1, 12, 0, 0));
  CHECK(Col(fx, db, "customers", "seen_at").Int(0) == Micros(2024, 1, 15, 8, 30, 0) + 250'000);
  CHECK(Col(fx, db, "customers", "color").Int(0) == 0);
  CHECK(Col(fx, db, "customers", "color").Int(2) == 2);
  CHECK(Col(fx, db, "customers", "wait").Int(0) == 30LL * 86400 * 1'000'000);
  CHECK(Col(fx, db, "customers", "wait").Int(2) == 5400LL * 1'000'000);
  CHECK(Col(fx, db, "customers", "n").Int(0) == INT64_MAX);
  CHECK(Col(fx, db, "customers", "n").Int(2) == -7);
  for (const char* f : {"ratio", "vip", "born", "seen_at", "color", "wait", "n"}) CHECK_FALSE(Col(fx, db, "customers", f).Present(1));
  CHECK_FALSE(fx.HasRejects("customers"));
  CHECK(db.fingerprint == SchemaFingerprint(*fx.fe.ir));
  CHECK(db.source == fx.options.data_dir);
}

TEST_CASE("load: each rejection reason, on its line") {
  Fixture fx;
  fx.options.max_field_bytes = 40;
  fx.options.max_line_bytes = 100;
  struct Case {
    std::string row;
    std::string column;
    std::string reason;
  } cases[] = {
      {"10,A,,,,,,,,x1", "n", "is not an integer"},
      {"11,A,1.2.3,,,,,,,", "score", "is not a decimal number"},
      {"12,A,1.1234567,,,,,,,", "score", "more than 6 digits after the decimal point"},
      {"13,A,,,,,,,,9223372036854775808", "n", "out of the range of `int`"},
      {"14,A,9223372036854.775808,,,,,,,", "score", "out of the range of `decimal`"},
      {"15,A,,,,2023-02-29,,,,", "born", "is not a date"},
      {"16,A,,,,,2024-01-01T25:00:00Z,,,", "seen_at", "is not a timestamp"},
      {"17,A,,,,,,purple,,", "color", "`purple` is not a variant of the enum (expected one of: red, green, blue)"},
      {"18,,,,,,,,,", "name", "empty value for a required column"},
      {"19,A\xff,,,,,,,,", "name", "invalid UTF-8"},
      {"20,A\"b,,,,,,,,", "name", "stray quote"},
      {"21,A,,,,,,,,,", "", "expected 10 fields, found 11"},
      {"22,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,,,,,,,,", "name", "longer than the limit of 40 bytes"},
      {"23,A,,,,,,,," + std::string(120, ' '), "", "longer than the limit of 100 bytes"},
      {"24,A,,,maybe,,,,,", "vip", "is not a bool"},
      {"25,A,,nan,,,,,,", "ratio", "not a finite number"},
      {"26,A,,,,,,,5 minutes,", "wait", "is not a duration"},
      {"27,A,,,,,2024-01-01T10:00:00.1234567Z,,,", "seen_at", "more than 6 digits of fractional seconds"},
  };
  std::string text = "id,name,score,ratio,vip,born,seen_at,color,wait,n\n1,Ann,,,,,,,,\n";
  for (const auto& c : cases) text += c.row + "\n";
  text += "2,\"last\nrow\",,,,,,,,\n3,\"unterminated,,,,,,,,\n";
  fx.files["customers.csv"] = text;
  Database db = fx.Load();
  CheckCounts(fx.report);
  const auto& s = fx.Stats("customers");
  CHECK(s.read == std::size(cases) + 3);
  CHECK(s.accepted == 2);
  CHECK(s.rejected == std::size(cases) + 1);
  CHECK(db.customer_count() == 2);
  auto rows = RejectRows(fx.Rejects("customers"));
  REQUIRE(rows.size() == std::size(cases) + 1);
  std::string source = (fx.dir.path / "customers.csv").string();
  for (size_t i = 0; i < std::size(cases); ++i) {
    CAPTURE(cases[i].row);
    CHECK(rows[i][0] == source);
    // The rejects file shows bytes that are not UTF-8 as \xHH.
    const std::string raw = cases[i].row == "19,A\xff,,,,,,,," ? "19,A\\xFF,,,,,,,," : cases[i].row;
    CheckReject(rows[i], i + 3, cases[i].column, cases[i].reason, raw.c_str());
  }
  // The unterminated quote is on the line after the two-line field; its row runs to the end.
  CheckReject(rows.back(), std::size(cases) + 5, "name", "unterminated quoted field", "3,\"unterminated,,,,,,,,");
  CHECK(s.rejects_path == (fx.dir.path / "rejects" / "customers.rejects.csv").string());
}

TEST_CASE("load: the raw row in the rejects file is CSV-quoted") {
  Fixture fx;
  fx.files["customers.csv"] = "id,name\n1,Ann\nx,\"a,\"\"b\"\"\"\n";
  fx.Load();
  std::string text = fx.Rejects("customers");
  CHECK(text == "source_file,line,column,reason,raw_row\n" + (fx.dir.path / "customers.csv").string() +
                    ",3,id,`x` is not an integer,\"x,\"\"a,\"\"\"\"b\"\"\"\"\"\"\"\n");
}

TEST_CASE("load: the rejects file is UTF-8, and raw rows have no line end") {
  Fixture fx;
  // Latin-1 bytes (0xE9), a lone continuation byte, and a row cut by the end of the
  // file inside a quote, with CR LF line ends.
  fx.files["customers.csv"] = "id,name\r\n1,Ann\r\n2,caf\xE9\r\n\x80,x\r\n3,\"open\r\n";
  fx.Load();
  std::string text = fx.Rejects("customers");
  CHECK(load::ValidUtf8(text));
  auto rows = RejectRows(text);
  REQUIRE(rows.size() == 3);
  CheckReject(rows[0], 3, "name", "invalid UTF-8", "2,caf\\xE9");
  CheckReject(rows[1], 4, "id", "`\\x80` is not an integer", "\\x80,x");
  CheckReject(rows[2], 5, "name", "unterminated quoted field", "3,\"open");
}

TEST_CASE("load: duplicate keys and unknown customers") {
  Fixture fx;
  fx.files["customers.csv"] = "id,name\n5,A\n7,B\n5,C\n5,D\n";
  fx.files["orders.csv"] = "customer_id,ordered_at,amount\n7,2024-01-01T00:00:00Z,1\n8,2024-01-01T00:00:00Z,2\n5,2024-01-01,3\n";
  fx.files["leads.csv"] = "customer_id\n9\n5\n";
  fx.files["shades.csv"] = "code,label\nx,1\ny,2\nx,3\n";
  Database db = fx.Load();
  CheckCounts(fx.report);
  CHECK(db.customer_count() == 2);
  CHECK(Col(fx, db, "customers", "name").Str(0) == "A");  // the first of key 5 stays
  auto c = RejectRows(fx.Rejects("customers"));
  REQUIRE(c.size() == 2);
  CheckReject(c[0], 4, "id", "duplicate key `5`: first on line 2", "5,C");
  CheckReject(c[1], 5, "id", "duplicate key `5`: first on line 2", "5,D");
  auto o = RejectRows(fx.Rejects("orders"));
  REQUIRE(o.size() == 1);
  CheckReject(o[0], 3, "customer_id", "unknown customer `8`", "8,2024-01-01T00:00:00Z,2");
  CHECK(fx.Stats("orders").accepted == 2);
  auto l = RejectRows(fx.Rejects("leads"));
  REQUIRE(l.size() == 1);
  CheckReject(l[0], 2, "customer_id", "unknown customer `9`", "9");
  auto r = RejectRows(fx.Rejects("shades"));
  REQUIRE(r.size() == 1);
  CheckReject(r[0], 4, "code", "duplicate key `x`: first on line 2", "x,3");
  const Table& shades = TableOf(db, "shades");
  CHECK(shades.rows == 2);
  CHECK(Col(fx, db, "shades", "label").Str(0) == "1");
  CHECK(Col(fx, db, "shades", "label").Str(1) == "2");
}

// An enum key is stored as its variant's number; a duplicate is named as written.
TEST_CASE("load: a duplicate enum key is named by its variant") {
  Fixture fx(R"(
enum color { red, green }
schema {
  customers key id { id: int }
  table colors key c { c: color  label: string }
}
)");
  fx.files = {{"customers.csv", "id\n1\n"}, {"colors.csv", "c,label\ngreen,G\nred,R\ngreen,G2\n"}};
  Database db = fx.Load();
  CheckCounts(fx.report);
  auto r = RejectRows(fx.Rejects("colors"));
  REQUIRE(r.size() == 1);
  CheckReject(r[0], 4, "c", "duplicate key `green`: first on line 2", "green,G2");
}

// Keys in the three ways the loader orders them (dense integers, sparse integers,
// strings), with duplicates spread over many chunks: the first row of each key stays,
// the customers come out in key order, and every later row is rejected with the line
// of the first. The expectation is computed here with a std::map.
TEST_CASE("load: duplicate keys across parallel chunks") {
  const char* int_schema = "schema {\n  customers key id {\n    id: int\n    name: string\n  }\n}\n";
  const char* string_schema = "schema {\n  customers key id {\n    id: string\n    name: string\n  }\n}\n";
  struct Case {
    const char* what;
    const char* schema;
    std::function<std::string(int)> key;
  };
  const int n = 3000;
  const std::vector<Case> cases{
      {"dense", int_schema, [](int i) { return std::to_string((i * 7919) % 2503); }},
      {"sparse", int_schema, [](int i) { return std::to_string(static_cast<int64_t>((i * 7919) % 2503) * 1000000007 - 900000000000); }},
      {"string", string_schema, [](int i) { return "k" + std::to_string((i * 7919) % 2503); }},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    std::string csv = "id,name\n";
    std::map<std::string, int> first;  // key text -> first row
    std::map<int64_t, std::string> by_int;  // for the integer cases' order
    std::vector<std::pair<int, std::string>> rejected;  // line, reason
    for (int i = 0; i < n; ++i) {
      const std::string k = c.key(i);
      csv += k + ",n" + std::to_string(i) + "\n";
      auto [it, fresh] = first.emplace(k, i);
      if (fresh) {
        if (c.schema == int_schema) by_int.emplace(std::stoll(k), k);
      } else {
        rejected.emplace_back(i + 2, "duplicate key `" + k + "`: first on line " + std::to_string(it->second + 2));
      }
    }
    REQUIRE(!rejected.empty());
    std::vector<std::string> names;  // in key order
    if (c.schema == int_schema) {
      for (const auto& [v, k] : by_int) names.push_back("n" + std::to_string(first[k]));
    } else {
      for (const auto& [k, i] : first) names.push_back("n" + std::to_string(i));
    }
    for (int threads : {1, 3}) {
      CAPTURE(threads);
      Fixture fx(c.schema);
      fx.files = {{"customers.csv", csv}};
      fx.options.threads = threads;
      if (threads > 1) fx.options.chunk_bytes = 700;
      Database db = fx.Load();
      CheckCounts(fx.report);
      REQUIRE(db.customer_count() == names.size());
      const Column& name = Col(fx, db, "customers", "name");
      for (uint64_t r = 0; r < names.size(); ++r) REQUIRE(name.Str(r) == names[r]);
      auto rows = RejectRows(fx.Rejects("customers"));
      REQUIRE(rows.size() == rejected.size());
      for (size_t j = 0; j < rows.size(); ++j) CheckReject(rows[j], rejected[j].first, "id", rejected[j].second);
    }
  }
}

// Times that fit in 32 bits of their unit (whole seconds within a day) and times
// that do not (microseconds over years) are sorted by different paths; both must give
// each customer's events by time, equal times in file order, whatever the chunks.
TEST_CASE("load: events by customer and time, narrow and wide time ranges") {
  std::mt19937_64 rng(11);
  for (bool wide : {false, true}) {
    CAPTURE(wide);
    const int customers = 40, events = 3000;
    std::string cust = "id,name\n";
    for (int c = 0; c < customers; ++c) cust += std::to_string(c * 3) + ",c\n";
    std::string orders = "customer_id,ordered_at,amount,note\n";
    struct Event {
      int customer;
      int64_t micros;
      int index;
    };
    std::vector<Event> want;
    for (int i = 0; i < events; ++i) {
      const int c = static_cast<int>(rng() % customers);
      // A few distinct times per customer, so that ties are common.
      const int64_t step = static_cast<int64_t>(rng() % 20);
      const int64_t micros = wide ? step * 50'000'000'000'123 + static_cast<int64_t>(rng() % 3) : step * 1'000'000;
      const int64_t seconds = 1'700'000'000 + micros / 1'000'000;
      const std::string fraction = fmt::format("{:06d}", micros % 1'000'000);
      date::sys_seconds t{std::chrono::seconds(seconds)};
      orders += std::to_string(c * 3) + "," + date::format("%FT%T", t) + "." + fraction + "Z,1,e" + std::to_string(i) + "\n";
      want.push_back({c, micros, i});
    }
    std::stable_sort(want.begin(), want.end(), [](const Event& a, const Event& b) {
      return a.customer != b.customer ? a.customer < b.customer : a.micros < b.micros;
    });
    for (int threads : {1, 3}) {
      CAPTURE(threads);
      Fixture fx;
      fx.files["customers.csv"] = cust;
      fx.files["orders.csv"] = orders;
      fx.options.threads = threads;
      if (threads > 1) fx.options.chunk_bytes = 2000;
      Database db = fx.Load();
      CheckCounts(fx.report);
      REQUIRE(fx.Stats("orders").accepted == static_cast<uint64_t>(events));
      const Column& note = Col(fx, db, "orders", "note");
      for (int r = 0; r < events; ++r) REQUIRE(note.Str(static_cast<uint64_t>(r)) == "e" + std::to_string(want[static_cast<size_t>(r)].index));
    }
  }
}

TEST_CASE("load: CSR order and offsets of unsorted events") {
  Fixture fx;
  fx.files["customers.csv"] = "id,name\n30,C\n10,A\n20,B\n40,D\n";
  fx.files["orders.csv"] =
      "customer_id,ordered_at,amount,note\n"
      "30,2024-03-01T00:00:00Z,1,a\n"
      "10,2024-02-01T00:00:00Z,2,b\n"
      "30,2024-01-01T00:00:00Z,3,c\n"
      "10,2024-02-01T00:00:00Z,4,d\n"
      "10,2024-01-01T00:00:00Z,5,e\n";
  fx.files["leads.csv"] = "customer_id\n40\n10\n40\n";
  Database db = fx.Load();
  const Table& o = TableOf(db, "orders");
  REQUIRE(o.offsets.count<uint64_t>() == 5);
  std::vector<uint64_t> offsets(o.Offsets(), o.Offsets() + 5);
  CHECK(offsets == std::vector<uint64_t>{0, 3, 3, 5, 5});
  std::string notes;
  for (uint64_t r = 0; r < o.rows; ++r) notes += Col(fx, db, "orders", "note").Str(r);
  CHECK(notes == "ebdca");  // customer 10 by time (ties in file order), then 30
  const Table& l = TableOf(db, "leads");
  std::vector<uint64_t> loff(l.Offsets(), l.Offsets() + 5);
  CHECK(loff == std::vector<uint64_t>{0, 1, 1, 1, 3});
}

TEST_CASE("load: missing files and columns") {
  SUBCASE("missing required column") {
    Fixture fx;
    fx.files["orders.csv"] = "customer_id,amount\n";
    try {
      fx.Load();
      FAIL("no error");
    } catch (const LoadError& e) {
      CHECK(e.exit_code == 1);
      CHECK(std::string(e.what()).find("orders.csv:1: the header has no column `ordered_at`") != std::string::npos);
    }
  }
  SUBCASE("missing file") {
    Fixture fx;
    fx.files.erase("leads.csv");
    try {
      fx.Load();
      FAIL("no error");
    } catch (const LoadError& e) {
      CHECK(e.exit_code == 2);
      std::string m = e.what();
      CHECK(m.find("no data for table `leads`") != std::string::npos);
      CHECK(m.find((fx.dir.path / "leads.csv").string()) != std::string::npos);
      CHECK(m.find((fx.dir.path / "leads.jsonl").string()) != std::string::npos);
    }
  }
  SUBCASE("lines ended by CR alone") {
    Fixture fx;
    fx.files["customers.csv"] = "id,name\r1,Ann\r2,Bob\r";
    CHECK_THROWS_WITH_AS(fx.Load(), doctest::Contains("customers.csv:1: the lines end with a carriage return alone"),
                         LoadError);
  }
  SUBCASE("a data folder that does not exist, or is a file") {
    Fixture fx;
    fx.options.data_dir = (fx.dir.path / "nowhere").string();
    CHECK_THROWS_WITH_AS(fx.Load(), doctest::Contains("nowhere: no such data folder"), LoadError);
    fx.options.data_dir = (fx.dir.path / "customers.csv").string();
    CHECK_THROWS_WITH_AS(fx.Load(), doctest::Contains("customers.csv: is not a folder"), LoadError);
  }
  SUBCASE("both formats") {
    Fixture fx;
    fx.files["leads.jsonl"] = "";
    CHECK_THROWS_AS(fx.Load(), LoadError);
  }
  SUBCASE("unreadable path override") {
    Fixture fx;
    fx.options.paths["leads"] = (fx.dir.path / "nope.csv").string();
    try {
      fx.Load();
      FAIL("no error");
    } catch (const LoadError& e) {
      CHECK(e.exit_code == 2);
      CHECK(std::string(e.what()).find("nope.csv: cannot open") != std::string::npos);
    }
  }
  SUBCASE("a directory or a FIFO as a table's file") {
    // A FIFO is refused at once: opening it does not wait for a writer.
    Fixture fx;
    fs::path fifo = fx.dir.path / "fifo.csv";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    for (const fs::path& p : {fx.dir.path, fifo}) {
      fx.options.paths["leads"] = p.string();
      try {
        fx.Load();
        FAIL("no error");
      } catch (const LoadError& e) {
        CHECK(e.exit_code == 2);
        CHECK(std::string(e.what()) == p.string() + ": not a regular file");
      }
    }
  }
  SUBCASE("missing optional column, extra column") {
    Fixture fx;
    fx.files["orders.csv"] = "extra,customer_id,ordered_at,amount\nq,1,2024-01-01T00:00:00Z,1.5\n";
    Database db = fx.Load();
    CHECK_FALSE(Col(fx, db, "orders", "note").Present(0));
    CHECK(Col(fx, db, "orders", "amount").Int(0) == 1'500'000);
    std::string notes;
    for (const auto& n : fx.report.notes) notes += n + "\n";
    CHECK(notes.find("orders.csv: column `extra` is not in the schema of `orders`; ignored") != std::string::npos);
    // (The fixture's customers.csv lacks optional columns too: a warning each.)
    std::vector<std::string> warnings = WarningsAbout(fx.report, "orders.csv");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == (fx.dir.path / "orders.csv").string() +
                                       ":1: the header has no column `note`, so it is absent in every row of `orders`; "
                                       "the columns not in the schema are `extra`; rename the one that holds it to `note`");
  }
  SUBCASE("a missing column names the header column most likely meant") {
    Fixture fx;
    fx.files["orders.csv"] = "customer_id,ordered_at,order_amount,Note\n";
    try {
      fx.Load();
      FAIL("no error");
    } catch (const LoadError& e) {
      CHECK(e.exit_code == 1);
      CHECK(std::string(e.what()) == (fx.dir.path / "orders.csv").string() +
                                         ":1: the header has no column `amount`, which table `orders` requires; found "
                                         "`order_amount` (column 3); if it holds `amount`, bind the field to it in the "
                                         "schema (`amount: decimal from \"order_amount\"`) or rename it to `amount` in "
                                         "the file's header");
    }
  }
  SUBCASE("the hint's declaration is valid SAM: a name in backticks when it needs them, the field's type") {
    Fixture fx(R"(
schema {
  customers key id {
    id: int
    `opt in at`: timestamp?
    `at`: enum { web, store }?
  }
}
)");
    fx.files = {{"customers.csv", "id,Opt in at,AT\n1,,\n"}};
    fx.Load();
    std::vector<std::string> warnings = WarningsAbout(fx.report, "customers.csv");
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0].find("bind the field to it in the schema (`` `opt in at`: timestamp? from \"Opt in at\" ``)") !=
          std::string::npos);
    CHECK(warnings[1].find("(`` `at`: enum { web, store }? from \"AT\" ``)") != std::string::npos);
  }
  SUBCASE("a missing optional column under strict stops the load") {
    Fixture fx;
    fx.options.strict = true;
    fx.files["customers.csv"] = "id,name,score,ratio,vip,born,seen_at,color,wait,n\n1,Ann,,,,,,,,\n";
    fx.files["orders.csv"] = "customer_id,ordered_at,amount,notes\n";
    try {
      fx.Load();
      FAIL("no error");
    } catch (const LoadError& e) {
      CHECK(e.exit_code == 1);
      std::string m = e.what();
      CHECK(m.find("orders.csv:1: the header has no column `note`, so it is absent in every row of `orders`; found `notes` "
                   "(column 4)") != std::string::npos);
      CHECK(m.find("(an error under --strict)") != std::string::npos);
    }
  }
}

TEST_CASE("load: closest header column") {
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("Ordered_At", "ordered_at") == 0);
  CHECK(EditDistance("", "abc") == 3);
  std::vector<std::string_view> header{"id", "email_consent", "Signup_At", "country_code"};
  CHECK(load::ClosestName("signup_at", header) == 2);
  CHECK(load::ClosestName("consent", header) == 1);   // contained
  CHECK(load::ClosestName("country", header) == 3);   // contained
  CHECK(load::ClosestName("cuntry_code", header) == 3);
  CHECK(load::ClosestName("birthday", header) == -1);
  CHECK(load::ClosestName("zz", header) == -1);        // two edits from `id`: too many for two letters
  CHECK(load::ClosestName("ip", header) == 0);
  CHECK(load::ClosestName("ema", header) == 1);        // contained
  CHECK(load::ClosestName("co", header) == -1);        // too short to be contained
}

TEST_CASE("load: UTF-16 files are named as such, with the command that converts them") {
  auto utf16 = [](const std::string& ascii, bool little, bool bom) {
    std::string out;
    if (bom) out += little ? "\xFF\xFE" : "\xFE\xFF";
    for (char c : ascii) {
      if (little) out += c, out += '\0';
      else out += '\0', out += c;
    }
    return out;
  };
  struct Case {
    bool little, bom;
    const char* encoding;
  } cases[] = {{true, true, "UTF-16"}, {false, true, "UTF-16"}, {true, false, "UTF-16LE"}, {false, false, "UTF-16BE"}};
  for (const auto& c : cases) {
    CAPTURE(c.encoding);
    CAPTURE(c.bom);
    Fixture fx;
    fx.files["orders.csv"] = utf16("customer_id,ordered_at,amount\r\n1,2024-01-01T00:00:00Z,1.5\r\n", c.little, c.bom);
    const std::string path = (fx.dir.path / "orders.csv").string();
    try {
      fx.Load();
      FAIL("no error");
    } catch (const LoadError& e) {
      CHECK(e.exit_code == 1);
      CHECK(std::string(e.what()) == fmt::format("{}: the file is {}, but SAM reads UTF-8; convert it with `iconv -f {} -t UTF-8 "
                                                 "{} > {}.utf8 && mv {}.utf8 {}`",
                                                 path, c.encoding, c.encoding, path, path, path, path));
    }
  }
  SUBCASE("JSON lines too") {
    Fixture fx;
    fx.files.erase("leads.csv");
    fx.files["leads.jsonl"] = utf16("{\"customer_id\": 1}\n", true, true);
    CHECK_THROWS_WITH_AS(fx.Load(), doctest::Contains("leads.jsonl: the file is UTF-16"), LoadError);
  }
}

TEST_CASE("load: warnings for no customers and for a table whose every row is rejected") {
  SUBCASE("a customers file with only a header") {
    Fixture fx;
    fx.files["customers.csv"] = "id,name\n";
    fx.files["orders.csv"] = "customer_id,ordered_at,amount\n1,2024-01-01T00:00:00Z,1.5\n2,2024-01-01T00:00:00Z,2\n";
    Database db = fx.Load();
    CheckCounts(fx.report);
    CHECK(db.customer_count() == 0);
    CHECK(fx.Stats("orders").rejected == 2);
    std::vector<std::string> warnings = WarningsAbout(fx.report, "");  // none about missing columns
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0].find("customers.csv: the customers table `customers` has no rows") != std::string::npos);
    CHECK(warnings[1].find("orders.csv: every row of table `orders` was rejected (2 rows;") != std::string::npos);
  }
  SUBCASE("under strict, the first warning stops the load") {
    Fixture fx;
    fx.options.strict = true;
    fx.files["customers.csv"] = "id,name,score,ratio,vip,born,seen_at,color,wait,n\n";
    fx.files["orders.csv"] = "customer_id,ordered_at,amount,note\n";
    fx.files["shades.csv"] = "code,label\n";
    CHECK_THROWS_WITH_AS(fx.Load(), doctest::Contains("has no rows: every event and list row will be rejected (an error under --strict)"),
                         LoadError);
  }
  SUBCASE("empty lists and event tables are no warning") {
    Fixture fx;
    fx.options.strict = true;
    fx.files["customers.csv"] = "id,name,score,ratio,vip,born,seen_at,color,wait,n\n1,Ann,,,,,,,,\n";
    fx.files["orders.csv"] = "customer_id,ordered_at,amount,note\n";
    fx.files["shades.csv"] = "code,label\n";
    fx.Load();
    CHECK(fx.report.warnings.empty());
  }
}

TEST_CASE("load: a rejects folder that cannot be written stops the load before reading data") {
  Fixture fx;
  WriteFile(fx.dir.path / "not_a_folder", "x");
  fx.options.rejects_dir = (fx.dir.path / "not_a_folder" / "rejects").string();
  try {
    fx.Load();
    FAIL("no error");
  } catch (const LoadError& e) {
    CHECK(e.exit_code == 2);
    CHECK(std::string(e.what()) == fx.options.rejects_dir + ": the rejects folder cannot be written: " +
                                       (fx.dir.path / "not_a_folder").string() + " is not a folder");
  }
  // A missing folder is fine: it is created when rows are rejected.
  fx.options.rejects_dir = (fx.dir.path / "new" / "rejects").string();
  fx.files["customers.csv"] = "id,name\nx,Ann\n1,Bob\n";
  fx.Load();
  CHECK(fs::exists(fx.dir.path / "new" / "rejects" / "customers.rejects.csv"));
}

TEST_CASE("load: CRLF, BOM, delimiter") {
  Fixture fx;
  fx.options.delimiter = ';';
  fx.files["customers.csv"] = "\xEF\xBB\xBFid;name;score\r\n2;\"x;\r\ny\";1,5\r\n1;Ann;\r\n\r\n";
  fx.files["orders.csv"] = "customer_id;ordered_at;amount\r\n";
  fx.files["leads.csv"] = "\xEF\xBB\xBF\xEF\xBB\xBF" "customer_id\r\n1\r\n";  // converted twice: two marks
  fx.files["shades.csv"] = "code\n";
  Database db = fx.Load();
  auto rows = RejectRows(fx.Rejects("customers"));
  REQUIRE(rows.size() == 1);  // 1,5 is not a decimal: the delimiter is `;`
  CheckReject(rows[0], 2, "score", "`1,5` is not a decimal number", "2;\"x;\r\ny\";1,5");
  REQUIRE(db.customer_count() == 1);
  CHECK(Col(fx, db, "customers", "name").Str(0) == "Ann");
  CHECK(fx.Stats("customers").read == 2);  // the empty line is not a row
  CHECK(TableOf(db, "leads").rows == 1);
}

TEST_CASE("load: JSON lines") {
  Fixture fx;
  fx.files.erase("customers.csv");
  fx.files["customers.jsonl"] =
      "{\"id\": 2, \"name\": \"B\\u00e9\", \"score\": 1.25, \"vip\": false, \"seen_at\": \"2024-01-01T00:00:00Z\", \"zz\": [1]}\n"
      "{\"id\": \"1\", \"name\": \"A\", \"score\": \"3\", \"n\": null, \"color\": \"green\"}\r\n"
      "\n"
      "[1,2]\n"
      "{\"id\": 3, \"name\": {\"x\": 1}}\n"
      "{\"id\": 4, \"name\": \"D\", \"id\": 5}\n"
      "{\"id\": 6, \"name\": \"E\", \"score\": 1e3}\n"
      "{\"id\": 7 \"name\": \"F\"}\n"
      "{\"id\": 8}\n"
      "{\"id\": 9, \"name\": \"" + std::string(2000, 'x') + "\"}\n";
  fx.options.max_field_bytes = 1000;
  Database db = fx.Load();
  CheckCounts(fx.report);
  REQUIRE(db.customer_count() == 2);
  CHECK(Col(fx, db, "customers", "name").Str(1) == "B\xC3\xA9");
  CHECK(Col(fx, db, "customers", "score").Int(1) == 1'250'000);
  CHECK(Col(fx, db, "customers", "score").Int(0) == 3'000'000);
  CHECK(Col(fx, db, "customers", "vip").Int(1) == 0);
  CHECK_FALSE(Col(fx, db, "customers", "n").Present(0));
  CHECK(Col(fx, db, "customers", "color").Int(0) == 1);
  auto rows = RejectRows(fx.Rejects("customers"));
  REQUIRE(rows.size() == 7);
  CheckReject(rows[0], 4, "", "not a JSON object", "[1,2]");
  CheckReject(rows[1], 5, "name", "a JSON array or object");
  CheckReject(rows[2], 6, "id", "the key `id` appears twice");
  CheckReject(rows[3], 7, "score", "`1e3` is not a decimal number");
  CheckReject(rows[4], 8, "", "not a JSON object", "{\"id\": 7 \"name\": \"F\"}");
  CheckReject(rows[5], 9, "name", "no value for a required column", "{\"id\": 8}");
  CheckReject(rows[6], 10, "name", "longer than the limit of 1000 bytes");
  bool noted = false;
  for (const auto& n : fx.report.notes) noted = noted || n.find("key `zz` is not in the schema") != std::string::npos;
  CHECK(noted);
}

// A line that is not JSON rejects its row even where the schema does not read the
// bad part (a new-user trial: all five of these were accepted), and a number must be
// written as JSON writes it.
TEST_CASE("load: JSON lines that are not JSON are rejected, whatever part is wrong") {
  Fixture fx;
  fx.files.erase("customers.csv");
  fx.files["customers.jsonl"] =
      "{\"id\": 1, \"name\": \"A\", \"extra\": {\"deep\": [1, {\"ok\": \"\\u00e9\"}], \"n\": null}}\n"
      "{\"id\": 2, \"name\": \"B\", \"score\": 01}\n"
      "{\"id\": 3, \"name\": \"C\", \"extra\": tru}\n"
      "{\"id\": 4, \"name\": \"D\", \"extra\": \"\\q\"}\n"
      "{\"id\": 5, \"name\": \"E\", \"extra\": NaN}\n"
      "{\"id\": 6, \"name\": \"F\", \"extra\": {\"a\":}}\n"
      "{\"id\": 7, \"name\": \"G\", \"extra\": [1, 2.]}\n"
      "{\"id\": 8, \"name\": \"H\", \"n\": nul}\n"
      "{\"id\": 9, \"name\": \"I\", \"score\": -0.5}\n";
  Database db = fx.Load();
  CheckCounts(fx.report);
  CHECK(db.customer_count() == 2);  // 1 and 9
  auto rows = RejectRows(fx.Rejects("customers"));
  REQUIRE(rows.size() == 7);
  CheckReject(rows[0], 2, "score", "`01` is not a JSON number");
  for (size_t k = 1; k < rows.size(); ++k) CHECK(rows[k][1] == std::to_string(k + 2));
  CheckReject(rows[5], 7, "", "`2.` is not a JSON number");
}

// Real exports: header names that are reserved words or not names at all, read by
// quoted names and by fields bound with `from "COLUMN"`.
const char* kColumnSchema = R"sam(
schema {
  customers key id {
    id: int
    `type`: string
    signed_up: date from "sign-up date"
  }
  events orders of customers by customer_id at `at` {
    ordered_on: date from "order date"
    amount: int from "amount (EUR)"
  }
  table shades key code { code: string }
  list leads of customers by customer_id
}
)sam";

TEST_CASE("load: columns named like reserved words or with spaces, and fields bound to columns") {
  Fixture fx(kColumnSchema);
  fx.files["customers.csv"] = "id,sign-up date,type\n1,2025-06-01,business\n2,2026-02-01,private\n";
  fx.files["orders.csv"] =
      "customer_id,order date,at,amount (EUR)\n1,2026-03-01,2026-03-01T10:00:00Z,50\n2,2026-03-02,2026-03-02T10:00:00Z,x\n";
  Database db = fx.Load();
  CheckCounts(fx.report);
  REQUIRE(db.customer_count() == 2);
  CHECK(Col(fx, db, "customers", "type").Str(1) == "private");
  CHECK(Col(fx, db, "customers", "signed_up").Int(0) == Days(2025, 6, 1));
  CHECK(Col(fx, db, "orders", "ordered_on").Int(0) == Days(2026, 3, 1));
  CHECK(Col(fx, db, "orders", "at").Int(0) == Micros(2026, 3, 1, 10, 0, 0));
  // A rejected value names the file's column, not the field.
  auto rows = RejectRows(fx.Rejects("orders"));
  REQUIRE(rows.size() == 1);
  CheckReject(rows[0], 3, "amount (EUR)", "is not an integer");

  // A file without the bound column names the column.
  fx.files["orders.csv"] = "customer_id,ordered_on,at,amount (EUR)\n";
  try {
    fx.Load();
    FAIL("loaded without the column `order date`");
  } catch (const LoadError& e) {
    CHECK(std::string(e.what()).find("the header has no column `order date`") != std::string::npos);
  }

  // JSON lines: the keys are the columns' names.
  fx.files["orders.csv"] = "customer_id,order date,at,amount (EUR)\n";
  fx.files.erase("customers.csv");
  fx.files["customers.jsonl"] = "{\"id\": 3, \"type\": \"business\", \"sign-up date\": \"2024-01-02\"}\n";
  std::filesystem::remove(fx.dir.path / "customers.csv");
  db = fx.Load();
  REQUIRE(db.customer_count() == 1);
  CHECK(Col(fx, db, "customers", "signed_up").Int(0) == Days(2024, 1, 2));
  CHECK(Col(fx, db, "customers", "type").Str(0) == "business");
}

TEST_CASE("load: wall-clock times are in the program's time zone") {
  load::TzCache tz("Europe/Amsterdam");
  int64_t out;
  std::string reason;
  // Winter (UTC+1), summer (UTC+2), and the days of the changes.
  REQUIRE(load::ParseTimestamp("2024-01-15T10:00:00", tz, out, reason));
  CHECK(out == Micros(2024, 1, 15, 9, 0, 0));
  REQUIRE(load::ParseTimestamp("2024-07-15 10:00", tz, out, reason));
  CHECK(out == Micros(2024, 7, 15, 8, 0, 0));
  REQUIRE(load::ParseTimestamp("2024-03-31T01:59:59", tz, out, reason));
  CHECK(out == Micros(2024, 3, 31, 0, 59, 59));
  REQUIRE(load::ParseTimestamp("2024-03-31T03:00:00", tz, out, reason));
  CHECK(out == Micros(2024, 3, 31, 1, 0, 0));
  REQUIRE(load::ParseTimestamp("2024-10-27T04:00:00", tz, out, reason));
  CHECK(out == Micros(2024, 10, 27, 3, 0, 0));
  REQUIRE(load::ParseTimestamp("2024-10-27T01:00:00", tz, out, reason));
  CHECK(out == Micros(2024, 10, 26, 23, 0, 0));
  REQUIRE(load::ParseTimestamp("2024-07-15", tz, out, reason));
  CHECK(out == Micros(2024, 7, 14, 22, 0, 0));
  // An explicit zone wins.
  REQUIRE(load::ParseTimestamp("2024-07-15T10:00:00-0530", tz, out, reason));
  CHECK(out == Micros(2024, 7, 15, 15, 30, 0));
  // Every wall-clock minute of a year against the zone database.
  for (int64_t m = 0; m < 366 * 24 * 60; m += 7) {
    int64_t wall = Micros(2024, 1, 1, 0, 0, 0) + m * 60'000'000;
    CHECK(tz.ToInstant(wall) == WallClockToInstant(wall, "Europe/Amsterdam"));
  }
}

TEST_CASE("load: value parsers") {
  std::string reason;
  int64_t v;
  double d;
  CHECK(load::ParseDecimal("1.5000000", v, reason));
  CHECK(v == 1'500'000);
  CHECK(load::ParseDecimal("-9223372036854.775808", v, reason));
  CHECK(v == INT64_MIN);
  CHECK_FALSE(load::ParseDecimal("9223372036854.775808", v, reason));
  CHECK(load::ParseDecimal("+.5", v, reason));
  CHECK(v == 500'000);
  CHECK(load::ParseDecimal("7.", v, reason));
  CHECK(v == 7'000'000);
  for (const char* bad : {"", ".", "-", "1e3", "1,5", " 1", "0x10", "1..2"}) CHECK_FALSE(load::ParseDecimal(bad, v, reason));
  CHECK(load::ParseInt("-9223372036854775808", v, reason));
  CHECK(v == INT64_MIN);
  for (const char* bad : {"", "-", "+", "+-1", "1.0", "1 ", "9223372036854775808"}) CHECK_FALSE(load::ParseInt(bad, v, reason));
  CHECK(load::ParseBool("TRUE", v, reason));
  CHECK(v == 1);
  CHECK(load::ParseBool("0", v, reason));
  CHECK(v == 0);
  CHECK_FALSE(load::ParseBool("yes", v, reason));
  CHECK(load::ParseFloat("-1.5e-3", d, reason));
  CHECK(d == -1.5e-3);
  CHECK_FALSE(load::ParseFloat("inf", d, reason));
  CHECK_FALSE(load::ParseFloat("1e999", d, reason));
  CHECK(load::ParseDate("2024-02-29", v, reason));
  CHECK(v == Days(2024, 2, 29));
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "2024-01-00", "2024-04-31"}) CHECK_FALSE(load::ParseDate(bad, v, reason));
  CHECK(load::ParseDuration("-2w", v, reason));
  CHECK(v == -14LL * 86400 * 1'000'000);
  CHECK(load::ParseDuration("1s500ms", v, reason));
  CHECK(v == 1'500'000);
  for (const char* bad : {"", "5", "5x", "h", "99999999999999999999s", "1h "}) CHECK_FALSE(load::ParseDuration(bad, v, reason));
  // A number too large for any unit is out of range, not "not a duration".
  for (const char* big : {"9223372036854775808us", "99999999999999999999s", "9223372036854775807us1us"}) {
    reason.clear();
    CHECK_FALSE(load::ParseDuration(big, v, reason));
    CHECK(reason.find("out of the range of `duration`") != std::string::npos);
  }
  CHECK(load::ParseDuration("9223372036854775807us", v, reason));
  CHECK(load::ValidUtf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  for (const char* bad : {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "a\xE2\x82", "\x80"}) CHECK_FALSE(load::ValidUtf8(bad));
}

TEST_CASE("load: a date or time that does not exist says which part") {
  std::string reason;
  int64_t v;
  load::TzCache tz("UTC");
  struct Case {
    const char* text;
    const char* reason;
  } dates[] = {
      {"2026-02-30", "`2026-02-30` is not a date: February 2026 has 28 days"},
      {"2024-02-30", "`2024-02-30` is not a date: February 2024 has 29 days"},
      {"2024-04-31", "`2024-04-31` is not a date: April 2024 has 30 days"},
      {"2024-13-01", "`2024-13-01` is not a date: there is no month 13"},
      {"2024-00-10", "`2024-00-10` is not a date: there is no month 00"},
      {"2024-01-00", "`2024-01-00` is not a date: there is no day 00"},
      {"2024-1-01", "`2024-1-01` is not a date (YYYY-MM-DD)"},
  };
  for (const auto& c : dates) {
    CAPTURE(c.text);
    CHECK_FALSE(load::ParseDate(c.text, v, reason));
    CHECK(reason == c.reason);
  }
  Case stamps[] = {
      {"2026-02-30 10:00:00", "`2026-02-30 10:00:00` is not a timestamp: February 2026 has 28 days"},
      {"2024-01-01T24:00:00Z", "`2024-01-01T24:00:00Z` is not a timestamp: hour 24 is past 23"},
      {"2024-01-01T10:60", "`2024-01-01T10:60` is not a timestamp: minute 60 is past 59"},
      {"2024-01-01T10:00:60", "`2024-01-01T10:00:60` is not a timestamp: second 60 is past 59 (leap seconds are not read)"},
      {"2024-01-01T10:00+24:00", "`2024-01-01T10:00+24:00` is not a timestamp: the zone offset 24:00 is past 23:59"},
      {"2024-01-01X10:00", "`2024-01-01X10:00` is not a timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM])"},
  };
  for (const auto& c : stamps) {
    CAPTURE(c.text);
    CHECK_FALSE(load::ParseTimestamp(c.text, tz, v, reason));
    CHECK(reason == c.reason);
  }
}

// Every value of every column, as text, for comparing databases.
std::string Dump(const Database& db) {
  std::string out;
  for (const auto& t : db.tables) {
    out += t.name + " " + std::to_string(t.rows) + "\n";
    for (uint64_t i = 0; i < t.offsets.count<uint64_t>(); ++i) out += std::to_string(t.Offsets()[i]) + " ";
    out += "\n";
    for (uint64_t r = 0; r < t.rows; ++r) {
      for (const auto& c : t.columns) {
        if (!c.Present(r)) out += "-";
        else if (c.type.kind == TypeKind::String) out += c.Str(r);
        else if (c.type.kind == TypeKind::Float) out += std::to_string(c.Float(r));
        else out += std::to_string(c.Int(r));
        out += "|";
      }
      out += "\n";
    }
  }
  return out;
}

TEST_CASE("load: parallel chunks give the same database and rejects as one thread") {
  Fixture fx;
  std::string customers = "id,name,score\n", orders = "customer_id,ordered_at,amount,note\n";
  for (int i = 0; i < 400; ++i) {
    int id = (i * 7919) % 401;
    if (i % 37 == 5) customers += std::to_string(id) + ",\"multi\nline \"\"" + std::to_string(i) + "\"\"\",x\n";
    else customers += std::to_string(id) + ",\"n" + std::to_string(i) + "\"," + std::to_string(i % 13) + ".5\n";
    for (int k = 0; k < 3; ++k) {
      orders += std::to_string((i * 31 + k) % 410) + ",2024-0" + std::to_string(1 + (i + k) % 9) + "-01T10:00:00,";
      orders += (i % 50 == 3 ? "bad" : std::to_string(k)) + ",\"note\n" + std::to_string(i) + "\"\n";
    }
  }
  fx.files["customers.csv"] = customers;
  fx.files["orders.csv"] = orders;
  fx.options.threads = 1;
  std::string one = Dump(fx.Load());
  std::string rc1 = fx.Rejects("customers"), ro1 = fx.Rejects("orders");
  CheckCounts(fx.report);
  CHECK(fx.Stats("orders").rejected > 0);
  for (uint64_t chunk : {64, 100, 333, 4096}) {
    CAPTURE(chunk);
    fx.options.threads = 4;
    fx.options.chunk_bytes = chunk;
    std::string four = Dump(fx.Load());
    CHECK(four == one);
    CHECK(fx.Rejects("customers") == rc1);
    CHECK(fx.Rejects("orders") == ro1);
  }
  // Line numbers count the quoted line feeds: the first rejected customer (i = 5) is
  // on line 2 + 5.
  auto rows = RejectRows(rc1);
  REQUIRE(!rows.empty());
  CheckReject(rows[0], 7, "score", "`x` is not a decimal number");
}

TEST_CASE("load: chunks that start inside a quoted field of many lines give the same result") {
  // Chunks after the first start at a guessed line start; inside this field every
  // guess is wrong, its lines look like rows of the wrong width, and such a chunk
  // gives up and is parsed again from where its predecessor ended.
  std::string field;
  for (int k = 0; k < 3000; ++k) field += "line " + std::to_string(k) + ", of a long note\n";
  for (uint64_t max_field : {uint64_t{1} << 20, uint64_t{1000}}) {
    CAPTURE(max_field);
    Fixture fx;
    std::string customers = "id,name,score\n1,Ann,1.5\n2,\"" + field + "\",2\n";
    for (int i = 3; i < 300; ++i) customers += std::to_string(i) + ",n" + std::to_string(i) + (i % 50 ? ",1\n" : ",x\n");
    fx.files["customers.csv"] = customers;
    fx.options.max_field_bytes = max_field;
    fx.options.threads = 1;
    fx.options.chunk_bytes = 1 << 30;  // one chunk: no guesses
    std::string one = Dump(fx.Load());
    std::string rejects = fx.Rejects("customers");
    CheckCounts(fx.report);
    // Rows 1, 3..299 and, under the default limit, row 2; every 50th row is rejected.
    CHECK(fx.Stats("customers").read == 299);
    CHECK(fx.Stats("customers").rejected == (max_field == 1000 ? 6 : 5));
    for (uint64_t chunk : {256, 4096}) {
      CAPTURE(chunk);
      fx.options.threads = 4;
      fx.options.chunk_bytes = chunk;
      CHECK(Dump(fx.Load()) == one);
      CHECK(fx.Rejects("customers") == rejects);
    }
  }
}

TEST_CASE("load: max_errors stops the load, rejects written") {
  Fixture fx;
  fx.files["customers.csv"] = "id,name\n1,A\nx,B\ny,C\nz,D\n";
  fx.options.max_errors = 2;
  try {
    fx.Load();
    FAIL("no error");
  } catch (const LoadError& e) {
    CHECK(e.exit_code == 1);
    CHECK(std::string(e.what()).find("3 rows rejected in all, more than the limit of 2") != std::string::npos);
  }
  CHECK(RejectRows(fx.Rejects("customers")).size() == 3);
  fx.options.max_errors = 3;
  CHECK_NOTHROW(fx.Load());
}

TEST_CASE("load: progress reaches the total") {
  Fixture fx;
  uint64_t last = 0, total = 0, calls = 0;
  fx.options.progress = [&](uint64_t done, uint64_t all) {
    last = done;
    total = all;
    ++calls;
  };
  fx.Load();
  CHECK(calls >= 4);
  CHECK(total > 0);
  CHECK(last == total);
}

TEST_CASE("load: string columns of distinct values are Plain, of few values Dict32") {
  const char* schema = R"(
schema {
  customers key code {
    code: string
    country: string
  }
  events visits of customers by customer_code at seen_at {
    page: string?
    session: string?
  }
}
)";
  // Keys in an order unlike their sorted one; visits unsorted, with absent values.
  const int n = 40000;
  auto key = [](int i) { return "k" + std::to_string((i * 7919) % 40000); };
  std::string customers = "code,country\n", visits = "customer_code,seen_at,page,session\n";
  for (int i = 0; i < n; ++i) customers += key(i) + "," + (i % 3 == 0 ? "NL" : "BE") + "\n";
  for (int i = 0; i < 2 * n; ++i) {
    visits += key(i % n) + ",2025-01-01T00:00:" + std::to_string(10 + i / n) + "Z," + (i % 5 == 0 ? "" : "p" + std::to_string(i % 9)) + "," +
              (i % 4 == 1 ? "" : "s\"\"" + std::to_string(i)) + "\n";
  }
  // Quoted, so that doubled quotes are unescaped: the session text is s"<i>.
  std::string quoted = "customer_code,seen_at,page,session\n";
  {
    std::istringstream in(visits);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      size_t comma = line.rfind(',');
      std::string last = line.substr(comma + 1);
      quoted += line.substr(0, comma + 1) + (last.empty() ? "" : "\"" + last + "\"") + "\n";
    }
  }
  std::vector<Database> dbs;
  for (int threads : {1, 3}) {
    Fixture fx(schema);
    fx.files = {{"customers.csv", customers}, {"visits.csv", quoted}};
    fx.options.threads = threads;
    if (threads > 1) fx.options.chunk_bytes = 30000;
    dbs.push_back(fx.Load());
    CheckCounts(fx.report);
    const Database& db = dbs.back();
    const Column& code = Col(fx, db, "customers", "code");
    const Column& country = Col(fx, db, "customers", "country");
    const Column& page = Col(fx, db, "visits", "page");
    const Column& session = Col(fx, db, "visits", "session");
    CHECK(code.encoding == Encoding::Plain);
    CHECK(country.encoding == Encoding::Dict32);
    CHECK(page.encoding == Encoding::Dict32);
    CHECK(session.encoding == Encoding::Plain);
    REQUIRE(db.customer_count() == static_cast<uint64_t>(n));
    for (uint64_t r = 1; r < code.size; ++r) REQUIRE(code.Str(r - 1) < code.Str(r));
    for (int i : {0, 1, 2, 3, 777, n - 1}) {
      auto row = db.FindCustomer(std::string_view(key(i)));
      REQUIRE(row);
      CHECK(code.Str(*row) == key(i));
      CHECK(country.Str(*row) == (i % 3 == 0 ? "NL" : "BE"));
      // Customer i has visits i and i + n, in time order.
      const Table& v = TableOf(db, "visits");
      REQUIRE(v.Offsets()[*row + 1] - v.Offsets()[*row] == 2);
      for (int j = 0; j < 2; ++j) {
        uint64_t vr = v.Offsets()[*row] + j;
        int e = i + j * n;
        CHECK(page.Present(vr) == (e % 5 != 0));
        if (e % 5 != 0) CHECK(page.Str(vr) == "p" + std::to_string(e % 9));
        CHECK(session.Present(vr) == (e % 4 != 1));
        CHECK(session.Str(vr) == (e % 4 == 1 ? "" : "s\"" + std::to_string(e)));
      }
    }
    CHECK_FALSE(db.FindCustomer(std::string_view("k40000")));
    CHECK_FALSE(db.FindCustomer(std::string_view("")));
    // Every string bulk-read agrees with Str.
    std::vector<std::string_view> all(session.size);
    session.DecodeStrings(0, session.size, all.data());
    for (uint64_t r = 0; r < session.size; ++r) REQUIRE(all[r] == session.Str(r));
    std::vector<uint32_t> rows = {5, 0, 79999, 3};
    std::vector<std::string_view> some(rows.size());
    page.GatherStrings(rows.data(), rows.size(), some.data());
    for (size_t k = 0; k < rows.size(); ++k) CHECK(some[k] == page.Str(rows[k]));
  }
  // One thread and three give the same bytes.
  for (size_t t = 0; t < dbs[0].tables.size(); ++t) {
    for (size_t c = 0; c < dbs[0].tables[t].columns.size(); ++c) {
      const Column& a = dbs[0].tables[t].columns[c];
      const Column& b = dbs[1].tables[t].columns[c];
      CHECK(a.encoding == b.encoding);
      for (const auto& [x, y] : {std::pair{&a.values, &b.values}, {&a.validity, &b.validity}, {&a.dict_offsets, &b.dict_offsets},
                                 {&a.dict_bytes, &b.dict_bytes}}) {
        REQUIRE(x->size() == y->size());
        CHECK(std::equal(x->data(), x->data() + x->size(), y->data()));
      }
    }
  }
}

int64_t TimestampOf(const std::string& s) {  // YYYY-MM-DDTHH:MM:SSZ
  return Micros(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2)), std::stoi(s.substr(11, 2)),
                std::stoi(s.substr(14, 2)), std::stoi(s.substr(17, 2)));
}

int64_t CentsOf(const std::string& s) {  // 12.50, -3.5, 7
  size_t dot = s.find('.');
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  int64_t whole = std::stoll(s.substr(0, dot));
  frac.resize(6, '0');
  int64_t f = std::stoll(frac);
  return s[0] == '-' ? whole * 1'000'000 - f : whole * 1'000'000 + f;
}

// `sam gen` data of `customers` customers in a folder of its own, the examples' schema
// checked, and options that load the folder.
struct GenData {
  TempDir dir;
  Frontend fe;
  LoadOptions options;
  explicit GenData(uint64_t customers) {
    gen::GenOptions g;
    g.customers = customers;
    g.out_dir = dir.path.string();
    g.threads = 2;
    REQUIRE(gen::GenerateDemoData(g).ok());
    CheckProgram(fe, {std::string(SAM_SOURCE_DIR) + "/examples/common/schema.sam"});
    REQUIRE(fe.ir.has_value());
    options.data_dir = dir.path.string();
    options.rejects_dir = (dir.path / "rejects").string();
  }
};

TEST_CASE("load: a round trip of sam gen data") {
  GenData data(300);
  TempDir& dir = data.dir;
  const ir::Program& p = *data.fe.ir;
  LoadOptions& o = data.options;
  o.threads = 3;
  o.chunk_bytes = 5000;
  LoadReport report;
  Database db = LoadDatabase(p, o, report);
  CheckCounts(report);
  for (const auto& s : report.tables) {
    CAPTURE(s.table);
    CHECK(s.rejected == 0);
  }
  CHECK(report.notes.empty());
  CHECK(db.customer_count() == 300);

  auto rows = ParseCsv(ReadAll(dir.path / "customers.csv"));
  const auto& ct = p.tables[p.customers];
  const Table& cust = db.customer_table();
  int email = ct.Find("email"), signup = ct.Find("signup_at"), score = ct.Find("churn_model_score"), gender = ct.Find("gender");
  auto hdr = rows[0];
  auto col = [&](const std::string& n) { return static_cast<size_t>(std::find(hdr.begin(), hdr.end(), n) - hdr.begin()); };
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto row = db.FindCustomer(static_cast<int64_t>(std::stoll(r[col("id")])));
    REQUIRE(row);
    CHECK(cust.columns[email].Str(*row) == r[col("email")]);
    CHECK(cust.columns[signup].Int(*row) == TimestampOf(r[col("signup_at")]));
    const std::string& sc = r[col("churn_model_score")];
    CHECK(cust.columns[score].Present(*row) == !sc.empty());
    if (!sc.empty()) CHECK(cust.columns[score].Int(*row) == CentsOf(sc));
    const auto& variants = p.enums[ct.fields[gender].type.ref].variants;
    CHECK(variants[cust.columns[gender].Int(*row)] == r[col("gender")]);
  }
  for (uint64_t r = 1; r < cust.rows; ++r) CHECK(cust.columns[ct.key].Int(r - 1) < cust.columns[ct.key].Int(r));

  // Orders: per customer, the count and the sum of amounts; rows sorted by time.
  int oi = -1;
  for (size_t t = 0; t < p.tables.size(); ++t) oi = p.tables[t].name == "orders" ? static_cast<int>(t) : oi;
  const auto& ot = p.tables[oi];
  const Table& orders = db.tables[oi];
  auto orows = ParseCsv(ReadAll(dir.path / "orders.csv"));
  auto ohdr = orows[0];
  auto ocol = [&](const std::string& n) { return static_cast<size_t>(std::find(ohdr.begin(), ohdr.end(), n) - ohdr.begin()); };
  std::map<int64_t, std::pair<uint64_t, int64_t>> expected;
  for (size_t i = 1; i < orows.size(); ++i) {
    auto& e = expected[std::stoll(orows[i][ocol("customer_id")])];
    ++e.first;
    e.second += CentsOf(orows[i][ocol("amount")]);
  }
  CHECK(orders.rows == orows.size() - 1);
  const uint64_t* off = orders.Offsets();
  for (uint64_t c = 0; c < db.customer_count(); ++c) {
    int64_t id = cust.columns[ct.key].Int(c);
    auto it = expected.find(id);
    uint64_t n = off[c + 1] - off[c];
    CHECK(n == (it == expected.end() ? 0 : it->second.first));
    int64_t sum = 0;
    for (uint64_t r = off[c]; r < off[c + 1]; ++r) {
      sum += orders.columns[ot.Find("amount")].Int(r);
      CHECK(orders.columns[ot.key].Int(r) == id);
      if (r > off[c]) CHECK(orders.columns[ot.time].Int(r - 1) <= orders.columns[ot.time].Int(r));
    }
    if (it != expected.end()) CHECK(sum == it->second.second);
  }
}

TEST_CASE("load: a table with more rows than the loader can number stops the load with an error") {
  GenData data(50);
  const Frontend& fe = data.fe;
  LoadOptions& o = data.options;
  o.threads = 2;
  o.chunk_bytes = 2000;
  LoadReport report;
  SUBCASE("an event table") {
    // The customers (50) fit; the largest event table does not.
    o.max_table_rows = 60;
    try {
      LoadDatabase(*fe.ir, o, report);
      FAIL("the load should stop");
    } catch (const LoadError& e) {
      CHECK(e.exit_code == 1);
      CHECK(std::string(e.what()).find("more than the 60 one table may have") != std::string::npos);
      CHECK(std::string(e.what()).find(".csv: table `") != std::string::npos);
    }
  }
  SUBCASE("exactly at the limit") {
    o.max_table_rows = 1u << 30;
    Database db = LoadDatabase(*fe.ir, o, report);
    uint64_t largest = 0;
    for (const auto& t : report.tables) largest = std::max(largest, t.accepted);
    o.max_table_rows = largest;
    LoadReport again;
    CHECK_NOTHROW(LoadDatabase(*fe.ir, o, again));
  }
}

}  // namespace
}  // namespace sam::rt
