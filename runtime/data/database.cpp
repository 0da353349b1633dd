#include "runtime/data/database.hpp"


namespace sam::rt {

size_t Table::bytes() const {
  size_t n = offsets.size();
  for (const auto& c : columns) n += c.bytes();
  return n;
}

size_t Database::bytes() const {
  size_t n = 0;
  for (const auto& t : tables) n += t.bytes();
  return n;
}

namespace {

template <class Less, class Equal>
std::optional<uint64_t> Search(uint64_t n, Less less, Equal equal) {
  uint64_t lo = 0, hi = n;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (less(mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < n && equal(lo)) return lo;
  return std::nullopt;
}

}  // namespace

std::string Database::KeyText(uint64_t row) const {
  if (customers < 0 || key_field < 0) return "#" + std::to_string(row);
  const Column& key = customer_table().columns[key_field];
  if (key.type.kind == TypeKind::String) return std::string(key.Str(row));
  return std::to_string(key.Int(row));
}

std::optional<uint64_t> Database::FindCustomer(int64_t key) const {
  if (customers < 0 || key_field < 0) return std::nullopt;
  const Table& t = tables[customers];
  const Column& kc = t.columns[key_field];
  if (kc.type.kind == TypeKind::String) return std::nullopt;
  return Search(t.rows, [&](uint64_t r) { return kc.Int(r) < key; }, [&](uint64_t r) { return kc.Int(r) == key; });
}

std::optional<uint64_t> Database::FindCustomer(std::string_view key) const {
  if (customers < 0 || key_field < 0) return std::nullopt;
  const Table& t = tables[customers];
  const Column& kc = t.columns[key_field];
  if (kc.type.kind != TypeKind::String) return std::nullopt;
  if (kc.encoding == Encoding::Plain) {
    return Search(t.rows, [&](uint64_t r) { return kc.Str(r) < key; }, [&](uint64_t r) { return kc.Str(r) == key; });
  }
  // Sorted by key and dictionary codes order like strings: search the codes.
  int64_t code = kc.FindCode(key);
  if (code < 0) return std::nullopt;
  return Search(t.rows, [&](uint64_t r) { return kc.Int(r) < code; }, [&](uint64_t r) { return kc.Int(r) == code; });
}

}  // namespace sam::rt
