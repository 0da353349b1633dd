// Strings in generated code: compared and measured where they are stored, with
// `lower`, `upper` and `trim` applied as they are read (strings.hpp), so that no
// string is made per row. A dictionary column against a constant is tested on its
// codes; other tests call a helper per row.
#include <fmt/format.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>

#include <stdexcept>

#include "backends/jit/emitter.hpp"
#include "backends/jit/strings.hpp"
#include "stdlib/builtins.hpp"

namespace sam::jit {

using ir::Op;
using stdlib::BuiltinId;

namespace {
// A table of a bit per code up to this many entries (8 KiB); a larger dictionary's
// rows are tested by the helper.
constexpr uint32_t kMaxTable = 1 << 16;
}  // namespace

Emitter::Str Emitter::StringOf(NodeId id) {
  const ir::Node& n = p_.at(id);
  Str s;
  switch (n.op) {
    case Op::Const:
      s.text = n.value.s;
      s.absent = n.value.absent;
      return s;
    case Op::CustomerField:
      s.col = &db_.customer_table().columns[n.a];
      s.row = c_;
      return s;
    case Op::EventField:
      s.col = &db_.tables[n.a].columns[n.b];
      s.row = event_rows_.at(n.c);
      return s;
    case Op::LetRef: return StringOf(p_.lets[n.a].root);
    case Op::Call: {
      s = StringOf(n.args[0]);
      const BuiltinId b = n.builtin();
      const int64_t flag = b == BuiltinId::Trim ? kTrim : b == BuiltinId::Lower ? kLower : kUpper;
      if (s.col == nullptr) {
        std::string buffer;
        s.text = std::string(ApplyString(s.text, flag, buffer));
      } else {
        s.flags = flag == kTrim ? s.flags | kTrim : WithCase(s.flags, flag);
      }
      return s;
    }
    default: break;
  }
  throw std::logic_error(
      fmt::format("JIT: a string from `{}` (supported.cpp should have refused it)", ir::OpName(n.op)));
}

llvm::Value* Emitter::StringPresent(const Str& s) {
  return s.col != nullptr ? Presence(*s.col, s.row) : b_.getInt1(!s.absent);
}

llvm::Value* Emitter::TestStrings(int64_t op, const Str& a, const Str& b) {
  if (a.col == nullptr && b.col == nullptr) return b_.getInt1(jit::TestStrings(op, a.text, b.text));
  const Str& column = a.col != nullptr ? a : b;
  const Str& other = a.col != nullptr ? b : a;
  if (other.col == nullptr && column.col->encoding == rt::Encoding::Dict32) {
    if (op == kStringEq && column.flags == 0) {
      // The constant's code (a string not in the dictionary has none: equal to no row).
      const int64_t code = column.col->FindCode(other.text);
      if (code < 0) return b_.getFalse();
      return b_.CreateICmpEQ(Read(*column.col, column.row).v, b_.getInt64(code));
    }
    if (column.col->dict_size() < kMaxTable) return CodeTable(op, column, other.text, a.col != nullptr);
  }
  if (op == kStringContains && mode_ == KernelMode::Members && a.col != nullptr && b.col == nullptr &&
      a.col->encoding == rt::Encoding::Plain && a.row == c_ && !b.text.empty()) {
    return ContainsOfRows(a, b.text);
  }
  llvm::Value* k = b_.getInt64(op);
  auto bytes = [&](const std::string& text) { return b_.CreateGlobalString(text, "text"); };
  auto size = [&](const std::string& text) { return b_.getInt64(static_cast<int64_t>(text.size())); };
  llvm::Value* hit;
  if (a.col == nullptr) {
    hit = CallHelper("sam_jit_string_test_of",
                     {k, bytes(a.text), size(a.text), Buffer(b.col), b.row, b_.getInt64(b.flags)});
  } else if (b.col == nullptr) {
    hit = CallHelper("sam_jit_string_test", {k, Buffer(a.col), a.row, b_.getInt64(a.flags),
                                             llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr_)),
                                             b_.getInt64(0), b_.getInt64(0), bytes(b.text), size(b.text)});
  } else {
    hit = CallHelper("sam_jit_string_test",
                     {k, Buffer(a.col), a.row, b_.getInt64(a.flags), Buffer(b.col), b.row, b_.getInt64(b.flags),
                      llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(ptr_)), b_.getInt64(0)});
  }
  return IsTrue(hit);
}

// Distinct strings lie one after the other in row order: the rows of a kernel call
// are searched at once (sam_jit_contains_rows, with the case applied in one pass),
// where a helper per row took a call, a copy of its bounds and a search each.
llvm::Value* Emitter::ContainsOfRows(const Str& column, const std::string& text) {
  llvm::Value*& bits = contains_rows_[{column.col, column.flags, text}];
  if (bits == nullptr) {
    const auto here = b_.saveIP();
    b_.SetInsertPoint(entry_end_);  // once per kernel call, before the loop
    llvm::Value* words = b_.CreateAdd(b_.CreateLShr(b_.CreateSub(end_, begin_), 6), b_.getInt64(1));
    bits = CallRuntime("sam_jit_prefix", ptr_, {b_.getInt64(prefixes_++), words});
    CallRuntime("sam_jit_contains_rows", b_.getVoidTy(),
                {Buffer(column.col), begin_, end_, b_.CreateGlobalString(text, "text"),
                 b_.getInt64(static_cast<int64_t>(text.size())), b_.getInt64(column.flags), bits});
    b_.restoreIP(here);
  }
  llvm::Value* at = b_.CreateSub(c_, begin_);
  llvm::Value* word = b_.CreateLoad(i64_, b_.CreateGEP(i64_, bits, b_.CreateLShr(at, 6)));
  return IsTrue(b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(at, 63)), b_.getInt64(1)));
}

// The row's code as DictEntry reads it (a 32-bit code; one outside the dictionary
// reads as "": the tables' last entry, `size`).
llvm::Value* Emitter::CodeIndex(const Str& column) {
  const uint32_t size = column.col->dict_size();
  llvm::Value* code = b_.CreateAnd(Read(*column.col, column.row).v, b_.getInt64(0xFFFFFFFF));
  return b_.CreateSelect(b_.CreateICmpULT(code, b_.getInt64(size)), code, b_.getInt64(size));
}

llvm::Value* Emitter::CodeTable(int64_t op, const Str& column, const std::string& text, bool column_first) {
  // Entry `size`: a code outside the dictionary, which reads as "" (rt::Column::DictEntry).
  const uint32_t size = column.col->dict_size();
  std::vector<uint64_t> words(size / 64 + 1, 0);
  std::string buffer;
  for (uint32_t k = 0; k <= size; ++k) {
    const std::string_view entry =
        ApplyString(k < size ? column.col->DictEntry(k) : std::string_view(), column.flags, buffer);
    if (column_first ? jit::TestStrings(op, entry, text) : jit::TestStrings(op, text, entry)) {
      words[k >> 6] |= uint64_t{1} << (k & 63);
    }
  }
  auto* init = llvm::ConstantDataArray::get(cx_, llvm::ArrayRef<uint64_t>(words));
  auto* table = new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "codes");
  llvm::Value* index = CodeIndex(column);
  llvm::Value* word = b_.CreateLoad(i64_, b_.CreateGEP(i64_, table, b_.CreateLShr(index, 6)));
  return IsTrue(b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(index, 63)), b_.getInt64(1)));
}

llvm::Value* Emitter::CodeLength(const Str& column) {
  const uint32_t size = column.col->dict_size();
  std::vector<uint32_t> lengths(size + 1, 0);  // entry `size`: "", as in CodeTable
  std::string buffer;
  for (uint32_t k = 0; k < size; ++k) {
    lengths[k] = static_cast<uint32_t>(CodePoints(ApplyString(column.col->DictEntry(k), column.flags & kTrim, buffer)));
  }
  auto* init = llvm::ConstantDataArray::get(cx_, llvm::ArrayRef<uint32_t>(lengths));
  auto* table = new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "lengths");
  return b_.CreateZExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, table, CodeIndex(column))), i64_);
}

V Emitter::StringCompare(const ir::Node& n) {
  const Str a = StringOf(n.args[0]);
  llvm::Value* present = StringPresent(a);
  llvm::Value* hit = b_.getFalse();
  for (size_t k = 1; k < n.args.size(); ++k) {
    const Str b = StringOf(n.args[k]);
    if (n.op != Op::InSet) present = b_.CreateAnd(present, StringPresent(b));
    hit = b_.CreateOr(hit, TestStrings(kStringEq, a, b));
  }
  if (n.op == Op::Ne) hit = b_.CreateNot(hit);
  return {FromBool(hit), present};
}

V Emitter::StringCall(const ir::Node& n) {
  const Str a = StringOf(n.args[0]);
  const BuiltinId builtin = n.builtin();
  if (builtin == BuiltinId::Length) {
    // A case changes no length: only the trim counts.
    if (a.col == nullptr) return {b_.getInt64(CodePoints(a.text)), StringPresent(a)};
    if (a.col->encoding == rt::Encoding::Dict32 && a.col->dict_size() < kMaxTable) {
      return {CodeLength(a), StringPresent(a)};
    }
    return {CallHelper("sam_jit_string_length", {Buffer(a.col), a.row, b_.getInt64(a.flags & kTrim)}),
            StringPresent(a)};
  }
  const Str b = StringOf(n.args[1]);
  const int64_t op = builtin == BuiltinId::Contains     ? kStringContains
                     : builtin == BuiltinId::StartsWith ? kStringStarts
                                                        : kStringEnds;
  return {FromBool(TestStrings(op, a, b)), b_.CreateAnd(StringPresent(a), StringPresent(b))};
}

}  // namespace sam::jit
