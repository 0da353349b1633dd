// Aggregates in generated code: each customer's window of events (scanned or
// searched for), and the loop that reduces it.
#include <llvm/IR/Constants.h>
#include <llvm/IR/Metadata.h>

#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>

#include "backends/jit/emitter.hpp"

namespace sam::jit {

using ir::Op;

void Emitter::InnerBackEdge(llvm::BasicBlock* head) {
  llvm::BranchInst* br = b_.CreateBr(head);
  llvm::Metadata* no_vector[] = {llvm::MDString::get(cx_, "llvm.loop.vectorize.enable"),
                                 llvm::ConstantAsMetadata::get(b_.getFalse())};
  llvm::Metadata* no_unroll[] = {llvm::MDString::get(cx_, "llvm.loop.unroll.disable")};
  llvm::Metadata* parts[] = {nullptr, llvm::MDNode::get(cx_, no_vector), llvm::MDNode::get(cx_, no_unroll)};
  llvm::MDNode* loop = llvm::MDNode::getDistinct(cx_, parts);
  loop->replaceOperandWith(0, loop);
  br->setMetadata(llvm::LLVMContext::MD_loop, loop);
}

Emitter::Threshold Emitter::StoredThreshold(const rt::Column& time, llvm::Value* target) {
  llvm::Type* st = StoredType(b_, time.encoding);
  const unsigned bits = st->getIntegerBitWidth();
  auto* i128 = b_.getInt128Ty();
  // ceil((target - base) / unit): in 64 bits where target - base fits (LLVM divides
  // by the constant with a multiplication), else in 128 (a call to __divti3, which per
  // customer was a fifth of `count(orders after x - 30d before x)`).
  auto ceil_div = [&](llvm::Type* t, llvm::Value* diff) {
    llvm::Value* unit = llvm::ConstantInt::get(t, time.unit);
    llvm::Value* zero = llvm::ConstantInt::get(t, 0);
    llvm::Value* up = b_.CreateAnd(b_.CreateICmpNE(b_.CreateSRem(diff, unit), zero), b_.CreateICmpSGT(diff, zero));
    return b_.CreateAdd(b_.CreateSDiv(diff, unit), b_.CreateZExt(up, t));
  };
  llvm::Value* narrow = b_.CreateBinaryIntrinsic(llvm::Intrinsic::ssub_with_overflow, target, b_.getInt64(time.base));
  llvm::Value* q = Choose(
      b_.CreateExtractValue(narrow, 1),
      [&] {
        // getSigned: a base before 1970 is negative (ConstantInt::get would zero-extend it).
        return ceil_div(i128, b_.CreateSub(b_.CreateSExt(target, i128), llvm::ConstantInt::getSigned(i128, time.base)));
      },
      [&] { return b_.CreateSExt(ceil_div(i64_, b_.CreateExtractValue(narrow, 0)), i128); });
  const llvm::APInt min = llvm::APInt::getSignedMinValue(bits).sext(128);
  const llvm::APInt max = llvm::APInt::getSignedMaxValue(bits).sext(128);
  return {b_.CreateICmpSLE(q, llvm::ConstantInt::get(i128, min)), b_.CreateICmpSGT(q, llvm::ConstantInt::get(i128, max)),
          b_.CreateTrunc(q, st)};
}

llvm::Value* Emitter::AtOrAfter(llvm::Value* stored, const Threshold& th) {
  return b_.CreateOr(th.all, b_.CreateAnd(b_.CreateNot(th.none), b_.CreateICmpSGE(stored, th.t)));
}

llvm::Value* Emitter::LowerBound(const rt::Column& time, llvm::Value* lo, llvm::Value* hi, const Threshold& th) {
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

llvm::Value* Emitter::ScanBack(const rt::Column& time, llvm::Value* first, llvm::Value* end, const Threshold& th) {
  llvm::Type* st = StoredType(b_, time.encoding);
  llvm::Value* v = Buffer(time.values.data());
  llvm::BasicBlock* start = b_.GetInsertBlock();
  auto* head = llvm::BasicBlock::Create(cx_, "back_head", fn_);
  auto* body = llvm::BasicBlock::Create(cx_, "back_body", fn_);
  auto* done = llvm::BasicBlock::Create(cx_, "back_done", fn_);
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  auto* e = b_.CreatePHI(i64_, 2);
  e->addIncoming(end, start);
  b_.CreateCondBr(b_.CreateICmpUGT(e, first), body, done);
  b_.SetInsertPoint(body);
  llvm::Value* prev = b_.CreateSub(e, b_.getInt64(1));
  llvm::Value* t = b_.CreateLoad(st, b_.CreateGEP(st, v, prev));
  auto* step = llvm::BasicBlock::Create(cx_, "back_step", fn_);
  b_.CreateCondBr(AtOrAfter(t, th), step, done);
  b_.SetInsertPoint(step);
  e->addIncoming(prev, step);
  InnerBackEdge(head);
  // `done` is reached from the head (at `first`) and from the body (an event before
  // the threshold), both with `e`.
  b_.SetInsertPoint(done);
  return e;
}

llvm::Value* Emitter::Choose(llvm::Value* cond, const std::function<llvm::Value*()>& yes,
                             const std::function<llvm::Value*()>& no) {
  auto* then = llvm::BasicBlock::Create(cx_, "then", fn_);
  auto* otherwise = llvm::BasicBlock::Create(cx_, "else", fn_);
  auto* merge = llvm::BasicBlock::Create(cx_, "merge", fn_);
  b_.CreateCondBr(cond, then, otherwise);
  b_.SetInsertPoint(then);
  llvm::Value* a = yes();
  llvm::BasicBlock* from_then = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(otherwise);
  llvm::Value* b = no();
  llvm::BasicBlock* from_else = b_.GetInsertBlock();
  b_.CreateBr(merge);
  b_.SetInsertPoint(merge);
  auto* phi = b_.CreatePHI(a->getType(), 2);
  phi->addIncoming(a, from_then);
  phi->addIncoming(b, from_else);
  return phi;
}

const rt::Column& Emitter::TimeOf(int table) const { return db_.tables[table].columns[p_.tables[table].time]; }

Emitter::Threshold Emitter::EndThreshold(const rt::Column& time, llvm::Value* high) {
  // Only events before `now` are seen (a date time column: before today).
  llvm::Value* horizon = time.type.kind == TypeKind::Date ? today_ : now_;
  llvm::Value* cut = high == nullptr ? horizon : b_.CreateSelect(b_.CreateICmpSLT(high, horizon), high, horizon);
  return StoredThreshold(time, cut);
}

Emitter::WindowEnd Emitter::End(int table, NodeId high, bool keep) {
  if (keep) {
    for (const auto& e : ends_) {
      if (e.table == table && ir::SameTree(p_, e.high, high)) return e;
    }
  }
  const rt::Column& time = TimeOf(table);
  const V bound = high != ir::kNone ? Emit(high) : V{nullptr, b_.getTrue()};
  const Threshold before = EndThreshold(time, high != ir::kNone ? bound.v : nullptr);
  llvm::Value* offsets = Buffer(db_.tables[table].offsets.data());
  WindowEnd e{table, high, nullptr, nullptr, nullptr, nullptr, bound.present};
  e.first = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, c_));
  e.last = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, b_.CreateAdd(c_, b_.getInt64(1))));
  // Few events: from the recent end, where windows that end at the run date are.
  e.few = b_.CreateICmpULE(b_.CreateSub(e.last, e.first), b_.getInt64(options_.scan_events));
  auto search = [&] {
    return Choose(
        e.few, [&] { return ScanBack(time, e.first, e.last, before); },
        [&] { return LowerBound(time, e.first, e.last, before); });
  };
  // An absent bound selects no events (Window): its customers are not searched
  // (`after exit_survey_at - 30d before exit_survey_at`, mostly absent).
  e.hi = high != ir::kNone && p_.at(high).type.optional ? Choose(bound.present, search, [&] { return e.first; })
                                                        : search();
  if (keep) ends_.push_back(e);
  return e;
}

Emitter::Start Emitter::StartOf(const ir::AggSpec& g) {
  const V low = Emit(g.low);
  return {StoredThreshold(TimeOf(g.table), low.v), low.present};
}

Emitter::WindowValues Emitter::Window(const ir::AggSpec& g) {
  const bool keep = g.depth == 0;
  if (keep) {
    for (const auto& w : windows_) {
      if (w.table == g.table && ir::SameTree(p_, w.low, g.low) && ir::SameTree(p_, w.high, g.high)) return w;
    }
  }
  // The start's value before the end's: of two bounds that overflow, the interpreter
  // reports the start's (the first operand), and so must the kernel.
  if (g.low != ir::kNone) Emit(g.low);
  const WindowEnd e = End(g.table, g.high, keep);
  const rt::Column& time = TimeOf(g.table);
  llvm::Value* lo = e.first;
  llvm::Value* present = e.high_present;
  if (g.low != ir::kNone) {
    const Start from = StartOf(g);
    auto search = [&] {
      return Choose(
          e.few, [&] { return ScanBack(time, e.first, e.hi, from.at); },
          [&] { return LowerBound(time, e.first, e.hi, from.at); });
    };
    lo = p_.at(g.low).type.optional ? Choose(from.present, search, [&] { return e.first; }) : search();
    present = b_.CreateAnd(present, from.present);
  }
  // An absent bound selects no events.
  const WindowValues w{g.table, g.low, g.high, lo, b_.CreateSelect(present, e.hi, lo)};
  if (keep) windows_.push_back(w);
  return w;
}

llvm::Value* Emitter::WindowHasEvents(const ir::AggSpec& g) {
  if (g.low != ir::kNone) Emit(g.low);  // first, as in Window
  const WindowEnd e = End(g.table, g.high, g.depth == 0);
  llvm::Value* some = b_.CreateICmpUGT(e.hi, e.first);
  llvm::Value* present = e.high_present;
  if (g.low != ir::kNone) {
    // The latest event in the window's end decides: is it at or after the start?
    const rt::Column& time = TimeOf(g.table);
    const Start from = StartOf(g);
    llvm::Type* st = StoredType(b_, time.encoding);
    some = Choose(
        some,
        [&] {
          llvm::Value* t = b_.CreateLoad(st, b_.CreateGEP(st, Buffer(time.values.data()), b_.CreateSub(e.hi, b_.getInt64(1))));
          return AtOrAfter(t, from.at);
        },
        [&] { return static_cast<llvm::Value*>(b_.getFalse()); });
    present = b_.CreateAnd(present, from.present);
  }
  return b_.CreateAnd(present, some);
}

V Emitter::Aggregate(NodeId id, const ir::Node& n) {
  const ir::AggSpec& g = p_.aggs[n.a];
  // Whether the window has an event needs neither its start nor a loop; but a window
  // that ends before `now` at the same instant for everyone (`between` two dates) is
  // found from the recent end only after every event since: the flat pass is faster.
  if (g.filter == ir::kNone && g.value == ir::kNone && (g.op == AggOp::Any || g.op == AggOp::None) &&
      !(g.high != ir::kNone && Flat(g))) {
    llvm::Value* some = WindowHasEvents(g);
    return {FromBool(g.op == AggOp::Any ? some : b_.CreateNot(some)), b_.getTrue()};
  }
  if (Flat(g)) {
    llvm::Value* count = FlatCount(g);
    if (g.op == AggOp::Count) return {count, b_.getTrue()};
    llvm::Value* some = b_.CreateICmpUGT(count, b_.getInt64(0));
    return {FromBool(g.op == AggOp::Any ? some : b_.CreateNot(some)), b_.getTrue()};
  }
  // The window and every operand that reads no event of this depth first: they must
  // dominate the loop.
  const WindowValues w = Window(g);
  llvm::Value* lo = w.lo;
  llvm::Value* hi = w.hi;
  if (const auto range = DateRangeOf(g)) NarrowToDates(g, *range, lo, hi);
  for (NodeId x : {g.filter, g.value}) EmitOuter(x, g.depth);
  // Counting the window's events needs no loop.
  if (g.filter == ir::kNone && g.value == ir::kNone && g.op == AggOp::Count) return {b_.CreateSub(hi, lo), b_.getTrue()};

  const bool is_float = g.value != ir::kNone && IsFloat(g.value);
  // count(distinct x): the values counted are kept in a scratch buffer (one slot per
  // event of the window), then sorted and counted once (helpers.hpp); of at most 64
  // possible values, as one bit each, counted at the end.
  const bool bitset = g.distinct && SmallDomain(g.value);
  llvm::Value* seen = g.distinct && !bitset ? CallRuntime("sam_jit_scratch", ptr_, {b_.CreateSub(hi, lo)}) : nullptr;
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
  llvm::PHINode* bits = bitset ? b_.CreatePHI(i64_, 2, "bits") : nullptr;
  if (bits != nullptr) bits->addIncoming(b_.getInt64(0), pre);
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
  const auto depth = static_cast<size_t>(g.depth);
  if (event_rows_.size() <= depth) event_rows_.resize(depth + 1);
  event_rows_[depth] = x;
  // Nodes of this depth, and deeper ones, are computed for each event.
  auto forget = [&] {
    for (size_t d = depth; d < event_memos_.size(); ++d) event_memos_[d].clear();
  };
  forget();
  llvm::Value* passes = g.filter != ir::kNone ? Truth(Emit(g.filter)) : b_.getTrue();
  llvm::Value* match = passes;
  const V value = g.value != ir::kNone ? Emit(g.value) : V{b_.getInt64(0), b_.getTrue()};
  forget();
  llvm::Value* counted = b_.CreateAnd(match, value.present);
  // Written at the next free slot whether counted or not: only counted ones advance it.
  if (seen != nullptr) b_.CreateStore(value.v, b_.CreateGEP(i64_, seen, count));
  llvm::Value* next_bits = nullptr;
  if (bits != nullptr) {
    llvm::Value* bit = b_.CreateShl(b_.getInt64(1), b_.CreateAnd(value.v, b_.getInt64(63)));
    next_bits = b_.CreateOr(bits, b_.CreateSelect(counted, bit, b_.getInt64(0)));
  }
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
      if (is_float) {  // in FloatOrder: NaN above every other value
        better = g.op == AggOp::Min ? FloatBelow(value.v, best) : FloatBelow(best, value.v);
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
  llvm::Value* next_all = b_.CreateAnd(all, passes);
  llvm::BasicBlock* end_body = b_.GetInsertBlock();
  x->addIncoming(b_.CreateAdd(x, b_.getInt64(1)), end_body);
  count->addIncoming(next_count, end_body);
  isum->addIncoming(next_isum, end_body);
  fsum->addIncoming(next_fsum, end_body);
  found->addIncoming(next_found, end_body);
  best->addIncoming(next_best, end_body);
  best_present->addIncoming(next_best_present, end_body);
  all->addIncoming(next_all, end_body);
  if (bits != nullptr) bits->addIncoming(next_bits, end_body);
  InnerBackEdge(head);

  b_.SetInsertPoint(after);
  event_rows_[depth] = nullptr;
  if (seen != nullptr) return {CallRuntime("sam_jit_count_distinct", i64_, {seen, count}), b_.getTrue()};
  if (bits != nullptr) return {b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, bits), b_.getTrue()};
  switch (g.op) {
    case AggOp::Count: return {count, b_.getTrue()};
    case AggOp::Sum:
      if (is_float) return {fsum, b_.getTrue()};
      return Checked(id, isum, b_.getTrue());
    case AggOp::Avg: {
      llvm::Value* some = b_.CreateICmpSGT(count, b_.getInt64(0));
      if (is_float) return {b_.CreateFDiv(fsum, b_.CreateSIToFP(count, f64_)), some};
      // An average of ints is a decimal: scaled before dividing, rounded as `/`.
      llvm::Value* num = isum;
      if (p_.at(g.value).type.kind == TypeKind::Int && n.type.kind == TypeKind::Decimal) {
        num = b_.CreateMul(num, llvm::ConstantInt::get(i128, kDecimalScale));
      }
      llvm::Value* den = b_.CreateSExt(b_.CreateSelect(some, count, b_.getInt64(1)), i128);
      return Checked(id, RoundDiv(num, den), some);
    }
    case AggOp::Min: case AggOp::Max: return {best, found};
    case AggOp::First: case AggOp::Last: return {best, b_.CreateAnd(found, best_present)};
    case AggOp::Any: return {FromBool(found), b_.getTrue()};
    case AggOp::None: return {FromBool(b_.CreateNot(found)), b_.getTrue()};
    case AggOp::All: return {FromBool(all), b_.getTrue()};
  }
  return {count, b_.getTrue()};
}

bool Emitter::ReadsNoData(NodeId id) const {
  const ir::Node& n = p_.at(id);
  switch (n.op) {
    case Op::Const: case Op::Today: case Op::Now: return true;
    case Op::LetRef: return ReadsNoData(p_.lets[n.a].root);
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Add: case Op::Sub: case Op::Mul: case Op::Min:
    case Op::Max: case Op::Call:
      for (NodeId a : n.args) {
        if (!ReadsNoData(a)) return false;
      }
      return true;
    default: return false;
  }
}

bool Emitter::Flat(const ir::AggSpec& g) const {
  if (mode_ != KernelMode::Members || g.depth != 0 || g.distinct || g.value != ir::kNone) return false;
  // A date that depends on the customer: a few events found by search beat a test of
  // all of them. One the same for all (`date(ordered_at) == 2026-03-29`) narrows the
  // flat pass's window instead (FlatCount).
  if (const auto range = DateRangeOf(g); range && !ReadsNoData(range->day)) return false;
  if (g.op != AggOp::Count && g.op != AggOp::Any && g.op != AggOp::None) return false;
  if (g.filter != ir::kNone && !EventLocal(g.filter, g.table)) return false;
  for (NodeId bound : {g.low, g.high}) {
    if (bound != ir::kNone && (p_.at(bound).type.optional || !ReadsNoData(bound))) return false;
  }
  return true;
}

bool Emitter::EventLocal(NodeId id, int table) const {
  // The prologue checks nothing: an operation that may overflow is left to the loop.
  if (static_cast<size_t>(id) < needs_check_.size() && needs_check_[id]) return false;
  const ir::Node& n = p_.at(id);
  switch (n.op) {
    case Op::Const: case Op::Today: case Op::Now: return true;
    case Op::EventField: return n.table() == table && n.depth() == 0;
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub: case Op::Mul:
    case Op::Min: case Op::Max: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
    case Op::And: case Op::Or: case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet: case Op::Call:
      for (NodeId a : n.args) {
        if (!EventLocal(a, table)) return false;
      }
      return true;
    default: return false;
  }
}

llvm::Value* Emitter::FlatCount(const ir::AggSpec& g) {
  // The bounds in the loop too: an overflow in them is the first customer's there.
  for (NodeId bound : {g.low, g.high}) {
    if (bound != ir::kNone) Emit(bound);
  }
  const auto here = b_.saveIP();
  std::unordered_map<NodeId, V> memo;
  std::swap(memo, memo_);
  std::vector<std::unordered_map<NodeId, V>> event_memos;
  std::swap(event_memos, event_memos_);
  checking_ = false;
  if (prologue_ == nullptr) prologue_ = prologue_end_ = llvm::BasicBlock::Create(cx_, "prologue", fn_);
  b_.SetInsertPoint(prologue_end_);
  // As End and StartOf: events before min(high, now), at or after low; with a date test
  // of the run, also within that date's instants (NarrowToDates).
  const rt::Column& time = TimeOf(g.table);
  llvm::Value* high = g.high != ir::kNone ? Emit(g.high).v : nullptr;
  llvm::Value* low = g.low != ir::kNone ? Emit(g.low).v : nullptr;
  if (const auto range = DateRangeOf(g)) NarrowInstants(*range, low, high);
  const Threshold before = EndThreshold(time, high);
  std::optional<Threshold> from;
  if (low != nullptr) from = StoredThreshold(time, low);
  llvm::Value* offsets = Buffer(db_.tables[g.table].offsets.data());
  llvm::Value* e0 = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, begin_));
  llvm::Value* e1 = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, end_));
  const FlatBits flat = g.filter == ir::kNone ? WindowBits(time, e0, b_.CreateSub(e1, e0), before, from)
                                              : FilterBits(g, e0, b_.CreateSub(e1, e0), before, from);
  prologue_end_ = b_.GetInsertBlock();
  checking_ = true;
  std::swap(memo, memo_);
  std::swap(event_memos, event_memos_);
  b_.restoreIP(here);
  // This customer's: the matches before the ends of its events.
  llvm::Value* first = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, c_));
  llvm::Value* last = b_.CreateLoad(i64_, b_.CreateGEP(i64_, offsets, b_.CreateAdd(c_, b_.getInt64(1))));
  return b_.CreateSub(MatchesBefore(flat, b_.CreateSub(last, e0)), MatchesBefore(flat, b_.CreateSub(first, e0)));
}

Emitter::FlatBits Emitter::WindowBits(const rt::Column& time, llvm::Value* e0, llvm::Value* n, const Threshold& before,
                                      const std::optional<Threshold>& from) {
  // The window as stored values in [lo, hi]; empty as lo > hi.
  auto* i64max = b_.getInt64(std::numeric_limits<int64_t>::max());
  auto* i64min = b_.getInt64(std::numeric_limits<int64_t>::min());
  llvm::Value* hi = b_.CreateSelect(before.none, i64max, b_.CreateSub(b_.CreateSExt(before.t, i64_), b_.getInt64(1)));
  llvm::Value* empty = before.all;
  llvm::Value* lo = i64min;
  if (from) {
    lo = b_.CreateSelect(from->all, i64min, b_.CreateSExt(from->t, i64_));
    empty = b_.CreateOr(empty, from->none);
  }
  lo = b_.CreateSelect(empty, b_.getInt64(1), lo);
  hi = b_.CreateSelect(empty, b_.getInt64(0), hi);
  llvm::Value* words = b_.CreateAdd(b_.CreateLShr(n, 6), b_.getInt64(1));
  llvm::Value* size = b_.CreateAdd(b_.CreateShl(words, 1), b_.getInt64(1));
  llvm::Value* bits = CallRuntime("sam_jit_prefix", ptr_, {b_.getInt64(prefixes_++), size});
  llvm::Type* st = StoredType(b_, time.encoding);
  llvm::Value* times = b_.CreateGEP(st, Buffer(time.values.data()), e0);
  CallRuntime("sam_jit_window_bits", b_.getVoidTy(),
              {times, b_.getInt64(st->getIntegerBitWidth() / 8), n, lo, hi, bits});
  return {bits, b_.CreateGEP(i64_, bits, words), words};
}

Emitter::FlatBits Emitter::FilterBits(const ir::AggSpec& g, llvm::Value* e0, llvm::Value* n, const Threshold& before,
                                      const std::optional<Threshold>& from) {
  // The window's events first (WindowBits), then the `where` on each of them alone,
  // found by their set bits: the work follows the events in the window, as searching
  // each customer's window does, with no search and no branch per customer. A loop
  // over all events instead was slower than the search unless vectorized, and the
  // loop vectorizer more than doubled the time to compile a program's segments.
  const FlatBits window = WindowBits(TimeOf(g.table), e0, n, before, from);
  llvm::BasicBlock* start = b_.GetInsertBlock();
  auto* done = llvm::BasicBlock::Create(cx_, "filter_done", fn_);
  llvm::PHINode* w = LoopHead(start, b_.getInt64(0), window.words, done);
  llvm::BasicBlock* head = w->getParent();
  auto* sum = llvm::PHINode::Create(i64_, 2, "sum", head->getFirstNonPHI());
  sum->addIncoming(b_.getInt64(0), start);
  b_.CreateStore(sum, b_.CreateGEP(i64_, window.counts, w));
  llvm::Value* word_at = b_.CreateGEP(i64_, window.bits, w);
  llvm::Value* word = b_.CreateLoad(i64_, word_at);
  // The word's set bits, lowest first; those whose event fails the test are cleared.
  llvm::BasicBlock* outer = b_.GetInsertBlock();
  auto* bit_head = llvm::BasicBlock::Create(cx_, "bit", fn_);
  auto* bit_body = llvm::BasicBlock::Create(cx_, "bit_test", fn_);
  auto* word_done = llvm::BasicBlock::Create(cx_, "word_done", fn_);
  b_.CreateBr(bit_head);
  b_.SetInsertPoint(bit_head);
  auto* rest = b_.CreatePHI(i64_, 2, "rest");
  auto* kept = b_.CreatePHI(i64_, 2, "kept");
  rest->addIncoming(word, outer);
  kept->addIncoming(word, outer);
  b_.CreateCondBr(b_.CreateICmpEQ(rest, b_.getInt64(0)), word_done, bit_body);
  b_.SetInsertPoint(bit_body);
  llvm::Value* j = b_.CreateBinaryIntrinsic(llvm::Intrinsic::cttz, rest, b_.getTrue());
  if (event_rows_.empty()) event_rows_.resize(1);
  event_rows_[0] = b_.CreateAdd(e0, b_.CreateAdd(b_.CreateShl(w, 6), j));
  event_memos_.clear();
  llvm::Value* pass = Truth(Emit(g.filter));
  event_memos_.clear();
  event_rows_[0] = nullptr;
  llvm::Value* cleared = b_.CreateAnd(kept, b_.CreateNot(b_.CreateShl(b_.getInt64(1), j)));
  rest->addIncoming(b_.CreateAnd(rest, b_.CreateSub(rest, b_.getInt64(1))), b_.GetInsertBlock());
  kept->addIncoming(b_.CreateSelect(pass, kept, cleared), b_.GetInsertBlock());
  InnerBackEdge(bit_head);
  b_.SetInsertPoint(word_done);
  b_.CreateStore(kept, word_at);
  llvm::Value* next = b_.CreateAdd(sum, b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, kept));
  w->addIncoming(b_.CreateAdd(w, b_.getInt64(1)), word_done);
  sum->addIncoming(next, word_done);
  InnerBackEdge(head);
  b_.SetInsertPoint(done);
  b_.CreateStore(sum, b_.CreateGEP(i64_, window.counts, window.words));
  return window;
}

llvm::Value* Emitter::MatchesBefore(const FlatBits& flat, llvm::Value* x) {
  llvm::Value* w = b_.CreateLShr(x, 6);
  llvm::Value* below = b_.CreateSub(b_.CreateShl(b_.getInt64(1), b_.CreateAnd(x, b_.getInt64(63))), b_.getInt64(1));
  llvm::Value* word = b_.CreateAnd(b_.CreateLoad(i64_, b_.CreateGEP(i64_, flat.bits, w)), below);
  return b_.CreateAdd(b_.CreateLoad(i64_, b_.CreateGEP(i64_, flat.counts, w)),
                      b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, word));
}

bool Emitter::SmallDomain(NodeId value) const {
  if (value == ir::kNone) return false;
  while (p_.at(value).op == Op::LetRef) value = p_.lets[p_.at(value).a].root;
  const ir::Node& n = p_.at(value);
  // An enum's value is its variant's index; a string column's, its code in the
  // column's dictionary.
  if (n.type.kind == TypeKind::Enum) return n.type.ref >= 0 && p_.enums[n.type.ref].variants.size() <= 64;
  if (n.type.kind != TypeKind::String || !Codes(n)) return false;
  const rt::Column& col = n.op == Op::CustomerField ? db_.customer_table().columns[n.a] : db_.tables[n.a].columns[n.b];
  return col.dict_size() <= 64;
}

bool Emitter::Codes(const ir::Node& n) const {
  if (n.op == Op::CustomerField) return db_.customer_table().columns[n.a].encoding == rt::Encoding::Dict32;
  return n.op == Op::EventField && db_.tables[n.a].columns[n.b].encoding == rt::Encoding::Dict32;
}

void Emitter::EmitOuter(NodeId id, int depth) {
  if (id == ir::kNone) return;
  const ir::Node& n = p_.at(id);
  if (ir::LevelOf(facts_.Depths(id)) < depth) {
    // A plain string column has no codes to read: it is read where it is compared
    // (StringsEqual), from its row, which is in scope there.
    if (n.type.kind != TypeKind::String || Codes(n)) Emit(id);
    return;
  }
  if (n.op == Op::LetRef) return EmitOuter(p_.lets[n.a].root, depth);
  if (n.op == Op::Agg) {
    // A nested aggregate reading this depth's event: its own operands that read none.
    const ir::AggSpec& g = p_.aggs[n.a];
    for (NodeId x : {g.low, g.high, g.filter, g.value}) EmitOuter(x, depth);
    return;
  }
  for (NodeId a : n.args) EmitOuter(a, depth);
}

// `date(T.time) op K` (K a date that reads no data) among the `and`-ed parts of the
// `where` of an aggregate over T, for which an event that fails the `where`
// contributes nothing (not `all`, whose `where` every event must pass).
std::optional<Emitter::DateRange> Emitter::DateRangeOf(const ir::AggSpec& g) const {
  if (g.op == AggOp::All || g.filter == ir::kNone || TimeOf(g.table).type.kind != TypeKind::Timestamp)
    return std::nullopt;
  std::optional<DateRange> found;
  std::function<void(NodeId)> walk = [&](NodeId id) {
    const ir::Node& n = p_.at(id);
    if (n.op == Op::And) {
      for (NodeId a : n.args) walk(a);
      return;
    }
    if (found || n.args.size() != 2) return;
    if (n.op != Op::Eq && n.op != Op::Lt && n.op != Op::Le && n.op != Op::Gt && n.op != Op::Ge) return;
    for (int side = 0; side < 2; ++side) {
      const ir::Node& call = p_.at(n.args[side]);
      const NodeId day = n.args[1 - side];
      if (call.op != Op::Call || call.builtin() != stdlib::BuiltinId::DateOf || call.args.size() != 1) continue;
      const ir::Node& t = p_.at(call.args[0]);
      const bool own_time =
          t.op == Op::EventField && t.a == g.table && t.b == p_.tables[g.table].time && t.c == g.depth;
      if (!own_time || p_.at(day).type.kind != TypeKind::Date || !ReadsNoData(day)) continue;
      // `K op date(t)` is `date(t) op' K` with the comparison mirrored.
      Op op = n.op;
      if (side == 1)
        op = op == Op::Lt ? Op::Gt : op == Op::Le ? Op::Ge : op == Op::Gt ? Op::Lt : op == Op::Ge ? Op::Le : op;
      found = DateRange{op, day};
      return;
    }
  };
  walk(g.filter);
  return found;
}

// The instants whose local date passes a date test: [start, end) (null: no bound on
// that side), a date's being [start_of(K), start_of(K + 1)); `valid` where local dates
// grow near that date (the zone turns no clock back across a midnight there).
std::optional<Emitter::DateInstants> Emitter::InstantsOf(const DateRange& range) {
  constexpr int64_t kFarDays = 3'000'000;  // about the year 10,000: start_of is defined
  const V day = Emit(range.day);
  llvm::Value* from = CallHelper("sam_jit_start_of_day", {Zone(), day.v});
  llvm::Value* to = CallHelper("sam_jit_start_of_day", {Zone(), b_.CreateAdd(day.v, b_.getInt64(1))});
  llvm::Value* near = b_.CreateICmpULE(b_.CreateAdd(day.v, b_.getInt64(kFarDays)), b_.getInt64(2 * kFarDays));
  llvm::Value* margin = b_.getInt64(3 * kMicrosPerDay);
  llvm::Value* grow =
      IsTrue(CallHelper("sam_jit_dates_grow", {Zone(), b_.CreateSub(from, margin), b_.CreateAdd(to, margin)}));
  DateInstants d{b_.CreateAnd(b_.CreateAnd(day.present, near), grow), nullptr, nullptr};
  switch (range.op) {
    case Op::Eq: d.start = from, d.end = to; break;
    case Op::Ge: d.start = from; break;
    case Op::Gt: d.start = to; break;
    case Op::Lt: d.end = from; break;
    case Op::Le: d.end = to; break;
    default: return std::nullopt;
  }
  return d;
}

// The instants [low, high) of a flat pass narrowed to those whose local date passes a
// date test of the run (a constant, or today's), where valid; null: no bound. The
// test is still made for each event left.
void Emitter::NarrowInstants(const DateRange& range, llvm::Value*& low, llvm::Value*& high) {
  const std::optional<DateInstants> d = InstantsOf(range);
  if (!d) return;
  if (d->start != nullptr) {
    llvm::Value* start = b_.CreateSelect(d->valid, d->start, b_.getInt64(std::numeric_limits<int64_t>::min()));
    low = low == nullptr ? start : b_.CreateSelect(b_.CreateICmpSGT(start, low), start, low);
  }
  if (d->end != nullptr) {
    llvm::Value* end = b_.CreateSelect(d->valid, d->end, b_.getInt64(std::numeric_limits<int64_t>::max()));
    high = high == nullptr ? end : b_.CreateSelect(b_.CreateICmpSLT(end, high), end, high);
  }
}

// The window [lo, hi) narrowed to the instants whose local date passes the test
// (InstantsOf), where valid; elsewhere the window stays. The test itself is still made
// for each event of the narrowed window.
void Emitter::NarrowToDates(const ir::AggSpec& g, const DateRange& range, llvm::Value*& lo, llvm::Value*& hi) {
  const rt::Column& time = TimeOf(g.table);
  const std::optional<DateInstants> d = InstantsOf(range);
  if (!d) return;
  // The first event of [a, b) at or after an instant.
  auto first_at = [&](llvm::Value* a, llvm::Value* b, llvm::Value* instant) {
    const Threshold th = StoredThreshold(time, instant);
    llvm::Value* few = b_.CreateICmpULE(b_.CreateSub(b, a), b_.getInt64(options_.scan_events));
    return Choose(
        few, [&] { return ScanBack(time, a, b, th); }, [&] { return LowerBound(time, a, b, th); });
  };
  llvm::Value* start = d->start;
  llvm::Value* end = d->end;
  llvm::Value* valid = d->valid;
  llvm::Value* new_lo = start != nullptr ? first_at(lo, hi, start) : lo;
  llvm::Value* new_hi = end != nullptr ? first_at(new_lo, hi, end) : hi;
  lo = b_.CreateSelect(valid, new_lo, lo);
  hi = b_.CreateSelect(valid, new_hi, hi);
}

}  // namespace sam::jit
