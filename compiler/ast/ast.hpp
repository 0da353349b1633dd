// The abstract syntax tree: declarations of all files of a program, with exact spans.
// Expressions live in one vector and refer to each other by ExprId; the checker
// annotates them by id (compiler/check/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source.hpp"
#include "schema/schema.hpp"
#include "stdlib/aggregates.hpp"

namespace sam::ast {

using ExprId = uint32_t;
inline constexpr ExprId kNoExpr = UINT32_MAX;
using StreamId = uint32_t;
inline constexpr StreamId kNoStream = UINT32_MAX;

struct Ident {
  std::string_view text;  // points into the SourceFile, which outlives the tree
  Span span;
  bool empty() const { return text.empty(); }
};

enum class ExprKind : uint8_t {
#define SAM_EXPR(k) k,
#include "compiler/ast/expr_kinds.def"
#undef SAM_EXPR
};
std::string_view ExprKindName(ExprKind k);

enum class BinaryOp : uint8_t { Add, Sub, Mul, Div, And, Or };
enum class CompareOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
enum class WindowKind : uint8_t { Within, Since, After, Before, Between };
std::string_view BinaryOpText(BinaryOp op);
std::string_view CompareOpText(CompareOp op);
std::string_view WindowKindText(WindowKind k);

struct Expr {
  ExprKind kind = ExprKind::Error;
  uint8_t op = 0;     // BinaryOp, CompareOp or AggOp
  bool flag = false;  // Aggregate: distinct. IsPresent: tests absence. TopBottom: bottom.
  bool flag2 = false; // TopBottom: amount is a percentage. Timestamp: has an explicit zone.
  Span span;
  Ident name;  // Name, Member (field), Call (function)
  Ident among; // Call (rank, percentile) and TopBottom: `among SEGMENT`
  std::vector<ExprId> kids;
  int64_t ival = 0;  // Int; Decimal (scaled); Date (days since 1970-01-01); Timestamp
                     // (microseconds since the epoch; wall clock if !flag2); Duration
                     // (microseconds); TopBottom amount (count, or percent scaled 10^6)
  double fval = 0;
  std::string sval;  // String
  StreamId stream = kNoStream;  // Aggregate
};

struct Window {
  WindowKind kind;
  Span span;
  ExprId a = kNoExpr;
  ExprId b = kNoExpr;
};

// An event table as seen by an aggregate or an event trigger.
struct Stream {
  Ident table;
  Ident alias;
  Ident field;              // `orders.amount`
  ExprId value = kNoExpr;   // `amount * 2 of orders`
  std::vector<Window> windows;
  ExprId where = kNoExpr;
  Span span;
};

// ---- schema -------------------------------------------------------------------
struct TypeRef {
  Span span;
  Ident name;                  // a built-in type or a declared enum
  std::vector<Ident> variants; // inline `enum { ... }`
  bool is_enum = false;
  bool optional = false;
};

struct Field {
  Ident name;
  TypeRef type;
  std::string column;  // `from "order date"`: the file's column, when it has another name
  Span column_span;
};


struct Table {
  TableKind kind;
  Ident name;  // `customers` for the customers table
  Ident key;   // customers, reference: key field; events, list: customer reference
  Ident time;  // events: time column
  std::vector<Field> fields;
  Span span;
};

struct EnumDecl {
  Ident name;
  std::vector<Ident> variants;
  Span span;
};

// ---- definitions ----------------------------------------------------------------
struct LetDecl {
  Ident name;
  std::optional<TypeRef> type;
  ExprId value = kNoExpr;
  bool segment = false;
  Span span;
};

enum class TriggerSource : uint8_t { OnDate, OnEvent, YearlyDay, Yearly, Enters, Leaves, Inactive };
enum class TriggerClauseKind : uint8_t { After, If, Unless, Per };

struct TriggerClause {
  TriggerClauseKind kind;
  ExprId expr = kNoExpr;
  Ident name;
  Span span;
};

struct TriggerDecl {
  Ident name;
  TriggerSource source;
  Span source_span;
  StreamId stream = kNoStream;  // OnEvent, Inactive
  ExprId expr = kNoExpr;        // Yearly: the date; Inactive: the period; OnDate: the date literal
  int month_day = 0;            // YearlyDay: month * 100 + day
  Ident segment;                // Enters, Leaves
  std::vector<TriggerClause> clauses;
  Span span;
};

enum class CampaignKind : uint8_t { Service, Commercial };
enum class Reentry : uint8_t { Unset, Never, After, AfterExit };
enum class Migrate : uint8_t { Unset, Continue, Restart, Exit };

struct Step {
  std::string message;
  Span span;
  Span message_span;
  ExprId at = kNoExpr;  // delay after entry; kNoExpr for `message` (0d)
  ExprId cond = kNoExpr;
  Ident channel;  // `via CHANNEL`
};

struct Metric {
  Ident name;
  ExprId value = kNoExpr;
};

struct Campaign {
  Ident name;
  std::string key;
  Span key_span;
  Span span;
  Ident stage;
  std::optional<CampaignKind> kind;
  Span kind_span;
  std::vector<Ident> requires_consent;
  Ident channel;
  ExprId audience = kNoExpr;
  Span audience_span;
  Ident trigger;
  std::vector<Step> steps;
  ExprId exit = kNoExpr;
  std::optional<int64_t> priority;
  Span priority_span;
  std::optional<int64_t> holdout;  // percent scaled by 10^6
  Span holdout_span;
  Reentry reentry = Reentry::Unset;
  ExprId reentry_after = kNoExpr;
  std::optional<int64_t> limit;
  Span limit_span;  // the number of `limit N per run`
  int send_minute = -1;
  Migrate migrate = Migrate::Unset;
  bool base = false;
  bool paused = false;
  std::optional<int64_t> from_day;
  std::optional<int64_t> until_day;
  std::vector<Metric> metrics;
};

// ---- policy -------------------------------------------------------------------------
struct Cap {
  int64_t max = 0;
  Span max_span;  // the number N of `max N contacts`
  ExprId per = kNoExpr;
  bool per_channel = false, per_campaign = false, per_kind = false;
  Ident on_channel;
  std::optional<CampaignKind> for_kind;
  Span span;
};
struct Quiet {
  int from_minute = 0, to_minute = 0;
  Ident channel;
  Span span;
};
struct Consent {
  Ident purpose;
  ExprId granted = kNoExpr, confirmed = kNoExpr, withdrawn = kNoExpr;
  Span span;
};
struct Suppress {
  ExprId cond = kNoExpr;
  Ident channel;
  Span span;
};
struct Portfolio {
  bool base = false;
  int64_t lo = 0, hi = 0;
  Span span;
};
struct ChannelAddress {
  Ident channel;
  Ident field;
  Span span;
};
struct Allow {
  Ident channel;
  ExprId cond = kNoExpr;
  Span span;
};
struct Suggest {
  Ident segment;
  std::vector<std::pair<Ident, int64_t>> priorities;
  Span span;
};
struct Rate {
  Ident channel;
  int64_t count = 0;
  ExprId per = kNoExpr;
  Span span;
  Span count_span;  // the number N of `rate CHANNEL N per D`
};
// `contacts TABLE [where COND] channel V [campaign V] [kind V]`: a V is a field of
// the table (`field`) or one string for every row (`text`, `constant`).
struct HistoryValue {
  Ident field;
  std::string text;
  bool constant = false;
  Span span;
  bool given() const { return constant || !field.empty(); }
};
struct ContactHistory {
  StreamId stream = kNoStream;
  HistoryValue channel, campaign, kind;
  Span span;
};

struct Policy {
  Span span;
  ExprId timezone = kNoExpr;
  std::vector<Cap> caps;
  std::vector<Quiet> quiet;
  std::vector<Consent> consents;
  std::vector<Suppress> suppressions;
  std::vector<Portfolio> portfolios;
  std::vector<ChannelAddress> addresses;
  std::vector<Allow> allows;
  std::vector<Suggest> suggestions;
  std::vector<Rate> rates;
  std::vector<ContactHistory> histories;
};

// ---- tests and queries -----------------------------------------------------------
struct RecordField {
  Ident name;
  ExprId value = kNoExpr;  // kNoExpr: `absent`
  Span span;
};
struct Record {
  std::vector<RecordField> fields;
  Span span;
};
struct TestRows {
  Ident table;  // `customers` for customer rows
  std::vector<Record> rows;
  Span span;
};

enum class ExpectKind : uint8_t { Holds, Count, Contact, NoContact };
struct Expectation {
  ExpectKind kind;
  ExprId expr = kNoExpr;     // Holds
  Ident name;                // Count: segment (empty: customers); Contact: campaign
  std::optional<std::string> customer;  // `for KEY`, as written
  Span customer_span;
  std::string step;
  std::optional<int64_t> on_day;
  int64_t count = 0;
  Span span;
};

struct Test {
  std::string name;
  Span span;
  std::optional<int64_t> today;
  Span today_span;
  std::vector<TestRows> rows;
  std::vector<Expectation> expects;
};

enum class QueryKind : uint8_t { Count, Show, Why };
struct ShowColumn {
  ExprId expr = kNoExpr;
  Ident alias;
};
struct Query {
  QueryKind kind;
  Ident target;  // segment; empty for `customers`
  ExprId where = kNoExpr;
  std::optional<int64_t> limit;
  std::vector<ShowColumn> columns;
  std::string customer;  // Why
  Span span;
};

// `today 2026-11-23` in query text: the run date of its queries.
struct RunDate {
  int64_t day = 0;  // days since 1970-01-01
  Span span;
};

// ---- files --------------------------------------------------------------------------
struct Import {
  std::string path;
  Span span;
};

// `timezone "Europe/Amsterdam"`: every one written, so that the checker sees a second
// one in the same file too.
struct TimeZoneDecl {
  std::string name;
  Span span;  // the string
};

struct File {
  FileId id;
  std::vector<Import> imports;
  std::vector<TimeZoneDecl> timezones;
};

// A declaration that did not parse (its error is reported): what the checker needs
// to avoid follow-on errors.
struct BrokenDecl {
  std::string_view word;  // `segment`, `schema`, ...
  Ident name;             // may be empty
};

struct Tree {
  std::vector<BrokenDecl> broken;
  // Some text is missing from the program (an unreadable import, a file that is not
  // UTF-8, a broken schema): unknown names are then not reported.
  bool incomplete = false;
  // Some text did not parse (a syntax error): uses in it are unknown, so nothing is
  // reported as unused.
  bool syntax_errors = false;
  std::vector<Expr> exprs;
  std::vector<Stream> streams;
  std::vector<File> files;
  std::vector<Table> tables;
  std::vector<EnumDecl> enums;
  std::vector<LetDecl> lets;  // lets and segments, in source order
  std::vector<TriggerDecl> triggers;
  std::vector<Campaign> campaigns;
  std::vector<Policy> policies;
  std::vector<Test> tests;
  std::vector<Query> queries;
  std::vector<RunDate> run_dates;  // `today DATE` in query text, at most one per file

  ExprId Add(Expr e) {
    exprs.push_back(std::move(e));
    return static_cast<ExprId>(exprs.size() - 1);
  }
  Expr& at(ExprId id) { return exprs[id]; }
  const Expr& at(ExprId id) const { return exprs[id]; }
};

}  // namespace sam::ast
