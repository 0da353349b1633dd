#include "backends/jit/lower.hpp"

#include <fmt/format.h>
#include <llvm/IR/BasicBlock.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <atomic>
#include <deque>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "ir/analysis/facts.hpp"

namespace sam::jit {
namespace {

using ir::NodeId;
using ir::Op;

// A value in generated code: `v` an i64 (every integer-like type) or a double, and
// `present` an i1.
struct V {
  llvm::Value* v = nullptr;
  llvm::Value* present = nullptr;
};

class Emitter {
 public:
  Emitter(const Options& options, const ir::Program& p, const rt::Database& db, llvm::Module& m)
      : options_(options), p_(p), db_(db), m_(m), cx_(m.getContext()), b_(cx_), facts_(p) {
    i1_ = b_.getInt1Ty();
    i8_ = b_.getInt8Ty();
    i32_ = b_.getInt32Ty();
    i64_ = b_.getInt64Ty();
    f64_ = b_.getDoubleTy();
    ptr_ = b_.getPtrTy();
  }

  llvm::Function* Kernel(const std::string& name, KernelMode mode, NodeId a, NodeId bnode) {
    auto* type = llvm::FunctionType::get(i32_, {ptr_, ptr_, i64_, i64_, ptr_, ptr_, ptr_, ptr_}, false);
    fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, m_);
    for (auto& arg : fn_->args()) {
      if (arg.getType() == ptr_) arg.addAttr(llvm::Attribute::NoAlias);
    }
    auto arg = fn_->arg_begin();
    buffers_arg_ = &*arg++;
    params_arg_ = &*arg++;
    llvm::Value* begin = &*arg++;
    llvm::Value* end = &*arg++;
    llvm::Value* rows = &*arg++;
    out_ = &*arg++;
    present_out_ = &*arg++;
    llvm::Value* error = &*arg++;
    mode_ = mode;
    roots_ = {a, bnode};

    entry_ = llvm::BasicBlock::Create(cx_, "entry", fn_);
    b_.SetInsertPoint(entry_);
    fail_slot_ = b_.CreateAlloca(i32_, nullptr, "fail");
    today_ = b_.CreateLoad(i64_, params_arg_, "today");
    now_ = b_.CreateLoad(i64_, b_.CreateConstGEP1_64(i64_, params_arg_, 1), "now");
    entry_end_ = b_.CreateBr(entry_);  // a placeholder, replaced below; buffer loads go before it

    fail_block_ = llvm::BasicBlock::Create(cx_, "failed", fn_);
    done_ = llvm::BasicBlock::Create(cx_, "done", fn_);
    // Members runs over customers in a row (a loop LLVM can vectorize), Values over a
    // list of rows (the engine's few customers): one loop each, compiled quickly.
    auto* loop = llvm::BasicBlock::Create(cx_, "loop", fn_);
    EmitLoop(loop, begin, end, mode == KernelMode::Values ? rows : nullptr);

    entry_end_->eraseFromParent();
    b_.SetInsertPoint(entry_);
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

  std::vector<const void*> buffers() const { return buffers_; }

 private:
  // for (k = begin; k < end; ++k) { c = rows ? rows[k] : k; out[k] = ... }
  void EmitLoop(llvm::BasicBlock* start, llvm::Value* begin, llvm::Value* end, llvm::Value* rows) {
    auto* head = llvm::BasicBlock::Create(cx_, "head", fn_);
    auto* body = llvm::BasicBlock::Create(cx_, "body", fn_);
    b_.SetInsertPoint(start);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    auto* k = b_.CreatePHI(i64_, 2, "k");
    k->addIncoming(begin, start);
    b_.CreateCondBr(b_.CreateICmpULT(k, end), body, done_);
    b_.SetInsertPoint(body);
    llvm::Value* c = rows ? b_.CreateZExt(b_.CreateLoad(i32_, b_.CreateGEP(i32_, rows, k)), i64_) : k;
    c_ = c;
    memo_.clear();
    windows_.clear();
    can_fail_ = false;
    b_.CreateStore(b_.getInt32(0), fail_slot_);
    if (mode_ == KernelMode::Members) {
      llvm::Value* in = b_.getTrue();
      for (NodeId root : roots_) {
        if (root != ir::kNone) in = b_.CreateAnd(in, Truth(Emit(root)));
      }
      b_.CreateStore(b_.CreateZExt(in, i8_), b_.CreateGEP(i8_, out_, k));
    } else {
      const V v = Emit(roots_[0]);
      llvm::Type* t = v.v->getType();
      b_.CreateStore(v.v, b_.CreateGEP(t, out_, k));
      b_.CreateStore(b_.CreateZExt(v.present, i8_), b_.CreateGEP(i8_, present_out_, k));
    }
    llvm::Value* next = b_.CreateAdd(k, b_.getInt64(1));
    if (can_fail_) {
      auto* ok = llvm::BasicBlock::Create(cx_, "ok", fn_);
      llvm::Value* failed = b_.CreateICmpNE(b_.CreateLoad(i32_, fail_slot_), b_.getInt32(0));
      fail_edges_.push_back({b_.GetInsertBlock(), c});
      b_.CreateCondBr(failed, fail_block_, ok);
      b_.SetInsertPoint(ok);
    }
    k->addIncoming(next, b_.GetInsertBlock());
    b_.CreateBr(head);
  }

  // The back edge of a loop over one customer's events: few iterations, so not worth
  // LLVM's vectorized and unrolled copies (which would multiply compile time).
  void InnerBackEdge(llvm::BasicBlock* head) {
    llvm::BranchInst* br = b_.CreateBr(head);
    llvm::Metadata* no_vector[] = {llvm::MDString::get(cx_, "llvm.loop.vectorize.enable"),
                                   llvm::ConstantAsMetadata::get(b_.getFalse())};
    llvm::Metadata* no_unroll[] = {llvm::MDString::get(cx_, "llvm.loop.unroll.disable")};
    llvm::Metadata* parts[] = {nullptr, llvm::MDNode::get(cx_, no_vector), llvm::MDNode::get(cx_, no_unroll)};
    llvm::MDNode* loop = llvm::MDNode::getDistinct(cx_, parts);
    loop->replaceOperandWith(0, loop);
    br->setMetadata(llvm::LLVMContext::MD_loop, loop);
  }

  llvm::Value* Truth(const V& v) { return b_.CreateAnd(v.present, IsTrue(v.v)); }
  llvm::Value* IsTrue(llvm::Value* v) { return b_.CreateICmpNE(v, b_.getInt64(0)); }
  llvm::Value* FromBool(llvm::Value* bit) { return b_.CreateZExt(bit, i64_); }
  bool IsFloat(NodeId id) const { return p_.at(id).type.kind == TypeKind::Float; }

  // Records an overflow of node `id` when `overflow` (i1) holds for a present value.
  void MayFail(NodeId id, llvm::Value* overflow, llvm::Value* present) {
    can_fail_ = true;
    llvm::Value* bad = b_.CreateAnd(overflow, present);
    llvm::Value* old = b_.CreateLoad(i32_, fail_slot_);
    llvm::Value* first = b_.CreateAnd(bad, b_.CreateICmpEQ(old, b_.getInt32(0)));
    b_.CreateStore(b_.CreateSelect(first, b_.getInt32(static_cast<int32_t>(id) + 1), old), fail_slot_);
  }

  // A buffer's pointer, loaded once in the entry block.
  llvm::Value* Buffer(const void* data) {
    if (auto it = buffer_values_.find(data); it != buffer_values_.end()) return it->second;
    const auto index = static_cast<uint64_t>(buffers_.size());
    buffers_.push_back(data);
    llvm::IRBuilder<> entry(entry_end_);
    llvm::Value* v = entry.CreateLoad(ptr_, entry.CreateConstGEP1_64(ptr_, buffers_arg_, index));
    buffer_values_[data] = v;
    return v;
  }

  static llvm::Type* StoredType(llvm::IRBuilder<>& b, rt::Encoding e) {
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

  // Row `row` of a column: its logical value and presence.
  V Read(const rt::Column& col, llvm::Value* row) {
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
    if (col.all_present()) {
      out.present = b_.getTrue();
    } else {
      llvm::Value* word = b_.CreateLoad(i64_, b_.CreateGEP(i64_, Buffer(col.validity.data()), b_.CreateLShr(row, 6)));
      llvm::Value* bit = b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(row, 63)), b_.getInt64(1));
      out.present = b_.CreateICmpNE(bit, b_.getInt64(0));
    }
    return out;
  }

  V Emit(NodeId id) {
    const bool event_level = ir::LevelOf(facts_.Depths(id)) >= 0;
    auto& memo = event_level ? event_memo_ : memo_;
    if (auto it = memo.find(id); it != memo.end()) return it->second;
    V v = Compute(id);
    memo[id] = v;
    return v;
  }

  V Const(const ir::Node& n) {
    if (n.type.kind == TypeKind::Float) return {llvm::ConstantFP::get(f64_, n.value.f), b_.getInt1(!n.value.absent)};
    return {b_.getInt64(n.value.i), b_.getInt1(!n.value.absent)};
  }

  V Compute(NodeId id) {
    const ir::Node& n = p_.at(id);
    switch (n.op) {
      case Op::Const: return Const(n);
      case Op::Today: return {today_, b_.getTrue()};
      case Op::Now: return {now_, b_.getTrue()};
      case Op::CustomerField: return Read(db_.customer_table().columns[n.a], c_);
      case Op::EventField: return Read(db_.tables[n.a].columns[n.b], event_row_);
      case Op::LetRef: return Emit(p_.lets[n.a].root);
      case Op::Agg: return Aggregate(id, n);
      case Op::Eq: case Op::Ne: case Op::InSet:
        if (p_.at(n.args[0]).type.kind == TypeKind::String) return DictTest(n);
        return Compare(n);
      case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: return Compare(n);
      case Op::And: case Op::Or: return Logic(n);
      case Op::Not: {
        const V a = Emit(n.args[0]);
        return {FromBool(b_.CreateICmpEQ(a.v, b_.getInt64(0))), a.present};
      }
      case Op::IsPresent: return {FromBool(Emit(n.args[0]).present), b_.getTrue()};
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
      case Op::DateToTimestamp: case Op::Div: case Op::Call: case Op::Population: case Op::Lookup:
      case Op::ListMember: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime: break;
    }
    throw std::logic_error(fmt::format("JIT: `{}` is not compiled (Unsupported should have said so)", ir::OpName(n.op)));
  }

  // Both present, and the comparison (ir::Evaluate's rule: floats compare by `<` and
  // `>`, so that equal means neither).
  V Compare(const ir::Node& n) {
    const V x = Emit(n.args[0]);
    llvm::Value* present = x.present;
    auto cmp = [&](Op op, llvm::Value* a, llvm::Value* b) -> llvm::Value* {
      if (a->getType() == f64_) {
        llvm::Value* lt = b_.CreateFCmpOLT(a, b);
        llvm::Value* gt = b_.CreateFCmpOGT(a, b);
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

  // A dictionary column against constant strings: codes compared (a string not in
  // the dictionary has no code, so it equals no row).
  V DictTest(const ir::Node& n) {
    const ir::Node& x = p_.at(n.args[0]);
    const rt::Column& col =
        x.op == Op::CustomerField ? db_.customer_table().columns[x.a] : db_.tables[x.a].columns[x.b];
    const V v = Emit(n.args[0]);
    llvm::Value* hit = b_.getFalse();
    for (size_t k = 1; k < n.args.size(); ++k) {
      const int64_t code = col.FindCode(p_.at(n.args[k]).value.s);
      if (code < 0) continue;
      hit = b_.CreateOr(hit, b_.CreateICmpEQ(v.v, b_.getInt64(code)));
    }
    if (n.op == Op::Ne) hit = b_.CreateNot(hit);
    return {FromBool(hit), v.present};
  }

  // Kleene's logic (ops.def): a deciding side decides even when the other is absent.
  V Logic(const ir::Node& n) {
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

  V MinMax(const ir::Node& n) {
    const V x = Emit(n.args[0]), y = Emit(n.args[1]);
    llvm::Value* keep_x;  // Compare(x, y) <= 0 for min, >= 0 for max
    if (x.v->getType() == f64_) {
      keep_x = b_.CreateNot(n.op == Op::Min ? b_.CreateFCmpOGT(x.v, y.v) : b_.CreateFCmpOLT(x.v, y.v));
    } else {
      keep_x = n.op == Op::Min ? b_.CreateICmpSLE(x.v, y.v) : b_.CreateICmpSGE(x.v, y.v);
    }
    return {b_.CreateSelect(keep_x, x.v, y.v), b_.CreateAnd(x.present, y.present)};
  }

  V Cast(NodeId id, const ir::Node& n) {
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

  // 128-bit arithmetic, checked to fit in 64 bits.
  V Checked(NodeId id, llvm::Value* wide, llvm::Value* present) {
    auto* i128 = b_.getInt128Ty();
    llvm::Value* narrow = b_.CreateTrunc(wide, i64_);
    llvm::Value* overflow = b_.CreateICmpNE(b_.CreateSExt(narrow, i128), wide);
    MayFail(id, overflow, present);
    return {narrow, present};
  }

  V Arithmetic(NodeId id, const ir::Node& n) {
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
    llvm::Value* r = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, x.v, y.v);
    MayFail(id, b_.CreateExtractValue(r, 1), present);
    return {b_.CreateExtractValue(r, 0), present};
  }

  // A time bound in the column's stored units: `at_or_after(stored)` holds exactly
  // when the event's time is at or after the bound. Computed from a bound that is
  // the same for every customer (`now - 365d`), LLVM hoists it out of the loop.
  struct Threshold {
    llvm::Value* all;   // every stored value is at or after it
    llvm::Value* none;  // no stored value is
    llvm::Value* t;     // otherwise: stored >= t
  };
  Threshold StoredThreshold(const rt::Column& time, llvm::Value* target) {
    llvm::Type* st = StoredType(b_, time.encoding);
    const unsigned bits = st->getIntegerBitWidth();
    auto* i128 = b_.getInt128Ty();
    llvm::Value* diff = b_.CreateSub(b_.CreateSExt(target, i128), llvm::ConstantInt::get(i128, time.base));
    llvm::Value* unit = llvm::ConstantInt::get(i128, time.unit);
    llvm::Value* q = b_.CreateSDiv(diff, unit);
    llvm::Value* up = b_.CreateAnd(b_.CreateICmpNE(b_.CreateSRem(diff, unit), llvm::ConstantInt::get(i128, 0)),
                                   b_.CreateICmpSGT(diff, llvm::ConstantInt::get(i128, 0)));
    q = b_.CreateAdd(q, b_.CreateZExt(up, i128));
    const llvm::APInt min = llvm::APInt::getSignedMinValue(bits).sext(128);
    const llvm::APInt max = llvm::APInt::getSignedMaxValue(bits).sext(128);
    return {b_.CreateICmpSLE(q, llvm::ConstantInt::get(i128, min)), b_.CreateICmpSGT(q, llvm::ConstantInt::get(i128, max)),
            b_.CreateTrunc(q, st)};
  }
  llvm::Value* AtOrAfter(llvm::Value* stored, const Threshold& th) {
    return b_.CreateOr(th.all, b_.CreateAnd(b_.CreateNot(th.none), b_.CreateICmpSGE(stored, th.t)));
  }

  // The first event in [lo, hi) at or after the threshold: a search in halves (the
  // branch-free shape of std::lower_bound).
  llvm::Value* LowerBound(const rt::Column& time, llvm::Value* lo, llvm::Value* hi, const Threshold& th) {
    llvm::Type* st = StoredType(b_, time.encoding);
    llvm::Value* v = Buffer(time.values.data());
    llvm::BasicBlock* start = b_.GetInsertBlock();
    auto* head = llvm::BasicBlock::Create(cx_, "lb_head", fn_);
    auto* body = llvm::BasicBlock::Create(cx_, "lb_body", fn_);
    auto* done = llvm::BasicBlock::Create(cx_, "lb_done", fn_);
    llvm::Value* n = b_.CreateSub(hi, lo);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    auto* base = b_.CreatePHI(i64_, 2);
    auto* len = b_.CreatePHI(i64_, 2);
    base->addIncoming(lo, start);
    len->addIncoming(n, start);
    b_.CreateCondBr(b_.CreateICmpUGT(len, b_.getInt64(1)), body, done);
    b_.SetInsertPoint(body);
    llvm::Value* half = b_.CreateLShr(len, 1);
    llvm::Value* probe = b_.CreateLoad(st, b_.CreateGEP(st, v, b_.CreateSub(b_.CreateAdd(base, half), b_.getInt64(1))));
    base->addIncoming(b_.CreateSelect(AtOrAfter(probe, th), base, b_.CreateAdd(base, half)), body);
    len->addIncoming(b_.CreateSub(len, half), body);
    InnerBackEdge(head);
    b_.SetInsertPoint(done);
    // One value left (or none): past it when it is before the threshold.
    llvm::Value* nonempty = b_.CreateICmpUGT(n, b_.getInt64(0));
    llvm::Value* at = b_.CreateSelect(nonempty, base, b_.getInt64(0));
    llvm::Value* last = b_.CreateLoad(st, b_.CreateGEP(st, v, at));
    llvm::Value* past = b_.CreateAnd(nonempty, b_.CreateNot(AtOrAfter(last, th)));
    return b_.CreateAdd(base, b_.CreateZExt(past, i64_));
  }

  // The window of the current customer's events: shared by every aggregate over the
  // same table and bounds (`count` and `sum` within 365 days). A customer with few
  // events (the usual case) has their whole range scanned with each event's time
  // tested against the bounds; one with many has the window searched for.
  struct WindowValues {
    int table;
    NodeId low, high;
    llvm::Value *lo, *hi;  // the events to scan
    llvm::Value* scan;     // i1: test each event's time (few events)
    std::optional<Threshold> from;
    Threshold before;      // the upper bound: min(high, horizon)
  };
  const WindowValues& Window(const ir::AggSpec& g) {
    for (const auto& w : windows_) {
      if (w.table == g.table && w.low == g.low && w.high == g.high) return w;
    }
    const rt::Table& table = db_.tables[g.table];
    const rt::Column& time = table.columns[p_.tables[g.table].time];
    const V low = g.low != ir::kNone ? Emit(g.low) : V{};
    const V high = g.high != ir::kNone ? Emit(g.high) : V{};
    WindowValues w{g.table, g.low, g.high, nullptr, nullptr, nullptr, std::nullopt, {}};
    if (g.low != ir::kNone) w.from = StoredThreshold(time, low.v);
    // Only events before `now` are seen (a date time column: before today).
    llvm::Value* horizon = time.type.kind == TypeKind::Date ? today_ : now_;
    llvm::Value* cut = horizon;
    if (g.high != ir::kNone) cut = b_.CreateSelect(b_.CreateICmpSLT(high.v, horizon), high.v, horizon);
    w.before = StoredThreshold(time, cut);

    llvm::Value* offsets = Buffer(table.offsets.data());
    llvm::Value* first = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, c_));
    llvm::Value* last = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, b_.CreateAdd(c_, b_.getInt64(1))));
    w.scan = b_.CreateICmpULE(b_.CreateSub(last, first), b_.getInt64(options_.scan_events));
    llvm::BasicBlock* start = b_.GetInsertBlock();
    auto* search = llvm::BasicBlock::Create(cx_, "window_search", fn_);
    auto* merge = llvm::BasicBlock::Create(cx_, "window", fn_);
    b_.CreateCondBr(w.scan, merge, search);
    b_.SetInsertPoint(search);
    llvm::Value* lo = w.from ? LowerBound(time, first, last, *w.from) : first;
    llvm::Value* hi = LowerBound(time, lo, last, w.before);
    llvm::BasicBlock* searched = b_.GetInsertBlock();
    b_.CreateBr(merge);
    b_.SetInsertPoint(merge);
    auto* lo_phi = b_.CreatePHI(i64_, 2, "lo");
    auto* hi_phi = b_.CreatePHI(i64_, 2, "hi");
    lo_phi->addIncoming(first, start);
    lo_phi->addIncoming(lo, searched);
    hi_phi->addIncoming(last, start);
    hi_phi->addIncoming(hi, searched);
    // An absent bound selects no events.
    llvm::Value* bounds_present = b_.getTrue();
    if (g.low != ir::kNone) bounds_present = b_.CreateAnd(bounds_present, low.present);
    if (g.high != ir::kNone) bounds_present = b_.CreateAnd(bounds_present, high.present);
    w.lo = lo_phi;
    w.hi = b_.CreateSelect(bounds_present, hi_phi, lo_phi);
    windows_.push_back(w);
    return windows_.back();
  }

  // Whether event x is in the window: always, when the window was searched for.
  llvm::Value* InWindow(const WindowValues& w, const rt::Column& time, llvm::Value* x) {
    llvm::Type* st = StoredType(b_, time.encoding);
    llvm::Value* t = b_.CreateLoad(st, b_.CreateGEP(st, Buffer(time.values.data()), x));
    llvm::Value* in = b_.CreateNot(AtOrAfter(t, w.before));
    if (w.from) in = b_.CreateAnd(in, AtOrAfter(t, *w.from));
    return b_.CreateOr(b_.CreateNot(w.scan), in);
  }

  // One customer's events in the window, and the aggregate reduced over them.
  V Aggregate(NodeId id, const ir::Node& n) {
    const ir::AggSpec& g = p_.aggs[n.a];
    // The window and every customer-level operand first: they must dominate the loop.
    const WindowValues& w = Window(g);
    llvm::Value* lo = w.lo;
    llvm::Value* hi = w.hi;
    for (NodeId x : {g.filter, g.value}) EmitCustomerLevel(x);

    const bool is_float = g.value != ir::kNone && IsFloat(g.value);
    llvm::Type* vt = is_float ? static_cast<llvm::Type*>(f64_) : i64_;
    auto* i128 = b_.getInt128Ty();
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    auto* head = llvm::BasicBlock::Create(cx_, "events", fn_);
    auto* body = llvm::BasicBlock::Create(cx_, "event", fn_);
    auto* after = llvm::BasicBlock::Create(cx_, "events_done", fn_);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    auto* x = b_.CreatePHI(i64_, 2, "x");
    auto* count = b_.CreatePHI(i64_, 2, "count");
    auto* isum = b_.CreatePHI(i128, 2, "isum");
    auto* fsum = b_.CreatePHI(f64_, 2, "fsum");
    auto* found = b_.CreatePHI(i1_, 2, "found");
    auto* best = b_.CreatePHI(vt, 2, "best");
    auto* best_present = b_.CreatePHI(i1_, 2, "best_present");
    auto* all = b_.CreatePHI(i1_, 2, "all");
    x->addIncoming(lo, pre);
    count->addIncoming(b_.getInt64(0), pre);
    isum->addIncoming(llvm::ConstantInt::get(i128, 0), pre);
    fsum->addIncoming(llvm::ConstantFP::get(f64_, 0.0), pre);
    found->addIncoming(b_.getFalse(), pre);
    best->addIncoming(llvm::Constant::getNullValue(vt), pre);
    best_present->addIncoming(b_.getFalse(), pre);
    all->addIncoming(b_.getTrue(), pre);
    b_.CreateCondBr(b_.CreateICmpULT(x, hi), body, after);

    b_.SetInsertPoint(body);
    event_row_ = x;
    event_memo_.clear();
    const rt::Column& time = db_.tables[g.table].columns[p_.tables[g.table].time];
    llvm::Value* inside = InWindow(w, time, x);
    llvm::Value* passes = g.filter != ir::kNone ? Truth(Emit(g.filter)) : b_.getTrue();
    llvm::Value* match = b_.CreateAnd(inside, passes);
    const V value = g.value != ir::kNone ? Emit(g.value) : V{b_.getInt64(0), b_.getTrue()};
    event_memo_.clear();
    llvm::Value* counted = b_.CreateAnd(match, value.present);
    llvm::Value* next_count = b_.CreateAdd(count, b_.CreateZExt(counted, i64_));
    llvm::Value* next_isum = isum;
    llvm::Value* next_fsum = fsum;
    if (is_float) {
      next_fsum = b_.CreateFAdd(fsum, b_.CreateSelect(counted, value.v, llvm::ConstantFP::get(f64_, 0.0)));
    } else {
      next_isum = b_.CreateAdd(isum, b_.CreateSExt(b_.CreateSelect(counted, value.v, b_.getInt64(0)), i128));
    }
    llvm::Value* next_found = found;
    llvm::Value* next_best = best;
    llvm::Value* next_best_present = best_present;
    switch (g.op) {
      case AggOp::Min: case AggOp::Max: {
        // The first of equal values is kept (strict comparison).
        llvm::Value* better;
        if (is_float) {
          better = g.op == AggOp::Min ? b_.CreateFCmpOLT(value.v, best) : b_.CreateFCmpOGT(value.v, best);
        } else {
          better = g.op == AggOp::Min ? b_.CreateICmpSLT(value.v, best) : b_.CreateICmpSGT(value.v, best);
        }
        llvm::Value* take = b_.CreateAnd(counted, b_.CreateOr(b_.CreateNot(found), better));
        next_best = b_.CreateSelect(take, value.v, best);
        next_found = b_.CreateOr(found, counted);
        break;
      }
      case AggOp::First: case AggOp::Last: {
        llvm::Value* eligible = g.row_field ? match : counted;
        llvm::Value* take = g.op == AggOp::First ? b_.CreateAnd(eligible, b_.CreateNot(found)) : eligible;
        next_best = b_.CreateSelect(take, value.v, best);
        next_best_present = b_.CreateSelect(take, value.present, best_present);
        next_found = b_.CreateOr(found, eligible);
        break;
      }
      case AggOp::Count: case AggOp::Sum: case AggOp::Avg: case AggOp::Any: case AggOp::All: case AggOp::None:
        next_found = b_.CreateOr(found, match);
        break;
    }
    llvm::Value* next_all = b_.CreateAnd(all, b_.CreateOr(b_.CreateNot(inside), passes));
    llvm::BasicBlock* end_body = b_.GetInsertBlock();
    x->addIncoming(b_.CreateAdd(x, b_.getInt64(1)), end_body);
    count->addIncoming(next_count, end_body);
    isum->addIncoming(next_isum, end_body);
    fsum->addIncoming(next_fsum, end_body);
    found->addIncoming(next_found, end_body);
    best->addIncoming(next_best, end_body);
    best_present->addIncoming(next_best_present, end_body);
    all->addIncoming(next_all, end_body);
    InnerBackEdge(head);

    b_.SetInsertPoint(after);
    event_row_ = nullptr;
    switch (g.op) {
      case AggOp::Count: return {count, b_.getTrue()};
      case AggOp::Sum:
        if (is_float) return {fsum, b_.getTrue()};
        return Checked(id, isum, b_.getTrue());
      case AggOp::Avg:  // floats only (Unsupported)
        return {b_.CreateFDiv(fsum, b_.CreateSIToFP(count, f64_)), b_.CreateICmpSGT(count, b_.getInt64(0))};
      case AggOp::Min: case AggOp::Max: return {best, found};
      case AggOp::First: case AggOp::Last: return {best, b_.CreateAnd(found, best_present)};
      case AggOp::Any: return {FromBool(found), b_.getTrue()};
      case AggOp::None: return {FromBool(b_.CreateNot(found)), b_.getTrue()};
      case AggOp::All: return {FromBool(all), b_.getTrue()};
    }
    return {count, b_.getTrue()};
  }

  // Emits the customer-level nodes under an event-level expression (before its loop).
  void EmitCustomerLevel(NodeId id) {
    if (id == ir::kNone) return;
    if (ir::LevelOf(facts_.Depths(id)) < 0) {
      Emit(id);
      return;
    }
    const ir::Node& n = p_.at(id);
    if (n.op == Op::LetRef) return EmitCustomerLevel(p_.lets[n.a].root);
    for (NodeId a : n.args) EmitCustomerLevel(a);
  }

  const Options& options_;
  const ir::Program& p_;
  const rt::Database& db_;
  llvm::Module& m_;
  llvm::LLVMContext& cx_;
  llvm::IRBuilder<> b_;
  ir::NodeFacts facts_;
  llvm::Type *i1_, *i8_, *i32_, *i64_, *f64_, *ptr_;
  llvm::Function* fn_ = nullptr;
  llvm::Value *buffers_arg_ = nullptr, *params_arg_ = nullptr, *out_ = nullptr, *present_out_ = nullptr;
  llvm::Value *today_ = nullptr, *now_ = nullptr, *c_ = nullptr, *event_row_ = nullptr;
  llvm::AllocaInst* fail_slot_ = nullptr;
  llvm::BasicBlock *entry_ = nullptr, *fail_block_ = nullptr, *done_ = nullptr;
  llvm::Instruction* entry_end_ = nullptr;
  std::vector<std::pair<llvm::BasicBlock*, llvm::Value*>> fail_edges_;
  KernelMode mode_ = KernelMode::Members;
  std::vector<NodeId> roots_;
  bool can_fail_ = false;
  std::unordered_map<NodeId, V> memo_, event_memo_;
  std::deque<WindowValues> windows_;  // the current customer's (stable addresses)
  std::vector<const void*> buffers_;
  std::unordered_map<const void*, llvm::Value*> buffer_values_;
};

std::atomic<uint64_t> kernels_made{0};

}  // namespace

Kernel Compile(Orc& orc, const Options& options, const ir::Program& program, const rt::Database& db, KernelMode mode,
               NodeId a, NodeId b) {
  const std::string name = fmt::format("sam_kernel_{}", kernels_made.fetch_add(1));
  Orc::Unit unit = orc.NewUnit(name);
  Emitter emitter(options, program, db, *unit.module);
  emitter.Kernel(name, mode, a, b);
  Kernel k;
  k.buffers = emitter.buffers();
  if (mode == KernelMode::Values) k.storage = program.at(a).type.kind == TypeKind::Float ? TypeKind::Float : TypeKind::Int;
  k.fn = reinterpret_cast<Kernel::Fn>(orc.Add(std::move(unit), name));
  return k;
}

}  // namespace sam::jit
