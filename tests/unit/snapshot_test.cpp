// Snapshots: round trips of hand-built databases with every type and encoding, and
// every kind of damage a file can have (truncation, flipped bytes, another format or
// schema, not a file at all). Expected values come from the generator functions below,
// not from the columns that were written.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <array>
#include <set>

#include "compiler/driver/frontend.hpp"
#include "runtime/data/column_builder.hpp"
#include "runtime/snapshot/checksum.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "schema/settings.hpp"
#include "schema/time_zone.hpp"

namespace sam::rt {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSnapshotSchema = R"(
enum tier { bronze, silver, gold }
schema {
  customers key id {
    id: int
    name: string
    email: string?
    born: date?
    signup_at: timestamp
    score: float?
    balance: decimal
    vip: bool
    tier: tier
    churn: decimal?
    small: int
    mid: int
    big: int
    huge: int
    nothing: string?
  }
  events orders of customers by customer_id at ordered_at {
    amount: decimal
    channel: enum { web, store }
    note: string?
  }
  events quiet of customers by customer_id at occurred_at {
    x: int
  }
  table products key sku {
    sku: string
    price: decimal
  }
  list leads of customers by customer_id
}
)";

ir::Program Compile(const std::string& text) {
  Frontend fe;
  CheckText(fe, "snapshot_test.sam", text);
  REQUIRE(fe.ir.has_value());
  return std::move(*fe.ir);
}

const ir::Program& Program() {
  static const ir::Program p = Compile(kSnapshotSchema);
  return p;
}

// One logical value.
struct Cell {
  bool present = true;
  int64_t i = 0;
  double f = 0;
  std::string s;
};
using Model = std::vector<std::vector<std::vector<Cell>>>;  // table, column, row

Cell Int(int64_t v) { return Cell{true, v, 0, {}}; }
Cell Absent() { return Cell{false, 0, 0, {}}; }
Cell Str(std::string s) { return Cell{true, 0, 0, std::move(s)}; }
Cell Flt(double f) { return Cell{true, 0, f, {}}; }

Cell CustomerCell(const std::string& field, uint64_t r) {
  const int64_t n = static_cast<int64_t>(r);
  if (field == "id") return Int(n * 3 + 1);
  if (field == "name") return Str(fmt::format("name{}", r % 37));
  if (field == "email") return r % 5 == 0 ? Absent() : Str(fmt::format("u{}@example.com", r));
  if (field == "born") return r % 4 == 1 ? Absent() : Int(-3000 + n % 20000);
  if (field == "signup_at") return Int(1'600'000'000'000'000 + n * 1'000'000);
  if (field == "score") return r % 3 == 0 ? Absent() : Flt(r == 1 ? -0.0 : n * 0.25 - 7.5);
  if (field == "balance") return Int((n % 1000) * 1'000'000 + 500'000);
  if (field == "vip") return Int(n % 2);
  if (field == "tier") return Int(n % 3);
  if (field == "churn") return r % 2 == 0 ? Absent() : Int(n * 10'000);
  if (field == "small") return Int(n % 100 - 50);
  if (field == "mid") return Int(n * 7 % 30000 - 100);
  if (field == "big") return Int(n * 100'003 % 2'000'000'000 - 7);
  if (field == "huge") return Int(static_cast<int64_t>(r * 0x9E3779B97F4A7C15ull));
  if (field == "nothing") return Absent();
  FAIL("unknown field ", field);
  return {};
}

int OrdersOf(uint64_t c) { return static_cast<int>((c * 7) % 5); }

// The column as Plain (the loader chooses it only for large columns of distinct
// strings), so that every snapshot test has one.
Column ToPlain(const Column& c) {
  Column p = c;
  p.encoding = Encoding::Plain;
  p.base = 0;
  p.unit = 1;
  p.values = {};
  std::vector<uint64_t> offsets{0};
  std::vector<char> bytes;
  for (uint64_t r = 0; r < c.size; ++r) {
    std::string_view s = c.Present(r) ? c.Str(r) : std::string_view();
    bytes.insert(bytes.end(), s.begin(), s.end());
    offsets.push_back(bytes.size());
  }
  p.dict_offsets = Buffer::Own(std::move(offsets));
  p.dict_bytes = Buffer::Own(std::move(bytes));
  return p;
}

// Builds the database and the model of its values for `customers` customers; the
// customers' email column is Plain.
Database Build(uint64_t customers, Model& model) {
  const ir::Program& p = Program();
  Database db;
  db.customers = p.customers;
  db.key_field = p.tables[p.customers].key;
  db.settings = StoredSettings(p);
  db.fingerprint = FingerprintOf(db.settings);
  db.loaded_at = 1'790'000'000'123'456;
  db.source = "hand-built test data";
  model.assign(p.tables.size(), {});
  for (size_t ti = 0; ti < p.tables.size(); ++ti) {
    const TableInfo& info = p.tables[ti];
    auto& cols = model[ti];
    cols.assign(info.fields.size(), {});
    std::vector<uint64_t> offsets;
    auto add_row = [&](auto cell_of) {
      for (size_t ci = 0; ci < info.fields.size(); ++ci) cols[ci].push_back(cell_of(info.fields[ci].name));
    };
    if (info.name == "customers") {
      for (uint64_t r = 0; r < customers; ++r) add_row([&](const std::string& f) { return CustomerCell(f, r); });
    } else if (info.name == "orders" || info.name == "leads" || info.name == "quiet") {
      offsets.push_back(0);
      for (uint64_t c = 0; c < customers; ++c) {
        int n = info.name == "orders" ? OrdersOf(c) : info.name == "leads" ? (c % 7 == 3) : 0;
        for (int j = 0; j < n; ++j) {
          uint64_t r = cols[0].size();
          add_row([&](const std::string& f) -> Cell {
            if (f == "customer_id") return Int(static_cast<int64_t>(c) * 3 + 1);
            if (f == "ordered_at") return Int(1'700'000'000'000'000 + static_cast<int64_t>(c) * 1'000'000'000 + j * 1'000);
            if (f == "amount") return Int(static_cast<int64_t>(r % 97) * 10'000);
            if (f == "channel") return Int(static_cast<int64_t>(r % 2));
            if (f == "note") return r % 3 == 0 ? Str(r % 2 ? "gift" : "") : Absent();
            FAIL("unknown field ", f);
            return {};
          });
        }
        offsets.push_back(cols[0].size());
      }
    } else if (info.name == "products") {
      for (int r = 0; r < 3; ++r) {
        add_row([&](const std::string& f) { return f == "sku" ? Str(fmt::format("sku-{}", 3 - r)) : Int(r * 1'250'000); });
      }
    }
    Table t;
    t.name = info.name;
    t.kind = info.kind;
    t.rows = cols.empty() ? 0 : cols[0].size();
    for (size_t ci = 0; ci < info.fields.size(); ++ci) {
      ColumnBuilder b(info.fields[ci].type);
      for (const Cell& cell : cols[ci]) {
        if (!cell.present) {
          b.AppendAbsent();
        } else if (b.is_string()) {
          b.AppendString(cell.s);
        } else if (b.is_float()) {
          b.AppendFloat(cell.f);
        } else {
          b.AppendInt(cell.i);
        }
      }
      t.columns.push_back(b.Finish());
      if (info.fields[ci].name == "email") t.columns.back() = ToPlain(t.columns.back());
    }
    if (!offsets.empty()) t.offsets = Buffer::Own(std::move(offsets));
    db.tables.push_back(std::move(t));
  }
  return db;
}

// Every value of `db` against the model.
void Compare(const Database& db, const Model& model) {
  const ir::Program& p = Program();
  REQUIRE(db.tables.size() == model.size());
  for (size_t ti = 0; ti < db.tables.size(); ++ti) {
    const Table& t = db.tables[ti];
    for (size_t ci = 0; ci < t.columns.size(); ++ci) {
      const Column& c = t.columns[ci];
      const auto& cells = model[ti][ci];
      REQUIRE(c.size == cells.size());
      for (uint64_t r = 0; r < c.size; ++r) {
        INFO(t.name, ".", p.tables[ti].fields[ci].name, " row ", r);
        const Cell& want = cells[r];
        REQUIRE(c.Present(r) == want.present);
        if (!want.present) continue;
        if (c.type.kind == TypeKind::String) {
          REQUIRE(c.Str(r) == want.s);
        } else if (c.type.kind == TypeKind::Float) {
          REQUIRE(std::memcmp(&c.values.as<double>()[r], &want.f, sizeof(double)) == 0);
        } else {
          REQUIRE(c.Int(r) == want.i);
        }
      }
    }
  }
}

// Reads every value and every CSR range the way a query would, for the no-crash tests.
uint64_t Touch(const Database& db) {
  uint64_t h = 0;
  for (const Table& t : db.tables) {
    for (const Column& c : t.columns) {
      for (uint64_t r = 0; r < c.size; ++r) {
        h += c.Present(r);
        if (c.type.kind == TypeKind::String) {
          h += c.Str(r).size();
        } else if (c.encoding == Encoding::Float64) {
          h += static_cast<uint64_t>(c.Float(r) != 0);
        } else {
          h += static_cast<uint64_t>(c.Int(r));
        }
      }
    }
    if (!t.offsets.empty()) {
      for (uint64_t cu = 0; cu < db.customer_count(); ++cu) {
        for (uint64_t r = t.Offsets()[cu]; r < t.Offsets()[cu + 1]; ++r) {
          for (const Column& c : t.columns) h += static_cast<uint64_t>(c.Int(r));
        }
      }
    }
  }
  return h;
}

struct TempDir {
  fs::path path;
  // In memory when possible: the corruption tests rewrite small files thousands of
  // times, and freeing disk blocks can be slow (discard on a virtual disk).
  TempDir() {
    fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string tmpl = (base / "sam-snapshot-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The exit code and message of opening `path`; 0 and "" when it opened. Without
// `verify` no column is checked, so that Touch reads damaged data: it must not crash.
std::pair<int, std::string> TryOpen(const std::string& path, bool verify, const ir::Program& p = Program()) {
  try {
    Database db = OpenSnapshot(p, path, verify ? SnapshotVerify::All : SnapshotVerify::None);
    Touch(db);
    return {0, ""};
  } catch (const SnapshotError& e) {
    return {e.exit_code, e.what()};
  }
}

}  // namespace

TEST_CASE("snapshot checksum: every single changed byte changes it") {
  std::vector<uint8_t> data(200);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 37 + 11);
  for (size_t n : {0, 1, 7, 8, 9, 31, 32, 33, 64, 100, 200}) {
    uint64_t h = SnapshotChecksum(data.data(), n);
    for (size_t i = 0; i < n; ++i) {
      for (uint8_t x : {0x01, 0x80, 0xff, 0x5a}) {
        data[i] ^= x;
        CHECK(SnapshotChecksum(data.data(), n) != h);
        data[i] ^= x;
      }
    }
  }
  // Trailing zeros count.
  std::vector<uint8_t> zeros(64, 0);
  std::set<uint64_t> seen;
  for (size_t n = 0; n <= 64; ++n) seen.insert(SnapshotChecksum(zeros.data(), n));
  CHECK(seen.size() == 65);
}

TEST_CASE("snapshot round trip: every type and encoding, optional columns, CSR, empty tables") {
  Model model;
  Database db = Build(1000, model);
  Compare(db, model);  // the model describes the database that is written

  std::set<Encoding> encodings;
  bool any_validity = false;
  for (const Table& t : db.tables) {
    for (const Column& c : t.columns) {
      encodings.insert(c.encoding);
      any_validity |= !c.validity.empty();
    }
  }
  CHECK(encodings.size() == 7);  // Int8, Int16, Int32, Int64, Float64, Dict32, Plain
  CHECK(any_validity);

  TempDir dir;
  std::string path = dir / "db.samdb";
  WriteSnapshot(db, path);
  for (SnapshotVerify verify : {SnapshotVerify::None, SnapshotVerify::OnUse, SnapshotVerify::All}) {
    Database back = OpenSnapshot(Program(), path, verify);
    back.RequireAll();
    Compare(back, model);
    CHECK(back.customers == db.customers);
    CHECK(back.key_field == db.key_field);
    CHECK(back.fingerprint == db.fingerprint);
    CHECK(back.settings == db.settings);
    CHECK(back.loaded_at == db.loaded_at);
    CHECK(back.source == db.source);
    CHECK(back.customer_count() == 1000);
    CHECK(back.FindCustomer(int64_t{3 * 500 + 1}) == std::optional<uint64_t>(500));
    CHECK(back.bytes() == db.bytes());
    for (size_t ti = 0; ti < db.tables.size(); ++ti) {
      const Table& a = db.tables[ti];
      const Table& b = back.tables[ti];
      CHECK(a.name == b.name);
      CHECK(a.kind == b.kind);
      CHECK(a.rows == b.rows);
      REQUIRE(a.offsets.size() == b.offsets.size());
      if (!a.offsets.empty()) CHECK(std::memcmp(a.offsets.data(), b.offsets.data(), a.offsets.size()) == 0);
      if (!b.offsets.empty()) CHECK(reinterpret_cast<uintptr_t>(b.offsets.data()) % 64 == 0);
      for (size_t ci = 0; ci < a.columns.size(); ++ci) {
        const Column& x = a.columns[ci];
        const Column& y = b.columns[ci];
        CHECK(x.type == y.type);
        CHECK(x.encoding == y.encoding);
        CHECK(x.base == y.base);
        CHECK(x.unit == y.unit);
        CHECK(x.size == y.size);
        CHECK(x.dict_size() == y.dict_size());
        CHECK(x.validity.size() == y.validity.size());
        for (const Buffer* buf : {&y.values, &y.validity, &y.dict_offsets, &y.dict_bytes}) {
          if (!buf->empty()) CHECK(reinterpret_cast<uintptr_t>(buf->data()) % 64 == 0);
        }
      }
    }
  }
  // Codes order like strings after the round trip too.
  Database back = OpenSnapshot(Program(), path);
  const Column& names = back.tables[Program().customers].columns[1];
  for (uint32_t code = 1; code < names.dict_size(); ++code) CHECK(names.DictEntry(code - 1) < names.DictEntry(code));
  CHECK(names.FindCode("name5") >= 0);
  CHECK(names.FindCode("name99") == -1);
}

TEST_CASE("Plain string columns: damaged offsets read as clamped strings, never outside the bytes") {
  Model model;
  Database db = Build(40, model);
  Column email = db.tables[Program().customers].columns[2];
  REQUIRE(email.encoding == Encoding::Plain);
  CHECK(email.Str(1) == "u1@example.com");
  CHECK(email.Str(0).empty());  // absent
  CHECK(email.dict_size() == 0);
  CHECK(email.Int(1) == 0);
  // Offsets past the end, decreasing, and a column longer than its offsets.
  std::vector<uint64_t> offsets(email.dict_offsets.as<uint64_t>(), email.dict_offsets.as<uint64_t>() + email.size + 1);
  const uint64_t end = email.dict_bytes.size();
  offsets[2] = end + 1000;
  offsets[3] = UINT64_MAX;
  offsets[5] = 3;
  Column bad = email;
  bad.dict_offsets = Buffer::Own(std::move(offsets));
  CHECK(bad.Str(1).size() == end - bad.dict_offsets.as<uint64_t>()[1]);
  CHECK(bad.Str(2).empty());
  CHECK(bad.Str(4).empty());  // its end is before its start
  CHECK(bad.Str(5).size() == bad.dict_offsets.as<uint64_t>()[6] - 3);
  bad.size += 10;
  CHECK(bad.Str(email.size + 5).empty());
  std::vector<std::string_view> all(bad.size);
  bad.DecodeStrings(0, bad.size, all.data());
  for (uint64_t r = 0; r < bad.size; ++r) {
    CHECK(all[r] == bad.Str(r));
    if (all[r].empty()) continue;
    CHECK(all[r].data() >= reinterpret_cast<const char*>(bad.dict_bytes.data()));
    CHECK(all[r].data() + all[r].size() <= reinterpret_cast<const char*>(bad.dict_bytes.data()) + end);
  }
}

TEST_CASE("snapshot round trip: no customers at all") {
  Model model;
  Database db = Build(0, model);
  TempDir dir;
  WriteSnapshot(db, dir / "empty.samdb");
  Database back = OpenSnapshot(Program(), dir / "empty.samdb", SnapshotVerify::All);
  Compare(back, model);
  CHECK(back.customer_count() == 0);
  for (const Table& t : back.tables) {
    if (t.kind == TableKind::Events || t.kind == TableKind::List) {
      REQUIRE(t.offsets.count<uint64_t>() == 1);
      CHECK(t.Offsets()[0] == 0);
    }
  }
}

TEST_CASE("snapshot: columns outlive the file and a rewrite of it") {
  Model model;
  Database db = Build(50, model);
  TempDir dir;
  std::string path = dir / "db.samdb";
  WriteSnapshot(db, path);
  Database back = OpenSnapshot(Program(), path);
  Model other;
  WriteSnapshot(Build(7, other), path);  // replaced by rename: the old inode stays mapped
  Compare(back, model);
  fs::remove(path);
  Compare(back, model);
  Database copy = back;  // Buffers share the mapping
  back = Database();
  Compare(copy, model);
  // No temporary files left behind.
  CHECK(fs::is_empty(dir.path));
  // One of a writer killed before it removed it (no such process) is removed by the
  // next write; one of a live process (this one's parent: another writer) is kept.
  const std::string dead = path + ".tmp.999999999.0", live = path + ".tmp." + std::to_string(getppid()) + ".0";
  WriteFile(dead, "half a snapshot");
  WriteFile(live, "being written");
  WriteSnapshot(Build(7, other), path);
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(live));
}

TEST_CASE("snapshot errors: not a snapshot, another version or schema, not a file") {
  Model model;
  Database db = Build(20, model);
  TempDir dir;
  std::string good = dir / "good.samdb";
  WriteSnapshot(db, good);
  std::string bytes = ReadFile(good);

  auto expect = [](const std::string& path, int code, const std::string& part, bool verify = false) {
    auto [got, message] = TryOpen(path, verify);
    INFO(message);
    CHECK(got == code);
    CHECK(message.find(path) == 0);
    CHECK(message.find(part) != std::string::npos);
  };

  SUBCASE("missing") { expect(dir / "nope.samdb", 2, "No such file"); }
  SUBCASE("directory") { expect(dir.path.string(), 2, "is a directory"); }
  SUBCASE("fifo") {
    std::string fifo = dir / "fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    expect(fifo, 2, "not a regular file");
  }
  SUBCASE("unreadable") {
    if (geteuid() != 0) {  // root reads anything
      std::string p = dir / "locked.samdb";
      WriteFile(p, bytes);
      fs::permissions(p, fs::perms::none);
      expect(p, 2, "Permission denied");
    }
  }
  SUBCASE("empty") {
    WriteFile(dir / "empty", "");
    expect(dir / "empty", 1, "empty file");
  }
  SUBCASE("wrong magic") {
    std::string b = bytes;
    b[1] = 'X';
    WriteFile(dir / "magic", b);
    expect(dir / "magic", 1, "not a SAM snapshot");
    WriteFile(dir / "text", "id,name\n1,Ann\n");
    expect(dir / "text", 1, "not a SAM snapshot");
  }
  SUBCASE("other version") {
    std::string b = bytes;
    uint32_t v = 7;
    std::memcpy(b.data() + 8, &v, 4);
    WriteFile(dir / "v7", b);
    expect(dir / "v7", 1, "format version 7 is newer than this sam reads (version 2)");
    v = 1;
    std::memcpy(b.data() + 8, &v, 4);
    WriteFile(dir / "v1", b);
    expect(dir / "v1", 1, "format version 1, but this sam reads version 2: re-run `sam load`");
    v = 16777218;  // a flipped bit in the version field
    std::memcpy(b.data() + 8, &v, 4);
    WriteFile(dir / "vbad", b);
    expect(dir / "vbad", 1, "corrupted header (format version field 16777218)");
  }
  SUBCASE("other schema") {
    ir::Program other = Compile(
        std::string(kSnapshotSchema).replace(std::string(kSnapshotSchema).find("small: int"), 10, "small: decimal"));
    CHECK(SchemaFingerprint(other) != SchemaFingerprint(Program()));
    auto [code, message] = TryOpen(good, false, other);
    CHECK(code == 1);
    CHECK(message.find("loaded for another schema or time zone: it was loaded with `field customers.small: int`, "
                       "this program has `field customers.small: decimal`") != std::string::npos);
    CHECK(message.find("re-run `sam load`") != std::string::npos);
  }
  SUBCASE("extra bytes") {
    WriteFile(dir / "long", bytes + "x");
    expect(dir / "long", 1, "longer than written");
  }
}

// A program like kSnapshotSchema with `from` replaced by `to` (which must occur once).
ir::Program Changed(const std::string& from, const std::string& to) {
  std::string text = kSnapshotSchema;
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return Compile(text.replace(at, from.size(), to));
}

TEST_CASE("snapshot settings: a change to anything a stored value depends on refuses the snapshot, naming it") {
  Model model;
  TempDir dir;
  std::string path = dir / "db.samdb";
  WriteSnapshot(Build(10, model), path);
  struct Case {
    std::string from, to, named;
  };
  const Case cases[] = {
      // Wall-clock times in the files were stored as instants of the program's zone.
      {"enum tier", "timezone \"Europe/Amsterdam\"\nenum tier", "`timezone \"UTC\"`, this program has `timezone \"Europe/Amsterdam\" (tzdata "},
      {"events quiet of", "events calm of", "`table calm: events by customer_id at occurred_at`"},
      {"customers key id", "customers key small", "`table customers: customers key small`"},
      {"at ordered_at", "at placed_at", "`table orders: events by customer_id at placed_at`"},
      {"x: int", "y: int", "`field quiet.y: int`"},
      {"small: int", "small: decimal", "`field customers.small: decimal`"},
      {"vip: bool", "vip: bool?", "`field customers.vip: bool?`"},
      {"small: int\n    mid: int", "mid: int\n    small: int", "`field customers.small: int`, this program has `field customers.mid: int`"},
      {"bronze, silver, gold", "bronze, silver, gold, platinum", "`enum tier { bronze, silver, gold, platinum }`"},
      {"bronze, silver, gold", "silver, bronze, gold", "`enum tier { silver, bronze, gold }`"},
      {"enum { web, store }", "enum { store, web }", "`enum orders.channel { store, web }`"},
      {"  list leads of customers by customer_id\n", "", "`table leads: list by customer_id`, which this program does not have"},
      // The same field read from another column of the files.
      {"x: int", "x: int from \"x column\"", "this program has `field quiet.x: int from \"x column\"`"},
      // Names are written as code, as diagnostics write them: backticks where needed.
      {"x: int", "`sign-up date`: date", "this program has `` field quiet.`sign-up date`: date ``"},
      {"events quiet of", "events `quiet events` of",
       "`` table `quiet events`: events by customer_id at occurred_at ``"},
      {"at ordered_at", "at `at`", "`` table orders: events by customer_id at `at` ``"},
  };
  for (const Case& c : cases) {
    INFO(c.from, " -> ", c.to);
    auto [code, message] = TryOpen(path, false, Changed(c.from, c.to));
    INFO(message);
    CHECK(code == 1);
    CHECK(message.find("snapshot loaded for another schema or time zone") != std::string::npos);
    CHECK(message.find(c.named) != std::string::npos);
    CHECK(message.find("re-run `sam load` with this program") != std::string::npos);
  }
  // Lets, segments and the rest of the program may change.
  CHECK(TryOpen(path, false, Changed("enum tier", "segment rich = balance > 100\nenum tier")).first == 0);
  // Binding a field to the column of its own name changes nothing.
  CHECK(TryOpen(path, false, Changed("x: int", "x: int from \"x\"")).first == 0);
}

TEST_CASE("snapshot settings: the time-zone database's version, for a zone other than UTC") {
  ir::Program amsterdam = Changed("enum tier", "timezone \"Europe/Amsterdam\"\nenum tier");
  CHECK(StoredSettings(Program()).find("tzdata") == std::string::npos);  // UTC has no rules to change
  CHECK(StoredSettings(amsterdam).find(fmt::format("(tzdata {})", TzdataVersion())) != std::string::npos);
  CHECK(TzdataVersion() != "unknown");
  // Data loaded under another version of the rules: forged, since the machine has one.
  Model model;
  Database db = Build(10, model);
  db.settings = StoredSettings(amsterdam, "2000a");
  db.fingerprint = FingerprintOf(db.settings);
  TempDir dir;
  WriteSnapshot(db, dir / "db.samdb");
  auto [code, message] = TryOpen(dir / "db.samdb", false, amsterdam);
  CHECK(code == 1);
  CHECK(message.find("it was loaded with `timezone \"Europe/Amsterdam\" (tzdata 2000a)`") != std::string::npos);
}

TEST_CASE("snapshot corruption: truncation anywhere is found at open") {
  Model model;
  Database db = Build(60, model);
  TempDir dir;
  std::string good = dir / "good.samdb";
  WriteSnapshot(db, good);
  std::string bytes = ReadFile(good);
  std::string cut = dir / "cut.samdb";
  int tried = 0;
  for (size_t n = 1; n < bytes.size(); n += (n < 300 || n > bytes.size() - 2000) ? 1 : 61) {
    WriteFile(cut, std::string_view(bytes).substr(0, n));
    auto [code, message] = TryOpen(cut, false);
    INFO("cut at ", n, ": ", message);
    REQUIRE(code == 1);
    CHECK(message.find("truncated") != std::string::npos);
    ++tried;
  }
  CHECK(tried > 1000);
}

namespace {

// A hand-built database of `customers` customers written to a snapshot, with the
// file's bytes and where its table of contents starts (header bytes 24..31).
struct Written {
  Model model;
  Database db;
  TempDir dir;
  std::string path, bytes;
  uint64_t toc_offset = 0;
  explicit Written(uint64_t customers) : db(Build(customers, model)), path(dir / "db.samdb") {
    WriteSnapshot(db, path);
    bytes = ReadFile(path);
    std::memcpy(&toc_offset, bytes.data() + 24, 8);
  }
};

}  // namespace

TEST_CASE("snapshot corruption: a flipped byte anywhere is found with verify, never crashes without") {
  Written w(24);
  const std::string& path = w.path;
  const std::string& bytes = w.bytes;
  const uint64_t toc_offset = w.toc_offset;

  int fd = ::open(path.c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  int opened_without_verify = 0;
  // Every byte of the header and table of contents, every fifth of the sections.
  for (size_t i = 0; i < bytes.size(); i += (i < 128 || i >= toc_offset) ? 1 : 5) {
    // One flip a byte (each open and unmap costs a TLB flush); low, high and all bits.
    for (uint8_t x : {std::array<uint8_t, 3>{0x01, 0x80, 0xff}[i % 3]}) {
      char c = static_cast<char>(bytes[i] ^ x);
      REQUIRE(::pwrite(fd, &c, 1, static_cast<off_t>(i)) == 1);
      auto [code, message] = TryOpen(path, true);
      INFO("byte ", i, " ^ ", int{x}, ": ", message);
      CHECK(code == 1);
      CHECK(message.find(path) == 0);
      // Header and table of contents: found without verify too.
      auto [code2, message2] = TryOpen(path, false);
      if (i < 128 || i >= toc_offset) {
        CHECK(code2 == 1);
      } else {
        opened_without_verify += code2 == 0;
      }
      REQUIRE(::pwrite(fd, &bytes[i], 1, static_cast<off_t>(i)) == 1);
    }
  }
  ::close(fd);
  CHECK(opened_without_verify > 0);  // column data is not read at open
  CHECK(TryOpen(path, true).first == 0);
}

// Where the file is mapped: its first section starts right after the 128-byte header
// (docs/data.md), and no buffer lies before it.
const uint8_t* MappingStart(const Database& db) {
  const uint8_t* first = nullptr;
  for (const Table& t : db.tables) {
    if (!t.offsets.empty() && (!first || t.offsets.data() < first)) first = t.offsets.data();
    for (const Column& c : t.columns) {
      for (const Buffer* b : {&c.values, &c.validity, &c.dict_offsets, &c.dict_bytes}) {
        if (!b->empty() && (!first || b->data() < first)) first = b->data();
      }
    }
  }
  REQUIRE(first != nullptr);
  return first - 128;
}

// The unit of Database::Require that holds byte `i` of the file, found from where the
// opened columns' buffers lie (not from the verifier's own records): {-2, -2} when no
// buffer holds it (header, padding, table of contents).
ColumnRef Holder(const Database& db, const uint8_t* file, size_t i) {
  auto holds = [&](const Buffer& b) { return !b.empty() && file + i >= b.data() && file + i < b.data() + b.size(); };
  for (size_t ti = 0; ti < db.tables.size(); ++ti) {
    const Table& t = db.tables[ti];
    if (holds(t.offsets)) return {static_cast<int>(ti), kTableRows};
    for (size_t ci = 0; ci < t.columns.size(); ++ci) {
      const Column& c = t.columns[ci];
      for (const Buffer* b : {&c.values, &c.validity, &c.dict_offsets, &c.dict_bytes}) {
        if (holds(*b)) return {static_cast<int>(ti), static_cast<int>(ci)};
      }
    }
  }
  return {-2, -2};
}

TEST_CASE("snapshot corruption: by default a flipped byte is an error when its column is first read, and only then") {
  Written w(24);
  const std::string& path = w.path;
  const std::string& bytes = w.bytes;
  const uint64_t toc_offset = w.toc_offset;
  std::vector<ColumnRef> all;
  for (size_t ti = 0; ti < Program().tables.size(); ++ti) {
    all.push_back({static_cast<int>(ti), kTableRows});
    for (size_t ci = 0; ci < Program().tables[ti].fields.size(); ++ci) all.push_back({static_cast<int>(ti), static_cast<int>(ci)});
  }
  int fd = ::open(path.c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  int found_at_open = 0, found_on_use = 0, in_padding = 0;
  for (size_t i = 128; i < toc_offset; i += 3) {
    char c = static_cast<char>(bytes[i] ^ (i % 2 ? 0x01 : 0x80));
    REQUIRE(::pwrite(fd, &c, 1, static_cast<off_t>(i)) == 1);
    INFO("byte ", i);
    try {
      Database back = OpenSnapshot(Program(), path);
      ColumnRef want = Holder(back, MappingStart(back), i);
      int thrown = 0;
      for (const ColumnRef& ref : all) {
        try {
          back.Require(std::span(&ref, 1));
        } catch (const SnapshotError& e) {
          ++thrown;
          CHECK(ref.table == want.table);
          CHECK(ref.column == want.column);
          CHECK(std::string(e.what()).find("checksum mismatch") != std::string::npos);
        }
      }
      if (want.table == -2) {
        CHECK(thrown == 0);
        ++in_padding;
      } else {
        CHECK(thrown == 1);
        ++found_on_use;
      }
    } catch (const SnapshotError& e) {
      // Only the ends of the CSR offsets are read at open.
      CHECK(std::string(e.what()).find("CSR offsets") != std::string::npos);
      ++found_at_open;
    }
    REQUIRE(::pwrite(fd, &bytes[i], 1, static_cast<off_t>(i)) == 1);
  }
  ::close(fd);
  CHECK(found_on_use > 100);
  CHECK(found_at_open > 0);
  CHECK(in_padding > 0);
}

// Offsets that decrease pass their checksum when the writer wrote them so (a bug, not
// damage), and would send a query outside the columns: never read, in every mode. With
// checks on use, only a query that reads the table pays for the check.
TEST_CASE("snapshot CSR offsets that decrease: refused at open without checks, on first use with them") {
  Model model;
  Database db = Build(24, model);
  const int orders = [&] {
    for (size_t ti = 0; ti < db.tables.size(); ++ti) {
      if (db.tables[ti].name == "orders") return static_cast<int>(ti);
    }
    return -1;
  }();
  REQUIRE(orders >= 0);
  Table& t = db.tables[orders];
  std::vector<uint64_t> o(t.Offsets(), t.Offsets() + t.offsets.count<uint64_t>());
  REQUIRE(o.size() > 4);
  REQUIRE(o[2] > 0);
  o[1] = o[2] + 1;  // the ends stay right
  t.offsets = Buffer::Own(std::move(o));
  TempDir dir;
  const std::string path = dir / "db.samdb";
  WriteSnapshot(db, path);
  CHECK_THROWS_WITH_AS(OpenSnapshot(Program(), path, SnapshotVerify::None), doctest::Contains("decreasing"), SnapshotError);
  CHECK_THROWS_WITH_AS(OpenSnapshot(Program(), path, SnapshotVerify::All), doctest::Contains("decreasing"), SnapshotError);
  Database back = OpenSnapshot(Program(), path);
  const ColumnRef customers_key{back.customers, back.key_field};
  back.Require(std::span(&customers_key, 1));  // another table: fine
  const ColumnRef rows{orders, kTableRows};
  CHECK_THROWS_WITH_AS(back.Require(std::span(&rows, 1)), doctest::Contains("orders CSR offsets: corrupted (decreasing)"),
                       SnapshotError);
}

TEST_CASE("snapshot writing: errors name the file, nothing is left behind") {
  Model model;
  Database db = Build(5, model);
  TempDir dir;
  try {
    WriteSnapshot(db, dir / "missing/dir/db.samdb");
    FAIL("no error");
  } catch (const SnapshotError& e) {
    CHECK(e.exit_code == 2);
    CHECK(std::string(e.what()).find("missing/dir/db.samdb") != std::string::npos);
  }
  db.tables[0].columns[0].size += 1;
  CHECK_THROWS_AS(WriteSnapshot(db, dir / "bad.samdb"), SnapshotError);
  CHECK(fs::is_empty(dir.path));
}

// Run by hand: sam_unit_tests --no-skip -tc='snapshot open time*'. With
// SAM_SNAPSHOT=FILE and SAM_SNAPSHOT_PROGRAM=PROGRAM.sam it times opening that file
// (e.g. `sam load` of `sam gen --customers 1000000`), otherwise a synthetic one.
TEST_CASE("snapshot open time of a large database" * doctest::skip()) {
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  const char* file = std::getenv("SAM_SNAPSHOT");
  const char* program = std::getenv("SAM_SNAPSHOT_PROGRAM");
  if (file && program) {
    Frontend fe;
    CheckProgram(fe, {program});
    REQUIRE(fe.ir.has_value());
    // CPU time too: on a busy machine the wall time is mostly waiting for a core.
    auto cpu_ms = [] {
      timespec ts;
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
      return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    };
    for (int i = 0; i < 5; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      double c0 = cpu_ms();
      Database db = OpenSnapshot(*fe.ir, file);
      double c1 = cpu_ms();
      auto t1 = std::chrono::steady_clock::now();
      MESSAGE(fmt::format("{} ({} bytes, {} customers): open {:.2f} ms ({:.2f} ms CPU)", file, fs::file_size(file),
                          db.customer_count(), ms(t0, t1), c1 - c0));
    }
    Database db = OpenSnapshot(*fe.ir, file);
    uint64_t csr = 0, dict = 0;
    for (const Table& t : db.tables) {
      csr += t.offsets.size();
      for (const Column& c : t.columns) dict += c.dict_offsets.size();
    }
    MESSAGE(fmt::format("checked at open: {} bytes of CSR offsets, {} bytes of dictionary offsets", csr, dict));
    auto t0 = std::chrono::steady_clock::now();
    db = OpenSnapshot(*fe.ir, file, SnapshotVerify::All);
    MESSAGE(fmt::format("open with verify {:.1f} ms", ms(t0, std::chrono::steady_clock::now())));
    return;
  }
  Model model;
  const uint64_t n = 200'000;  // the model of its values takes ~1 KB a customer
  Database db = Build(n, model);
  model.clear();
  TempDir dir;
  std::string path = dir / "large.samdb";
  auto t0 = std::chrono::steady_clock::now();
  WriteSnapshot(db, path);
  auto t1 = std::chrono::steady_clock::now();
  Database back = OpenSnapshot(Program(), path);
  auto t2 = std::chrono::steady_clock::now();
  Database verified = OpenSnapshot(Program(), path, SnapshotVerify::All);
  auto t3 = std::chrono::steady_clock::now();
  MESSAGE(fmt::format("{} customers, {} bytes: write {:.1f} ms, open {:.2f} ms, open with verify {:.1f} ms", n,
                      fs::file_size(path), ms(t0, t1), ms(t1, t2), ms(t2, t3)));
  CHECK(back.customer_count() == n);
}

}  // namespace sam::rt
