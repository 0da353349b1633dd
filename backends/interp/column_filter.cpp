#include "backends/interp/column_filter.hpp"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "backends/interp/builtins.hpp"
#include "runtime/exec/timezone.hpp"

namespace sam::interp {

using ir::Op;
using i128 = __int128;

namespace {

constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();

i128 FloorDiv128(i128 a, i128 b) {
  i128 q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t Clamp(i128 v) { return v < kMin64 ? kMin64 : v > kMax64 ? kMax64 : static_cast<int64_t>(v); }

// The value of a node that is the same for all events and present, or null.
const ir::Value* ConstantOf(const Invariants& inv, ir::NodeId id) {
  return inv[id] && !inv[id]->absent ? &*inv[id] : nullptr;
}

Op Mirror(Op op) {
  switch (op) {
    case Op::Lt: return Op::Gt;
    case Op::Le: return Op::Ge;
    case Op::Gt: return Op::Lt;
    case Op::Ge: return Op::Le;
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
    case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Eq: case Op::Ne: case Op::And:
    case Op::Or: case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet: case Op::Call:
    case Op::Agg: case Op::Population: case Op::Lookup: break;
  }
  return op;
}

// `field op constant` as a test on the field's column.
bool CompareTest(const Column& c, Op op, const ir::Node& field, TypeKind kk, const ir::Value& k, EventTest& t) {
  const TypeKind fk = field.type.kind;
  if (fk != kk) return false;
  if (c.encoding == Encoding::Float64) {
    t.float_op = op;
    t.f = k.f;
    return true;
  }
  i128 lo = 0, hi = 0;
  if (fk == TypeKind::String) {
    if (c.encoding != Encoding::Dict32) return false;
    // Codes order like their strings.
    const i128 lb = c.LowerBound(k.s);
    const i128 eq = c.FindCode(k.s) >= 0;
    switch (op) {
      case Op::Eq:
      case Op::Ne: lo = lb, hi = eq ? lb : lb - 1; break;
      case Op::Lt: lo = kMin64, hi = lb - 1; break;
      case Op::Le: lo = kMin64, hi = lb - 1 + eq; break;
      case Op::Gt: lo = lb + eq, hi = kMax64; break;
      case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
      case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
      case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
      case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Ge: case Op::And: case Op::Or:
      case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet: case Op::Call: case Op::Agg:
      case Op::Population: case Op::Lookup: lo = lb, hi = kMax64; break;
    }
  } else {
    if (StorageOf(fk) != TypeKind::Int || c.encoding == Encoding::Plain) return false;
    const i128 v = k.i;
    switch (op) {
      case Op::Eq:
      case Op::Ne: lo = hi = v; break;
      case Op::Lt: lo = kMin64, hi = v - 1; break;
      case Op::Le: lo = kMin64, hi = v; break;
      case Op::Gt: lo = v + 1, hi = kMax64; break;
      case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
      case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
      case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
      case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Ge: case Op::And: case Op::Or:
      case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet: case Op::Call: case Op::Agg:
      case Op::Population: case Op::Lookup: lo = v, hi = kMax64; break;
    }
  }
  StoredRange(c, lo, hi, t);
  t.negate = op == Op::Ne;
  return true;
}

bool FloatCompare(Op op, double x, double k) {
  const int order = FloatOrder(x, k);  // a computed constant may be NaN
  switch (op) {
    case Op::Eq: return order == 0;
    case Op::Ne: return order != 0;
    case Op::Lt: return order < 0;
    case Op::Le: return order <= 0;
    case Op::Gt: return order > 0;
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
    case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::Ge: case Op::And: case Op::Or:
    case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet: case Op::Call: case Op::Agg:
    case Op::Population: case Op::Lookup: break;
  }
  return order >= 0;
}

// m[i] &= lo <= v[i] <= hi (xor flip), compared in T so that the loop vectorizes.
template <class T>
void RangeSpan(const T* __restrict v, size_t n, int64_t lo, int64_t hi, uint8_t flip, uint8_t* __restrict m) {
  constexpr int64_t kLo = std::numeric_limits<T>::min(), kHi = std::numeric_limits<T>::max();
  if (lo > kHi || hi < kLo || lo > hi) {
    // No stored value is inside.
    if (!flip) std::fill(m, m + n, uint8_t{0});
    return;
  }
  const T l = static_cast<T>(std::max(lo, kLo)), h = static_cast<T>(std::min(hi, kHi));
  for (size_t i = 0; i < n; ++i) m[i] &= static_cast<uint8_t>(static_cast<uint8_t>((v[i] >= l) & (v[i] <= h)) ^ flip);
}

template <class T>
void SetSpan(const T* __restrict v, size_t n, const std::vector<int64_t>& set, uint8_t* __restrict m) {
  // Stored values of small sets (enums, a few strings) usually fit in 64 consecutive
  // values: a bit test per row instead of a comparison per member.
  if (set.empty()) {
    std::fill(m, m + n, uint8_t{0});
    return;
  }
  const int64_t lo = *std::min_element(set.begin(), set.end());
  const int64_t hi = *std::max_element(set.begin(), set.end());
  if (hi - lo < 64) {
    uint64_t bits = 0;
    for (int64_t x : set) bits |= uint64_t{1} << (x - lo);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t d = static_cast<uint64_t>(static_cast<int64_t>(v[i]) - lo);
      m[i] &= static_cast<uint8_t>(d < 64 ? (bits >> d) & 1 : 0);
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const int64_t sv = v[i];
    uint8_t in = 0;
    for (int64_t x : set) in |= static_cast<uint8_t>(sv == x);
    m[i] &= in;
  }
}

void PresentSpan(const uint64_t* __restrict w, uint64_t first, size_t n, uint8_t* __restrict m) {
  for (size_t i = 0; i < n; ++i) {
    const uint64_t x = first + i;
    m[i] &= static_cast<uint8_t>((w[x >> 6] >> (x & 63)) & 1);
  }
}

// For every row's events [s[r], e[r]), the rows' events one after the other in the
// mask: mask &= the column is present, then f(r, first event, events, mask there).
template <class F>
void ForEachSpan(const Column& c, const uint64_t* s, const uint64_t* e, size_t rows, uint8_t* mask, F&& f) {
  size_t k = 0;
  for (size_t r = 0; r < rows; ++r) {
    const uint64_t b = s[r];
    const size_t n = e[r] - b;
    uint8_t* m = mask + k;
    k += n;
    if (!c.all_present()) PresentSpan(c.validity.as<uint64_t>(), b, n, m);
    f(r, b, n, m);
  }
}

// A date part of a timestamp column whose stored values are [lo, hi]: the answer
// per quarter of an hour of that span, as long as the zone's offsets and changes
// there fall on quarters of an hour (so that a quarter's instants share a local
// date). Walks the quarters, computing the part once per local date.
// The quantum of timestamp date-part tables (a constant, so that the per-row division
// is a multiplication).
constexpr int64_t kQuarter = rt::kQuarterHour;

template <class Holds>
bool TimestampPartTest(const ir::Program& p, const Column& c, int64_t lo, int64_t hi, stdlib::BuiltinId id,
                       const Holds& holds, std::vector<EventTest>& out) {
  constexpr int64_t kMaxQuarters = int64_t{1} << 22;  // about 120 years
  const i128 first = c.base + static_cast<i128>(lo) * c.unit, last = c.base + static_cast<i128>(hi) * c.unit;
  if (first < -(i128{1} << 62) || last > (i128{1} << 62)) return false;
  const int64_t origin = FloorDiv128(first, kQuarter) * kQuarter;
  const i128 quarters = (last - origin) / kQuarter + 1;
  if (quarters > kMaxQuarters) return false;
  const rt::TimeZoneTable& zone = rt::TimeZoneTable::Of(p.timezone);
  if (!zone.AlignedTo(origin, static_cast<int64_t>(last), kQuarter)) return false;
  EventTest t;
  t.column = &c;
  t.per_quarter = true, t.origin = origin;
  t.pass.resize(static_cast<size_t>(quarters));
  int64_t day = INT64_MIN;
  uint8_t in = 0;
  zone.LocalDatesEvery(origin, kQuarter, t.pass.size(), [&](size_t q, int64_t d) {
    if (d != day) day = d, in = holds(DatePart(id, d));
    t.pass[q] = in;
  });
  out.push_back(std::move(t));
  return true;
}

// `part(field) op k...` (op a comparison, or InSet with the constants), a date part
// of a date column: a table of the answer for each stored value of the column, over
// the range of its stored values (scanned once, when planned). The part is computed
// by the built-ins' own DatePart.
bool DatePartTest(const ir::Program& p, const FieldColumn& field, const Invariants& inv, const ir::Node& n,
                  std::vector<EventTest>& out) {
  constexpr int64_t kMaxTable = int64_t{1} << 22;  // 11,000 years of days
  ir::NodeId part = n.args[0];
  Op op = n.op;
  std::vector<int64_t> ks;
  if (n.op == Op::InSet) {
    for (size_t a = 1; a < n.args.size(); ++a) {
      const ir::Value* k = ConstantOf(inv, n.args[a]);
      if (!k || p.at(n.args[a]).type.kind != TypeKind::Int) return false;
      ks.push_back(k->i);
    }
  } else {
    ir::NodeId k = n.args[1];
    if (p.at(part).op != Op::Call) std::swap(part, k), op = Mirror(op);
    const ir::Value* kv = ConstantOf(inv, k);
    if (!kv || p.at(k).type.kind != TypeKind::Int) return false;
    ks.push_back(kv->i);
  }
  const ir::Node& call = p.at(part);
  if (call.op != Op::Call || !IsDatePart(static_cast<stdlib::BuiltinId>(call.a)) || call.args.size() != 1) return false;
  const ir::NodeId f = call.args[0];
  const Column* c = field(f);
  if (!c || (p.at(f).type.kind != TypeKind::Date && p.at(f).type.kind != TypeKind::Timestamp)) return false;
  if (c->encoding != Encoding::Int8 && c->encoding != Encoding::Int16 && c->encoding != Encoding::Int32 &&
      c->encoding != Encoding::Int64) {
    return false;
  }
  const auto [lo, hi] = rt::StoredSpan(*c);
  auto holds = [&](int64_t x) {
    if (op == Op::InSet) return std::find(ks.begin(), ks.end(), x) != ks.end();
    const int64_t k = ks[0];
    return op == Op::Eq   ? x == k
           : op == Op::Ne ? x != k
           : op == Op::Lt ? x < k
           : op == Op::Le ? x <= k
           : op == Op::Gt ? x > k
                          : x >= k;
  };
  const auto id = static_cast<stdlib::BuiltinId>(call.a);
  if (p.at(f).type.kind == TypeKind::Timestamp) return TimestampPartTest(p, *c, lo, hi, id, holds, out);
  if (static_cast<i128>(hi) - lo >= kMaxTable) return false;
  const i128 first = c->base + static_cast<i128>(lo) * c->unit, last = c->base + static_cast<i128>(hi) * c->unit;
  if (first < -(i128{1} << 40) || last > (i128{1} << 40)) return false;  // far outside the calendar
  EventTest t;
  t.column = c;
  t.lo = lo, t.hi = hi;
  t.pass.resize(static_cast<size_t>(hi - lo + 1));
  // The parts of the days in the range; for a column of whole days, a walk through
  // the calendar a day at a time instead of DatePart per day (the unit tests compare
  // the answers with DatePart's, per row).
  CivilDate d = CivilFromDays(c->base + lo * c->unit);
  int64_t weekday = DatePart(stdlib::BuiltinId::Weekday, c->base + lo * c->unit);
  for (int64_t s = lo; s <= hi; ++s) {
    int64_t x = 0;
    if (c->unit != 1) {
      x = DatePart(id, c->base + s * c->unit);
    } else {
      x = id == stdlib::BuiltinId::Year ? d.year : id == stdlib::BuiltinId::Month ? d.month : id == stdlib::BuiltinId::Day ? d.day : weekday;
      weekday = weekday == 7 ? 1 : weekday + 1;
      if (++d.day > DaysInMonth(d.year, d.month)) {
        d.day = 1;
        if (++d.month > 12) d.month = 1, ++d.year;
      }
    }
    t.pass[static_cast<size_t>(s - lo)] = holds(x);
  }
  out.push_back(std::move(t));
  return true;
}

// `date(at) op d` (op a comparison, d a date the same for every row), `at` a
// timestamp field: a range of instants instead of a local date per row. A date's
// instants are [start_of(d), start_of(d + 1)), local dates grow with instants, and
// a day a zone skipped has none (its start is the next day's); not where a change
// turns the clock back across a midnight near the date.
bool DateOfTest(const ir::Program& p, const FieldColumn& field, const Invariants& inv, const ir::Node& n,
                std::vector<EventTest>& out) {
  constexpr int64_t kFarDays = 3'000'000;  // about the year 10,000: start_of is defined
  ir::NodeId part = n.args[0], k = n.args[1];
  Op op = n.op;
  if (p.at(part).op != Op::Call) std::swap(part, k), op = Mirror(op);
  const ir::Node& call = p.at(part);
  if (call.op != Op::Call || static_cast<stdlib::BuiltinId>(call.a) != stdlib::BuiltinId::DateOf ||
      call.args.size() != 1 || p.at(call.args[0]).type.kind != TypeKind::Timestamp) {
    return false;
  }
  const Column* c = field(call.args[0]);
  const ir::Value* kv = ConstantOf(inv, k);
  if (!c || !kv || p.at(k).type.kind != TypeKind::Date || kv->i < -kFarDays || kv->i > kFarDays) return false;
  if (c->encoding == Encoding::Plain || c->encoding == Encoding::Float64) return false;
  const rt::TimeZoneTable& zone = rt::TimeZoneTable::Of(p.timezone);
  const i128 from = zone.StartOfDay(kv->i), to = zone.StartOfDay(kv->i + 1);  // [from, to)
  // Offsets are within a day or so: instants three days away from the date's are
  // never on it.
  constexpr int64_t kMargin = 3 * kMicrosPerDay;
  if (!zone.DatesGrow(static_cast<int64_t>(from) - kMargin, static_cast<int64_t>(to) + kMargin)) return false;
  // The caller asks for comparisons only (AddTests).
  i128 lo = kMin64, hi = kMax64;
  if (op == Op::Eq || op == Op::Ne) {
    lo = from, hi = to - 1;
  } else if (op == Op::Lt || op == Op::Le) {
    hi = (op == Op::Lt ? from : to) - 1;
  } else {
    lo = op == Op::Gt ? to : from;
  }
  EventTest t;
  t.column = c;
  StoredRange(*c, lo, hi, t);
  t.negate = op == Op::Ne;
  out.push_back(std::move(t));
  return true;
}

// m[i] &= pass[v[i] - lo], every v[i] in the table's range.
template <class T>
void PassSpan(const T* __restrict v, size_t n, int64_t lo, const uint8_t* __restrict pass, uint8_t* __restrict m) {
  for (size_t i = 0; i < n; ++i) m[i] &= pass[static_cast<int64_t>(v[i]) - lo];
}

// The same with stored values past the table (a damaged code) reading its last entry.
template <class T>
void ClampedPassSpan(const T* __restrict v, size_t n, int64_t lo, const std::vector<uint8_t>& table,
                     uint8_t* __restrict m) {
  const uint64_t last = table.size() - 1;
  const uint8_t* __restrict pass = table.data();
  for (size_t i = 0; i < n; ++i) m[i] &= pass[std::min(static_cast<uint64_t>(static_cast<int64_t>(v[i]) - lo), last)];
}

// m[i] &= pass[(x - origin) / kQuarter] for the logical value x of v[i] (absent
// rows store 0: clamped into the table, their byte of m is 0 already).
template <class T>
void QuantumPassSpan(const Column& c, const T* __restrict v, size_t n, const EventTest& t, uint8_t* __restrict m) {
  const int64_t last = static_cast<int64_t>(t.pass.size()) - 1;
  const uint8_t* __restrict pass = t.pass.data();
  for (size_t i = 0; i < n; ++i) {
    const int64_t q = (c.base + static_cast<int64_t>(v[i]) * c.unit - t.origin) / kQuarter;
    m[i] &= pass[std::clamp<int64_t>(q, 0, last)];
  }
}

}  // namespace

// Stored values s with lo <= base + s * unit <= hi (unit > 0).
void StoredRange(const Column& c, i128 lo, i128 hi, EventTest& t) {
  t.lo = Clamp(-FloorDiv128(-(lo - c.base), c.unit));  // ceil
  t.hi = Clamp(FloorDiv128(hi - c.base, c.unit));
  if (lo > hi) t.lo = 1, t.hi = 0;
}

bool AddTests(const ir::Program& p, const FieldColumn& field, const Invariants& inv, const OuterNode& outer,
              ir::NodeId id, std::vector<EventTest>& out, const DictionaryTest& dictionary) {
  const ir::Node& n = p.at(id);
  if (dictionary && n.op != Op::And) {
    if (std::optional<EventTest> t = dictionary(id, field)) {
      out.push_back(std::move(*t));
      return true;
    }
  }
  auto column = [&](ir::NodeId f) -> const Column& { return *field(f); };
  auto is_field = [&](ir::NodeId f) { return field(f) != nullptr; };
  switch (n.op) {
    case Op::And:
      return AddTests(p, field, inv, outer, n.args[0], out, dictionary) &&
             AddTests(p, field, inv, outer, n.args[1], out, dictionary);
    case Op::Const:
      // `where true` tests nothing; anything else falls back.
      return !n.value.absent && n.type.kind == TypeKind::Bool && n.value.i != 0;
    case Op::IsPresent: {
      if (!is_field(n.args[0])) return false;
      EventTest t;
      t.column = &column(n.args[0]);
      t.presence_only = true;
      out.push_back(std::move(t));
      return true;
    }
    case Op::EventField:
    case Op::Not: {
      // A bool field: `complaint` holds where it is present and true, `not complaint`
      // where it is present and false.
      const ir::NodeId f = n.op == Op::Not ? n.args[0] : id;
      if (!is_field(f) || p.at(f).type.kind != TypeKind::Bool) return false;
      const Column& c = column(f);
      if (c.encoding == Encoding::Plain || c.encoding == Encoding::Float64) return false;
      EventTest t;
      t.column = &c;
      StoredRange(c, 0, 0, t);
      t.negate = n.op != Op::Not;
      out.push_back(std::move(t));
      return true;
    }
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
      if (DatePartTest(p, field, inv, n, out) || DateOfTest(p, field, inv, n, out)) return true;
      ir::NodeId f = n.args[0], k = n.args[1];
      Op op = n.op;
      if (!is_field(f)) std::swap(f, k), op = Mirror(op);
      const ir::Value* kv = ConstantOf(inv, k);
      if (is_field(f) && !kv && op == Op::Eq && outer(k) && p.at(k).type.kind == p.at(f).type.kind) {
        const Column& c = column(f);
        if (c.encoding == Encoding::Float64) return false;
        EventTest t;
        t.column = &c;
        t.outer = k;
        out.push_back(std::move(t));
        return true;
      }
      if (!is_field(f) || !kv) return false;
      EventTest t;
      t.column = &column(f);
      if (!CompareTest(*t.column, op, p.at(f), p.at(k).type.kind, *kv, t)) return false;
      out.push_back(std::move(t));
      return true;
    }
    case Op::InSet: {
      if (DatePartTest(p, field, inv, n, out)) return true;
      const ir::NodeId f = n.args[0];
      if (!is_field(f)) return false;
      const Column& c = column(f);
      const TypeKind fk = p.at(f).type.kind;
      if (c.encoding == Encoding::Float64 || c.encoding == Encoding::Plain) return false;
      if (fk == TypeKind::String && c.encoding != Encoding::Dict32) return false;
      EventTest t;
      t.column = &c;
      t.is_set = true;
      for (size_t a = 1; a < n.args.size(); ++a) {
        const ir::Value* k = ConstantOf(inv, n.args[a]);
        if (!k || p.at(n.args[a]).type.kind != fk) return false;
        const i128 v = fk == TypeKind::String ? c.FindCode(k->s) : k->i;
        if (fk == TypeKind::String && v < 0) continue;  // matches no row
        EventTest one;
        StoredRange(c, v, v, one);
        if (one.lo == one.hi) t.set.push_back(one.lo);
      }
      out.push_back(std::move(t));
      return true;
    }
    case Op::CustomerField: case Op::LetRef: case Op::ListMember: case Op::Today: case Op::Now:
    case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime: case Op::Cast:
    case Op::DateToTimestamp: case Op::Neg: case Op::Add: case Op::Sub: case Op::Mul: case Op::Div:
    case Op::Min: case Op::Max: case Op::Or: case Op::Coalesce: case Op::If: case Op::Call: case Op::Agg:
    case Op::Population: case Op::Lookup: break;
  }
  return false;
}

// mask &= field == the row's outer value, for every row's events (see ApplyTest).
void ApplyOuterTest(const EventTest& t, const Vec& outer, const uint64_t* s, const uint64_t* e, size_t rows,
                    uint8_t* mask) {
  const Column& c = *t.column;
  ForEachSpan(c, s, e, rows, mask, [&](size_t r, uint64_t b, size_t n, uint8_t* m) {
    if (n == 0) return;
    if (!outer.Present(r)) {
      std::fill(m, m + n, uint8_t{0});
      return;
    }
    if (c.encoding == Encoding::Plain) {
      // Ids often share a prefix (`C-1234-`) and differ at the end: test the last byte first.
      const std::string_view want = outer.s[r];
      for (size_t i = 0; i < n; ++i) {
        const std::string_view got = c.Str(b + i);
        m[i] &= static_cast<uint8_t>(got.size() == want.size() && (want.empty() || got.back() == want.back()) && got == want);
      }
      return;
    }
    // The wanted logical value (a string's code) in stored units, if it is stored at all.
    i128 logical;
    if (c.encoding == Encoding::Dict32) {
      logical = c.FindCode(outer.s[r]);
      if (logical < 0) {
        std::fill(m, m + n, uint8_t{0});
        return;
      }
    } else {
      logical = outer.i[r];
    }
    EventTest one;
    StoredRange(c, logical, logical, one);
    WithStored(c, [&](const auto* v) {
      using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
      if constexpr (!std::is_floating_point_v<T>) RangeSpan<T>(v + b, n, one.lo, one.hi, 0, m);
    });
  });
}

// mask &= test, over every row's events [s[r], e[r]) in order, the rows' events one
// after the other in the mask.
void ApplyTest(const EventTest& t, const uint64_t* s, const uint64_t* e, size_t rows, uint8_t* mask) {
  const Column& c = *t.column;
  if (t.presence_only) {
    ForEachSpan(c, s, e, rows, mask, [](size_t, uint64_t, size_t, uint8_t*) {});
    return;
  }
  ForEachSpan(c, s, e, rows, mask, [&](size_t, uint64_t b, size_t n, uint8_t* m) {
    WithStored(c, [&](const auto* v) {
      using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
      if constexpr (std::is_floating_point_v<T>) {
        for (size_t i = 0; i < n; ++i) m[i] &= static_cast<uint8_t>(FloatCompare(t.float_op, v[b + i], t.f));
      } else if (t.per_quarter) {
        QuantumPassSpan<T>(c, v + b, n, t, m);
      } else if (t.clamp) {
        ClampedPassSpan<T>(v + b, n, t.lo, t.pass, m);
      } else if (!t.pass.empty()) {
        PassSpan<T>(v + b, n, t.lo, t.pass.data(), m);
      } else if (t.is_set) {
        SetSpan<T>(v + b, n, t.set, m);
      } else {
        RangeSpan<T>(v + b, n, t.lo, t.hi, t.negate ? 1 : 0, m);
      }
    });
  });
}

std::optional<EventTest> PlanCustomerTest(const ir::Program& p, const Database& db, ir::NodeId id,
                                          const std::vector<std::optional<ir::Value>>& invariant) {
  const ir::Node& n = p.at(id);
  switch (n.op) {
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
    case Op::InSet: break;
    case Op::Const: case Op::CustomerField: case Op::EventField: case Op::LetRef: case Op::ListMember:
    case Op::Today: case Op::Now: case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime:
    case Op::Cast: case Op::DateToTimestamp: case Op::Neg: case Op::Not: case Op::Add: case Op::Sub:
    case Op::Mul: case Op::Div: case Op::Min: case Op::Max: case Op::And: case Op::Or: case Op::IsPresent:
    case Op::Coalesce: case Op::If: case Op::Call: case Op::Agg: case Op::Population: case Op::Lookup:
      return std::nullopt;
  }
  if (db.customers < 0) return std::nullopt;
  FieldColumn customer = [&](ir::NodeId f) -> const Column* {
    return p.at(f).op == Op::CustomerField ? &db.customer_table().columns[p.at(f).a] : nullptr;
  };
  std::vector<EventTest> tests;
  const OuterNode none = [](ir::NodeId) { return false; };
  if (!AddTests(p, customer, invariant, none, id, tests) || tests.size() != 1) return std::nullopt;
  return std::move(tests[0]);
}

void RunCustomerTest(const EventTest& t, uint64_t first, size_t n, uint8_t* mask) {
  std::fill(mask, mask + n, uint8_t{1});
  const uint64_t s[1] = {first}, e[1] = {first + n};
  ApplyTest(t, s, e, 1, mask);
}

}  // namespace sam::interp
