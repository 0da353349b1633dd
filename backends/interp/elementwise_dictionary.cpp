// String built-ins over a dictionary column: `contains(lower(campaign_name), "news")`,
// `length(category) > 3`. Such an expression has one value per distinct string, so
// it is computed once per dictionary entry (with the interpreter's own vector code)
// and each row takes the value of its code: no string is lowered or searched per row.
#include <algorithm>
#include <mutex>
#include <vector>

#include "backends/interp/builtins.hpp"
#include "backends/interp/morsel.hpp"

namespace sam::interp {

using ir::Op;
using stdlib::BuiltinId;

namespace {

bool IsStringCall(const ir::Node& n) {
  if (n.op != Op::Call) return false;
  switch (static_cast<BuiltinId>(n.a)) {
    case BuiltinId::Lower: case BuiltinId::Upper: case BuiltinId::Trim: case BuiltinId::Length:
    case BuiltinId::Contains: case BuiltinId::StartsWith: case BuiltinId::EndsWith: return true;
    default: return false;
  }
}

bool IsComparison(Op op) {
  return op == Op::Eq || op == Op::Ne || op == Op::Lt || op == Op::Le || op == Op::Gt || op == Op::Ge ||
         op == Op::InSet;
}

bool SameField(const ir::Node& a, const ir::Node& b) { return a.op == b.op && a.a == b.a && a.b == b.b && a.c == b.c; }

// Whether `id` computes from invariants and one field only through string built-ins
// and comparisons; `leaves`: the nodes that read the field (`lower(email) ==
// upper(email)` has two), every one of which the dictionary's evaluation must give
// the dictionary's strings. The field must be an argument of a built-in: a
// comparison of the bare field reads its column (StringCodeCompare), which the
// dictionary's evaluation has not.
bool OneFieldThroughStrings(const ir::Program& p, const Interpreter& in, ir::NodeId id, bool in_call,
                            std::vector<ir::NodeId>& leaves) {
  if (in.Invariant(id)) return true;
  const ir::Node& n = p.at(id);
  if (n.op == Op::CustomerField || n.op == Op::EventField) {
    if (!in_call || n.type.kind != TypeKind::String) return false;
    if (!leaves.empty() && !SameField(p.at(leaves[0]), n)) return false;
    if (std::find(leaves.begin(), leaves.end(), id) == leaves.end()) leaves.push_back(id);
    return true;
  }
  const bool call = IsStringCall(n);
  if (!call && !IsComparison(n.op)) return false;
  for (ir::NodeId a : n.args) {
    if (!OneFieldThroughStrings(p, in, a, call, leaves)) return false;
  }
  return true;
}

}  // namespace

const Vec& Interpreter::DictionaryValues(ir::NodeId id, const std::vector<ir::NodeId>& leaves, const Column& col) {
  std::lock_guard<std::mutex> lock(dictionary_mutex_);  // the first morsel computes, the others wait
  auto it = dictionary_values_.find(id);
  if (it != dictionary_values_.end()) return it->second;
  // Entries: the dictionary's strings, then "" (what a code outside it reads as), then absent.
  const uint32_t d = col.dict_size();
  Vec strings = Vec::Of(TypeKind::String, d + 2);
  for (uint32_t code = 0; code < d; ++code) strings.s[code] = col.DictEntry(code);
  strings.present.assign(d + 2, 1);
  strings.present[d + 1] = 0;
  MorselEval m(*this, 0, d + 2);
  m.SyntheticRows();
  for (ir::NodeId leaf : leaves) m.customers().memo.emplace(leaf, strings);
  Vec values = m.Eval(id, m.customers());
  return dictionary_values_.emplace(id, std::move(values)).first->second;
}

std::optional<EventTest> Interpreter::DictionaryCodes(ir::NodeId id, const FieldColumn& field) {
  constexpr uint32_t kMaxEntries = 1 << 16;  // computed when the program is prepared: a few ms at most
  const ir::Node& n = p_.at(id);
  if (n.type.kind != TypeKind::Bool || !(IsStringCall(n) || IsComparison(n.op))) return std::nullopt;
  std::vector<ir::NodeId> leaves;
  if (!OneFieldThroughStrings(p_, *this, id, false, leaves) || leaves.empty()) return std::nullopt;
  const Column* col = field(leaves[0]);
  if (!col || col->encoding != Encoding::Dict32 || col->base != 0 || col->unit != 1 || col->dict_size() > kMaxEntries) {
    return std::nullopt;
  }
  const Vec& values = DictionaryValues(id, leaves, *col);
  const uint32_t d = col->dict_size();
  auto passes = [&](size_t k) { return values.Present(k) && values.i[k] != 0; };
  // A code outside the dictionary (a damaged one) reads as "": the table's last
  // entry must answer for it, false.
  if (passes(d)) return std::nullopt;
  EventTest t;
  t.column = col;
  t.clamp = true;
  t.lo = 0;
  t.pass.resize(size_t{d} + 1, 0);
  for (uint32_t k = 0; k < d; ++k) t.pass[k] = passes(k) ? 1 : 0;
  return t;
}

std::optional<Vec> MorselEval::DictionaryValues(ir::NodeId id, Scope& scope) {
  const ir::Node& n = p_.at(id);
  if (synthetic_rows_) return std::nullopt;
  if (StorageOf(n.type.kind) != TypeKind::Int || !(IsStringCall(n) || IsComparison(n.op))) return std::nullopt;
  std::vector<ir::NodeId> leaves;
  if (!OneFieldThroughStrings(p_, in_, id, false, leaves) || leaves.empty()) return std::nullopt;
  const ir::Node& x = p_.at(leaves[0]);
  const Column* col = ScopeColumn(x, scope);
  // Worth it when strings repeat: a dictionary of at most a quarter of the rows.
  if (!col || col->encoding != Encoding::Dict32 || uint64_t{col->dict_size()} * 4 > col->size) return std::nullopt;
  const Vec& values = in_.DictionaryValues(id, leaves, *col);
  const size_t rows = scope.n;
  std::vector<int64_t> codes(rows);
  rt::ColumnVector<uint8_t> present;
  ScopeInts(*col, scope, codes.data(), &present);
  const int64_t d = col->dict_size();
  Vec out = Vec::Of(TypeKind::Int, rows);
  if (!values.all_present()) out.present.resize(rows);
  for (size_t r = 0; r < rows; ++r) {
    const int64_t code = codes[r];
    const size_t k = static_cast<size_t>(!present.empty() && !present[r] ? d + 1 : code >= 0 && code < d ? code : d);
    out.i[r] = values.i[k];
    if (!out.present.empty()) out.present[r] = values.present[k];
  }
  return out;
}

}  // namespace sam::interp
