// The PEGTL grammar of SAM. docs/language.md gives the same grammar as EBNF; keep
// the two in step. Conventions:
// - every token rule skips leading trivia (`ws`), so a node's range is exact at its
//   end and parse.cpp trims trivia from its start;
// - rules named in CamelCase become parse-tree nodes (grammar/node_kinds.def),
//   lower_case rules are structure only;
// - `if_must<Token, ...>` / `must<>` right after the token that commits to a construct,
//   each with a message in messages.hpp;
// - hard keywords (reserved_word) are never names; clause words of campaigns, policy
//   and tests are soft: they are keywords only at the start of a clause.
#pragma once

#include <tao/pegtl.hpp>

#include <algorithm>
#include <string_view>

#include "base/names.hpp"

namespace sam::grammar::rules {

namespace p = tao::pegtl;
using p::at;
using p::if_must;
using p::list;
using p::must;
using p::not_at;
using p::one;
using p::opt;
using p::plus;
using p::seq;
using p::sor;
using p::star;

// ---- trivia -------------------------------------------------------------------
// Ends at LF, CRLF or a lone CR, as SourceFile counts lines.
struct line_comment : seq<p::two<'/'>, p::until<sor<p::eolf, one<'\r'>>>> {};
struct block_comment_rest : p::until<p::string<'*', '/'>> {};
struct block_comment : if_must<p::string<'/', '*'>, block_comment_rest> {};
struct trivia : sor<p::ascii::space, line_comment, block_comment> {};
struct ws : star<trivia> {};

// ---- words ----------------------------------------------------------------------
template <char... C> struct KeywordText : p::keyword<C...> {};
template <char... C> struct Kw : seq<ws, KeywordText<C...>> {};
// A soft (clause) word; kept in the tree as a Word node so the builder knows the clause.
template <char... C> struct SoftWord : p::keyword<C...> {};
template <char... C> struct Sw : seq<ws, SoftWord<C...>> {};
// An operator kept in the tree as an Op node.
template <char... C> struct OpText : p::string<C...> {};
template <char... C> struct OpWord : p::keyword<C...> {};
template <char... C> struct OpTok : seq<ws, OpText<C...>> {};
template <char... C> struct OpKw : seq<ws, OpWord<C...>> {};
template <char C> struct Sym : seq<ws, one<C>> {};
template <char A, char B> struct Sym2 : seq<ws, p::string<A, B>> {};

// Fails, or raises the error of `R` when `R` matches here: for what users bring from
// other languages (`&&`, `<>`, `'text'`), reported at the token with its own message.
template <typename R> struct reject : seq<at<R>, p::raise<R>> {};

#define SAM_KW(s) TAO_PEGTL_INTERNAL_STRING(::sam::grammar::rules::Kw, s)
#define SAM_SW(s) TAO_PEGTL_INTERNAL_STRING(::sam::grammar::rules::Sw, s)
#define SAM_OPKW(s) TAO_PEGTL_INTERNAL_STRING(::sam::grammar::rules::OpKw, s)
#define SAM_WORD(s) TAO_PEGTL_KEYWORD(s)

// The reserved words (base/names.hpp): the identifiers that are never names.
using ::sam::IsReservedWord;
using ::sam::kReservedWords;

// An identifier, and whether it is reserved: one scan and a binary search instead of
// trying every keyword at every name (parsing speed).
template <bool Reserved>
struct identifier_if {
  using rule_t = p::identifier::rule_t;
  using subs_t = p::empty_list;
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* b = in.current();
    const char* e = in.end();
    auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (b == e || !alpha(*b)) return false;
    const char* q = b + 1;
    while (q != e && (alpha(*q) || (*q >= '0' && *q <= '9'))) ++q;
    if (IsReservedWord(std::string_view(b, static_cast<size_t>(q - b))) != Reserved) return false;
    in.bump_in_this_line(static_cast<size_t>(q - b));
    return true;
  }
};

// A quoted name: any text but a backtick or a line break, between backticks. Any
// column name of a file can be written so (`at`, `order date`); it is never reserved,
// and the backticks are not part of the name (`amount` and `` `amount` `` are one name).
struct quoted_text : plus<p::not_one<'`', '\n', '\r'>> {};
struct quoted_end : one<'`'> {};
struct quoted_name : if_must<one<'`'>, quoted_text, quoted_end> {};
struct Name : sor<identifier_if<false>, quoted_name> {};
struct ReservedName : identifier_if<true> {};
struct name : seq<ws, Name> {};
// Where a new name is declared, a reserved word is accepted by the grammar and
// reported by the AST builder (`reserved-word`), so parsing goes on.
struct decl_name : seq<ws, sor<Name, ReservedName>> {};

// ---- literals -------------------------------------------------------------------
struct digits : seq<p::digit, star<sor<p::digit, seq<one<'_'>, p::digit>>>> {};
struct d2 : p::rep<2, p::digit> {};
struct d4 : p::rep<4, p::digit> {};
struct word_end : not_at<p::identifier_other> {};
struct date_part : seq<d4, one<'-'>, d2, one<'-'>, d2> {};
struct clock_part : seq<d2, one<':'>, d2, opt<one<':'>, d2, opt<one<'.'>, plus<p::digit>>>> {};
struct zone_part : sor<one<'Z'>, seq<one<'+', '-'>, d2, one<':'>, d2>> {};
struct TimestampLit : seq<date_part, one<'T', ' '>, clock_part, opt<zone_part>, word_end> {};
struct DateLit : seq<date_part, word_end> {};
struct DurationLit : seq<digits, one<'s', 'm', 'h', 'd', 'w'>, word_end> {};
struct FloatLit
    : seq<digits, opt<one<'.'>, digits>, one<'e', 'E'>, opt<one<'+', '-'>>, digits, word_end> {};
struct DecimalLit : seq<digits, one<'.'>, digits, word_end> {};
struct IntLit : seq<digits, word_end> {};
// A number run into letters (`30days`): reported as an invalid literal, not as a
// confusing "expected ..." further on.
struct BadLiteral : seq<p::digit, star<sor<p::identifier_other, one<'.'>>>> {};
// A date without zero padding (`2026-1-5`) would otherwise parse as subtraction.
struct BadDate : seq<d4, one<'-'>, p::rep_min_max<1, 2, p::digit>, one<'-'>, p::rep_min_max<1, 2, p::digit>,
                     word_end> {};
struct PercentLit : seq<digits, opt<one<'.'>, digits>, one<'%'>> {};
struct TimeLit : seq<p::rep_min_max<1, 2, p::digit>, one<':'>, d2, not_at<p::digit>> {};
struct MonthDayLit : seq<d2, one<'-'>, d2, not_at<sor<p::digit, one<'-'>>>, word_end> {};
struct string_char : sor<seq<one<'\\'>, p::not_one<'\n', '\r'>>, p::not_one<'\n', '\r'>> {};
struct string_rest : p::until<one<'"'>, string_char> {};
struct StringLit : if_must<one<'"'>, string_rest> {};
struct BoolLit : sor<SAM_WORD("true"), SAM_WORD("false")> {};
struct AbsentLit : SAM_WORD("absent") {};

struct int_lit : seq<ws, IntLit> {};
struct string_lit : seq<ws, StringLit> {};
// Where only a date may stand (`today 2026-12-011`): any other text that starts like
// one is reported whole, as not of the form, rather than at a later token.
struct date_like : seq<p::digit, star<sor<p::identifier_other, one<'-', '/', '.', ':'>>>> {};
struct date_lit : seq<ws, sor<DateLit, reject<date_like>>> {};
// The same for a time of day (`send at 9:5`); `..` ends it (`quiet 9:5..10:00`).
struct time_like : seq<p::digit, star<sor<p::identifier_other, one<':'>>>> {};
struct time_lit : seq<ws, sor<TimeLit, reject<time_like>>> {};
// at<>: a number without `%` is left unread, so the error points at it.
struct percent_lit : seq<ws, at<PercentLit>, PercentLit> {};
struct key_lit : seq<ws, sor<IntLit, StringLit>> {};

// ---- expressions ----------------------------------------------------------------
struct expr;
struct coalesce_expr;
struct unary;
struct not_expr;
// Wraps each recursion point; its control checks the nesting depth.
template <typename R> struct nest : seq<R> {};
using nested_expr = nest<expr>;

struct Paren : if_must<Sym<'('>, nested_expr, Sym<')'>> {};
struct IfExpr : if_must<SAM_KW("if"), nested_expr, SAM_KW("then"), nested_expr, SAM_KW("else"), nested_expr> {};
struct set_elements : opt<list<nested_expr, Sym<','>>, opt<Sym<','>>> {};
struct SetLit : if_must<Sym<'{'>, set_elements, Sym<'}'>> {};
struct ScoreEntry : seq<coalesce_expr, must<SAM_KW("if")>, must<nested_expr>> {};
struct score_entries : opt<list<ScoreEntry, Sym<','>>, opt<Sym<','>>> {};
struct Score : seq<ws, SoftWord<'s', 'c', 'o', 'r', 'e'>, ws, one<'{'>, must<score_entries>, must<Sym<'}'>>> {};

// `among customers`: all customers are the default population.
struct among_customers : seq<ws, SAM_WORD("customers")> {};
struct among_target : sor<reject<among_customers>, name> {};
struct Among : if_must<SAM_KW("among"), among_target> {};
struct call_args : seq<opt<list<nested_expr, Sym<','>>>, opt<Among>> {};
struct Call : seq<ws, Name, ws, one<'('>, must<call_args>, must<Sym<')'>>> {};

// Streams: an event table seen through windows and a filter (inside aggregates).
struct Alias : if_must<SAM_KW("as"), name> {};
struct Projection : seq<Sym<'.'>, must<name>> {};
// `within 90 days`: a number and a spelt-out unit.
struct unit_word : sor<SAM_WORD("days"), SAM_WORD("day"), SAM_WORD("weeks"), SAM_WORD("week"), SAM_WORD("hours"),
                       SAM_WORD("hour"), SAM_WORD("minutes"), SAM_WORD("minute"), SAM_WORD("seconds"),
                       SAM_WORD("second")> {};
struct spelt_duration : seq<ws, digits, plus<p::blank>, unit_word> {};
struct window_arg : seq<opt<reject<spelt_duration>>, nest<coalesce_expr>> {};
struct Window : sor<if_must<SAM_OPKW("within"), window_arg>, if_must<SAM_OPKW("since"), window_arg>,
                    if_must<SAM_OPKW("after"), window_arg>, if_must<SAM_OPKW("before"), window_arg>,
                    if_must<SAM_OPKW("between"), window_arg, SAM_KW("and"), window_arg>> {};
struct Where : if_must<SAM_KW("where"), nested_expr> {};
struct Stream : seq<name, opt<Alias>, opt<Projection>, star<Window>, opt<Where>> {};
struct stream : seq<Stream> {};
struct AggValue : seq<nested_expr> {};
struct Distinct : SAM_KW("distinct") {};
struct agg_word : sor<SAM_OPKW("count"), SAM_OPKW("sum"), SAM_OPKW("min"), SAM_OPKW("max"),
                      SAM_OPKW("avg"), SAM_OPKW("first"), SAM_OPKW("last"), SAM_OPKW("any"),
                      SAM_OPKW("all"), SAM_OPKW("none")> {};
struct agg_body : sor<seq<AggValue, SAM_KW("of"), must<stream>>, stream> {};
// `count(orders where amount > 5 within 30d)`: windows come before `where`.
struct window_after_where
    : sor<SAM_OPKW("within"), SAM_OPKW("since"), SAM_OPKW("after"), SAM_OPKW("before"), SAM_OPKW("between")> {};
struct Aggregate
    : if_must<seq<agg_word, Sym<'('>>, opt<Distinct>, agg_body, opt<reject<window_after_where>>, Sym<')'>> {};

struct Today : SAM_WORD("today") {};
struct Now : SAM_WORD("now") {};
struct TriggerRef : SAM_WORD("trigger") {};
struct EntryRef : SAM_WORD("entry") {};
struct CustomerRef : SAM_WORD("customer") {};

struct single_quote : seq<ws, one<'\''>> {};
// `90 days` wherever a value may stand (`signup_at within 90 days`, `today - 90 days`):
// one error at the number and its word, not an error at `days` that reads as another.
struct literal : seq<ws, sor<TimestampLit, DateLit, BadDate, DurationLit, FloatLit, DecimalLit, reject<spelt_duration>,
                             IntLit, BadLiteral,
                             StringLit, BoolLit, Today, Now, TriggerRef, EntryRef, CustomerRef>> {};
struct primary : sor<Paren, IfExpr, Aggregate, literal, Score, SetLit, Call, name, reject<single_quote>> {};

struct member_name : seq<ws, sor<Name, ReservedName>> {};
struct Member : seq<Sym<'.'>, not_at<one<'.'>>, must<member_name>> {};
struct index_end : Sym<']'> {};
struct Index : if_must<Sym<'['>, nested_expr, index_end> {};
struct PostfixExpr : seq<primary, star<sor<Member, Index>>> {};
struct NegExpr : if_must<Sym<'-'>, nest<unary>> {};
struct unary : sor<NegExpr, PostfixExpr> {};
struct MulExpr : seq<unary, star<sor<OpTok<'*'>, OpTok<'/'>>, must<unary>>> {};
struct AddExpr : seq<MulExpr, star<sor<OpTok<'+'>, OpTok<'-'>>, must<MulExpr>>> {};
struct CoalesceExpr : seq<AddExpr, opt<OpTok<'?', '?'>, must<nest<coalesce_expr>>>> {};
struct coalesce_expr : seq<CoalesceExpr> {};

struct cmp_op : sor<OpTok<'=', '='>, OpTok<'!', '='>, OpTok<'<', '='>, OpTok<'>', '='>, OpTok<'<'>, OpTok<'>'>> {};
// `=` where `==` was meant: its own message.
struct single_eq : seq<ws, one<'='>, not_at<one<'='>>> {};
struct top_amount : seq<ws, sor<PercentLit, IntLit>> {};
struct CmpTop : seq<SAM_KW("in"), sor<SAM_OPKW("top"), SAM_OPKW("bottom")>, must<top_amount>, opt<Among>> {};
struct CmpIn : if_must<SAM_KW("in"), coalesce_expr> {};
struct CmpNotIn : seq<SAM_KW("not"), SAM_KW("in"), must<coalesce_expr>> {};
struct CmpBetween : if_must<SAM_KW("between"), coalesce_expr, SAM_KW("and"), coalesce_expr> {};
struct CmpWithin : if_must<SAM_KW("within"), coalesce_expr> {};
struct is_what : sor<SAM_OPKW("present"), SAM_OPKW("absent")> {};
struct CmpIs : if_must<SAM_KW("is"), opt<SAM_OPKW("not")>, is_what> {};
struct sql_not_equal : seq<ws, p::string<'<', '>'>> {};
// `100 < x < 500`: a second comparison operator after a comparison.
struct chained_cmp : seq<ws, sor<p::two<'='>, p::string<'!', '='>, one<'<', '>'>>> {};
struct cmp_tail : sor<reject<sql_not_equal>, seq<cmp_op, must<coalesce_expr>>, CmpTop, CmpIn, CmpNotIn, CmpBetween, CmpWithin,
                      CmpIs> {};
struct assign_guard : seq<at<single_eq>, p::raise<single_eq>> {};
struct CmpExpr : seq<coalesce_expr, opt<sor<cmp_tail, assign_guard>>, opt<reject<chained_cmp>>> {};
struct NotExpr : if_must<SAM_KW("not"), nest<not_expr>> {};
struct not_expr : sor<NotExpr, CmpExpr> {};
struct AndExpr : seq<not_expr, star<SAM_OPKW("and"), must<not_expr>>> {};
struct OrExpr : seq<AndExpr, star<SAM_OPKW("or"), must<AndExpr>>> {};
struct and_and : seq<ws, p::two<'&'>> {};
struct or_or : seq<ws, p::two<'|'>> {};
struct expr : seq<OrExpr, opt<sor<reject<and_and>, reject<or_or>>>> {};

// ---- schema -----------------------------------------------------------------------
struct OptionalMark : one<'?'> {};
struct variants : seq<list<decl_name, Sym<','>>, opt<Sym<','>>> {};
struct EnumType : if_must<SAM_KW("enum"), Sym<'{'>, variants, Sym<'}'>> {};
struct TypeName : seq<ws, Name> {};
struct type : seq<sor<EnumType, TypeName>, opt<ws, OptionalMark>> {};
// `events orders ...` where a field was expected: the table before it lacks its `}`.
struct table_start : seq<ws, sor<SAM_WORD("customers"), SAM_WORD("events"), SAM_WORD("table"), SAM_WORD("list")>,
                         plus<p::ascii::space>, p::identifier> {};
// `ordered_at: timestamp from "order date"`: the field reads the file's column of
// that name. `from` followed by `:` is the next field's name.
struct column_name : seq<ws, StringLit> {};
struct field_column : if_must<seq<SAM_SW("from"), not_at<Sym<':'>>>, column_name> {};
struct Field : seq<not_at<table_start>, decl_name, must<Sym<':'>>, must<type>, opt<field_column>, opt<Sym<','>>> {};
struct fields_end : Sym<'}'> {};
struct fields : if_must<Sym<'{'>, star<Field>, fields_end> {};
struct CustomersTable : if_must<SAM_KW("customers"), SAM_KW("key"), name, fields> {};
struct EventsTable : if_must<SAM_KW("events"), decl_name, SAM_KW("of"), SAM_KW("customers"), SAM_KW("by"), name,
                             SAM_KW("at"), name, fields> {};
struct RefTable : if_must<SAM_KW("table"), decl_name, SAM_KW("key"), name, fields> {};
struct ListTable : if_must<SAM_KW("list"), decl_name, SAM_KW("of"), SAM_KW("customers"), SAM_KW("by"), name> {};
struct table_decl : sor<CustomersTable, EventsTable, RefTable, ListTable> {};
struct schema_end : Sym<'}'> {};
struct Schema : if_must<SAM_KW("schema"), Sym<'{'>, star<table_decl>, schema_end> {};

// ---- declarations -----------------------------------------------------------------
struct Import : if_must<SAM_KW("import"), string_lit> {};
struct TimeZone : if_must<SAM_KW("timezone"), string_lit> {};
struct EnumDecl : if_must<SAM_KW("enum"), decl_name, Sym<'{'>, variants, Sym<'}'>> {};
struct LetDecl : if_must<SAM_KW("let"), decl_name, opt<Sym<':'>, must<type>>, Sym<'='>, expr> {};
struct SegmentDecl : if_must<SAM_KW("segment"), decl_name, Sym<'='>, expr> {};

// ---- triggers ---------------------------------------------------------------------
// A trigger fires per event, so its stream has no windows: `on orders after 7d` is
// the `after` clause (a delay), not a window.
struct TrigStream : seq<name, opt<Alias>, opt<Where>> {};
struct trig_stream : seq<TrigStream> {};
struct TrigOnDate : seq<SAM_KW("on"), ws, sor<TimestampLit, DateLit>> {};
struct TrigOnStream : if_must<SAM_KW("on"), trig_stream> {};
struct TrigYearlyDay : seq<SAM_KW("yearly"), ws, MonthDayLit> {};
struct TrigYearly : if_must<SAM_KW("yearly"), expr> {};
struct TrigEnters : if_must<SAM_KW("enters"), name> {};
struct TrigLeaves : if_must<SAM_KW("leaves"), name> {};
struct TrigInactive : if_must<SAM_KW("inactive"), trig_stream, SAM_KW("for"), expr> {};
struct trigger_source
    : sor<TrigOnDate, TrigOnStream, TrigYearlyDay, TrigYearly, TrigEnters, TrigLeaves, TrigInactive> {};
struct TrigClause : sor<if_must<SAM_OPKW("after"), expr>, if_must<SAM_OPKW("if"), expr>,
                        if_must<SAM_OPKW("unless"), expr>, if_must<SAM_OPKW("per"), name>> {};
struct TriggerDecl : if_must<SAM_KW("trigger"), decl_name, Sym<'='>, trigger_source, star<TrigClause>> {};

// ---- campaigns --------------------------------------------------------------------
struct CampaignKey : if_must<SAM_KW("key"), string_lit> {};
struct campaign_kind : sor<SAM_SW("service"), SAM_SW("commercial")> {};
struct name_list : list<name, Sym<','>> {};
struct step_if : if_must<SAM_OPKW("if"), expr> {};
struct step_channel : if_must<SAM_SW("via"), name> {};
struct send_at : if_must<SAM_SW("send"), SAM_KW("at"), time_lit> {};
struct after_what : sor<SAM_SW("exit"), expr> {};
struct reentry_after : if_must<SAM_OPKW("after"), after_what> {};
struct reentry_mode : sor<SAM_SW("never"), reentry_after> {};
struct migrate_mode : sor<SAM_SW("continue"), SAM_SW("restart"), SAM_SW("exit")> {};
struct Clause
    : sor<if_must<SAM_SW("stage"), name>,
          if_must<SAM_SW("kind"), campaign_kind, opt<SAM_SW("requires"), must<name_list>>>,
          if_must<SAM_SW("channel"), name>,
          if_must<SAM_SW("audience"), expr>,
          if_must<SAM_OPKW("on"), name>,
          if_must<SAM_SW("message"), string_lit>,
          if_must<SAM_SW("step"), string_lit, SAM_KW("at"), expr, opt<step_if>, opt<step_channel>>,
          if_must<SAM_SW("exit"), SAM_SW("when"), expr>,
          if_must<SAM_SW("priority"), int_lit>,
          if_must<SAM_SW("holdout"), percent_lit>,
          if_must<SAM_SW("reentry"), reentry_mode>,
          if_must<SAM_SW("limit"), int_lit, SAM_KW("per"), SAM_SW("run")>,
          send_at,
          if_must<SAM_SW("migrate"), migrate_mode>,
          SAM_SW("base"),
          SAM_SW("paused"),
          if_must<SAM_SW("from"), date_lit>,
          if_must<SAM_SW("until"), date_lit>,
          if_must<SAM_SW("metric"), name, Sym<'='>, expr>> {};
struct campaign_end : Sym<'}'> {};
struct CampaignDecl : if_must<SAM_KW("campaign"), decl_name, opt<CampaignKey>, Sym<'{'>, star<Clause>, campaign_end> {};

// ---- policy -----------------------------------------------------------------------
struct cap_scope : sor<SAM_SW("channel"), SAM_OPKW("campaign"), SAM_SW("kind")> {};
struct cap_per : if_must<SAM_OPKW("per"), cap_scope> {};
struct on_channel : if_must<SAM_OPKW("on"), name> {};
struct for_kind : if_must<SAM_OPKW("for"), campaign_kind> {};
// `on C` and `for K` of a cap, in either order.
struct cap_trailers : sor<seq<for_kind, opt<on_channel>>, seq<opt<on_channel>, opt<for_kind>>> {};
struct contacts_word : sor<SAM_SW("contacts"), SAM_SW("contact")> {};
struct ConsentPart : sor<if_must<SAM_SW("granted"), expr>, if_must<SAM_SW("confirmed"), expr>,
                         if_must<SAM_SW("withdrawn"), expr>> {};
struct consent_end : Sym<'}'> {};
struct SuggestEntry : seq<name, must<int_lit>, opt<Sym<','>>> {};
// `contacts TABLE [where COND] channel V [campaign V] [kind V]`: each V a field of the
// table or one string for every row.
struct history_stream : seq<TrigStream> {};
struct history_value : sor<string_lit, name> {};
struct history_parts : seq<SAM_SW("channel"), must<history_value>, opt<SAM_OPKW("campaign"), must<history_value>>,
                           opt<SAM_SW("kind"), must<history_value>>> {};
struct suggest_end : Sym<'}'> {};
struct PolicyRule
    : sor<if_must<SAM_SW("max"), int_lit, contacts_word, SAM_KW("per"), coalesce_expr, star<cap_per>, cap_trailers>,
          if_must<SAM_SW("quiet"), time_lit, Sym2<'.', '.'>, time_lit, opt<on_channel>>,
          if_must<SAM_OPKW("timezone"), expr>,
          if_must<SAM_SW("consent"), name, Sym<'{'>, star<ConsentPart>, consent_end>,
          if_must<SAM_SW("suppress"), expr, opt<on_channel>>,
          if_must<SAM_SW("portfolio"), opt<SAM_SW("base")>, SAM_KW("between"), int_lit, SAM_KW("and"), int_lit>,
          if_must<SAM_SW("channel"), name, SAM_SW("address"), name>,
          if_must<SAM_SW("allow"), name, SAM_SW("when"), expr>,
          if_must<SAM_SW("suggest"), SAM_KW("for"), name, Sym<'{'>, star<SuggestEntry>, suggest_end>,
          if_must<SAM_SW("rate"), name, int_lit, SAM_KW("per"), coalesce_expr>,
          if_must<SAM_SW("contacts"), history_stream, history_parts>> {};
struct policy_end : Sym<'}'> {};
struct PolicyDecl : if_must<SAM_KW("policy"), Sym<'{'>, star<PolicyRule>, policy_end> {};

// ---- tests ------------------------------------------------------------------------
struct record_value : sor<seq<ws, AbsentLit>, expr> {};
struct RecordField : seq<decl_name, must<Sym<':'>>, must<record_value>> {};
struct record_fields : opt<list<RecordField, Sym<','>>, opt<Sym<','>>> {};
struct record_end : Sym<'}'> {};
struct Record : if_must<Sym<'{'>, record_fields, record_end> {};
struct record : seq<Record> {};
struct records : opt<list<Record, Sym<','>>, opt<Sym<','>>> {};
struct record_list : if_must<Sym<'['>, records, Sym<']'>> {};
struct rows : sor<record_list, Record> {};
struct for_key : if_must<SAM_OPKW("for"), key_lit> {};
struct on_date : if_must<SAM_OPKW("on"), date_lit> {};
struct expect_step : if_must<SAM_SW("step"), string_lit> {};
struct population_count : seq<SAM_OPKW("count"), sor<SAM_OPKW("customers"), name>, must<OpTok<'=', '='>>,
                              must<int_lit>> {};
// `expect contact NAME`, not `expect contact` (a let named `contact`). The lookahead
// reads no Name rule: the parse tree keeps nodes made inside at<>, so `at<name>` put
// the campaign's name in twice and the `for` / `on` / `step` after it were lost.
struct contact_target : at<ws, sor<identifier_if<false>, one<'`'>>> {};
struct expect_body
    : sor<if_must<SAM_SW("no"), SAM_SW("contact"), name, opt<for_key>>,
          if_must<seq<SAM_SW("contact"), contact_target>, name, opt<expect_step>, opt<for_key>, opt<on_date>>,
          population_count,
          seq<expr, opt<for_key>>> {};
struct TestItem : sor<if_must<SAM_OPKW("today"), date_lit>,
                      if_must<SAM_OPKW("customer"), record>,
                      if_must<SAM_OPKW("customers"), rows>,
                      if_must<SAM_SW("expect"), expect_body>,
                      seq<name, must<rows>>> {};
struct test_end : Sym<'}'> {};
struct TestDecl : if_must<SAM_KW("test"), string_lit, Sym<'{'>, star<TestItem>, test_end> {};

// ---- queries (REPL, `sam query`) --------------------------------------------------
struct ShowColumn : seq<nested_expr, opt<Alias>> {};
struct show_column_list : seq<list<ShowColumn, Sym<','>>, opt<Sym<','>>> {};
struct show_columns : if_must<Sym<'{'>, show_column_list, Sym<'}'>> {};
struct show_limit : if_must<SAM_SW("limit"), int_lit> {};
struct target : sor<SAM_OPKW("customers"), name> {};
struct QueryStmt : sor<if_must<SAM_OPKW("count"), target, opt<Where>>,
                       if_must<SAM_SW("show"), target, opt<Where>, opt<show_limit>, opt<show_columns>>,
                       if_must<SAM_SW("why"), key_lit, name>,
                       // The run date of the text's queries (`today 2026-11-23`).
                       if_must<SAM_OPKW("today"), date_lit>> {};

// ---- files ------------------------------------------------------------------------
struct declaration : sor<Import, TimeZone, Schema, EnumDecl, LetDecl, SegmentDecl, TriggerDecl, CampaignDecl,
                         PolicyDecl, TestDecl> {};
struct declaration_word
    : sor<SAM_WORD("import"), SAM_WORD("timezone"), SAM_WORD("schema"), SAM_WORD("enum"), SAM_WORD("let"),
          SAM_WORD("segment"), SAM_WORD("trigger"), SAM_WORD("campaign"), SAM_WORD("policy"),
          SAM_WORD("test")> {};
struct query_word : sor<SAM_WORD("count"), SAM_WORD("show"), SAM_WORD("why")> {};
// Query text only: a failed `today DATE` line recovers like a query (not in programs,
// where `today` starts a line of a test block).
struct run_date_word : SAM_WORD("today") {};
// Recovery: after an error, skip to a line that starts with a declaration word. An
// indented `timezone` is the policy's clause, not the program's zone: a policy that
// failed further down resumes past it, not at it.
struct resume_point
    : seq<p::eol,
          sor<SAM_WORD("timezone"), seq<star<p::blank>, not_at<SAM_WORD("timezone")>, sor<declaration_word, query_word>>>,
          at<p::blank>> {};
struct skip_to_resume : p::until<at<sor<p::eof, resume_point>>> {};
struct Garbage : sor<p::identifier, plus<p::not_one<' ', '\t', '\n', '\r'>>> {};
// A declaration that failed part-way (reported by its must<>): its word and name, so
// that the checker treats the name as defined and reports no follow-on errors.
struct quoted_name_lenient : seq<one<'`'>, plus<p::not_one<'`', '\n', '\r'>>, one<'`'>> {};
struct Broken : seq<sor<declaration_word, query_word, run_date_word>, star<p::blank>,
                    opt<sor<p::identifier, quoted_name_lenient>>> {};
// Whitespace that cannot fail: an unterminated comment was reported already.
struct lenient_ws : star<sor<p::ascii::space, line_comment, seq<p::string<'/', '*'>, p::until<sor<p::string<'*', '/'>, p::eof>>>>> {};
// Unknown text gets a Garbage node that the builder reports as `unknown-declaration`.
struct recover : sor<seq<lenient_ws, at<declaration_word>, Broken, skip_to_resume>,
                     seq<lenient_ws, Garbage, skip_to_resume>> {};
struct Program : seq<star<sor<p::try_catch<declaration>, recover>>, lenient_ws, p::eof> {};
struct query_item : sor<declaration, QueryStmt> {};
struct query_recover : sor<seq<lenient_ws, at<sor<declaration_word, query_word, run_date_word>>, Broken, skip_to_resume>,
                           seq<lenient_ws, Garbage, skip_to_resume>> {};
struct query_program : seq<star<sor<p::try_catch<query_item>, query_recover>>, lenient_ws, p::eof> {};

#undef SAM_WORD

}  // namespace sam::grammar::rules
