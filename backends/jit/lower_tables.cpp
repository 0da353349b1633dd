// Date tests as tables (emitter.hpp, Tabulated): a test whose only input that varies
// by customer is one date column stored in 8 or 16 bits (`is_anniversary(birth_date)`,
// `month(birth_date) == 11 and day(birth_date) == 23`) has at most 65,537 answers, one
// per stored value and one for an absent date. A function generated beside the kernel
// computes them once per run date (sam_jit_day_table keeps them); the kernel reads
// each customer's answer as two bits, where computing the calendar date took dozens of
// operations per customer.
// A test of a timestamp field (a customer's or an event's) that reads it only through
// its local date (`month(ordered_at) == 2 and day(ordered_at) == 29`) is the same for
// the instants of a quarter of an hour (runtime/exec/timezone.hpp, kQuarterHour): its
// answers are computed per local date of the column's span and spread over the
// quarters (sam_jit_quarter_table); the kernel divides the stored time by a quarter
// and reads two bits, where the zone's offset took a call per event.
#include "backends/jit/emitter.hpp"
#include "backends/jit/helpers.hpp"
#include "runtime/exec/timezone.hpp"

namespace sam::jit {

using ir::Op;
using stdlib::BuiltinId;

namespace {

constexpr int kNoField = -1;  // depends on no column (constants, the run date)
constexpr int kNot = -2;      // cannot be tabulated

// Built-ins of a date alone (and the run date): inline in the generated code, none
// can fail.
// Each reads its argument through DateOf (lower_builtins.cpp).
bool DatePart(BuiltinId id) {
  switch (id) {
    case BuiltinId::Year: case BuiltinId::Month: case BuiltinId::Day: case BuiltinId::Weekday:
    case BuiltinId::IsAnniversary:
    case BuiltinId::Anniversary:
    case BuiltinId::YearsSince:
    case BuiltinId::DaysSince:
    case BuiltinId::DaysBetween:
    case BuiltinId::MonthsBetween:
    case BuiltinId::YearsBetween:
    case BuiltinId::DateOf: return true;
    default: return false;
  }
}

bool IsField(const ir::Node& n) { return n.op == Op::CustomerField || n.op == Op::EventField; }

bool Narrow(rt::Encoding e) { return e == rt::Encoding::Int8 || e == rt::Encoding::Int16; }

}  // namespace

Emitter::TableFacts Emitter::Tabulable(NodeId id) {
  if (auto it = tabulable_.find(id); it != tabulable_.end()) return it->second;
  const ir::Node& n = p_.at(id);
  TableFacts f{kNoField, false};
  auto merge = [&](const TableFacts& a) {
    if (f.field == kNot || a.field == kNot) {
      f.field = kNot;
    } else if (a.field != kNoField) {
      // One field only (of one event, when an event's).
      f.field =
          f.field == kNoField || SameField(static_cast<NodeId>(f.field), static_cast<NodeId>(a.field)) ? a.field : kNot;
    }
    f.date_part = f.date_part || a.date_part;
  };
  auto take = [&](NodeId arg) { merge(Tabulable(arg)); };
  switch (n.op) {
    case Op::Const: case Op::Today: break;
    case Op::CustomerField: {
      const rt::Column& col = db_.customer_table().columns[n.a];
      f.field = n.type.kind == TypeKind::Date && Narrow(col.encoding) ? static_cast<int>(id) : kNot;
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
        const ir::Node& x = p_.at(a);
        if (x.type.kind != TypeKind::Timestamp) {
          take(a);
        } else if (IsField(x) && Quarters(FieldColumn(a))) {  // read through its local date only
          merge({static_cast<int>(a), true});
        } else {
          f.field = kNot;  // a timestamp's date needs the zone's table per value
        }
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
    case Op::Add:
    case Op::Sub:  // `today - 1d`: of integers or dates that cannot overflow (no check in a fill)
      if (n.type.kind == TypeKind::Float || n.type.kind == TypeKind::Decimal || needs_check_[id]) {
        f.field = kNot;
        break;
      }
      for (NodeId a : n.args) take(a);
      break;
    default: f.field = kNot;  // an event's field too, other than through a date built-in
  }
  tabulable_[id] = f;
  return f;
}

const rt::Column& Emitter::FieldColumn(NodeId field) const {
  const ir::Node& x = p_.at(field);
  return x.op == Op::CustomerField ? db_.customer_table().columns[x.field()] : db_.tables[x.table()].columns[x.field()];
}

// The same column of the same row: a customer's field, or an event's at one depth.
bool Emitter::SameField(NodeId a, NodeId b) const {
  const ir::Node &x = p_.at(a), &y = p_.at(b);
  if (x.op != y.op || !IsField(x)) return false;
  return x.op == Op::CustomerField ? x.field() == y.field()
                                   : x.table() == y.table() && x.field() == y.field() && x.depth() == y.depth();
}

const std::optional<Emitter::QuarterRange>& Emitter::Quarters(const rt::Column& col) {
  auto [it, added] = quarters_.try_emplace(&col);
  std::optional<QuarterRange>& range = it->second;
  if (!added) return range;
  constexpr int64_t kMaxQuarters = int64_t{1} << 22;  // 120 years: tables of 512 KB
  const rt::Encoding e = col.encoding;
  if (col.type.kind != TypeKind::Timestamp || col.size == 0 ||
      (e != rt::Encoding::Int8 && e != rt::Encoding::Int16 && e != rt::Encoding::Int32 && e != rt::Encoding::Int64)) {
    return range;
  }
  using i128 = __int128;
  const auto [lo, hi] = rt::StoredSpan(col);
  const i128 first = col.base + static_cast<i128>(lo) * col.unit, last = col.base + static_cast<i128>(hi) * col.unit;
  if (first < -(i128{1} << 60) || last > (i128{1} << 60)) return range;
  const int64_t origin = rt::FloorDiv(static_cast<int64_t>(first), rt::kQuarterHour) * rt::kQuarterHour;
  const int64_t quarters = (static_cast<int64_t>(last) - origin) / rt::kQuarterHour + 1;
  const rt::TimeZoneTable& zone = rt::TimeZoneTable::Of(p_.timezone);
  if (quarters > kMaxQuarters || !zone.AlignedTo(origin, static_cast<int64_t>(last), rt::kQuarterHour)) return range;
  // An offset is under a day: every instant's local date is within a day of the ends'.
  const int64_t first_day = zone.LocalDate(origin) - 1;
  range = QuarterRange{origin, quarters, first_day, zone.LocalDate(static_cast<int64_t>(last)) + 2 - first_day};
  return range;
}

bool Emitter::WorthTabulating(NodeId id, int level) {
  if (p_.at(id).type.kind != TypeKind::Bool) return false;
  const TableFacts f = Tabulable(id);
  if (f.field < 0 || !f.date_part) return false;
  // A customer's field in the customer's loop; an event's in its own loop (where the
  // test, reading nothing else, is computed).
  return p_.at(static_cast<NodeId>(f.field)).op == Op::CustomerField ? level < 0 : level >= 0;
}

V Emitter::Tabulated(NodeId id) {
  const auto field = static_cast<NodeId>(Tabulable(id).field);
  const ir::Node& x = p_.at(field);
  const rt::Column& col = FieldColumn(field);
  llvm::Value* row = x.op == Op::CustomerField ? c_ : event_rows_.at(static_cast<size_t>(x.depth()));
  const std::optional<QuarterRange>& quarters = Quarters(col);  // a timestamp's
  const int64_t low = quarters ? 0 : col.encoding == rt::Encoding::Int8 ? -128 : -32768;
  const int64_t absent = quarters ? quarters->quarters : col.encoding == rt::Encoding::Int8 ? 256 : 65536;
  const int64_t words = (absent + 1 + 63) / 64;  // entries: then the absent field's
  llvm::Value*& table = tables_[id];
  if (table == nullptr) {
    auto tables = std::make_shared<DayTables>();
    owned_.push_back(tables);
    llvm::Value* cache = Buffer(tables.get());  // the kernel's own: no address in the code
    const auto here = b_.saveIP();
    if (quarters) {
      llvm::Function* fill = FillFunction(id, field, quarters->first_day, 1, quarters->days);
      b_.SetInsertPoint(entry_end_);  // once per kernel call
      table = CallRuntime("sam_jit_quarter_table", ptr_,
                          {cache, fill, today_, zone_, b_.getInt64(quarters->origin), b_.getInt64(quarters->quarters),
                           b_.getInt64(quarters->first_day), b_.getInt64(quarters->days)});
    } else {
      llvm::Function* fill = FillFunction(id, field, col.base + low * col.unit, col.unit, absent);
      b_.SetInsertPoint(entry_end_);
      table = CallRuntime("sam_jit_day_table", ptr_, {cache, fill, today_, zone_, b_.getInt64(absent + 1)});
    }
    b_.restoreIP(here);
  }
  llvm::Type* t = StoredType(b_, col.encoding);
  llvm::Value* stored = b_.CreateSExt(b_.CreateLoad(t, b_.CreateGEP(t, Buffer(col.values.data()), row)), i64_);
  llvm::Value* k = b_.CreateSub(stored, b_.getInt64(low));
  if (quarters) {  // the quarter of a present value, in [0, quarters)
    llvm::Value* micros = b_.CreateAdd(b_.CreateMul(stored, b_.getInt64(col.unit)), b_.getInt64(col.base));
    k = b_.CreateUDiv(b_.CreateSub(micros, b_.getInt64(quarters->origin)), b_.getInt64(rt::kQuarterHour));
  }
  llvm::Value* entry = b_.CreateSelect(Presence(col, row), k, b_.getInt64(absent));
  auto bit = [&](int64_t first_word) {
    llvm::Value* w = b_.CreateAdd(b_.CreateLShr(entry, 6), b_.getInt64(first_word));
    llvm::Value* word = b_.CreateLoad(i64_, b_.CreateGEP(i64_, table, w));
    return b_.CreateICmpNE(b_.CreateAnd(b_.CreateLShr(word, b_.CreateAnd(entry, 63)), b_.getInt64(1)), b_.getInt64(0));
  };
  return {FromBool(bit(0)), bit(words)};
}

// void fill(i8* values, i8* presences, i64 today, i64 zone): `entries` entries, entry k
// for the field's value start + k * step, then one for an absent field (Tabulable
// admits the run date, not `now`). The test is emitted with the field's reads replaced
// by the loop's value (Compute, substitute_; for a timestamp, its date: DateOf), into a
// function of its own: the kernel's state is set aside meanwhile.
llvm::Function* Emitter::FillFunction(NodeId id, NodeId field, int64_t start, int64_t step, int64_t entries) {
  auto* type = llvm::FunctionType::get(b_.getVoidTy(), {ptr_, ptr_, i64_, i64_}, false);
  auto* fill = llvm::Function::Create(type, llvm::Function::InternalLinkage, fn_->getName() + ".table", m_);
  const auto saved_ip = b_.saveIP();
  llvm::Function* const saved_fn = fn_;
  llvm::Value* const saved_today = today_;
  llvm::Value* const saved_zone = zone_;
  std::unordered_map<NodeId, V> saved_memo;
  std::vector<std::unordered_map<NodeId, V>> saved_event_memos;
  saved_memo.swap(memo_);
  saved_event_memos.swap(event_memos_);
  tabulating_ = true;

  auto arg = fill->arg_begin();
  llvm::Value* values = &*arg++;
  llvm::Value* presences = &*arg++;
  today_ = &*arg++;
  zone_ = &*arg++;
  fn_ = fill;
  auto* entry = llvm::BasicBlock::Create(cx_, "entry", fill);
  auto* last = llvm::BasicBlock::Create(cx_, "absent", fill);
  llvm::PHINode* k = LoopHead(entry, b_.getInt64(0), b_.getInt64(entries), last);
  auto store = [&](llvm::Value* at) {
    const V v = Emit(id);
    b_.CreateStore(b_.CreateTrunc(v.v, i8_), b_.CreateGEP(i8_, values, at));
    b_.CreateStore(b_.CreateZExt(v.present, i8_), b_.CreateGEP(i8_, presences, at));
    memo_.clear();
    event_memos_.clear();
  };
  llvm::Value* value = b_.CreateAdd(b_.CreateMul(k, b_.getInt64(step)), b_.getInt64(start));
  substitute_ = Substitute{field, V{value, b_.getTrue()}};
  store(k);
  k->addIncoming(b_.CreateAdd(k, b_.getInt64(1)), b_.GetInsertBlock());
  // Once per run date over a few thousand days: vectorizing it (32 lanes of calendar
  // arithmetic on AVX-512) only tripled at_risk's code generation time.
  InnerBackEdge(k->getParent());
  b_.SetInsertPoint(last);
  substitute_ = Substitute{field, V{b_.getInt64(0), b_.getFalse()}};
  store(b_.getInt64(entries));
  b_.CreateRetVoid();

  substitute_.reset();
  tabulating_ = false;
  memo_.swap(saved_memo);
  event_memos_.swap(saved_event_memos);
  fn_ = saved_fn;
  today_ = saved_today;
  zone_ = saved_zone;
  b_.restoreIP(saved_ip);
  return fill;
}

}  // namespace sam::jit
