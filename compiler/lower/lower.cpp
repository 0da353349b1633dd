// Checked AST -> IR: explicit conversions, desugared windows and comparisons, rows
// turned into per-field aggregates and lookups.
#include <algorithm>
#include <stdexcept>
#include <variant>

#include "compiler/lower/lower.hpp"

#include "ir/eval.hpp"
#include "schema/time_zone.hpp"

namespace sam::ir {
namespace {

using ast::ExprId;
using ast::ExprKind;

TriggerSource SourceOf(ast::TriggerSource s) {
  switch (s) {
    case ast::TriggerSource::OnDate: return TriggerSource::OnDate;
    case ast::TriggerSource::OnEvent: return TriggerSource::OnEvent;
    case ast::TriggerSource::YearlyDay: return TriggerSource::YearlyDay;
    case ast::TriggerSource::Yearly: return TriggerSource::Yearly;
    case ast::TriggerSource::Enters: return TriggerSource::Enters;
    case ast::TriggerSource::Leaves: return TriggerSource::Leaves;
    case ast::TriggerSource::Inactive: return TriggerSource::Inactive;
  }
  throw std::logic_error("IR lowering: trigger source");
}

std::optional<CampaignKind> KindOf(std::optional<ast::CampaignKind> k) {
  if (!k) return std::nullopt;
  switch (*k) {
    case ast::CampaignKind::Service: return CampaignKind::Service;
    case ast::CampaignKind::Commercial: return CampaignKind::Commercial;
  }
  throw std::logic_error("IR lowering: campaign kind");
}

Reentry ReentryOf(ast::Reentry r) {
  switch (r) {
    case ast::Reentry::Unset: return Reentry::Unset;
    case ast::Reentry::Never: return Reentry::Never;
    case ast::Reentry::After: return Reentry::After;
    case ast::Reentry::AfterExit: return Reentry::AfterExit;
  }
  throw std::logic_error("IR lowering: reentry");
}

Migrate MigrateOf(ast::Migrate m) {
  switch (m) {
    case ast::Migrate::Unset: return Migrate::Unset;
    case ast::Migrate::Continue: return Migrate::Continue;
    case ast::Migrate::Restart: return Migrate::Restart;
    case ast::Migrate::Exit: return Migrate::Exit;
  }
  throw std::logic_error("IR lowering: migrate");
}

QueryKind QueryKindOf(ast::QueryKind k) {
  switch (k) {
    case ast::QueryKind::Count: return QueryKind::Count;
    case ast::QueryKind::Show: return QueryKind::Show;
    case ast::QueryKind::Why: return QueryKind::Why;
  }
  throw std::logic_error("IR lowering: query kind");
}

class Lowerer {
 public:
  Lowerer(const ast::Tree& tree, const sema::Program& sema) : tree_(tree), sema_(sema) {}

  Program Run() {
    static_cast<Schema&>(p_) = sema_;
    p_.nodes.reserve(tree_.exprs.size() * 2);
    let_index_.assign(tree_.lets.size(), -1);
    for (int l : sema_.let_order) {
      let_index_[l] = static_cast<int>(p_.lets.size());
      const ast::LetDecl& d = tree_.lets[l];
      p_.lets.push_back(Let{std::string(d.name.text), sema_.let_types[l], kNone, d.segment, true, d.name.span});
    }
    for (int l : sema_.let_order) {
      Let& let = p_.lets[let_index_[l]];
      // A set is not a value of its own: its uses inline its elements (`x in benelux`).
      if (let.type.kind == TypeKind::Set) continue;
      NodeId root = Expr(tree_.lets[l].value);
      p_.lets[let_index_[l]].root = Coerce(root, let.type);
    }
    for (size_t i = 0; i < tree_.triggers.size(); ++i) p_.triggers.push_back(Trigger(static_cast<int>(i)));
    for (size_t i = 0; i < tree_.campaigns.size(); ++i) p_.campaigns.push_back(Campaign(static_cast<int>(i)));
    if (!tree_.policies.empty()) PolicyOf(tree_.policies[0]);
    for (const ast::RunDate& d : tree_.run_dates) p_.run_dates.emplace_back(d.span, d.day);
    for (const auto& q : tree_.queries) p_.queries.push_back(QueryOf(q));
    for (const auto& t : tree_.tests) p_.tests.push_back(TestOf(t));
    return std::move(p_);
  }

 private:
  const ast::Tree& tree_;
  const sema::Program& sema_;
  Program p_;
  std::vector<int> let_index_;

  Type TypeOf(ExprId id) const { return sema_.expr_types[id]; }

  NodeId Add(Op op, Type t, std::vector<NodeId> args, Span span, int32_t a = -1, int32_t b = -1, int32_t c = -1) {
    Node n{op, t, std::move(args), {}, a, b, c, span};
    return p_.Add(std::move(n));
  }

  NodeId Const(Type t, Value v, Span span) {
    Node n{Op::Const, t, {}, std::move(v), -1, -1, -1, span};
    return p_.Add(std::move(n));
  }

  NodeId Bool(Op op, std::vector<NodeId> args, Span span) {
    bool opt = false;
    return Add(op, Type::Of(TypeKind::Bool, opt), std::move(args), span);
  }

  // Makes an implicit conversion explicit: int -> decimal -> float, date -> timestamp.
  NodeId Coerce(NodeId n, Type target) {
    Type t = p_.at(n).type;
    if (t.is_error() || target.is_error()) return n;
    if (t.is_numeric() && target.is_numeric() && t.kind != target.kind) {
      return Add(Op::Cast, Type::Of(target.kind, t.optional), {n}, p_.at(n).span);
    }
    if (t.kind == TypeKind::Date && target.kind == TypeKind::Timestamp) {
      return Add(Op::DateToTimestamp, Type::Of(TypeKind::Timestamp, t.optional), {n}, p_.at(n).span);
    }
    return n;
  }

  // Brings two operands to one type for comparison or arithmetic between equals.
  std::pair<NodeId, NodeId> Common(NodeId a, NodeId b) {
    Type ta = p_.at(a).type, tb = p_.at(b).type;
    if (ta.is_numeric() && tb.is_numeric()) {
      TypeKind k = WidenNumeric(ta.kind, tb.kind);
      return {Coerce(a, Type::Of(k)), Coerce(b, Type::Of(k))};
    }
    if (ta.is_time() && tb.is_time() && ta.kind != tb.kind) {
      return {Coerce(a, Type::Of(TypeKind::Timestamp)), Coerce(b, Type::Of(TypeKind::Timestamp))};
    }
    return {a, b};
  }

  NodeId Literal(const ast::Expr& e, Type t) {
    Value v;
    switch (e.kind) {
      case ExprKind::String: v.s = e.sval; break;
      case ExprKind::Float: v.f = e.fval; break;
      case ExprKind::Timestamp: v.i = e.flag2 ? e.ival : WallClockToInstant(e.ival, p_.timezone); break;
      case ExprKind::Error: case ExprKind::Int: case ExprKind::Decimal: case ExprKind::Bool:
      case ExprKind::Date: case ExprKind::Duration: case ExprKind::Absent: case ExprKind::Name:
      case ExprKind::Today: case ExprKind::Now: case ExprKind::TriggerRef: case ExprKind::EntryRef:
      case ExprKind::CustomerRef: case ExprKind::Member: case ExprKind::Index: case ExprKind::Neg:
      case ExprKind::Not: case ExprKind::Binary: case ExprKind::Compare: case ExprKind::Coalesce:
      case ExprKind::Between: case ExprKind::Within: case ExprKind::InSet: case ExprKind::IsPresent:
      case ExprKind::If: case ExprKind::SetLit: case ExprKind::Call: case ExprKind::Aggregate:
      case ExprKind::TopBottom: case ExprKind::Score: v.i = e.ival; break;
    }
    return Const(t, std::move(v), e.span);
  }

  NodeId Field(const sema::Ref& r, Type t, Span span) {
    switch (r.kind) {
      case sema::RefKind::CustomerField: return Add(Op::CustomerField, t, {}, span, r.a);
      case sema::RefKind::EventField: return Add(Op::EventField, t, {}, span, r.a, r.b, r.c);
      case sema::RefKind::TriggerTime: return Add(Op::TriggerTime, t, {}, span);
      case sema::RefKind::TriggerField: return Add(Op::TriggerField, t, {}, span, r.a, r.b);
      case sema::RefKind::Let: return Add(Op::LetRef, t, {}, span, let_index_[r.a]);
      case sema::RefKind::List: return Add(Op::ListMember, t, {}, span, r.a);
      case sema::RefKind::Variant: {
        Value v;
        v.i = r.b;
        return Const(t, v, span);
      }
      case sema::RefKind::None: case sema::RefKind::EventRow: case sema::RefKind::Table:
      case sema::RefKind::RowField: break;
    }
    throw std::logic_error("IR lowering: a name that is not a value");
  }

  // `.field` of a row-valued expression.
  NodeId RowField(ExprId base, int table, int field, Type t, Span span) {
    const ast::Expr& b = tree_.at(base);
    if (b.kind == ExprKind::Aggregate) {
      // last(orders).amount: the last order's amount
      NodeId agg = Aggregate(base, [&](int depth) {
        return Add(Op::EventField, p_.tables[table].fields[field].type, {}, span, table, field, depth);
      });
      p_.at(agg).type = t;
      p_.at(agg).span = span;
      p_.aggs[p_.at(agg).a].row_field = true;
      return agg;
    }
    if (b.kind == ExprKind::Index) {
      const TableInfo& info = p_.tables[table];
      Type key_type = info.key >= 0 ? info.fields[info.key].type : Type{};
      NodeId key = Coerce(Expr(b.kids[1]), key_type);
      return Add(Op::Lookup, t, {key}, span, table, field);
    }
    if (b.kind == ExprKind::If) {
      NodeId c = Expr(b.kids[0]);
      return Add(Op::If, t, {c, RowField(b.kids[1], table, field, t, span), RowField(b.kids[2], table, field, t, span)}, span);
    }
    if (b.kind == ExprKind::Coalesce) {
      return Add(Op::Coalesce, t, {RowField(b.kids[0], table, field, t, span), RowField(b.kids[1], table, field, t, span)}, span);
    }
    throw std::logic_error("IR lowering: unsupported row expression");
  }

  // `first(orders where ...) is present`, `propositions[k] is present`.
  NodeId RowPresent(ExprId base, Span span) {
    const ast::Expr& b = tree_.at(base);
    Type boolean = Type::Of(TypeKind::Bool);
    switch (b.kind) {
      case ExprKind::Aggregate: {
        NodeId agg = Aggregate(base, [&](int) -> NodeId { return kNone; });
        p_.aggs[p_.at(agg).a].op = AggOp::Any;
        p_.at(agg).type = boolean;
        return agg;
      }
      case ExprKind::Index: {
        int table = TypeOf(base).ref;
        const TableInfo& info = p_.tables[table];
        NodeId key = Coerce(Expr(b.kids[1]), info.fields[info.key].type);
        NodeId row_key = Add(Op::Lookup, info.fields[info.key].type.Optional(), {key}, span, table, info.key);
        return Bool(Op::IsPresent, {row_key}, span);
      }
      case ExprKind::If:
        return Add(Op::If, boolean, {Expr(b.kids[0]), RowPresent(b.kids[1], span), RowPresent(b.kids[2], span)}, span);
      case ExprKind::Coalesce:
        return Bool(Op::Or, {RowPresent(b.kids[0], span), RowPresent(b.kids[1], span)}, span);
      case ExprKind::Error: case ExprKind::Int: case ExprKind::Decimal: case ExprKind::Float:
      case ExprKind::String: case ExprKind::Bool: case ExprKind::Date: case ExprKind::Timestamp:
      case ExprKind::Duration: case ExprKind::Absent: case ExprKind::Name: case ExprKind::Today:
      case ExprKind::Now: case ExprKind::TriggerRef: case ExprKind::EntryRef: case ExprKind::CustomerRef:
      case ExprKind::Member: case ExprKind::Neg: case ExprKind::Not: case ExprKind::Binary:
      case ExprKind::Compare: case ExprKind::Between: case ExprKind::Within: case ExprKind::InSet:
      case ExprKind::IsPresent: case ExprKind::SetLit: case ExprKind::Call: case ExprKind::TopBottom:
      case ExprKind::Score: break;
    }
    // The current event or the customer: always there.
    Value yes;
    yes.i = 1;
    return Const(boolean, yes, span);
  }

  template <typename ValueFn>
  NodeId Aggregate(ExprId id, ValueFn value_of) {
    const ast::Expr& e = tree_.at(id);
    const ast::Stream& s = tree_.streams[e.stream];
    AggSpec spec;
    spec.op = static_cast<AggOp>(e.op);
    spec.distinct = e.flag;
    spec.table = sema_.stream_tables[e.stream];
    spec.depth = depth_;
    const TableInfo& info = p_.tables[spec.table];
    bool date_column = info.time >= 0 && info.fields[info.time].type.kind == TypeKind::Date;
    Type bound_type = Type::Of(date_column ? TypeKind::Date : TypeKind::Timestamp);
    const Type duration = Type::Of(TypeKind::Duration);
    auto micros = [&](int64_t n, Span span) {
      Value v;
      v.i = n;
      return Const(duration, v, span);
    };
    // A date column's event is at its date's 00:00 in the program's zone
    // (docs/language.md, "Windows are half-open"): `at >= T` and `at < T` hold from
    // the first date whose start is at or after T, which is the date of the instant
    // just before T, plus one. (Its date alone would count the day T falls in.)
    auto date_of = [&](NodeId t) {
      return Add(Op::Call, bound_type, {t}, p_.at(t).span, static_cast<int32_t>(stdlib::BuiltinId::DateOf));
    };
    auto first_date_from = [&](NodeId t) {
      const Span span = p_.at(t).span;
      NodeId before = Add(Op::Sub, Type::Of(TypeKind::Timestamp), {t, micros(1, span)}, span);
      return Add(Op::Add, bound_type, {date_of(before), micros(kMicrosPerDay, span)}, span);
    };
    auto to_bound = [&](NodeId n) {
      if (date_column && p_.at(n).type.kind == TypeKind::Timestamp) return first_date_from(n);
      return Coerce(n, bound_type);
    };
    auto tighten = [&](NodeId& slot, NodeId n, Op pick) {
      slot = slot == kNone ? n : Add(pick, bound_type, {slot, n}, p_.at(n).span);
    };
    for (const auto& w : s.windows) {
      NodeId a = Expr(w.a);
      switch (w.kind) {
        case ast::WindowKind::Within: {
          // `now - D <= at`: exact, as durations are, also over a date column.
          const Type timestamp = Type::Of(TypeKind::Timestamp);
          NodeId from = Add(Op::Sub, timestamp, {Add(Op::Now, timestamp, {}, w.span), a}, w.span);
          tighten(spec.low, to_bound(from), Op::Max);
          break;
        }
        case ast::WindowKind::Since: tighten(spec.low, to_bound(a), Op::Max); break;
        case ast::WindowKind::After: {
          // `at > T`: a date column's dates after the one T falls in (its start is at
          // or before T).
          const NodeId bound =
              date_column && p_.at(a).type.kind == TypeKind::Timestamp ? date_of(a) : Coerce(a, bound_type);
          tighten(spec.low, Add(Op::Add, bound_type, {bound, micros(date_column ? kMicrosPerDay : 1, w.span)}, w.span),
                  Op::Max);
          break;
        }
        case ast::WindowKind::Before: tighten(spec.high, to_bound(a), Op::Min); break;
        case ast::WindowKind::Between:
          tighten(spec.low, to_bound(a), Op::Max);
          tighten(spec.high, to_bound(Expr(w.b)), Op::Min);
          break;
      }
    }
    ++depth_;
    if (s.where != ast::kNoExpr) spec.filter = Expr(s.where);
    if (!s.field.empty()) {
      int f = info.Find(s.field.text);
      spec.value = Add(Op::EventField, info.fields[f].type, {}, s.field.span, spec.table, f, depth_ - 1);
    } else if (s.value != ast::kNoExpr) {
      spec.value = Expr(s.value);
    } else {
      spec.value = value_of(depth_ - 1);
    }
    --depth_;
    Type t = TypeOf(id);
    // Sums and averages compute in the result's type.
    if (spec.value != kNone && (spec.op == AggOp::Sum)) spec.value = Coerce(spec.value, t.Required());
    p_.aggs.push_back(spec);
    return Add(Op::Agg, t, {}, e.span, static_cast<int32_t>(p_.aggs.size() - 1));
  }

  int depth_ = 0;

  NodeId Population(ExprId id, PopSpec spec, ExprId value, const ast::Ident& among) {
    const ast::Expr& e = tree_.at(id);
    if (!among.empty()) {
      for (size_t l = 0; l < tree_.lets.size(); ++l) {
        if (tree_.lets[l].name.text == among.text) spec.among = let_index_[l];
      }
    }
    p_.pops.push_back(spec);
    return Add(Op::Population, TypeOf(id), {Expr(value)}, e.span, static_cast<int32_t>(p_.pops.size() - 1));
  }

  std::vector<NodeId> SetElements(ExprId set, NodeId value) {
    const ast::Expr& s = tree_.at(set);
    std::vector<NodeId> out{value};
    if (s.kind == ExprKind::SetLit) {
      for (ExprId el : s.kids) out.push_back(Expr(el));
    } else if (s.kind == ExprKind::Name && sema_.refs[set].kind == sema::RefKind::Let) {
      return SetElements(tree_.lets[sema_.refs[set].a].value, value);
    }
    // The value and every element in one type: the first pass widens the value to the
    // widest (`1 in {1, 2.5}`: a float), the second brings each element to it (after
    // one pass the elements before the widest one kept their own type).
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t i = 1; i < out.size(); ++i) std::tie(out[0], out[i]) = Common(out[0], out[i]);
    }
    return out;
  }

 public:
  NodeId Expr(ExprId id) {
    const ast::Expr& e = tree_.at(id);
    Type t = TypeOf(id);
    switch (e.kind) {
      case ExprKind::Int:
      case ExprKind::Decimal:
      case ExprKind::Float:
      case ExprKind::String:
      case ExprKind::Bool:
      case ExprKind::Date:
      case ExprKind::Timestamp:
      case ExprKind::Duration: return Literal(e, t);
      case ExprKind::Today: return Add(Op::Today, t, {}, e.span);
      case ExprKind::Now: return Add(Op::Now, t, {}, e.span);
      case ExprKind::EntryRef: return Add(Op::EntryTime, t, {}, e.span);
      case ExprKind::Name: return Field(sema_.refs[id], t, e.span);
      case ExprKind::Member: {
        const sema::Ref& r = sema_.refs[id];
        if (r.kind == sema::RefKind::Variant) return Field(r, t, e.span);
        if (r.kind == sema::RefKind::RowField) return RowField(e.kids[0], r.a, r.b, t, e.span);
        return Field(r, t, e.span);
      }
      case ExprKind::Neg: return Add(Op::Neg, t, {Expr(e.kids[0])}, e.span);
      case ExprKind::Not: return Bool(Op::Not, {Expr(e.kids[0])}, e.span);
      case ExprKind::Binary: {
        auto op = static_cast<ast::BinaryOp>(e.op);
        NodeId a = Expr(e.kids[0]), b = Expr(e.kids[1]);
        switch (op) {
          case ast::BinaryOp::And: return Bool(Op::And, {a, b}, e.span);
          case ast::BinaryOp::Or: return Bool(Op::Or, {a, b}, e.span);
          case ast::BinaryOp::Add: case ast::BinaryOp::Sub: case ast::BinaryOp::Mul:
          case ast::BinaryOp::Div: break;
        }
        Type ta = p_.at(a).type, tb = p_.at(b).type;
        if (ta.is_numeric() && tb.is_numeric()) {
          // int / int computes in decimals.
          TypeKind k = op == ast::BinaryOp::Div ? t.kind : WidenNumeric(ta.kind, tb.kind);
          a = Coerce(a, Type::Of(k));
          b = Coerce(b, Type::Of(k));
        } else if (ta.is_time() && tb.is_time()) {
          std::tie(a, b) = Common(a, b);
        }
        static constexpr Op ops[] = {Op::Add, Op::Sub, Op::Mul, Op::Div};
        return Add(ops[static_cast<int>(op)], t, {a, b}, e.span);
      }
      case ExprKind::Compare: {
        auto [a, b] = Common(Expr(e.kids[0]), Expr(e.kids[1]));
        static constexpr Op ops[] = {Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge};
        return Bool(ops[e.op], {a, b}, e.span);
      }
      case ExprKind::Coalesce: {
        NodeId a = Coerce(Expr(e.kids[0]), t), b = Coerce(Expr(e.kids[1]), t);
        return Add(Op::Coalesce, t, {a, b}, e.span);
      }
      case ExprKind::Between: {
        NodeId x = Expr(e.kids[0]);
        auto [x1, lo] = Common(x, Expr(e.kids[1]));
        auto [x2, hi] = Common(x, Expr(e.kids[2]));
        return Bool(Op::And, {Bool(Op::Ge, {x1, lo}, e.span), Bool(Op::Le, {x2, hi}, e.span)}, e.span);
      }
      case ExprKind::Within: {
        // x within d  ==  now - d <= x < now
        Type ts = Type::Of(TypeKind::Timestamp);
        NodeId x = Coerce(Expr(e.kids[0]), ts);
        NodeId now = Add(Op::Now, ts, {}, e.span);
        NodeId from = Add(Op::Sub, ts, {now, Expr(e.kids[1])}, e.span);
        return Bool(Op::And, {Bool(Op::Ge, {x, from}, e.span), Bool(Op::Lt, {x, now}, e.span)}, e.span);
      }
      case ExprKind::InSet: {
        std::vector<NodeId> elements = SetElements(e.kids[1], Expr(e.kids[0]));
        if (elements.size() == 1) {  // `x in {}`: no value is in an empty set (the checker warns)
          Value v;
          v.i = e.flag ? 1 : 0;
          return Const(Type::Of(TypeKind::Bool), v, e.span);
        }
        NodeId in = Bool(Op::InSet, std::move(elements), e.span);
        return e.flag ? Bool(Op::Not, {in}, e.span) : in;
      }
      case ExprKind::IsPresent: {
        NodeId present = TypeOf(e.kids[0]).kind == TypeKind::Row ? RowPresent(e.kids[0], e.span)
                                                                 : Bool(Op::IsPresent, {Expr(e.kids[0])}, e.span);
        return e.flag ? Bool(Op::Not, {present}, e.span) : present;
      }
      case ExprKind::If: {
        NodeId c = Expr(e.kids[0]);
        return Add(Op::If, t, {c, Coerce(Expr(e.kids[1]), t), Coerce(Expr(e.kids[2]), t)}, e.span);
      }
      case ExprKind::Call: {
        const stdlib::BuiltinInfo* b = stdlib::FindBuiltin(e.name.text);
        if (b->category == stdlib::Category::Population) {
          PopSpec spec{b->id == stdlib::BuiltinId::Rank ? PopSpec::Rank : PopSpec::Percentile};
          return Population(id, spec, e.kids[0], e.among);
        }
        std::vector<NodeId> args;
        for (size_t i = 0; i < e.kids.size(); ++i) {
          NodeId a = Expr(e.kids[i]);
          // `number` parameters of one signature share the widest type (least,
          // greatest); others keep theirs (round's digits stay an int).
          bool number = i < b->params.size() &&
                        std::find(b->params[i].alternatives.begin(), b->params[i].alternatives.end(),
                                  stdlib::SigType::Number) != b->params[i].alternatives.end();
          if (number && b->result == stdlib::SigType::Same && t.is_numeric()) a = Coerce(a, Type::Of(t.kind));
          // An int for `decimal|float` becomes a decimal (the checker typed the call so).
          if (i < b->params.size() && p_.at(a).type.is_numeric()) {
            a = Coerce(a, Type::Of(stdlib::ParamKind(b->params[i], p_.at(a).type.kind)));
          }
          args.push_back(a);
        }
        return Add(Op::Call, t, std::move(args), e.span, static_cast<int32_t>(b->id));
      }
      case ExprKind::Aggregate:
        return Aggregate(id, [&](int) -> NodeId { return kNone; });
      case ExprKind::TopBottom: {
        PopSpec spec{e.flag ? PopSpec::Bottom : PopSpec::Top, e.flag2, e.ival};
        return Population(id, spec, e.kids[0], e.among);
      }
      case ExprKind::Score: {
        NodeId sum = kNone;
        for (size_t i = 0; i + 1 < e.kids.size(); i += 2) {
          NodeId w = Coerce(Expr(e.kids[i]), t);
          Value zero;
          NodeId term = Add(Op::If, t, {Expr(e.kids[i + 1]), w, Const(t, zero, e.span)}, e.span);
          sum = sum == kNone ? term : Add(Op::Add, t, {sum, term}, e.span);
        }
        if (sum == kNone) return Const(t, Value{}, e.span);
        return sum;
      }
      case ExprKind::Error: case ExprKind::Absent: case ExprKind::TriggerRef: case ExprKind::CustomerRef:
      case ExprKind::Index: case ExprKind::SetLit: break;
    }
    throw std::logic_error("IR lowering: unexpected expression");
  }

 private:
  NodeId Maybe(ExprId id) { return id == ast::kNoExpr ? kNone : Expr(id); }

  ir::Trigger Trigger(int index) {
    const ast::TriggerDecl& t = tree_.triggers[index];
    ir::Trigger out;
    out.name = std::string(t.name.text);
    out.source = SourceOf(t.source);
    out.span = t.span;
    out.month_day = t.month_day;
    if (t.stream != ast::kNoStream) {
      out.table = sema_.stream_tables[t.stream];
      ++depth_;
      out.filter = Maybe(tree_.streams[t.stream].where);
      --depth_;
    }
    out.when = Maybe(t.expr);
    if (!t.segment.empty()) {
      for (size_t l = 0; l < tree_.lets.size(); ++l) {
        if (tree_.lets[l].name.text == t.segment.text) out.segment = let_index_[l];
      }
    }
    for (const auto& c : t.clauses) {
      switch (c.kind) {
        case ast::TriggerClauseKind::After: out.delay = Expr(c.expr); break;
        case ast::TriggerClauseKind::If:
          out.condition = out.condition == kNone ? Expr(c.expr) : Bool(Op::And, {out.condition, Expr(c.expr)}, c.span);
          break;
        case ast::TriggerClauseKind::Unless:
          out.unless = out.unless == kNone ? Expr(c.expr) : Bool(Op::Or, {out.unless, Expr(c.expr)}, c.span);
          break;
        case ast::TriggerClauseKind::Per: out.key_field = p_.tables[out.table].Find(c.name.text); break;
      }
    }
    return out;
  }

  ir::Campaign Campaign(int index) {
    const ast::Campaign& c = tree_.campaigns[index];
    ir::Campaign out;
    out.name = std::string(c.name.text);
    out.key = c.key;
    out.stage = std::string(c.stage.text);
    out.kind = KindOf(c.kind);
    for (const auto& r : c.requires_consent) out.consents.emplace_back(r.text);
    out.channel = std::string(c.channel.text);
    out.audience = Maybe(c.audience);
    out.trigger = sema_.trigger_of_campaign[index];
    for (const auto& s : c.steps) {
      Step step{s.message, s.at == ast::kNoExpr ? 0 : tree_.at(s.at).ival, Maybe(s.cond), std::string(s.channel.text),
                s.span};
      out.steps.push_back(std::move(step));
    }
    out.exit = Maybe(c.exit);
    out.priority = c.priority.value_or(0);
    out.holdout = c.holdout.value_or(0);
    out.reentry = ReentryOf(c.reentry);
    out.reentry_after = Maybe(c.reentry_after);
    out.limit = c.limit;
    out.send_minute = c.send_minute;
    out.migrate = MigrateOf(c.migrate);
    out.base = c.base;
    out.paused = c.paused;
    out.from_day = c.from_day;
    out.until_day = c.until_day;
    for (const auto& m : c.metrics) out.metrics.emplace_back(std::string(m.name.text), Expr(m.value));
    out.span = c.span;
    return out;
  }

  Query QueryOf(const ast::Query& q) {
    Query out;
    out.kind = QueryKindOf(q.kind);
    out.span = q.span;
    out.limit = q.limit;
    if (q.kind == ast::QueryKind::Why) {
      out.customer = q.customer;
      for (size_t c = 0; c < p_.campaigns.size(); ++c) {
        if (p_.campaigns[c].name == q.target.text) out.campaign = static_cast<int>(c);
      }
      return out;
    }
    if (!q.target.empty()) {
      for (size_t l = 0; l < tree_.lets.size(); ++l) {
        if (tree_.lets[l].segment && tree_.lets[l].name.text == q.target.text) out.segment = let_index_[l];
      }
    }
    if (q.where != ast::kNoExpr) out.where = Expr(q.where);
    for (const auto& c : q.columns) {
      // Without `as`, the runner names a column by its text in the query.
      out.columns.emplace_back(std::string(c.alias.text), Expr(c.expr));
    }
    return out;
  }

  // A record field's value: a constant (the checker allows nothing else), lowered
  // and coerced like any expression, then computed here so that the runner of tests
  // gets plain values.
  Value ConstantOf(NodeId id) {
    const Node& n = p_.at(id);
    if (n.op == Op::Const) return n.value;
    std::vector<Operand> args;
    for (NodeId a : n.args) args.push_back({p_.at(a).type, ConstantOf(a)});
    auto v = ir::Evaluate(n.op, n.type, n.a, args, p_.timezone);
    if (auto* value = std::get_if<Value>(&v)) return *value;
    throw std::logic_error("IR lowering: a test value that is not a constant: " + std::get<EvalError>(v).message);
  }

  TestRows RowsOf(const ast::TestRows& rows) {
    TestRows out;
    for (size_t t = 0; t < p_.tables.size(); ++t) {
      if (p_.tables[t].name == rows.table.text) out.table = static_cast<int>(t);
    }
    const TableInfo& info = p_.tables[out.table];
    for (const ast::Record& r : rows.rows) {
      Value absent;
      absent.absent = true;
      std::vector<Value> row(info.fields.size(), absent);
      for (const ast::RecordField& f : r.fields) {
        const int fi = info.Find(f.name.text);
        if (f.value != ast::kNoExpr) row[fi] = ConstantOf(Coerce(Expr(f.value), info.fields[fi].type.Required()));
      }
      out.rows.push_back(std::move(row));
      out.spans.push_back(r.span);
    }
    return out;
  }

  Expectation ExpectationOf(const ast::Expectation& e) {
    Expectation out;
    out.span = e.span;
    out.customer = e.customer.value_or("");
    out.count = e.count;
    out.step = e.step;
    out.on_day = e.on_day;
    switch (e.kind) {
      case ast::ExpectKind::Holds:
        out.kind = ExpectKind::Holds;
        out.condition = Expr(e.expr);
        break;
      case ast::ExpectKind::Count:
        out.kind = ExpectKind::Count;
        for (size_t l = 0; l < tree_.lets.size() && !e.name.empty(); ++l) {
          if (tree_.lets[l].segment && tree_.lets[l].name.text == e.name.text) out.segment = let_index_[l];
        }
        break;
      case ast::ExpectKind::Contact:
      case ast::ExpectKind::NoContact:
        out.kind = e.kind == ast::ExpectKind::Contact ? ExpectKind::Contact : ExpectKind::NoContact;
        for (size_t c = 0; c < p_.campaigns.size(); ++c) {
          if (p_.campaigns[c].name == e.name.text) out.campaign = static_cast<int>(c);
        }
        break;
    }
    return out;
  }

  Test TestOf(const ast::Test& t) {
    Test out;
    out.name = t.name;
    out.span = t.span;
    out.today = t.today.value_or(0);
    for (const auto& rows : t.rows) out.tables.push_back(RowsOf(rows));
    for (const auto& e : t.expects) out.expects.push_back(ExpectationOf(e));
    return out;
  }

  void PolicyOf(const ast::Policy& p) {
    Policy& out = p_.policy;
    out.present = true;
    out.timezone = Maybe(p.timezone);
    for (const auto& c : p.caps) {
      out.caps.push_back({c.max, Expr(c.per), c.per_channel, c.per_campaign, c.per_kind, std::string(c.on_channel.text),
                          KindOf(c.for_kind), c.span});
    }
    for (const auto& q : p.quiet) out.quiet.push_back({q.from_minute, q.to_minute, std::string(q.channel.text), q.span});
    for (const auto& c : p.consents) {
      Type ts = Type::Of(TypeKind::Timestamp, true);
      auto evidence = [&](ExprId e) { return e == ast::kNoExpr ? kNone : Coerce(Expr(e), ts); };
      out.consents.push_back(
          {std::string(c.purpose.text), evidence(c.granted), evidence(c.confirmed), evidence(c.withdrawn), c.span});
    }
    for (const auto& s : p.suppressions) out.suppressions.push_back({Expr(s.cond), std::string(s.channel.text), s.span});
    for (const auto& f : p.portfolios) out.portfolios.push_back({f.base, f.lo, f.hi});
    for (const auto& a : p.addresses) {
      out.addresses.emplace_back(std::string(a.channel.text), std::string(a.field.text));
      out.address_spans.push_back(a.span);
    }
    for (const auto& a : p.allows) out.allows.push_back({std::string(a.channel.text), Expr(a.cond), a.span});
    for (const auto& s : p.suggestions) {
      int seg = -1;
      for (size_t l = 0; l < tree_.lets.size(); ++l) {
        if (tree_.lets[l].name.text == s.segment.text) seg = let_index_[l];
      }
      std::vector<std::pair<std::string, int64_t>> prio;
      for (const auto& [name, n] : s.priorities) prio.emplace_back(std::string(name.text), n);
      out.suggestions.emplace_back(seg, std::move(prio));
    }
    for (const auto& r : p.rates) {
      out.rates.emplace_back(std::string(r.channel.text), r.count, Expr(r.per));
      out.rate_spans.push_back(r.span);
    }
    for (const auto& h : p.histories) out.histories.push_back(HistoryOf(h));
  }

  ContactHistory HistoryOf(const ast::ContactHistory& h) {
    ContactHistory out;
    out.table = sema_.stream_tables[h.stream];
    ++depth_;
    out.filter = Maybe(tree_.streams[h.stream].where);
    --depth_;
    auto value = [&](const ast::HistoryValue& v) {
      HistoryValue hv;
      if (v.constant) hv.text = v.text;
      if (!v.field.empty()) hv.field = p_.tables[out.table].Find(v.field.text);
      return hv;
    };
    out.channel = value(h.channel);
    out.campaign = value(h.campaign);
    out.kind = value(h.kind);
    out.span = h.span;
    return out;
  }
};

}  // namespace
}  // namespace sam::ir

namespace sam {

ir::Program Lower(const ast::Tree& tree, const sema::Program& sema) { return ir::Lowerer(tree, sema).Run(); }

}  // namespace sam
