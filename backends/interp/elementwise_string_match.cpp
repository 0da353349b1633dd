// A test of a constant against a string, perhaps changed in case and surrounding
// white space (`ends_with(lower(trim(email)), "@example.com")`, `lower(x) == "nl"`):
// the string's own bytes are compared, folded as they are read, instead of the
// changed strings being written.
#include <algorithm>
#include <cstring>
#include <string>

#include "backends/interp/builtins.hpp"
#include "backends/interp/morsel.hpp"

namespace sam::interp {

using ir::Op;
using stdlib::BuiltinId;

namespace {
// `in` in lower (or upper) case into `out`: branch-free over non-aliasing buffers, so
// that the compiler vectorizes it (byte by byte, it was most of a contains(lower(x)));
// not inlined, where the buffers' restrict would be lost.
[[gnu::noinline]] void FoldCase(const char* __restrict in, char* __restrict out, size_t n, bool lower) {
  const unsigned char from = lower ? 'A' : 'a';
  const unsigned char shift = lower ? 'a' - 'A' : static_cast<unsigned char>('A' - 'a');
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    out[i] = static_cast<char>(static_cast<unsigned char>(c + (static_cast<unsigned char>(c - from) < 26 ? shift : 0)));
  }
}
// contains(x, k) (x in lower or upper case: case_change 1 or 2, else 0) for rows
// [first, first + n) of a plain column, whose strings lie one after the other: their
// bytes are folded in one pass and searched for `k` once, each match given to the
// row it lies in, so a row costs nothing where nothing matches (per row, a folded
// copy searched by find was slower than DuckDB's contains(lower(email), ...)). False
// when the column's offsets are not in order (a damaged snapshot: Str clamps them,
// row by row).
bool ContainsInPlace(const Column& col, uint64_t first, size_t n, std::string_view k, int case_change, int64_t* hit) {
  if (k.empty() || first + n + 1 > col.dict_offsets.count<uint64_t>()) return false;
  const uint64_t* off = col.dict_offsets.as<uint64_t>() + first;
  for (size_t r = 0; r < n; ++r) {
    if (off[r] > off[r + 1]) return false;
  }
  if (off[n] > col.dict_bytes.size()) return false;
  const char* bytes = reinterpret_cast<const char*>(col.dict_bytes.data()) + off[0];
  const size_t size = off[n] - off[0];
  thread_local std::string folded;
  std::string_view text(bytes, size);
  if (case_change != 0) {
    folded.resize(size);
    FoldCase(bytes, folded.data(), size, case_change == 1);
    text = folded;
  }
  std::fill(hit, hit + n, int64_t{0});
  size_t r = 0;
  for (size_t at = text.find(k); at != std::string_view::npos && r < n;) {
    while (r < n && off[r + 1] - off[0] <= at) ++r;  // the row the match starts in
    if (r == n) break;
    if (at + k.size() <= off[r + 1] - off[0]) {
      hit[r] = 1;
      at = text.find(k, off[r + 1] - off[0]);  // the next row's first match
    } else {
      at = text.find(k, at + 1);  // it crosses into the next row: not this row's
    }
  }
  return true;
}
}  // namespace

std::optional<Vec> MorselEval::FoldedStringTest(const ir::Node& n, Scope& scope) {
  if (synthetic_rows_ || n.args.size() != 2) return std::nullopt;
  const bool call = n.op == Op::Call && (static_cast<BuiltinId>(n.a) == BuiltinId::StartsWith ||
                                         static_cast<BuiltinId>(n.a) == BuiltinId::EndsWith ||
                                         static_cast<BuiltinId>(n.a) == BuiltinId::Contains);
  if (!call && n.op != Op::Eq && n.op != Op::Ne) return std::nullopt;
  const ir::Value* needle = in_.Invariant(n.args[1]);
  if (!needle || needle->absent || p_.at(n.args[1]).type.kind != TypeKind::String) return std::nullopt;
  // The chain of lower/upper/trim: trimming commutes with changing case, and the
  // outermost change of case is the one that counts.
  ir::NodeId x = n.args[0];
  bool trim = false;
  std::optional<BuiltinId> fold;
  while (p_.at(x).op == Op::Call && !in_.Invariant(x)) {
    const auto id = static_cast<BuiltinId>(p_.at(x).a);
    if (id != BuiltinId::Lower && id != BuiltinId::Upper && id != BuiltinId::Trim) break;
    if (id == BuiltinId::Trim) {
      trim = true;
    } else if (!fold) {
      fold = id;
    }
    x = p_.at(x).args[0];
  }
  // A field of this scope is read in place: no vector of its strings is made (16 bytes
  // a row) and kept; else the operand's values.
  const Column* col = ScopeColumn(p_.at(x), scope);
  const Vec* v = col ? nullptr : &Eval(x, scope);
  const uint64_t first = scope.depth < 0 ? c0_ : scope.first;
  const bool dense = scope.depth < 0 || scope.dense;
  const std::string_view k = needle->s;
  // Without a change of case the bytes compare as they are (and the test skips the
  // built-in's general path, which costs about as much again).
  const int case_change = !fold ? 0 : *fold == BuiltinId::Lower ? 1 : 2;
  auto folded = [case_change](char c) {
    return case_change == 1 ? AsciiLower(c) : case_change == 2 ? AsciiUpper(c) : c;
  };
  auto equal_at = [&](std::string_view s, size_t at) {
    if (k.empty()) return true;  // and memcmp is never given a view without data
    if (case_change == 0) return std::memcmp(s.data() + at, k.data(), k.size()) == 0;
    for (size_t i = 0; i < k.size(); ++i) {
      if (folded(s[at + i]) != k[i]) return false;
    }
    return true;
  };
  const BuiltinId test = call ? static_cast<BuiltinId>(n.a) : BuiltinId::Lower;  // Lower: ==, !=
  const size_t rows = scope.n;
  Vec out = Vec::Of(TypeKind::Int, rows);
  if (!col) {
    out.present = v->present;
  } else if (!col->all_present()) {
    out.present.resize(rows);
    ScopePresent(*col, scope, out.present.data());
  }
  if (col && dense && !trim && test == BuiltinId::Contains && col->encoding == Encoding::Plain &&
      ContainsInPlace(*col, first, rows, k, case_change, out.i.data())) {
    return out;  // absent rows' strings are empty: their answers are not read
  }
  std::string folded_copy;  // contains with a change of case: one row's string at a time
  for (size_t r = 0; r < rows; ++r) {
    if (!out.Present(r)) continue;
    std::string_view s = !col ? v->s[r] : col->Str(dense ? first + r : scope.rows[r]);
    if (trim) {
      while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
      while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    }
    bool hit = false;
    if (test == BuiltinId::StartsWith) {
      hit = s.size() >= k.size() && equal_at(s, 0);
    } else if (test == BuiltinId::EndsWith) {
      hit = s.size() >= k.size() && equal_at(s, s.size() - k.size());
    } else if (test == BuiltinId::Contains) {
      if (case_change == 0) {
        hit = s.find(k) != std::string_view::npos;
      } else {
        // The string's folded copy searched by find (memchr), rather than a comparison
        // at every position (3-4x slower than DuckDB's contains(lower(x), ...)).
        folded_copy.resize(s.size());
        FoldCase(s.data(), folded_copy.data(), s.size(), case_change == 1);
        hit = std::string_view(folded_copy).find(k) != std::string_view::npos;
      }
    } else {
      hit = s.size() == k.size() && equal_at(s, 0);
      if (n.op == Op::Ne) hit = !hit;
    }
    out.i[r] = hit;
  }
  return out;
}

}  // namespace sam::interp
