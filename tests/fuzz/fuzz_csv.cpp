// libFuzzer target: the CSV and JSON-lines readers of the data loader on arbitrary
// bytes, as a customers file or as an events file of ten known customers, with one
// thread or with four threads on tiny chunks. Rejections and LoadErrors are the
// expected outcomes; any crash, sanitizer report or leak is a bug. With several
// threads, the result must equal one thread's.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/driver/frontend.hpp"
#include "runtime/data/column_builder.hpp"
#include "runtime/load/assemble.hpp"
#include "runtime/load/csv_reader.hpp"
#include "runtime/load/header.hpp"
#include "runtime/load/parse_file.hpp"

namespace {

using namespace sam;
using namespace sam::rt;

const char* kSchema = R"(
timezone "Europe/Amsterdam"
schema {
  customers key id {
    id: int
    name: string
    score: decimal?
    ratio: float?
    vip: bool?
    born: date?
    seen_at: timestamp?
    color: enum { red, green }?
    wait: duration?
  }
  events orders of customers by customer_id at ordered_at {
    amount: decimal
    note: string?
  }
}
)";

struct Setup {
  Frontend fe;
  Column keys;
  load::CustomerIndex index;
  Setup() {
    CheckText(fe, "fuzz.sam", kSchema);
    if (!fe.ir) __builtin_trap();
    ColumnBuilder b(Type::Of(TypeKind::Int));
    for (int i = 1; i <= 10; ++i) b.AppendInt(i);
    keys = b.Finish();
    index = load::CustomerIndex(keys);
  }
};

struct Outcome {
  uint64_t read = 0, accepted = 0, rejected = 0;
  std::string error;
};

Outcome Run(const Setup& s, int table, bool json, int threads, uint64_t chunk, char delimiter, const char* data, size_t size) {
  LoadOptions o;
  o.threads = threads;
  o.chunk_bytes = chunk;
  o.delimiter = delimiter;
  o.max_field_bytes = 64;
  o.max_line_bytes = 256;
  load::TableContext ctx;
  ctx.info = &s.fe.ir->tables[table];
  for (const auto& f : ctx.info->fields) {
    load::FieldSpec spec{f.name, f.type, {}, {}};
    if (f.type.kind == TypeKind::Enum) spec.variants = s.fe.ir->enums[f.type.ref].variants;
    ctx.fields.push_back(spec);
  }
  ctx.path = "fuzz";
  ctx.format = json ? load::Format::JsonLines : load::Format::Csv;
  ctx.data = data;
  ctx.size = size;
  ctx.in_file.assign(ctx.fields.size(), true);
  ctx.keyed = table == s.fe.ir->customers;
  ctx.per_customer = !ctx.keyed;
  ctx.customers = &s.index;
  ctx.options = &o;
  ctx.timezone = s.fe.ir->timezone;
  Outcome out;
  try {
    LoadReport report;
    uint64_t first_line = 1;
    const char* body = json ? load::SkipBom(data, data + size) : load::ReadHeader(ctx, first_line, report);
    load::Progress progress;
    load::ParsedFile parsed = load::ParseTableFile(ctx, body, first_line, threads, progress);
    Table t = load::AssembleTable(ctx, *parsed.rows, parsed.more, 10, threads);
    out.read = parsed.rows->read;
    out.accepted = t.rows;
    out.rejected = parsed.rows->rejections.size();
    if (out.accepted + out.rejected != out.read) __builtin_trap();
    for (const auto& r : parsed.rows->rejections) {
      if (r.line < first_line) __builtin_trap();
    }
  } catch (const LoadError& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  static const Setup setup;
  if (size < 1) return 0;
  const uint8_t mode = bytes[0];
  // Copy the input so that reads past its end are caught.
  std::string text(reinterpret_cast<const char*>(bytes + 1), size - 1);
  const int table = (mode & 1) ? 1 : setup.fe.ir->customers;
  const bool json = (mode & 2) != 0;
  const char delimiter = (mode & 4) ? ';' : ',';
  Outcome one = Run(setup, table, json, 1, 0, delimiter, text.data(), text.size());
  Outcome four = Run(setup, table, json, 4, 1 + (mode >> 3), delimiter, text.data(), text.size());
  if (one.read != four.read || one.accepted != four.accepted || one.rejected != four.rejected || one.error != four.error) {
    __builtin_trap();
  }
  return 0;
}
