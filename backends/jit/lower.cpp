#include <fmt/format.h>
#include <llvm/IR/Intrinsics.h>

#include <algorithm>
#include <stdexcept>

#include "backends/jit/emitter.hpp"
#include "backends/jit/lower.hpp"

namespace sam::jit {

using ir::Op;

Emitter::Emitter(const Options& options, const ir::Program& p, const rt::Database& db, llvm::Module& m,
                 const std::vector<bool>& needs_check)
    : options_(options), p_(p), db_(db), m_(m), cx_(m.getContext()), b_(cx_), facts_(p), needs_check_(needs_check) {
  i1_ = b_.getInt1Ty();
  i8_ = b_.getInt8Ty();
  i32_ = b_.getInt32Ty();
  i64_ = b_.getInt64Ty();
  f64_ = b_.getDoubleTy();
  ptr_ = b_.getPtrTy();
}

llvm::Function* Emitter::Kernel(const std::string& name, KernelMode mode, NodeId a, NodeId bnode) {
  auto* type = llvm::FunctionType::get(i32_, {ptr_, ptr_, i64_, i64_, ptr_, ptr_, ptr_, ptr_}, false);
  fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, m_);
  // Every loop ends (over a customer's events, or halving a range): LLVM may delete
  // one whose result is not used, such as a condition computed only for its checks
  // that has none.
  fn_->addFnAttr(llvm::Attribute::MustProgress);
  for (auto& arg : fn_->args()) {
    if (arg.getType() == ptr_) arg.addAttr(llvm::Attribute::NoAlias);
  }
  auto arg = fn_->arg_begin();
  buffers_arg_ = &*arg++;
  params_arg_ = &*arg++;
  llvm::Value* begin = &*arg++;
  llvm::Value* end = &*arg++;
  begin_ = begin;
  end_ = end;
  prologue_ = prologue_end_ = nullptr;
  prefixes_ = 0;
  llvm::Value* rows = &*arg++;
  out_ = &*arg++;
  present_out_ = &*arg++;
  llvm::Value* error = &*arg++;
  mode_ = mode;
  roots_ = {a, bnode};
  tables_.clear();

  entry_ = llvm::BasicBlock::Create(cx_, "entry", fn_);
  b_.SetInsertPoint(entry_);
  fail_slot_ = b_.CreateAlloca(i32_, nullptr, "fail");
  today_ = b_.CreateLoad(i64_, params_arg_, "today");
  now_ = b_.CreateLoad(i64_, b_.CreateConstGEP1_64(i64_, params_arg_, 1), "now");
zone_ = b_.CreateLoad(i64_, b_.CreateConstGEP1_64(i64_, params_arg_, 2), "zone");
  entry_end_ = b_.CreateBr(entry_);  // a placeholder, replaced below; buffer loads go before it

  fail_block_ = llvm::BasicBlock::Create(cx_, "failed", fn_);
  done_ = llvm::BasicBlock::Create(cx_, "done", fn_);
  // Members runs over customers in a row (a loop LLVM can vectorize), Values over a
  // list of rows (the engine's few customers): one loop each, compiled quickly.
  auto* loop = llvm::BasicBlock::Create(cx_, "loop", fn_);
  EmitLoop(loop, begin, end, mode == KernelMode::Values ? rows : nullptr);

  entry_end_->eraseFromParent();
  b_.SetInsertPoint(entry_);
  if (prologue_ != nullptr) {
    b_.CreateBr(prologue_);
    b_.SetInsertPoint(prologue_end_);
  }
  b_.CreateBr(loop);

  b_.SetInsertPoint(done_);
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(fail_block_);
  if (fail_edges_.empty()) {
    b_.CreateUnreachable();  // nothing can overflow
    return fn_;
  }
  auto* phi_c = b_.CreatePHI(i64_, 0, "failed_customer");
  for (auto [from, c] : fail_edges_) phi_c->addIncoming(c, from);
  b_.CreateStore(phi_c, error);
  llvm::Value* node = b_.CreateZExt(b_.CreateSub(b_.CreateLoad(i32_, fail_slot_), b_.getInt32(1)), i64_);
  b_.CreateStore(node, b_.CreateConstGEP1_64(i64_, error, 1));
  b_.CreateRet(b_.getInt32(1));
  return fn_;
}

llvm::PHINode* Emitter::LoopHead(llvm::BasicBlock* start, llvm::Value* begin, llvm::Value* end, llvm::BasicBlock* exit) {
  auto* head = llvm::BasicBlock::Create(cx_, "head", fn_);
  auto* body = llvm::BasicBlock::Create(cx_, "body", fn_);
  b_.SetInsertPoint(start);
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  auto* k = b_.CreatePHI(i64_, 2, "k");
  k->addIncoming(begin, start);
  b_.CreateCondBr(b_.CreateICmpULT(k, end), body, exit);
  b_.SetInsertPoint(body);
  return k;
}

void Emitter::EmitLoop(llvm::BasicBlock* start, llvm::Value* begin, llvm::Value* end, llvm::Value* rows) {
  llvm::PHINode* k = LoopHead(start, begin, end, done_);
  llvm::Value* c = rows ? b_.CreateZExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, rows, k)), i64_) : k;
  llvm::Value* at = b_.CreateSub(k, begin, "at");  // the position in the outputs
  c_ = c;
  memo_.clear();
  event_memos_.clear();
  windows_.clear();
  ends_.clear();
  can_fail_ = false;
  b_.CreateStore(b_.getInt32(0), fail_slot_);
  llvm::Value* in = b_.getTrue();
  V v{};
  if (mode_ == KernelMode::Members) {
    for (NodeId root : roots_) {
      if (root != ir::kNone) in = b_.CreateAnd(in, Truth(Emit(root)));
    }
  } else {
    v = Emit(roots_[0]);
  }
  // The check before the stores: a failure that is the same for every customer (an
  // overflow in `add_years(today, n)`) is then tested once, before the loop (LLVM
  // unswitches it), and the loop has one exit, which LLVM can vectorize. A failed call's
  // outputs are not read.
  if (can_fail_) {
    auto* ok = llvm::BasicBlock::Create(cx_, "ok", fn_);
    llvm::Value* failed = b_.CreateICmpNE(b_.CreateLoad(i32_, fail_slot_), b_.getInt32(0));
    fail_edges_.push_back({b_.GetInsertBlock(), c});
    b_.CreateCondBr(failed, fail_block_, ok);
    b_.SetInsertPoint(ok);
  }
  if (mode_ == KernelMode::Members) {
    b_.CreateStore(b_.CreateZExt(in, i8_), b_.CreateGEP(i8_, out_, at));
  } else {
    llvm::Type* t = v.v->getType();
    b_.CreateStore(v.v, b_.CreateGEP(t, out_, at));
    b_.CreateStore(b_.CreateZExt(v.present, i8_), b_.CreateGEP(i8_, present_out_, at));
  }
  llvm::Value* next = b_.CreateAdd(k, b_.getInt64(1));
  k->addIncoming(next, b_.GetInsertBlock());
  b_.CreateBr(k->getParent());
}

void Emitter::MayFail(NodeId id, llvm::Value* overflow, llvm::Value* present) {
  // Proved not to overflow on the data's ranges: no check (LLVM then drops the
  // overflow's arithmetic, and code whose value is not used).
  if (static_cast<size_t>(id) < needs_check_.size() && !needs_check_[id]) return;
  if (!checking_) return;  // the prologue's values are computed again, and checked, in the loop
  can_fail_ = true;
  llvm::Value* bad = b_.CreateAnd(overflow, present);
  llvm::Value* old = b_.CreateLoad(i32_, fail_slot_);
  llvm::Value* first = b_.CreateAnd(bad, b_.CreateICmpEQ(old, b_.getInt32(0)));
  b_.CreateStore(b_.CreateSelect(first, b_.getInt32(static_cast<int32_t>(id) + 1), old), fail_slot_);
}

llvm::Value* Emitter::Buffer(const void* data) {
  if (auto it = buffer_values_.find(data); it != buffer_values_.end()) return it->second;
  const auto index = static_cast<uint64_t>(buffers_.size());
  buffers_.push_back(data);
  llvm::IRBuilder<> entry(entry_end_);
  llvm::Value* v = entry.CreateLoad(ptr_, entry.CreateConstGEP1_64(ptr_, buffers_arg_, index));
  buffer_values_[data] = v;
  return v;
}

llvm::Type* Emitter::StoredType(llvm::IRBuilder<>& b, rt::Encoding e) {
  switch (e) {
    case rt::Encoding::Int8: return b.getInt8Ty();
    case rt::Encoding::Int16: return b.getInt16Ty();
    case rt::Encoding::Int32:
    case rt::Encoding::Dict32: return b.getInt32Ty();
    case rt::Encoding::Int64: return b.getInt64Ty();
    case rt::Encoding::Float64: return b.getDoubleTy();
    case rt::Encoding::Plain: break;
  }
  throw std::logic_error("JIT: a plain string column read as a number");
}

V Emitter::Read(const rt::Column& col, llvm::Value* row) {
  llvm::Type* t = StoredType(b_, col.encoding);
  llvm::Value* stored = b_.CreateLoad(t, b_.CreateGEP(t, Buffer(col.values.data()), row));
  V out;
  if (col.encoding == rt::Encoding::Float64) {
    out.v = stored;
  } else {
    llvm::Value* wide = b_.CreateSExt(stored, i64_);
    if (col.unit != 1) wide = b_.CreateMul(wide, b_.getInt64(col.unit));
    if (col.base != 0) wide = b_.CreateAdd(wide, b_.getInt64(col.base));
    out.v = wide;
  }
  out.present = Presence(col, row);
  return out;
}

llvm::Value* Emitter::Presence(const rt::Column& col, llvm::Value* row) {
  if (col.all_present()) return b_.getTrue();
  llvm::Value* word = b_.CreateLoad(i64_, b_.CreateGEP(i64_, Buffer(col.validity.data()), b_.CreateLShr(row, 6)));
  llvm::Value* bit = b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(row, 63)), b_.getInt64(1));
  return b_.CreateICmpNE(bit, b_.getInt64(0));
}

V Emitter::Emit(NodeId id) {
  const int level = ir::LevelOf(facts_.Depths(id));
  {
    const auto& memo = MemoOf(level);
    if (auto it = memo.find(id); it != memo.end()) return it->second;
  }
  V v = !tabulating_ && WorthTabulating(id, level) ? Tabulated(id) : Compute(id);
  MemoOf(level)[id] = v;  // again: computing it may have grown the memos
  return v;
}

V Emitter::Const(const ir::Node& n) {
  if (n.type.kind == TypeKind::Float) return {llvm::ConstantFP::get(f64_, n.value.f), b_.getInt1(!n.value.absent)};
  return {b_.getInt64(n.value.i), b_.getInt1(!n.value.absent)};
}

std::unordered_map<NodeId, V>& Emitter::MemoOf(int level) {
  if (level < 0) return memo_;
  if (event_memos_.size() <= static_cast<size_t>(level)) event_memos_.resize(static_cast<size_t>(level) + 1);
  return event_memos_[static_cast<size_t>(level)];
}

V Emitter::Compute(NodeId id) {
  const ir::Node& n = p_.at(id);
  switch (n.op) {
    case Op::Const: return Const(n);
    case Op::Today: return {today_, b_.getTrue()};
    case Op::Now: return {now_, b_.getTrue()};
    case Op::CustomerField:
      if (substitute_ && SameField(substitute_->field, id)) return substitute_->value;
      return Read(db_.customer_table().columns[n.a], c_);
    case Op::EventField:
      if (substitute_ && SameField(substitute_->field, id)) return substitute_->value;
      return Read(db_.tables[n.a].columns[n.b], event_rows_.at(n.c));
    case Op::LetRef: return Emit(p_.lets[n.a].root);
    case Op::Agg: return Aggregate(id, n);
    case Op::ListMember: {
      // On the list: the customer has rows in its table (CSR offsets).
      llvm::Value* offsets = Buffer(db_.tables[n.a].offsets.data());
      llvm::Value* from = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, c_));
      llvm::Value* to = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, b_.CreateAdd(c_, b_.getInt64(1))));
      return {FromBool(b_.CreateICmpUGT(to, from)), b_.getTrue()};
    }
    case Op::Eq: case Op::Ne: case Op::InSet:
      if (p_.at(n.args[0]).type.kind == TypeKind::String) return StringCompare(n);
      if (auto v = ChoiceTest(n)) return *v;
      return Compare(n);
    case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: return Compare(n);
    case Op::And: case Op::Or: return Logic(n);
    case Op::Not: {
      const V a = Emit(n.args[0]);
      return {FromBool(b_.CreateICmpEQ(a.v, b_.getInt64(0))), a.present};
    }
    case Op::IsPresent: {
      if (p_.at(n.args[0]).type.kind != TypeKind::String) return {FromBool(Emit(n.args[0]).present), b_.getTrue()};
      return {FromBool(StringPresent(StringOf(n.args[0]))), b_.getTrue()};  // its validity, never its strings
    }
    case Op::Coalesce: {
      const V a = Emit(n.args[0]), b = Emit(n.args[1]);
      return {b_.CreateSelect(a.present, a.v, b.v), b_.CreateOr(a.present, b.present)};
    }
    case Op::If: {
      const V c = Emit(n.args[0]), a = Emit(n.args[1]), b = Emit(n.args[2]);
      llvm::Value* yes = Truth(c);  // an absent condition takes the else branch
      return {b_.CreateSelect(yes, a.v, b.v), b_.CreateSelect(yes, a.present, b.present)};
    }
    case Op::Min: case Op::Max: return MinMax(n);
    case Op::Cast: return Cast(id, n);
    case Op::Neg: case Op::Add: case Op::Sub: case Op::Mul: return Arithmetic(id, n);
    case Op::Call: return Builtin(id, n);
    case Op::Div: return Divide(id, n);
    case Op::DateToTimestamp: {
      const V d = Emit(n.args[0]);
      return {CallHelper("sam_jit_start_of_day", {Zone(), d.v}), d.present};
    }
    case Op::Population: case Op::Lookup: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime: break;
  }
  throw std::logic_error(fmt::format("JIT: `{}` is not compiled (Support::Why should have said so)", ir::OpName(n.op)));
}

V Emitter::Compare(const ir::Node& n) {
  const V x = Emit(n.args[0]);
  llvm::Value* present = x.present;
  auto cmp = [&](Op op, llvm::Value* a, llvm::Value* b) -> llvm::Value* {
    if (a->getType() == f64_) {
      llvm::Value* lt = FloatBelow(a, b);
      llvm::Value* gt = FloatBelow(b, a);
      switch (op) {
        case Op::Eq: case Op::InSet: return b_.CreateNot(b_.CreateOr(lt, gt));
        case Op::Ne: return b_.CreateOr(lt, gt);
        case Op::Lt: return lt;
        case Op::Le: return b_.CreateNot(gt);
        case Op::Gt: return gt;
        default: return b_.CreateNot(lt);
      }
    }
    switch (op) {
      case Op::Eq: case Op::InSet: return b_.CreateICmpEQ(a, b);
      case Op::Ne: return b_.CreateICmpNE(a, b);
      case Op::Lt: return b_.CreateICmpSLT(a, b);
      case Op::Le: return b_.CreateICmpSLE(a, b);
      case Op::Gt: return b_.CreateICmpSGT(a, b);
      default: return b_.CreateICmpSGE(a, b);
    }
  };
  llvm::Value* result = b_.getFalse();
  for (size_t k = 1; k < n.args.size(); ++k) {
    const V y = Emit(n.args[k]);
    present = b_.CreateAnd(present, y.present);
    llvm::Value* r = cmp(n.op, x.v, y.v);
    result = n.op == Op::InSet ? b_.CreateOr(result, r) : r;
  }
  return {FromBool(result), present};
}

std::optional<V> Emitter::ChoiceTest(const ir::Node& n) {
  auto resolved = [&](NodeId id) {
    while (p_.at(id).op == Op::LetRef) id = p_.lets[p_.at(id).a].root;
    return id;
  };
  auto constant = [&](NodeId id) -> const ir::Node* {
    const ir::Node& c = p_.at(resolved(id));
    return c.op == Op::Const && !c.value.absent ? &c : nullptr;
  };
  const TypeKind kind = p_.at(n.args[0]).type.kind;
  if (kind == TypeKind::Float || kind == TypeKind::String) return std::nullopt;  // -0.0, NaN; dictionaries
  std::vector<int64_t> wanted;
  for (size_t k = 1; k < n.args.size(); ++k) {
    const ir::Node* c = constant(n.args[k]);
    if (!c) return std::nullopt;
    wanted.push_back(c->value.i);
  }
  std::vector<NodeId> conditions;
  std::vector<bool> matches;  // per branch, the last the final `else`
  NodeId at = resolved(n.args[0]);
  if (p_.at(at).op != Op::If) return std::nullopt;
  for (; p_.at(at).op == Op::If; at = resolved(p_.at(at).args[2])) {
    const ir::Node* branch = constant(p_.at(at).args[1]);
    if (!branch) return std::nullopt;
    conditions.push_back(p_.at(at).args[0]);
    matches.push_back(std::find(wanted.begin(), wanted.end(), branch->value.i) != wanted.end());
  }
  const ir::Node* last = constant(at);
  if (!last) return std::nullopt;
  matches.push_back(std::find(wanted.begin(), wanted.end(), last->value.i) != wanted.end());
  // An absent condition takes the else branch, as Compute's Op::If.
  llvm::Value* result = b_.getFalse();
  llvm::Value* undecided = b_.getTrue();
  const size_t needed = static_cast<size_t>(std::find(matches.rbegin(), matches.rend(), true) - matches.rbegin());
  const size_t used = matches.size() - needed;  // branches up to the last that matches
  for (size_t k = 0; k < used; ++k) {
    llvm::Value* taken = k < conditions.size() ? b_.CreateAnd(undecided, Truth(Emit(conditions[k]))) : undecided;
    if (matches[k]) result = b_.CreateOr(result, taken);
    if (k < conditions.size()) undecided = b_.CreateAnd(undecided, b_.CreateNot(taken));
  }
  // The conditions after it decide nothing here, but every operand counts (an overflow
  // in one stops the run, language.md §9): computed for their checks, and dropped by
  // LLVM where they have none.
  for (size_t k = used; k < conditions.size(); ++k) Emit(conditions[k]);
  if (n.op == Op::Ne) result = b_.CreateNot(result);
  return V{FromBool(result), b_.getTrue()};
}

V Emitter::Logic(const ir::Node& n) {
  const V a = Emit(n.args[0]), b = Emit(n.args[1]);
  const bool decider = n.op == Op::Or;
  auto decides = [&](const V& v) {
    llvm::Value* t = IsTrue(v.v);
    return b_.CreateAnd(v.present, decider ? t : b_.CreateNot(t));
  };
  llvm::Value* decided = b_.CreateOr(decides(a), decides(b));
  llvm::Value* present = b_.CreateOr(decided, b_.CreateAnd(a.present, b.present));
  return {FromBool(decider ? decided : b_.CreateNot(decided)), present};
}

llvm::Value* Emitter::FloatBelow(llvm::Value* a, llvm::Value* b) {
  llvm::Value* a_number = b_.CreateFCmpORD(a, a);
  llvm::Value* b_nan = b_.CreateFCmpUNO(b, b);
  return b_.CreateOr(b_.CreateFCmpOLT(a, b), b_.CreateAnd(a_number, b_nan));
}

V Emitter::MinMax(const ir::Node& n) {
  const V x = Emit(n.args[0]), y = Emit(n.args[1]);
  llvm::Value* keep_x;  // Compare(x, y) <= 0 for min, >= 0 for max
  if (x.v->getType() == f64_) {
    keep_x = b_.CreateNot(n.op == Op::Min ? FloatBelow(y.v, x.v) : FloatBelow(x.v, y.v));
  } else {
    keep_x = n.op == Op::Min ? b_.CreateICmpSLE(x.v, y.v) : b_.CreateICmpSGE(x.v, y.v);
  }
  return {b_.CreateSelect(keep_x, x.v, y.v), b_.CreateAnd(x.present, y.present)};
}

V Emitter::Cast(NodeId id, const ir::Node& n) {
  const V x = Emit(n.args[0]);
  const TypeKind from = p_.at(n.args[0]).type.kind, to = n.type.kind;
  if (to == from) return x;
  if (to == TypeKind::Float) {
    llvm::Value* f = b_.CreateSIToFP(x.v, f64_);
    if (from != TypeKind::Int) f = b_.CreateFDiv(f, llvm::ConstantFP::get(f64_, static_cast<double>(kDecimalScale)));
    return {f, x.present};
  }
  if (to == TypeKind::Decimal && from == TypeKind::Int) {
    llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, x.v, b_.getInt64(kDecimalScale));
    MayFail(id, b_.CreateExtractValue(r, 1), x.present);
    return {b_.CreateExtractValue(r, 0), x.present};
  }
  if (to == TypeKind::Int && from == TypeKind::Decimal) return {b_.CreateSDiv(x.v, b_.getInt64(kDecimalScale)), x.present};
  return x;
}

V Emitter::Checked(NodeId id, llvm::Value* wide, llvm::Value* present) {
  auto* i128 = b_.getInt128Ty();
  llvm::Value* narrow = b_.CreateTrunc(wide, i64_);
  llvm::Value* overflow = b_.CreateICmpNE(b_.CreateSExt(narrow, i128), wide);
  MayFail(id, overflow, present);
  return {narrow, present};
}

V Emitter::Arithmetic(NodeId id, const ir::Node& n) {
  const V x = Emit(n.args[0]);
  if (n.op == Op::Neg) {
    if (x.v->getType() == f64_) return {b_.CreateFNeg(x.v), x.present};
    llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::ssub_with_overflow, b_.getInt64(0), x.v);
    MayFail(id, b_.CreateExtractValue(r, 1), x.present);
    return {b_.CreateExtractValue(r, 0), x.present};
  }
  const V y = Emit(n.args[1]);
  llvm::Value* present = b_.CreateAnd(x.present, y.present);
  if (x.v->getType() == f64_) {
    llvm::Value* r = n.op == Op::Add ? b_.CreateFAdd(x.v, y.v) : n.op == Op::Sub ? b_.CreateFSub(x.v, y.v) : b_.CreateFMul(x.v, y.v);
    return {r, present};
  }
  const TypeKind kx = p_.at(n.args[0]).type.kind, ky = p_.at(n.args[1]).type.kind;
  auto* i128 = b_.getInt128Ty();
  auto wide = [&](llvm::Value* v) { return b_.CreateSExt(v, i128); };
  if (n.op != Op::Mul) {
    const bool sub = n.op == Op::Sub;
    // A date moved by a duration moves by whole days (ir::Evaluate).
    if (kx == TypeKind::Date && ky == TypeKind::Duration) {
      llvm::Value* days = wide(b_.CreateSDiv(y.v, b_.getInt64(kMicrosPerDay)));
      return Checked(id, sub ? b_.CreateSub(wide(x.v), days) : b_.CreateAdd(wide(x.v), days), present);
    }
    if (kx == TypeKind::Duration && ky == TypeKind::Date) {
      return Checked(id, b_.CreateAdd(wide(y.v), wide(b_.CreateSDiv(x.v, b_.getInt64(kMicrosPerDay)))), present);
    }
    if (kx == TypeKind::Date && ky == TypeKind::Date) {
      llvm::Value* diff = b_.CreateSub(wide(x.v), wide(y.v));
      return Checked(id, b_.CreateMul(diff, llvm::ConstantInt::get(i128, kMicrosPerDay)), present);
    }
    llvm::Value* r = b_.CreateBinaryIntrinsic(sub ? llvm::Intrinsic::ssub_with_overflow : llvm::Intrinsic::sadd_with_overflow,
                                              x.v, y.v);
    MayFail(id, b_.CreateExtractValue(r, 1), present);
    return {b_.CreateExtractValue(r, 0), present};
  }
  if (kx == TypeKind::Decimal && ky == TypeKind::Decimal) {
    return Checked(id, RoundDiv(b_.CreateMul(wide(x.v), wide(y.v)), llvm::ConstantInt::get(i128, kDecimalScale)), present);
  }
  llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, x.v, y.v);
  MayFail(id, b_.CreateExtractValue(r, 1), present);
  return {b_.CreateExtractValue(r, 0), present};
}

V Emitter::Divide(NodeId id, const ir::Node& n) {
  const V x = Emit(n.args[0]), y = Emit(n.args[1]);
  llvm::Value* present = b_.CreateAnd(x.present, y.present);
  if (x.v->getType() == f64_) {
    llvm::Value* zero = b_.CreateFCmpOEQ(y.v, llvm::ConstantFP::get(f64_, 0.0));
    return {b_.CreateFDiv(x.v, y.v), b_.CreateAnd(present, b_.CreateNot(zero))};
  }
  auto* i128 = b_.getInt128Ty();
  llvm::Value* zero = b_.CreateICmpEQ(y.v, b_.getInt64(0));
  // A zero divisor gives an absent value; divide by 1 instead, never by zero.
  llvm::Value* den = b_.CreateSExt(b_.CreateSelect(zero, b_.getInt64(1), y.v), i128);
  llvm::Value* num = b_.CreateSExt(x.v, i128);
  if (p_.at(n.args[0]).type.kind == TypeKind::Decimal) num = b_.CreateMul(num, llvm::ConstantInt::get(i128, kDecimalScale));
  present = b_.CreateAnd(present, b_.CreateNot(zero));
  return Checked(id, RoundDiv(num, den), present);
}

// num / den (i128, den != 0) rounded to the nearest, halves to even: ir::RoundDiv.
llvm::Value* Emitter::RoundDiv(llvm::Value* num, llvm::Value* den) {
  auto* i128 = b_.getInt128Ty();
  auto k = [&](int64_t v) { return llvm::ConstantInt::getSigned(i128, v); };
  llvm::Value* flip = b_.CreateICmpSLT(den, k(0));
  num = b_.CreateSelect(flip, b_.CreateNeg(num), num);
  den = b_.CreateSelect(flip, b_.CreateNeg(den), den);
  llvm::Value* q = b_.CreateSDiv(num, den);
  llvm::Value* r = b_.CreateSRem(num, den);
  llvm::Value* negative = b_.CreateICmpSLT(r, k(0));
  r = b_.CreateSelect(negative, b_.CreateAdd(r, den), r);
  q = b_.CreateSelect(negative, b_.CreateSub(q, k(1)), q);
  llvm::Value* twice = b_.CreateMul(r, k(2));
  llvm::Value* odd = b_.CreateICmpNE(b_.CreateAnd(q, k(1)), k(0));
  llvm::Value* up = b_.CreateOr(b_.CreateICmpSGT(twice, den), b_.CreateAnd(b_.CreateICmpEQ(twice, den), odd));
  return b_.CreateAdd(q, b_.CreateZExt(up, i128));
}

Built Build(Orc& orc, const Options& options, const ir::Program& program, const rt::Database& db, KernelMode mode,
            NodeId a, NodeId b, const std::vector<bool>& needs_check) {
  // One name for every kernel: the module's text is its key in the object cache
  // (Orc::Build gives the function a name of its own).
  Orc::Unit unit = orc.NewUnit();
  Emitter emitter(options, program, db, *unit.module, needs_check);
  emitter.Kernel(Orc::kFunction, mode, a, b);
  Built built;
  built.kernel.buffers = emitter.buffers();
  built.kernel.owned = emitter.owned();
  if (mode == KernelMode::Values) {
    built.kernel.storage = program.at(a).type.kind == TypeKind::Float ? TypeKind::Float : TypeKind::Int;
  }
  built.object = orc.Build(std::move(unit));
  built.kernel.cached = built.object.cached;
  return built;
}

void Link(Orc& orc, std::span<Built> built) {
  std::vector<Orc::Object> objects;
  for (Built& b : built) objects.push_back(std::move(b.object));
  orc.Link(objects);
  for (size_t k = 0; k < built.size(); ++k) {
    built[k].kernel.fn = reinterpret_cast<Kernel::Fn>(objects[k].address);
  }
}

}  // namespace sam::jit
