// What one process checked of a snapshot, later processes do not check again
// (snapshot/checked_record.hpp) — but only for the very same file: a byte changed in
// place, a file rewritten, copied or replaced, or a damaged record means checking again.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "compiler/driver/frontend.hpp"
#include "runtime/snapshot/column_checks.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "tests/support/load_folder.hpp"

namespace sam {
namespace {

namespace fs = std::filesystem;
using rt::ColumnRef;

const char* kCheckedRecordProgram = R"(
schema {
  customers key id { id: int  country: string }
  events orders of customers by customer_id at ordered_at { customer_id: int  ordered_at: timestamp  amount: decimal }
}
)";

struct CheckedRecordFixture {
  fs::path dir = fs::temp_directory_path() / fmt::format("sam_checked_{}", ::getpid());
  fs::path records = dir / "records";
  std::string snapshot = (dir / "db.samdb").string();
  Frontend fe;
  CheckedRecordFixture() {
    fs::create_directories(dir / "csv");
    std::ofstream c(dir / "csv" / "customers.csv");
    c << "id,country\n";
    std::ofstream o(dir / "csv" / "orders.csv");
    o << "customer_id,ordered_at,amount\n";
    for (int k = 0; k < 3000; ++k) {
      c << k << "," << (k % 3 ? "NL" : "BE") << "\n";
      for (int j = 0; j < k % 4; ++j) o << k << ",2026-0" << 1 + j << "-15T10:00:00Z," << k % 97 << ".50\n";
    }
    c.close();
    o.close();
    CheckText(fe, "checked.sam", kCheckedRecordProgram);
    REQUIRE(fe.ir.has_value());
    rt::WriteSnapshot(testing::LoadFolder(*fe.ir, dir / "csv"), snapshot);
  }
  ~CheckedRecordFixture() { fs::remove_all(dir); }

  // The tests change the file within microseconds, as a writer on a kernel with
  // fine-grained file times may; `settle` is tested on its own.
  int64_t settle_ns = 0;
  rt::CheckedRecords Records() const { return {records.string(), settle_ns}; }

  // Bytes checksummed to open the snapshot and require the orders' amounts.
  uint64_t CheckedToRead() {
    const uint64_t before = rt::snapshot::BytesChecksummed();
    rt::Database db = rt::OpenSnapshot(*fe.ir, snapshot, rt::SnapshotVerify::OnUse, Records());
    const int orders = 1;
    const std::array<ColumnRef, 2> refs{ColumnRef{orders, rt::kTableRows}, ColumnRef{orders, 2}};
    db.Require(refs);
    return rt::snapshot::BytesChecksummed() - before;
  }
};

TEST_CASE("checked records: a later process does not check what an earlier one did") {
  CheckedRecordFixture f;
  const uint64_t first = f.CheckedToRead();
  CHECK(first > 3000 * 8);
  CHECK(f.CheckedToRead() == 0);
  // Another column still is checked, once.
  rt::Database db = rt::OpenSnapshot(*f.fe.ir, f.snapshot, rt::SnapshotVerify::OnUse, f.Records());
  const uint64_t before = rt::snapshot::BytesChecksummed();
  const ColumnRef country{0, 1};
  db.Require(std::span(&country, 1));
  CHECK(rt::snapshot::BytesChecksummed() > before);
  // Without a folder, nothing is remembered.
  const uint64_t no_record_before = rt::snapshot::BytesChecksummed();
  rt::Database plain = rt::OpenSnapshot(*f.fe.ir, f.snapshot);
  plain.Require(std::span(&country, 1));
  CHECK(rt::snapshot::BytesChecksummed() > no_record_before);
}

TEST_CASE("checked records: a byte changed in place is found, whatever the record said") {
  CheckedRecordFixture f;
  CHECK(f.CheckedToRead() > 0);
  // Flip a byte of the orders' amounts, where the first process read them.
  rt::Database db = rt::OpenSnapshot(*f.fe.ir, f.snapshot, rt::SnapshotVerify::None);
  const rt::Buffer& amounts = db.tables[1].columns[2].values;
  const auto file_start = reinterpret_cast<const uint8_t*>(amounts.data());
  std::string bytes;
  {
    std::ifstream in(f.snapshot, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string sample(reinterpret_cast<const char*>(file_start), 16);
  const size_t at = bytes.find(sample);
  REQUIRE(at != std::string::npos);
  const int fd = ::open(f.snapshot.c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  const char flipped = static_cast<char>(bytes[at + 3] ^ 0x10);
  REQUIRE(::pwrite(fd, &flipped, 1, static_cast<off_t>(at + 3)) == 1);
  ::close(fd);
  CHECK_THROWS_WITH_AS(f.CheckedToRead(), doctest::Contains("checksum mismatch"), rt::SnapshotError);
}

TEST_CASE("checked records: a rewritten file, a damaged or foreign record means checking again") {
  CheckedRecordFixture f;
  CHECK(f.CheckedToRead() > 0);
  CHECK(f.CheckedToRead() == 0);
  // Rewritten (same bytes, new file): checked again.
  rt::WriteSnapshot(rt::OpenSnapshot(*f.fe.ir, f.snapshot, rt::SnapshotVerify::All), f.snapshot);
  CHECK(f.CheckedToRead() > 0);
  // The record damaged: ignored, then written again.
  for (const auto& e : fs::directory_iterator(f.records)) {
    std::string text;
    {
      std::ifstream in(e.path());
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    REQUIRE(text.find("checked ") != std::string::npos);
    std::ofstream(e.path(), std::ios::trunc) << text.substr(0, text.find("checked ")) << "checked 1:x 9\n";
  }
  CHECK(f.CheckedToRead() > 0);
  CHECK(f.CheckedToRead() == 0);
  // A record that claims units this file does not have: none of it is trusted.
  for (const auto& e : fs::directory_iterator(f.records)) {
    std::string text;
    {
      std::ifstream in(e.path());
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    text.insert(text.size() - 1, " 40:0");
    std::ofstream(e.path(), std::ios::trunc) << text;
  }
  CHECK(f.CheckedToRead() > 0);
}

TEST_CASE("checked records: a file changed moments ago is not recorded") {
  CheckedRecordFixture f;
  f.settle_ns = 3'600'000'000'000;  // an hour: the file was written just now
  CHECK(f.CheckedToRead() > 0);
  CHECK(f.CheckedToRead() > 0);
  CHECK(!fs::exists(f.records));
}

}  // namespace
}  // namespace sam
