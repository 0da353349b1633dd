// Date tests as tables (emitter.hpp, Tabulated): a test whose only input that varies
// by customer is one date column stored in 8 or 16 bits (`is_anniversary(birth_date)`,
// `month(birth_date) == 11 and day(birth_date) == 23`) has at most 65,537 answers, one
// per stored value and one for an absent date. A function generated beside the kernel
// computes them once per run date (sam_jit_day_table keeps them); the kernel reads
// each customer's answer as two bits, where computing the calendar date took dozens of
// operations per customer.
#include "backends/jit/emitter.hpp"
#include "backends/jit/helpers.hpp"

namespace sam::jit {

using ir::Op;
using stdlib::BuiltinId;

namespace {

constexpr int kNoField = -1;  // depends on no column (constants, the run date)
constexpr int kNot = -2;      // cannot be tabulated

// Built-ins of a date alone (and the run date): inline in the generated code, none
// can fail.
bool DatePart(BuiltinId id) {
  switch (id) {
    case BuiltinId::Year: case BuiltinId::Month: case BuiltinId::Day: case BuiltinId::Weekday:
    case BuiltinId::IsAnniversary: case BuiltinId::YearsSince: case BuiltinId::DaysSince: return true;
    default: return false;
  }
}

bool Narrow(rt::Encoding e) { return e == rt::Encoding::Int8 || e == rt::Encoding::Int16; }

}  // namespace

Emitter::TableFacts Emitter::Tabulable(NodeId id) {
  if (auto it = tabulable_.find(id); it != tabulable_.end()) return it->second;
  const ir::Node& n = p_.at(id);
  TableFacts f{kNoField, false};
  auto take = [&](NodeId arg) {
    const TableFacts a = Tabulable(arg);
    if (f.field == kNot || a.field == kNot) {
      f.field = kNot;
    } else if (a.field != kNoField) {
      f.field = f.field == kNoField || f.field == a.field ? a.field : kNot;  // one column only
    }
    f.date_part = f.date_part || a.date_part;
  };
  switch (n.op) {
    case Op::Const: case Op::Today: break;
    case Op::CustomerField: {
      const rt::Column& col = db_.customer_table().columns[n.a];
      f.field = n.type.kind == TypeKind::Date && Narrow(col.encoding) ? n.a : kNot;
      break;
    }
    case Op::LetRef: take(p_.lets[n.a].root); break;
    case Op::Call:
      if (!DatePart(static_cast<BuiltinId>(n.a))) {
        f.field = kNot;
        break;
      }
      f.date_part = true;
      for (NodeId a : n.args) {
        // A timestamp's date needs the time-zone table, which the fill function has not.
        if (p_.at(a).type.kind == TypeKind::Timestamp) f.field = kNot;
        take(a);
      }
      break;
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::InSet:
      if (p_.at(n.args[0]).type.kind == TypeKind::String || p_.at(n.args[0]).type.kind == TypeKind::Float) {
        f.field = kNot;
        break;
      }
      [[fallthrough]];
    case Op::And: case Op::Or: case Op::Not: case Op::IsPresent: case Op::Coalesce: case Op::If:
      for (NodeId a : n.args) take(a);
      break;
    default: f.field = kNot;
  }
  tabulable_[id] = f;
  return f;
}

bool Emitter::WorthTabulating(NodeId id) {
  if (p_.at(id).type.kind != TypeKind::Bool) return false;
  const TableFacts f = Tabulable(id);
  return f.field >= 0 && f.date_part;
}

V Emitter::Tabulated(NodeId id) {
  const int field = Tabulable(id).field;
  const rt::Column& col = db_.customer_table().columns[field];
  const int64_t low = col.encoding == rt::Encoding::Int8 ? -128 : -32768;
  const int64_t absent = col.encoding == rt::Encoding::Int8 ? 256 : 65536;  // the last entry
  const int64_t words = (absent + 1 + 63) / 64;
  llvm::Value*& table = tables_[id];
  if (table == nullptr) {
    llvm::Function* fill = FillFunction(id, field, low, absent);
    auto tables = std::make_shared<DayTables>();
    owned_.push_back(tables);
    llvm::Value* cache = Buffer(tables.get());  // the kernel's own: no address in the code
    const auto here = b_.saveIP();
    b_.SetInsertPoint(entry_end_);  // once per kernel call
    table = CallRuntime("sam_jit_day_table", ptr_, {cache, fill, today_, b_.getInt64(absent + 1)});
    b_.restoreIP(here);
  }
  llvm::Type* t = StoredType(b_, col.encoding);
  llvm::Value* stored = b_.CreateSExt(b_.CreateLoad(t, b_.CreateGEP(t, Buffer(col.values.data()), c_)), i64_);
  llvm::Value* entry = b_.CreateSelect(Presence(col, c_), b_.CreateSub(stored, b_.getInt64(low)), b_.getInt64(absent));
  auto bit = [&](int64_t first_word) {
    llvm::Value* w = b_.CreateAdd(b_.CreateLShr(entry, 6), b_.getInt64(first_word));
    llvm::Value* word = b_.CreateLoad(i64_, b_.CreateGEP(i64_, table, w));
    return b_.CreateICmpNE(b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(entry, 63)), b_.getInt64(1)), b_.getInt64(0));
  };
  return {FromBool(bit(0)), bit(words)};
}

// void fill(i8* values, i8* presences, i64 today): entry k for the stored value
// low + k, the last for an absent date (Tabulable admits the run date, not `now`).
// The test is emitted with the column's reads replaced by the loop's date (Compute,
// substitute_), into a function of its own: the kernel's state is set aside meanwhile.
llvm::Function* Emitter::FillFunction(NodeId id, int field, int64_t low, int64_t absent) {
  auto* type = llvm::FunctionType::get(b_.getVoidTy(), {ptr_, ptr_, i64_}, false);
  auto* fill = llvm::Function::Create(type, llvm::Function::InternalLinkage, fn_->getName() + ".table", m_);
  const auto saved_ip = b_.saveIP();
  llvm::Function* const saved_fn = fn_;
  llvm::Value* const saved_today = today_;
  std::unordered_map<NodeId, V> saved_memo;
  saved_memo.swap(memo_);
  tabulating_ = true;

  auto arg = fill->arg_begin();
  llvm::Value* values = &*arg++;
  llvm::Value* presences = &*arg++;
  today_ = &*arg++;
  fn_ = fill;
  const rt::Column& col = db_.customer_table().columns[field];
  auto* entry = llvm::BasicBlock::Create(cx_, "entry", fill);
  auto* last = llvm::BasicBlock::Create(cx_, "absent", fill);
  llvm::PHINode* k = LoopHead(entry, b_.getInt64(0), b_.getInt64(absent), last);
  auto store = [&](llvm::Value* at) {
    const V v = Emit(id);
    b_.CreateStore(b_.CreateTrunc(v.v, i8_), b_.CreateGEP(i8_, values, at));
    b_.CreateStore(b_.CreateZExt(v.present, i8_), b_.CreateGEP(i8_, presences, at));
    memo_.clear();
  };
  llvm::Value* days = b_.CreateAdd(b_.CreateMul(b_.CreateAdd(k, b_.getInt64(low)), b_.getInt64(col.unit)),
                                   b_.getInt64(col.base));
  substitute_ = {field, V{days, b_.getTrue()}};
  store(k);
  k->addIncoming(b_.CreateAdd(k, b_.getInt64(1)), b_.GetInsertBlock());
  // Once per run date over a few thousand days: vectorizing it (32 lanes of calendar
  // arithmetic on AVX-512) only tripled at_risk's code generation time.
  InnerBackEdge(k->getParent());
  b_.SetInsertPoint(last);
  substitute_ = {field, V{b_.getInt64(0), b_.getFalse()}};
  store(b_.getInt64(absent));
  b_.CreateRetVoid();

  substitute_.reset();
  tabulating_ = false;
  memo_.swap(saved_memo);
  fn_ = saved_fn;
  today_ = saved_today;
  b_.restoreIP(saved_ip);
  return fill;
}

}  // namespace sam::jit
