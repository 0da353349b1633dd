#include "runtime/exec/reference_index.hpp"

namespace sam::rt {

ReferenceIndex::ReferenceIndex(const Column& key, uint64_t rows) {
  for (uint64_t r = 0; r < rows; ++r) {
    if (!key.Present(r)) continue;
    if (key.type.kind == TypeKind::String) {
      strings_.emplace(key.Str(r), static_cast<uint32_t>(r));
    } else {
      ints_.emplace(key.Int(r), static_cast<uint32_t>(r));
    }
  }
}

std::optional<uint32_t> ReferenceIndex::Find(int64_t key) const {
  auto it = ints_.find(key);
  if (it == ints_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> ReferenceIndex::Find(std::string_view key) const {
  auto it = strings_.find(key);
  if (it == strings_.end()) return std::nullopt;
  return it->second;
}

}  // namespace sam::rt
