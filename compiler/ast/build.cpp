#include "compiler/ast/build.hpp"

#include <fmt/format.h>

#include "base/suggest.hpp"
#include "schema/value_text.hpp"

namespace sam::ast {
namespace {

using grammar::NodeKind;
using grammar::ParseNode;
using Nodes = std::vector<std::unique_ptr<ParseNode>>;

class Builder {
 public:
  Builder(FileId file, Tree& tree, Diagnostics& diags) : file_(file), tree_(tree), diags_(diags) {}

  void Program(const ParseNode& root) {
    tree_.files.push_back(File{file_, {}, {}});
    // About one expression per 8 bytes of source: growing the vector costs more than
    // the estimate's slack.
    tree_.exprs.reserve(tree_.exprs.size() + root.end / 8);
    for (const auto& d : root.children) Declaration(*d);
  }

 private:
  static constexpr size_t kMaxExprDepth = 1000;
  FileId file_;
  Tree& tree_;
  Diagnostics& diags_;
  size_t level_ = 0;  // operator links above the expression being built

  File& file() { return tree_.files.back(); }
  Span SpanOf(const ParseNode& n) const { return Span{file_, n.begin, n.end}; }
  Span SpanOf(const ParseNode& a, const ParseNode& b) const { return Span{file_, a.begin, b.end}; }

  // A name's text: a quoted name without its backticks.
  static std::string_view Unquote(std::string_view t) {
    return t.size() >= 2 && t.front() == '`' && t.back() == '`' ? t.substr(1, t.size() - 2) : t;
  }

  // A name where one is declared or used; reserved words are reported here. `field`:
  // the declaration of a field, whose help shows how to read a column of that name.
  Ident Name(const ParseNode& n, const ParseNode* field_type = nullptr) {
    Ident id{Unquote(n.text), SpanOf(n)};
    if (n.kind == NodeKind::ReservedName) {
      auto& d = diags_.Report(DiagKind::ReservedWord, id.span, fmt::format("`{}` is a reserved word", n.text))
                    .Help(fmt::format("write it between backticks to use it as a name: `` `{}` ``", n.text));
      if (field_type) {
        d.Help(fmt::format("or give the field a name of your own and read the file's column `{}` into it: `{}_: {} from \"{}\"`",
                           n.text, n.text, field_type->text, n.text));
      } else {
        d.Help(fmt::format("or choose another name, such as `{}_`", n.text));
      }
    }
    return id;
  }


  template <typename T>
  std::optional<T> Value(const Decoded<T>& d, const ParseNode& n) {
    if (auto* e = std::get_if<LiteralError>(&d)) {
      diags_.Report(DiagKind::InvalidLiteral, SpanOf(n), e->message);
      return std::nullopt;
    }
    return std::get<T>(d);
  }

  std::string String(const ParseNode& n) {
    size_t off = 0;
    auto d = DecodeString(n.text, &off);
    if (auto* e = std::get_if<LiteralError>(&d)) {
      Span s{file_, static_cast<uint32_t>(n.begin + off), static_cast<uint32_t>(n.begin + off + 2)};
      diags_.Report(DiagKind::InvalidLiteral, s, e->message);
      return {};
    }
    return std::get<std::string>(d);
  }

  std::optional<int64_t> Percent(const ParseNode& n) {
    auto d = DecodePercent(n.text);
    if (auto* e = std::get_if<LiteralError>(&d)) {
      diags_.Report(DiagKind::PercentRange, SpanOf(n), e->message);
      return std::nullopt;
    }
    return std::get<int64_t>(d);
  }

  int64_t Int(const ParseNode& n) { return Value(DecodeInt(n.text), n).value_or(0); }
  int64_t Date(const ParseNode& n) { return Value(DecodeDate(n.text), n).value_or(0); }
  int TimeOfDay(const ParseNode& n) { return Value(DecodeTimeOfDay(n.text), n).value_or(0); }

  // ---- declarations ------------------------------------------------------------
  void Declaration(const ParseNode& n) {
    switch (n.kind) {
      case NodeKind::Import: file().imports.push_back(Import{String(*n.children[0]), SpanOf(n)}); break;
      case NodeKind::TimeZone:
        file().timezones.push_back({String(*n.children[0]), SpanOf(*n.children[0])});
        break;
      case NodeKind::Schema:
        for (const auto& t : n.children) TableDecl(*t);
        break;
      case NodeKind::EnumDecl: Enum(n); break;
      case NodeKind::LetDecl: Let(n, false); break;
      case NodeKind::SegmentDecl: Let(n, true); break;
      case NodeKind::TriggerDecl: Trigger(n); break;
      case NodeKind::CampaignDecl: CampaignDecl(n); break;
      case NodeKind::PolicyDecl: PolicyDecl(n); break;
      case NodeKind::TestDecl: TestDecl(n); break;
      case NodeKind::QueryStmt: QueryStmt(n); break;
      case NodeKind::Garbage: Garbage(n); break;
      case NodeKind::Broken: {
        std::string_view t = n.text;
        size_t sp = t.find_first_of(" \t");
        BrokenDecl b{t.substr(0, sp), {}};
        if (sp != std::string_view::npos) {
          size_t start = t.find_first_not_of(" \t", sp);
          if (start != std::string_view::npos) {
            b.name = Ident{Unquote(t.substr(start)), Span{file_, static_cast<uint32_t>(n.begin + start), n.end}};
          }
        }
        if (b.word == "schema" || b.word == "enum" || b.word == "import" || b.word == "timezone") tree_.incomplete = true;
        tree_.broken.push_back(b);
        break;
      }
      case NodeKind::None: case NodeKind::Program: case NodeKind::CustomersTable:
      case NodeKind::EventsTable: case NodeKind::RefTable: case NodeKind::ListTable: case NodeKind::Field:
      case NodeKind::TypeName: case NodeKind::EnumType: case NodeKind::OptionalMark:
      case NodeKind::TrigOnDate: case NodeKind::TrigOnStream: case NodeKind::TrigYearlyDay:
      case NodeKind::TrigYearly: case NodeKind::TrigEnters: case NodeKind::TrigLeaves:
      case NodeKind::TrigInactive: case NodeKind::TrigClause: case NodeKind::CampaignKey:
      case NodeKind::Clause: case NodeKind::PolicyRule: case NodeKind::ConsentPart:
      case NodeKind::SuggestEntry: case NodeKind::TestItem: case NodeKind::Record:
      case NodeKind::RecordField: case NodeKind::ShowColumn: case NodeKind::Name:
      case NodeKind::ReservedName: case NodeKind::Word: case NodeKind::IfExpr: case NodeKind::OrExpr:
      case NodeKind::AndExpr: case NodeKind::NotExpr: case NodeKind::CmpExpr: case NodeKind::CoalesceExpr:
      case NodeKind::AddExpr: case NodeKind::MulExpr: case NodeKind::NegExpr: case NodeKind::PostfixExpr:
      case NodeKind::Member: case NodeKind::Index: case NodeKind::Op: case NodeKind::CmpBetween:
      case NodeKind::CmpWithin: case NodeKind::CmpIn: case NodeKind::CmpNotIn: case NodeKind::CmpTop:
      case NodeKind::CmpIs: case NodeKind::Among: case NodeKind::Call: case NodeKind::Aggregate:
      case NodeKind::Distinct: case NodeKind::AggValue: case NodeKind::Stream: case NodeKind::TrigStream:
      case NodeKind::Alias: case NodeKind::Projection: case NodeKind::Window: case NodeKind::Where:
      case NodeKind::SetLit: case NodeKind::Score: case NodeKind::ScoreEntry: case NodeKind::Paren:
      case NodeKind::IntLit: case NodeKind::DecimalLit: case NodeKind::FloatLit: case NodeKind::StringLit:
      case NodeKind::BoolLit: case NodeKind::DateLit: case NodeKind::TimestampLit:
      case NodeKind::DurationLit: case NodeKind::TimeLit: case NodeKind::MonthDayLit:
      case NodeKind::PercentLit: case NodeKind::BadLiteral: case NodeKind::Today: case NodeKind::Now:
      case NodeKind::TriggerRef: case NodeKind::EntryRef: case NodeKind::CustomerRef:
      case NodeKind::AbsentLit: break;
    }
  }

  void Garbage(const ParseNode& n) {
    tree_.syntax_errors = true;
    std::string_view t = n.text;
    if (t.size() > 40) {
      size_t cut = 40;
      while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
      t = t.substr(0, cut);
    }
    if (t.substr(0, t.find_first_of(" \t\r\n")) == "among") {
      // `count customers among customers`: what a ranking's `among` was taken for.
      diags_.Report(DiagKind::UnknownDeclaration, SpanOf(n), "`among` does not go here: a query is over every customer")
          .Help("leave out `among ...`; to count a segment's members write `count SEGMENT`; `among` belongs to a "
                "ranking: `x in top 10% among SEGMENT`");
      return;
    }
    auto& d = diags_.Report(DiagKind::UnknownDeclaration, SpanOf(n),
                            fmt::format("expected a declaration, found `{}`", t));
    if (auto best = ClosestMatch(n.text, grammar::DeclarationWords())) {
      d.Help(fmt::format("did you mean `{}`?", *best));
      d.Fix(SpanOf(n), *best);
    }
  }

  TypeRef Type(const Nodes& kids, size_t& i) {
    TypeRef t;
    const ParseNode& n = *kids[i++];
    t.span = SpanOf(n);
    if (n.kind == NodeKind::EnumType) {
      t.is_enum = true;
      for (const auto& v : n.children) t.variants.push_back(Name(*v));
    } else {
      t.name = Ident{Unquote(n.text), SpanOf(n)};
    }
    if (i < kids.size() && kids[i]->kind == NodeKind::OptionalMark) {
      t.optional = true;
      t.span = Span::Join(t.span, SpanOf(*kids[i]));
      ++i;
    }
    return t;
  }

  void Fields(const Nodes& kids, size_t i, Table& t) {
    for (; i < kids.size(); ++i) {
      const ParseNode& f = *kids[i];
      size_t k = 1;
      Field field{Name(*f.children[0], f.children.size() > 1 ? f.children[1].get() : nullptr), {}, {}, {}};
      field.type = Type(f.children, k);
      // `from "order date"`: the word `from`, then the column's name.
      if (k + 1 < f.children.size() && f.children[k]->kind == NodeKind::Word) {
        const ParseNode& col = *f.children[k + 1];
        field.column = String(col);
        field.column_span = SpanOf(col);
      }
      t.fields.push_back(std::move(field));
    }
  }

  void TableDecl(const ParseNode& n) {
    Table t;
    t.span = SpanOf(n);
    const auto& c = n.children;
    switch (n.kind) {
      case NodeKind::CustomersTable:
        t.kind = TableKind::Customers;
        t.name = Ident{"customers", Span{file_, n.begin, n.begin + 9}};
        t.key = Name(*c[0]);
        Fields(c, 1, t);
        break;
      case NodeKind::EventsTable:
        t.kind = TableKind::Events;
        t.name = Name(*c[0]);
        t.key = Name(*c[1]);
        t.time = Name(*c[2]);
        Fields(c, 3, t);
        break;
      case NodeKind::RefTable:
        t.kind = TableKind::Reference;
        t.name = Name(*c[0]);
        t.key = Name(*c[1]);
        Fields(c, 2, t);
        break;
      case NodeKind::ListTable:
        t.kind = TableKind::List;
        t.name = Name(*c[0]);
        t.key = Name(*c[1]);
        break;
      case NodeKind::None: case NodeKind::Program: case NodeKind::Garbage: case NodeKind::Broken:
      case NodeKind::Import: case NodeKind::TimeZone: case NodeKind::Schema: case NodeKind::Field:
      case NodeKind::TypeName: case NodeKind::EnumType: case NodeKind::OptionalMark:
      case NodeKind::EnumDecl: case NodeKind::LetDecl: case NodeKind::SegmentDecl:
      case NodeKind::TriggerDecl: case NodeKind::TrigOnDate: case NodeKind::TrigOnStream:
      case NodeKind::TrigYearlyDay: case NodeKind::TrigYearly: case NodeKind::TrigEnters:
      case NodeKind::TrigLeaves: case NodeKind::TrigInactive: case NodeKind::TrigClause:
      case NodeKind::CampaignDecl: case NodeKind::CampaignKey: case NodeKind::Clause:
      case NodeKind::PolicyDecl: case NodeKind::PolicyRule: case NodeKind::ConsentPart:
      case NodeKind::SuggestEntry: case NodeKind::TestDecl: case NodeKind::TestItem: case NodeKind::Record:
      case NodeKind::RecordField: case NodeKind::QueryStmt: case NodeKind::ShowColumn: case NodeKind::Name:
      case NodeKind::ReservedName: case NodeKind::Word: case NodeKind::IfExpr: case NodeKind::OrExpr:
      case NodeKind::AndExpr: case NodeKind::NotExpr: case NodeKind::CmpExpr: case NodeKind::CoalesceExpr:
      case NodeKind::AddExpr: case NodeKind::MulExpr: case NodeKind::NegExpr: case NodeKind::PostfixExpr:
      case NodeKind::Member: case NodeKind::Index: case NodeKind::Op: case NodeKind::CmpBetween:
      case NodeKind::CmpWithin: case NodeKind::CmpIn: case NodeKind::CmpNotIn: case NodeKind::CmpTop:
      case NodeKind::CmpIs: case NodeKind::Among: case NodeKind::Call: case NodeKind::Aggregate:
      case NodeKind::Distinct: case NodeKind::AggValue: case NodeKind::Stream: case NodeKind::TrigStream:
      case NodeKind::Alias: case NodeKind::Projection: case NodeKind::Window: case NodeKind::Where:
      case NodeKind::SetLit: case NodeKind::Score: case NodeKind::ScoreEntry: case NodeKind::Paren:
      case NodeKind::IntLit: case NodeKind::DecimalLit: case NodeKind::FloatLit: case NodeKind::StringLit:
      case NodeKind::BoolLit: case NodeKind::DateLit: case NodeKind::TimestampLit:
      case NodeKind::DurationLit: case NodeKind::TimeLit: case NodeKind::MonthDayLit:
      case NodeKind::PercentLit: case NodeKind::BadLiteral: case NodeKind::Today: case NodeKind::Now:
      case NodeKind::TriggerRef: case NodeKind::EntryRef: case NodeKind::CustomerRef:
      case NodeKind::AbsentLit: return;
    }
    tree_.tables.push_back(std::move(t));
  }

  void Enum(const ParseNode& n) {
    EnumDecl e{Name(*n.children[0]), {}, SpanOf(n)};
    for (size_t i = 1; i < n.children.size(); ++i) e.variants.push_back(Name(*n.children[i]));
    tree_.enums.push_back(std::move(e));
  }

  void Let(const ParseNode& n, bool segment) {
    LetDecl l;
    l.name = Name(*n.children[0]);
    l.segment = segment;
    l.span = SpanOf(n);
    size_t i = 1;
    if (!segment && n.children.size() > 2) l.type = Type(n.children, i);
    l.value = Expr(*n.children[i]);
    tree_.lets.push_back(std::move(l));
  }

  // ---- triggers ------------------------------------------------------------------
  void Trigger(const ParseNode& n) {
    TriggerDecl t{};
    t.name = Name(*n.children[0]);
    t.span = SpanOf(n);
    const ParseNode& src = *n.children[1];
    t.source_span = SpanOf(src);
    const auto& c = src.children;
    switch (src.kind) {
      case NodeKind::TrigOnDate:
        t.source = TriggerSource::OnDate;
        t.expr = Expr(*c[0]);
        break;
      case NodeKind::TrigOnStream:
        t.source = TriggerSource::OnEvent;
        t.stream = StreamOf(*c[0], kNoExpr);
        break;
      case NodeKind::TrigYearlyDay:
        t.source = TriggerSource::YearlyDay;
        t.month_day = Value(DecodeMonthDay(c[0]->text), *c[0]).value_or(101);
        break;
      case NodeKind::TrigYearly:
        t.source = TriggerSource::Yearly;
        t.expr = Expr(*c[0]);
        break;
      case NodeKind::TrigEnters:
      case NodeKind::TrigLeaves:
        t.source = src.kind == NodeKind::TrigEnters ? TriggerSource::Enters : TriggerSource::Leaves;
        t.segment = Name(*c[0]);
        break;
      case NodeKind::TrigInactive:
        t.source = TriggerSource::Inactive;
        t.stream = StreamOf(*c[0], kNoExpr);
        t.expr = Expr(*c[1]);
        break;
      case NodeKind::None: case NodeKind::Program: case NodeKind::Garbage: case NodeKind::Broken:
      case NodeKind::Import: case NodeKind::TimeZone: case NodeKind::Schema: case NodeKind::CustomersTable:
      case NodeKind::EventsTable: case NodeKind::RefTable: case NodeKind::ListTable: case NodeKind::Field:
      case NodeKind::TypeName: case NodeKind::EnumType: case NodeKind::OptionalMark:
      case NodeKind::EnumDecl: case NodeKind::LetDecl: case NodeKind::SegmentDecl:
      case NodeKind::TriggerDecl: case NodeKind::TrigClause: case NodeKind::CampaignDecl:
      case NodeKind::CampaignKey: case NodeKind::Clause: case NodeKind::PolicyDecl:
      case NodeKind::PolicyRule: case NodeKind::ConsentPart: case NodeKind::SuggestEntry:
      case NodeKind::TestDecl: case NodeKind::TestItem: case NodeKind::Record: case NodeKind::RecordField:
      case NodeKind::QueryStmt: case NodeKind::ShowColumn: case NodeKind::Name:
      case NodeKind::ReservedName: case NodeKind::Word: case NodeKind::IfExpr: case NodeKind::OrExpr:
      case NodeKind::AndExpr: case NodeKind::NotExpr: case NodeKind::CmpExpr: case NodeKind::CoalesceExpr:
      case NodeKind::AddExpr: case NodeKind::MulExpr: case NodeKind::NegExpr: case NodeKind::PostfixExpr:
      case NodeKind::Member: case NodeKind::Index: case NodeKind::Op: case NodeKind::CmpBetween:
      case NodeKind::CmpWithin: case NodeKind::CmpIn: case NodeKind::CmpNotIn: case NodeKind::CmpTop:
      case NodeKind::CmpIs: case NodeKind::Among: case NodeKind::Call: case NodeKind::Aggregate:
      case NodeKind::Distinct: case NodeKind::AggValue: case NodeKind::Stream: case NodeKind::TrigStream:
      case NodeKind::Alias: case NodeKind::Projection: case NodeKind::Window: case NodeKind::Where:
      case NodeKind::SetLit: case NodeKind::Score: case NodeKind::ScoreEntry: case NodeKind::Paren:
      case NodeKind::IntLit: case NodeKind::DecimalLit: case NodeKind::FloatLit: case NodeKind::StringLit:
      case NodeKind::BoolLit: case NodeKind::DateLit: case NodeKind::TimestampLit:
      case NodeKind::DurationLit: case NodeKind::TimeLit: case NodeKind::MonthDayLit:
      case NodeKind::PercentLit: case NodeKind::BadLiteral: case NodeKind::Today: case NodeKind::Now:
      case NodeKind::TriggerRef: case NodeKind::EntryRef: case NodeKind::CustomerRef:
      case NodeKind::AbsentLit: return;
    }
    for (size_t i = 2; i < n.children.size(); ++i) {
      const ParseNode& cl = *n.children[i];
      TriggerClause tc;
      tc.span = SpanOf(cl);
      std::string_view w = cl.children[0]->text;
      tc.kind = w == "after"    ? TriggerClauseKind::After
                : w == "if"     ? TriggerClauseKind::If
                : w == "unless" ? TriggerClauseKind::Unless
                                : TriggerClauseKind::Per;
      if (tc.kind == TriggerClauseKind::Per) {
        tc.name = Name(*cl.children[1]);
      } else {
        tc.expr = Expr(*cl.children[1]);
      }
      for (const auto& prev : t.clauses) {
        if (prev.kind == tc.kind && tc.kind != TriggerClauseKind::If && tc.kind != TriggerClauseKind::Unless) {
          diags_.Report(DiagKind::DuplicateClause, tc.span, fmt::format("`{}` given twice for this trigger", w))
              .Note(prev.span, "first given here");
        }
      }
      t.clauses.push_back(tc);
    }
    tree_.triggers.push_back(std::move(t));
  }

  // ---- campaigns -------------------------------------------------------------------
  std::optional<CampaignKind> Kind(std::string_view w) {
    if (w == "service") return CampaignKind::Service;
    if (w == "commercial") return CampaignKind::Commercial;
    return std::nullopt;
  }

  // Reports a clause that may appear once but appears again.
  void Once(std::vector<std::pair<std::string_view, Span>>& seen, std::string_view word, Span span) {
    for (const auto& [w, s] : seen) {
      if (w == word) {
        auto& d = diags_.Report(DiagKind::DuplicateClause, span, fmt::format("`{}` given twice in this campaign", word));
        d.Note(s, "first given here");
        if (word == "channel") d.Help("to send one step on another channel, write `via CHANNEL` after the step");
        return;
      }
    }
    seen.emplace_back(word, span);
  }

  void CampaignDecl(const ParseNode& n) {
    Campaign c;
    c.name = Name(*n.children[0]);
    c.span = SpanOf(n);
    std::vector<std::pair<std::string_view, Span>> seen;
    for (size_t i = 1; i < n.children.size(); ++i) {
      const ParseNode& cl = *n.children[i];
      if (cl.kind == NodeKind::CampaignKey) {
        c.key = String(*cl.children[0]);
        c.key_span = SpanOf(*cl.children[0]);
        continue;
      }
      CampaignClause(cl, c, seen);
    }
    tree_.campaigns.push_back(std::move(c));
  }

  void CampaignClause(const ParseNode& cl, Campaign& c, std::vector<std::pair<std::string_view, Span>>& seen) {
    const auto& k = cl.children;
    std::string_view w = k[0]->text;
    Span span = SpanOf(cl);
    if (w != "step" && w != "metric" && w != "message") Once(seen, w, span);
    if (w == "stage") {
      c.stage = Name(*k[1]);
    } else if (w == "kind") {
      c.kind = Kind(k[1]->text);
      c.kind_span = span;
      for (size_t i = 3; i < k.size(); ++i) c.requires_consent.push_back(Name(*k[i]));
    } else if (w == "channel") {
      c.channel = Name(*k[1]);
    } else if (w == "audience") {
      c.audience = Expr(*k[1]);
      c.audience_span = span;
    } else if (w == "on") {
      c.trigger = Name(*k[1]);
    } else if (w == "message") {
      Step s;
      s.message = String(*k[1]);
      s.message_span = SpanOf(*k[1]);
      s.span = span;
      c.steps.push_back(std::move(s));
    } else if (w == "step") {
      Step s;
      s.message = String(*k[1]);
      s.message_span = SpanOf(*k[1]);
      s.span = span;
      s.at = Expr(*k[2]);
      for (size_t i = 3; i + 1 < k.size(); i += 2) {
        std::string_view sub = k[i]->text;
        if (sub == "if") s.cond = Expr(*k[i + 1]);
        if (sub == "via") s.channel = Name(*k[i + 1]);
      }
      c.steps.push_back(std::move(s));
    } else if (w == "exit") {
      c.exit = Expr(*k[2]);
    } else if (w == "priority") {
      c.priority = Int(*k[1]);
      c.priority_span = SpanOf(*k[1]);
    } else if (w == "holdout") {
      c.holdout = Percent(*k[1]);
      c.holdout_span = span;
    } else if (w == "reentry") {
      if (k[1]->text == "never") {
        c.reentry = Reentry::Never;
      } else if (k[2]->kind == NodeKind::Word) {
        c.reentry = Reentry::AfterExit;
      } else {
        c.reentry = Reentry::After;
        c.reentry_after = Expr(*k[2]);
      }
    } else if (w == "limit") {
      c.limit = Int(*k[1]);
      c.limit_span = SpanOf(*k[1]);
    } else if (w == "send") {
      c.send_minute = TimeOfDay(*k[1]);
    } else if (w == "migrate") {
      std::string_view m = k[1]->text;
      c.migrate = m == "continue" ? Migrate::Continue : m == "restart" ? Migrate::Restart : Migrate::Exit;
    } else if (w == "base") {
      c.base = true;
    } else if (w == "paused") {
      c.paused = true;
    } else if (w == "from") {
      c.from_day = Date(*k[1]);
    } else if (w == "until") {
      c.until_day = Date(*k[1]);
    } else if (w == "metric") {
      c.metrics.push_back(Metric{Name(*k[1]), Expr(*k[2])});
    }
  }

  // ---- policy ---------------------------------------------------------------------
  void PolicyDecl(const ParseNode& n) {
    Policy p;
    p.span = SpanOf(n);
    for (const auto& r : n.children) PolicyRule(*r, p);
    tree_.policies.push_back(std::move(p));
  }

  // Reads trailing `on CHANNEL` / `for KIND` pairs of a policy rule.
  void Trailers(const Nodes& k, size_t i, Ident* channel, std::optional<CampaignKind>* kind) {
    for (; i + 1 < k.size(); i += 2) {
      if (k[i]->text == "on" && channel) *channel = Name(*k[i + 1]);
      if (k[i]->text == "for" && kind) *kind = Kind(k[i + 1]->text);
    }
  }

  void PolicyRule(const ParseNode& r, Policy& p) {
    const auto& k = r.children;
    std::string_view w = k[0]->text;
    Span span = SpanOf(r);
    if (w == "max") {
      Cap cap;
      cap.span = span;
      cap.max = Int(*k[1]);
      cap.max_span = SpanOf(*k[1]);
      cap.per = Expr(*k[3]);
      size_t i = 4;
      for (; i + 1 < k.size() && k[i]->text == "per"; i += 2) {
        std::string_view s = k[i + 1]->text;
        cap.per_channel |= s == "channel";
        cap.per_campaign |= s == "campaign";
        cap.per_kind |= s == "kind";
      }
      Trailers(k, i, &cap.on_channel, &cap.for_kind);
      p.caps.push_back(cap);
    } else if (w == "quiet") {
      Quiet q{TimeOfDay(*k[1]), TimeOfDay(*k[2]), {}, span};
      Trailers(k, 3, &q.channel, nullptr);
      p.quiet.push_back(q);
    } else if (w == "timezone") {
      if (p.timezone != kNoExpr) {
        diags_.Report(DiagKind::DuplicateClause, span, "`timezone` given twice in the policy")
            .Note(tree_.at(p.timezone).span, "first given here");
      }
      p.timezone = Expr(*k[1]);
    } else if (w == "consent") {
      Consent c;
      c.purpose = Name(*k[1]);
      c.span = span;
      for (size_t i = 2; i < k.size(); ++i) {
        const ParseNode& part = *k[i];
        std::string_view pw = part.children[0]->text;
        ExprId* slot = pw == "granted" ? &c.granted : pw == "confirmed" ? &c.confirmed : &c.withdrawn;
        if (*slot != kNoExpr) {
          diags_.Report(DiagKind::DuplicateClause, SpanOf(part), fmt::format("`{}` given twice for this consent", pw))
              .Note(tree_.at(*slot).span, "first given here");
        }
        *slot = Expr(*part.children[1]);
      }
      p.consents.push_back(c);
    } else if (w == "suppress") {
      Suppress s{Expr(*k[1]), {}, span};
      Trailers(k, 2, &s.channel, nullptr);
      p.suppressions.push_back(s);
    } else if (w == "portfolio") {
      bool base = k.size() == 4;
      p.portfolios.push_back(Portfolio{base, Int(*k[base ? 2 : 1]), Int(*k[base ? 3 : 2]), span});
    } else if (w == "channel") {
      p.addresses.push_back(ChannelAddress{Name(*k[1]), Name(*k[3]), span});
    } else if (w == "allow") {
      p.allows.push_back(Allow{Name(*k[1]), Expr(*k[3]), span});
    } else if (w == "suggest") {
      Suggest s{Name(*k[1]), {}, span};
      for (size_t i = 2; i < k.size(); ++i) {
        s.priorities.emplace_back(Name(*k[i]->children[0]), Int(*k[i]->children[1]));
      }
      p.suggestions.push_back(std::move(s));
    } else if (w == "rate") {
      p.rates.push_back(Rate{Name(*k[1]), Int(*k[2]), Expr(*k[3]), span, SpanOf(*k[2])});
    } else if (w == "contacts") {
      p.histories.push_back(HistoryOf(k, span));
    }
  }

  // `contacts TABLE ... channel V [campaign V] [kind V]`: k holds the words and values.
  ContactHistory HistoryOf(const std::vector<std::unique_ptr<ParseNode>>& k, Span span) {
    ContactHistory h;
    h.span = span;
    h.stream = StreamOf(*k[1], kNoExpr);
    for (size_t i = 2; i + 1 < k.size(); i += 2) {
      std::string_view word = k[i]->text;
      HistoryValue& v = word == "channel" ? h.channel : word == "campaign" ? h.campaign : h.kind;
      const ParseNode& n = *k[i + 1];
      v.span = SpanOf(n);
      if (n.kind == NodeKind::StringLit) {
        v.constant = true;
        v.text = String(n);
      } else {
        v.field = Name(n);
      }
    }
    return h;
  }

  // ---- tests ------------------------------------------------------------------------
  Record RecordOf(const ParseNode& n) {
    Record r{{}, SpanOf(n)};
    for (const auto& f : n.children) {
      RecordField rf{Name(*f->children[0]), kNoExpr, SpanOf(*f)};
      if (f->children[1]->kind != NodeKind::AbsentLit) rf.value = Expr(*f->children[1]);
      r.fields.push_back(rf);
    }
    return r;
  }

  void TestDecl(const ParseNode& n) {
    Test t;
    t.name = String(*n.children[0]);
    t.span = SpanOf(n);
    for (size_t i = 1; i < n.children.size(); ++i) TestItem(*n.children[i], t);
    tree_.tests.push_back(std::move(t));
  }

  void TestItem(const ParseNode& item, Test& t) {
    const auto& k = item.children;
    std::string_view w = k[0]->text;
    Span span = SpanOf(item);
    if (k[0]->kind == NodeKind::Op && w == "today") {
      if (t.today) {
        diags_.Report(DiagKind::DuplicateClause, span, "`today` given twice in this test").Note(t.today_span, "first given here");
      }
      t.today = Date(*k[1]);
      t.today_span = span;
    } else if (k[0]->kind == NodeKind::Word && w == "expect") {
      t.expects.push_back(Expect(item));
    } else {
      TestRows rows;
      rows.span = span;
      rows.table = k[0]->kind == NodeKind::Op ? Ident{"customers", SpanOf(*k[0])} : Name(*k[0]);
      for (size_t i = 1; i < k.size(); ++i) rows.rows.push_back(RecordOf(*k[i]));
      t.rows.push_back(std::move(rows));
    }
  }

  Expectation Expect(const ParseNode& item) {
    const auto& k = item.children;
    Expectation e;
    e.span = SpanOf(item);
    size_t i = 1;
    std::string_view w = k[1]->text;
    auto trailers = [&](size_t from) {
      for (size_t j = from; j + 1 < k.size(); j += 2) {
        std::string_view t = k[j]->text;
        if (t == "for") {
          const ParseNode& key = *k[j + 1];
          e.customer = key.kind == NodeKind::StringLit ? String(key) : std::string(key.text);
          e.customer_span = SpanOf(key);
        } else if (t == "on") {
          e.on_day = Date(*k[j + 1]);
        } else if (t == "step") {
          e.step = String(*k[j + 1]);
        }
      }
    };
    if (k[1]->kind == NodeKind::Word && w == "no") {
      e.kind = ExpectKind::NoContact;
      e.name = Name(*k[3]);
      trailers(4);
    } else if (k[1]->kind == NodeKind::Word && w == "contact") {
      e.kind = ExpectKind::Contact;
      e.name = Name(*k[2]);
      trailers(3);
    } else if (k[1]->kind == NodeKind::Op && w == "count") {
      e.kind = ExpectKind::Count;
      if (k[2]->kind == NodeKind::Name) e.name = Name(*k[2]);
      e.count = Int(*k[4]);
    } else {
      e.kind = ExpectKind::Holds;
      e.expr = Expr(*k[i]);
      trailers(2);
    }
    return e;
  }

  // ---- queries ------------------------------------------------------------------------
  void QueryStmt(const ParseNode& n) {
    const auto& k = n.children;
    Query q;
    q.span = SpanOf(n);
    std::string_view w = k[0]->text;
    if (w == "today") return RunDateStmt(n);
    if (w == "why") {
      q.kind = QueryKind::Why;
      q.customer = k[1]->kind == NodeKind::StringLit ? String(*k[1]) : std::string(k[1]->text);
      q.target = Name(*k[2]);
      tree_.queries.push_back(std::move(q));
      return;
    }
    q.kind = w == "count" ? QueryKind::Count : QueryKind::Show;
    if (k[1]->kind == NodeKind::Name) q.target = Name(*k[1]);
    for (size_t i = 2; i < k.size(); ++i) {
      const ParseNode& c = *k[i];
      if (c.kind == NodeKind::Where) {
        q.where = Expr(*c.children[0]);
      } else if (c.kind == NodeKind::Word) {
        q.limit = Int(*k[++i]);
      } else if (c.kind == NodeKind::ShowColumn) {
        ShowColumn sc{Expr(*c.children[0]), {}};
        if (c.children.size() > 1) {
          sc.alias = Name(*c.children[1]->children[0]);
        } else if (c.children[0]->kind == NodeKind::Name && c.children[0]->text.starts_with('`')) {
          // A quoted name's column is headed by the name, without its backticks.
          sc.alias = Ident{Unquote(c.children[0]->text), SpanOf(*c.children[0])};
        }
        q.columns.push_back(sc);
      }
    }
    tree_.queries.push_back(std::move(q));
  }

  void RunDateStmt(const ParseNode& n) {
    RunDate d{Date(*n.children[1]), SpanOf(n)};
    for (const RunDate& other : tree_.run_dates) {
      if (other.span.file == d.span.file) {
        diags_.Report(DiagKind::DuplicateClause, d.span, "`today` given twice in this query text")
            .Note(other.span, "first given here");
        return;
      }
    }
    tree_.run_dates.push_back(d);
  }

  // ---- expressions -------------------------------------------------------------------
  ExprId Add(ExprKind kind, Span span, std::vector<ExprId> kids = {}, uint8_t op = 0) {
    ast::Expr e;
    e.kind = kind;
    e.span = span;
    e.kids = std::move(kids);
    e.op = op;
    return tree_.Add(std::move(e));
  }

  // Left-associative chains: operand (Op operand)*.
  // Later stages recurse over the tree, so its depth is bounded: nesting by the
  // parser, operator chains (which nest to the left) here.
  bool TooDeep(const ParseNode& n, size_t links) {
    if (level_ + links <= kMaxExprDepth) return false;
    diags_.Report(DiagKind::NestingTooDeep, SpanOf(n),
                  fmt::format("expression with more than {} operators in a row", kMaxExprDepth))
        .Help("split it into several `let` definitions");
    return true;
  }

  ExprId Chain(const ParseNode& n) {
    const auto& k = n.children;
    if (TooDeep(n, k.size() / 2)) return Add(ExprKind::Error, SpanOf(n));
    level_ += k.size() / 2;
    struct Restore {
      size_t& level;
      size_t by;
      ~Restore() { level -= by; }
    } restore{level_, k.size() / 2};
    ExprId left = Expr(*k[0]);
    // The operands' text, brackets included: `a * (b + 1)` is all of it, where the
    // bracketed operand's own expression ends before its `)`.
    Span span = SpanOf(*k[0]);
    for (size_t i = 1; i + 1 < k.size(); i += 2) {
      std::string_view op = k[i]->text;
      ExprId right = Expr(*k[i + 1]);
      span = Span::Join(span, SpanOf(*k[i + 1]));
      BinaryOp b = op == "+"     ? BinaryOp::Add
                   : op == "-"   ? BinaryOp::Sub
                   : op == "*"   ? BinaryOp::Mul
                   : op == "/"   ? BinaryOp::Div
                   : op == "and" ? BinaryOp::And
                                 : BinaryOp::Or;
      left = Add(ExprKind::Binary, span, {left, right}, static_cast<uint8_t>(b));
    }
    return left;
  }

  ExprId Compare(const ParseNode& n) {
    const auto& k = n.children;
    ExprId left = Expr(*k[0]);
    if (k.size() == 1) return left;
    const ParseNode& t = *k[1];
    Span span = SpanOf(n);
    switch (t.kind) {
      case NodeKind::Op: {
        std::string_view op = t.text;
        CompareOp c = op == "=="   ? CompareOp::Eq
                      : op == "!=" ? CompareOp::Ne
                      : op == "<=" ? CompareOp::Le
                      : op == ">=" ? CompareOp::Ge
                      : op == "<"  ? CompareOp::Lt
                                   : CompareOp::Gt;
        return Add(ExprKind::Compare, span, {left, Expr(*k[2])}, static_cast<uint8_t>(c));
      }
      case NodeKind::CmpBetween:
        return Add(ExprKind::Between, span, {left, Expr(*t.children[0]), Expr(*t.children[1])});
      case NodeKind::CmpWithin: return Add(ExprKind::Within, span, {left, Expr(*t.children[0])});
      case NodeKind::CmpIn:
      case NodeKind::CmpNotIn: {
        ExprId id = Add(ExprKind::InSet, span, {left, Expr(*t.children[0])});
        tree_.at(id).flag = t.kind == NodeKind::CmpNotIn;
        return id;
      }
      case NodeKind::CmpIs: {
        bool negated = t.children.size() == 2;
        bool absent = t.children.back()->text == "absent";
        ExprId id = Add(ExprKind::IsPresent, span, {left});
        tree_.at(id).flag = absent != negated;
        return id;
      }
      case NodeKind::CmpTop: {
        ExprId id = Add(ExprKind::TopBottom, span, {left});
        ast::Expr& e = tree_.at(id);
        e.flag = t.children[0]->text == "bottom";
        const ParseNode& amount = *t.children[1];
        if (amount.kind == NodeKind::PercentLit) {
          e.flag2 = true;
          e.ival = Percent(amount).value_or(-1);  // -1: reported (`percent-range`), no other warning
        } else {
          e.ival = Int(amount);
        }
        if (t.children.size() > 2) tree_.at(id).among = Name(*t.children[2]->children[0]);
        return id;
      }
      case NodeKind::None: case NodeKind::Program: case NodeKind::Garbage: case NodeKind::Broken:
      case NodeKind::Import: case NodeKind::TimeZone: case NodeKind::Schema: case NodeKind::CustomersTable:
      case NodeKind::EventsTable: case NodeKind::RefTable: case NodeKind::ListTable: case NodeKind::Field:
      case NodeKind::TypeName: case NodeKind::EnumType: case NodeKind::OptionalMark:
      case NodeKind::EnumDecl: case NodeKind::LetDecl: case NodeKind::SegmentDecl:
      case NodeKind::TriggerDecl: case NodeKind::TrigOnDate: case NodeKind::TrigOnStream:
      case NodeKind::TrigYearlyDay: case NodeKind::TrigYearly: case NodeKind::TrigEnters:
      case NodeKind::TrigLeaves: case NodeKind::TrigInactive: case NodeKind::TrigClause:
      case NodeKind::CampaignDecl: case NodeKind::CampaignKey: case NodeKind::Clause:
      case NodeKind::PolicyDecl: case NodeKind::PolicyRule: case NodeKind::ConsentPart:
      case NodeKind::SuggestEntry: case NodeKind::TestDecl: case NodeKind::TestItem: case NodeKind::Record:
      case NodeKind::RecordField: case NodeKind::QueryStmt: case NodeKind::ShowColumn: case NodeKind::Name:
      case NodeKind::ReservedName: case NodeKind::Word: case NodeKind::IfExpr: case NodeKind::OrExpr:
      case NodeKind::AndExpr: case NodeKind::NotExpr: case NodeKind::CmpExpr: case NodeKind::CoalesceExpr:
      case NodeKind::AddExpr: case NodeKind::MulExpr: case NodeKind::NegExpr: case NodeKind::PostfixExpr:
      case NodeKind::Member: case NodeKind::Index: case NodeKind::Among: case NodeKind::Call:
      case NodeKind::Aggregate: case NodeKind::Distinct: case NodeKind::AggValue: case NodeKind::Stream:
      case NodeKind::TrigStream: case NodeKind::Alias: case NodeKind::Projection: case NodeKind::Window:
      case NodeKind::Where: case NodeKind::SetLit: case NodeKind::Score: case NodeKind::ScoreEntry:
      case NodeKind::Paren: case NodeKind::IntLit: case NodeKind::DecimalLit: case NodeKind::FloatLit:
      case NodeKind::StringLit: case NodeKind::BoolLit: case NodeKind::DateLit:
      case NodeKind::TimestampLit: case NodeKind::DurationLit: case NodeKind::TimeLit:
      case NodeKind::MonthDayLit: case NodeKind::PercentLit: case NodeKind::BadLiteral:
      case NodeKind::Today: case NodeKind::Now: case NodeKind::TriggerRef: case NodeKind::EntryRef:
      case NodeKind::CustomerRef: case NodeKind::AbsentLit: break;
    }
    return left;
  }

  ExprId Literal(const ParseNode& n) {
    ast::Expr e;
    e.span = SpanOf(n);
    switch (n.kind) {
      case NodeKind::IntLit:
        e.kind = ExprKind::Int;
        e.ival = Int(n);
        break;
      case NodeKind::DecimalLit:
        e.kind = ExprKind::Decimal;
        e.ival = Value(DecodeDecimal(n.text), n).value_or(0);
        break;
      case NodeKind::FloatLit:
        e.kind = ExprKind::Float;
        e.fval = Value(DecodeFloat(n.text), n).value_or(0.0);
        break;
      case NodeKind::StringLit:
        e.kind = ExprKind::String;
        e.sval = String(n);
        break;
      case NodeKind::BoolLit:
        e.kind = ExprKind::Bool;
        e.ival = n.text == "true";
        break;
      case NodeKind::DateLit:
        e.kind = ExprKind::Date;
        e.ival = Date(n);
        break;
      case NodeKind::TimestampLit: {
        e.kind = ExprKind::Timestamp;
        bool zone = false;
        e.ival = Value(DecodeTimestamp(n.text, &zone), n).value_or(0);
        e.flag2 = zone;
        break;
      }
      case NodeKind::DurationLit:
        e.kind = ExprKind::Duration;
        e.ival = Value(DecodeDuration(n.text), n).value_or(0);
        break;
      case NodeKind::BadLiteral: {
        auto& d = diags_.Report(DiagKind::InvalidLiteral, e.span, fmt::format("`{}` is not a valid literal", n.text));
        if (n.text.size() > 4 && n.text[4] == '-') {
          d.Help("dates are written with two-digit months and days: `2026-01-05`");
        } else {
          d.Help("durations are a whole number and one unit: `30d`, `12h`, `15m`, `2w`, `45s`");
          // `2y`, `6mo`: years and months are not a fixed number of seconds.
          std::string_view unit = n.text.substr(std::min(n.text.find_first_not_of("0123456789_"), n.text.size()));
          bool years = unit == "y" || unit == "yr" || unit == "yrs" || unit == "year" || unit == "years";
          bool months = unit == "mo" || unit == "mon" || unit == "month" || unit == "months";
          if (years || months) {
            std::string_view number = n.text.substr(0, n.text.size() - unit.size());
            d.Help(fmt::format("years and months are calendar units, not durations: for a date {} {} ago, write `{}(today, -{})`",
                               number, years ? "years" : "months", years ? "add_years" : "add_months", number));
          }
        }
        e.kind = ExprKind::Error;
        break;
      }
      case NodeKind::None: case NodeKind::Program: case NodeKind::Garbage: case NodeKind::Broken:
      case NodeKind::Import: case NodeKind::TimeZone: case NodeKind::Schema: case NodeKind::CustomersTable:
      case NodeKind::EventsTable: case NodeKind::RefTable: case NodeKind::ListTable: case NodeKind::Field:
      case NodeKind::TypeName: case NodeKind::EnumType: case NodeKind::OptionalMark:
      case NodeKind::EnumDecl: case NodeKind::LetDecl: case NodeKind::SegmentDecl:
      case NodeKind::TriggerDecl: case NodeKind::TrigOnDate: case NodeKind::TrigOnStream:
      case NodeKind::TrigYearlyDay: case NodeKind::TrigYearly: case NodeKind::TrigEnters:
      case NodeKind::TrigLeaves: case NodeKind::TrigInactive: case NodeKind::TrigClause:
      case NodeKind::CampaignDecl: case NodeKind::CampaignKey: case NodeKind::Clause:
      case NodeKind::PolicyDecl: case NodeKind::PolicyRule: case NodeKind::ConsentPart:
      case NodeKind::SuggestEntry: case NodeKind::TestDecl: case NodeKind::TestItem: case NodeKind::Record:
      case NodeKind::RecordField: case NodeKind::QueryStmt: case NodeKind::ShowColumn: case NodeKind::Name:
      case NodeKind::ReservedName: case NodeKind::Word: case NodeKind::IfExpr: case NodeKind::OrExpr:
      case NodeKind::AndExpr: case NodeKind::NotExpr: case NodeKind::CmpExpr: case NodeKind::CoalesceExpr:
      case NodeKind::AddExpr: case NodeKind::MulExpr: case NodeKind::NegExpr: case NodeKind::PostfixExpr:
      case NodeKind::Member: case NodeKind::Index: case NodeKind::Op: case NodeKind::CmpBetween:
      case NodeKind::CmpWithin: case NodeKind::CmpIn: case NodeKind::CmpNotIn: case NodeKind::CmpTop:
      case NodeKind::CmpIs: case NodeKind::Among: case NodeKind::Call: case NodeKind::Aggregate:
      case NodeKind::Distinct: case NodeKind::AggValue: case NodeKind::Stream: case NodeKind::TrigStream:
      case NodeKind::Alias: case NodeKind::Projection: case NodeKind::Window: case NodeKind::Where:
      case NodeKind::SetLit: case NodeKind::Score: case NodeKind::ScoreEntry: case NodeKind::Paren:
      case NodeKind::TimeLit: case NodeKind::MonthDayLit: case NodeKind::PercentLit: case NodeKind::Today:
      case NodeKind::Now: case NodeKind::TriggerRef: case NodeKind::EntryRef: case NodeKind::CustomerRef:
      case NodeKind::AbsentLit: e.kind = ExprKind::Error;
    }
    return tree_.Add(std::move(e));
  }

  StreamId StreamOf(const ParseNode& n, ExprId value) {
    Stream s;
    s.span = SpanOf(n);
    s.value = value;
    for (const auto& c : n.children) {
      switch (c->kind) {
        case NodeKind::Name: s.table = Name(*c); break;
        case NodeKind::Alias: s.alias = Name(*c->children[0]); break;
        case NodeKind::Projection: s.field = Name(*c->children[0]); break;
        case NodeKind::Window: {
          Window w;
          w.span = SpanOf(*c);
          std::string_view kw = c->children[0]->text;
          w.kind = kw == "within"  ? WindowKind::Within
                   : kw == "since" ? WindowKind::Since
                   : kw == "after" ? WindowKind::After
                   : kw == "before" ? WindowKind::Before
                                    : WindowKind::Between;
          w.a = Expr(*c->children[1]);
          if (c->children.size() > 2) w.b = Expr(*c->children[2]);
          s.windows.push_back(w);
          break;
        }
        case NodeKind::Where: s.where = Expr(*c->children[0]); break;
        case NodeKind::None: case NodeKind::Program: case NodeKind::Garbage: case NodeKind::Broken:
        case NodeKind::Import: case NodeKind::TimeZone: case NodeKind::Schema:
        case NodeKind::CustomersTable: case NodeKind::EventsTable: case NodeKind::RefTable:
        case NodeKind::ListTable: case NodeKind::Field: case NodeKind::TypeName: case NodeKind::EnumType:
        case NodeKind::OptionalMark: case NodeKind::EnumDecl: case NodeKind::LetDecl:
        case NodeKind::SegmentDecl: case NodeKind::TriggerDecl: case NodeKind::TrigOnDate:
        case NodeKind::TrigOnStream: case NodeKind::TrigYearlyDay: case NodeKind::TrigYearly:
        case NodeKind::TrigEnters: case NodeKind::TrigLeaves: case NodeKind::TrigInactive:
        case NodeKind::TrigClause: case NodeKind::CampaignDecl: case NodeKind::CampaignKey:
        case NodeKind::Clause: case NodeKind::PolicyDecl: case NodeKind::PolicyRule:
        case NodeKind::ConsentPart: case NodeKind::SuggestEntry: case NodeKind::TestDecl:
        case NodeKind::TestItem: case NodeKind::Record: case NodeKind::RecordField:
        case NodeKind::QueryStmt: case NodeKind::ShowColumn: case NodeKind::ReservedName:
        case NodeKind::Word: case NodeKind::IfExpr: case NodeKind::OrExpr: case NodeKind::AndExpr:
        case NodeKind::NotExpr: case NodeKind::CmpExpr: case NodeKind::CoalesceExpr:
        case NodeKind::AddExpr: case NodeKind::MulExpr: case NodeKind::NegExpr: case NodeKind::PostfixExpr:
        case NodeKind::Member: case NodeKind::Index: case NodeKind::Op: case NodeKind::CmpBetween:
        case NodeKind::CmpWithin: case NodeKind::CmpIn: case NodeKind::CmpNotIn: case NodeKind::CmpTop:
        case NodeKind::CmpIs: case NodeKind::Among: case NodeKind::Call: case NodeKind::Aggregate:
        case NodeKind::Distinct: case NodeKind::AggValue: case NodeKind::Stream: case NodeKind::TrigStream:
        case NodeKind::SetLit: case NodeKind::Score: case NodeKind::ScoreEntry: case NodeKind::Paren:
        case NodeKind::IntLit: case NodeKind::DecimalLit: case NodeKind::FloatLit:
        case NodeKind::StringLit: case NodeKind::BoolLit: case NodeKind::DateLit:
        case NodeKind::TimestampLit: case NodeKind::DurationLit: case NodeKind::TimeLit:
        case NodeKind::MonthDayLit: case NodeKind::PercentLit: case NodeKind::BadLiteral:
        case NodeKind::Today: case NodeKind::Now: case NodeKind::TriggerRef: case NodeKind::EntryRef:
        case NodeKind::CustomerRef: case NodeKind::AbsentLit: break;
      }
    }
    tree_.streams.push_back(std::move(s));
    return static_cast<StreamId>(tree_.streams.size() - 1);
  }

  ExprId Aggregate(const ParseNode& n) {
    const auto& k = n.children;
    std::string_view w = k[0]->text;
    static const std::pair<std::string_view, AggOp> ops[] = {
        {"count", AggOp::Count}, {"sum", AggOp::Sum},     {"min", AggOp::Min}, {"max", AggOp::Max},
        {"avg", AggOp::Avg},     {"first", AggOp::First}, {"last", AggOp::Last}, {"any", AggOp::Any},
        {"all", AggOp::All},     {"none", AggOp::None}};
    AggOp op = AggOp::Count;
    for (auto& [name, o] : ops) {
      if (name == w) op = o;
    }
    size_t i = 1;
    bool distinct = false;
    if (k[i]->kind == NodeKind::Distinct) {
      distinct = true;
      ++i;
    }
    ExprId value = kNoExpr;
    if (k[i]->kind == NodeKind::AggValue) value = Expr(*k[i++]->children[0]);
    ExprId id = Add(ExprKind::Aggregate, SpanOf(n), {}, static_cast<uint8_t>(op));
    StreamId s = StreamOf(*k[i], value);
    tree_.at(id).stream = s;
    tree_.at(id).flag = distinct;
    return id;
  }

  ExprId Expr(const ParseNode& n) {
    const auto& k = n.children;
    switch (n.kind) {
      case NodeKind::OrExpr:
      case NodeKind::AndExpr:
      case NodeKind::AddExpr:
      case NodeKind::MulExpr: return Chain(n);
      case NodeKind::NotExpr: return Add(ExprKind::Not, SpanOf(n), {Expr(*k[0])});
      case NodeKind::CmpExpr: return Compare(n);
      case NodeKind::CoalesceExpr: {
        ExprId left = Expr(*k[0]);
        if (k.size() == 1) return left;
        return Add(ExprKind::Coalesce, SpanOf(n), {left, Expr(*k[2])});
      }
      case NodeKind::NegExpr: return Add(ExprKind::Neg, SpanOf(n), {Expr(*k[0])});
      case NodeKind::PostfixExpr: {
        if (TooDeep(n, k.size())) return Add(ExprKind::Error, SpanOf(n));
        ExprId base = Expr(*k[0]);
        for (size_t i = 1; i < k.size(); ++i) {
          Span span{file_, n.begin, k[i]->end};
          if (k[i]->kind == NodeKind::Index) {
            base = Add(ExprKind::Index, span, {base, Expr(*k[i]->children[0])});
            continue;
          }
          const ParseNode& field = *k[i]->children[0];
          ExprId m = Add(ExprKind::Member, span, {base});
          tree_.at(m).name = Ident{Unquote(field.text), SpanOf(field)};
          base = m;
        }
        return base;
      }
      case NodeKind::Paren: {
        ExprId inner = Expr(*k[0]);
        return inner;
      }
      case NodeKind::IfExpr: return Add(ExprKind::If, SpanOf(n), {Expr(*k[0]), Expr(*k[1]), Expr(*k[2])});
      case NodeKind::SetLit: {
        std::vector<ExprId> elems;
        for (const auto& c : k) elems.push_back(Expr(*c));
        return Add(ExprKind::SetLit, SpanOf(n), std::move(elems));
      }
      case NodeKind::Score: {
        std::vector<ExprId> parts;
        for (size_t i = 1; i < k.size(); ++i) {
          parts.push_back(Expr(*k[i]->children[0]));
          parts.push_back(Expr(*k[i]->children[1]));
        }
        return Add(ExprKind::Score, SpanOf(n), std::move(parts));
      }
      case NodeKind::Call: {
        std::vector<ExprId> args;
        Ident among;
        for (size_t i = 1; i < k.size(); ++i) {
          if (k[i]->kind == NodeKind::Among) {
            among = Name(*k[i]->children[0]);
          } else {
            args.push_back(Expr(*k[i]));
          }
        }
        ExprId id = Add(ExprKind::Call, SpanOf(n), std::move(args));
        tree_.at(id).name = Ident{Unquote(k[0]->text), SpanOf(*k[0])};
        tree_.at(id).among = among;
        return id;
      }
      case NodeKind::Aggregate: return Aggregate(n);
      case NodeKind::Name: {
        ExprId id = Add(ExprKind::Name, SpanOf(n));
        tree_.at(id).name = Ident{Unquote(n.text), SpanOf(n)};
        return id;
      }
      case NodeKind::Today: return Add(ExprKind::Today, SpanOf(n));
      case NodeKind::Now: return Add(ExprKind::Now, SpanOf(n));
      case NodeKind::TriggerRef: return Add(ExprKind::TriggerRef, SpanOf(n));
      case NodeKind::EntryRef: return Add(ExprKind::EntryRef, SpanOf(n));
      case NodeKind::CustomerRef: return Add(ExprKind::CustomerRef, SpanOf(n));
      case NodeKind::AbsentLit: return Add(ExprKind::Absent, SpanOf(n));
      case NodeKind::None: case NodeKind::Program: case NodeKind::Garbage: case NodeKind::Broken:
      case NodeKind::Import: case NodeKind::TimeZone: case NodeKind::Schema: case NodeKind::CustomersTable:
      case NodeKind::EventsTable: case NodeKind::RefTable: case NodeKind::ListTable: case NodeKind::Field:
      case NodeKind::TypeName: case NodeKind::EnumType: case NodeKind::OptionalMark:
      case NodeKind::EnumDecl: case NodeKind::LetDecl: case NodeKind::SegmentDecl:
      case NodeKind::TriggerDecl: case NodeKind::TrigOnDate: case NodeKind::TrigOnStream:
      case NodeKind::TrigYearlyDay: case NodeKind::TrigYearly: case NodeKind::TrigEnters:
      case NodeKind::TrigLeaves: case NodeKind::TrigInactive: case NodeKind::TrigClause:
      case NodeKind::CampaignDecl: case NodeKind::CampaignKey: case NodeKind::Clause:
      case NodeKind::PolicyDecl: case NodeKind::PolicyRule: case NodeKind::ConsentPart:
      case NodeKind::SuggestEntry: case NodeKind::TestDecl: case NodeKind::TestItem: case NodeKind::Record:
      case NodeKind::RecordField: case NodeKind::QueryStmt: case NodeKind::ShowColumn:
      case NodeKind::ReservedName: case NodeKind::Word: case NodeKind::Member: case NodeKind::Index:
      case NodeKind::Op: case NodeKind::CmpBetween: case NodeKind::CmpWithin: case NodeKind::CmpIn:
      case NodeKind::CmpNotIn: case NodeKind::CmpTop: case NodeKind::CmpIs: case NodeKind::Among:
      case NodeKind::Distinct: case NodeKind::AggValue: case NodeKind::Stream: case NodeKind::TrigStream:
      case NodeKind::Alias: case NodeKind::Projection: case NodeKind::Window: case NodeKind::Where:
      case NodeKind::ScoreEntry: case NodeKind::IntLit: case NodeKind::DecimalLit: case NodeKind::FloatLit:
      case NodeKind::StringLit: case NodeKind::BoolLit: case NodeKind::DateLit:
      case NodeKind::TimestampLit: case NodeKind::DurationLit: case NodeKind::TimeLit:
      case NodeKind::MonthDayLit: case NodeKind::PercentLit: case NodeKind::BadLiteral: break;
    }
    return Literal(n);
  }
};

}  // namespace

void BuildAst(const grammar::ParseNode& root, FileId file, Tree& tree, Diagnostics& diags) {
  Builder(file, tree, diags).Program(root);
}

}  // namespace sam::ast
