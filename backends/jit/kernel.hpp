// A compiled kernel: generated code that evaluates one IR expression (or a segment
// and a condition) for a range of customers, and what it needs to run.
//
// The generated function is
//   int32 kernel(const void* const* buffers, const int64_t* params, uint64 begin,
//                uint64 end, const uint32_t* rows, void* out, uint8_t* present,
//                uint64_t* error)
// For each position k in [begin, end), customer rows[k] (or k when rows is null):
// - Members: out[k - begin] (uint8) = 1 when every root is present and true;
// - Values: out[k - begin] (int64 or double) = the root's value, present[k - begin]
//   its presence.
// buffers: the column buffers it reads (Kernel::buffers, in that order); params:
// today (days), now (µs) and the address of the program's rt::TimeZoneTable. It returns 0, or 1 after an overflow, with error[0] the
// customer row and error[1] the node that overflowed (docs/language.md, "Runtime
// errors"): the first customer in position order.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "schema/types.hpp"

namespace sam::jit {

enum class KernelMode : uint8_t { Members, Values };

struct Kernel {
  using Fn = int32_t (*)(const void* const* buffers, const int64_t* params, uint64_t begin, uint64_t end,
                         const uint32_t* rows, void* out, uint8_t* present, uint64_t* error);
  Fn fn = nullptr;
  std::vector<const void*> buffers;
  // What some buffers point to, kept as long as the kernel: the tables of its date
  // tests (lower_tables.cpp).
  std::vector<std::shared_ptr<void>> owned;
  TypeKind storage = TypeKind::Int;  // Values: Int or Float
  bool cached = false;               // not compiled here: from the object cache
  // A kernel compiled for another program and reused for an equal expression
  // (shape.hpp): the node ids it reports, mapped to this program's.
  std::unordered_map<uint32_t, uint32_t> node_of;

  // The node that overflowed, as error[1] of Call names it.
  uint32_t FailedNode(uint64_t reported) const {
    const auto id = static_cast<uint32_t>(reported);
    auto it = node_of.find(id);
    return it == node_of.end() ? id : it->second;
  }

  // Runs the kernel. Generated code has no prologue for clang's
  // -fsanitize=function, whose check of an indirect call reads the 8 bytes before the
  // function (past the start of the JIT's memory for the first kernel): not checked.
#if defined(__clang__)
  __attribute__((no_sanitize("function")))
#endif
  int32_t Call(const int64_t* params, uint64_t begin, uint64_t end, const uint32_t* rows, void* out, uint8_t* present,
               uint64_t* error) const {
    return fn(buffers.data(), params, begin, end, rows, out, present, error);
  }
};

}  // namespace sam::jit
