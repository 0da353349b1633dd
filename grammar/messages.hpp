// Error messages for the grammar: one per rule that can be required by must<>.
// A must<> on a rule without a message fails the build (static_assert in parse.cpp).
// Style: lowercase, no final period, code in backticks; parse.cpp appends what was
// found instead ("expected `=`, found `where`").
#pragma once

#include "base/diagnostics.hpp"
#include "grammar/rules.hpp"

namespace sam::grammar {

template <typename Rule>
struct Message {
  static constexpr const char* text = nullptr;
};

// Messages can carry a kind other than `syntax` and a list of words to suggest from
// when the text found is a misspelt word.
// A help line that depends on the text (parse.cpp): `holdout 10` -> "write `10%`".
enum class Hint : uint8_t {
  None,
  Percent,           // a number without `%`
  SpeltUnit,         // `90 days` -> `90d`
  SingleQuote,       // 'NL' -> "NL"
  Chain,             // `100 < x < 500` -> `x between 100 and 500`
  CloseBrace,        // a block's `}`: says which `{` it closes when a declaration follows
  Reserved,          // a reserved word where a name was expected: how to write it anyway
  QuotedName,        // `` ` `` without a name or without its closing `` ` ``
  AmongCustomers,    // `among customers`: the span covers both words
  WindowAfterWhere,  // `count(orders where x within 30d)`: the aggregate rewritten
  DateForm,          // `2026-12-1` where a date must stand: the span covers it all
  TimeForm,          // `9:5` where a time of day must stand: the span covers it all
};

struct MessageInfo {
  const char* text;
  DiagKind kind = DiagKind::Syntax;
  const char* words = nullptr;  // space-separated candidates for "did you mean"
  Hint hint = Hint::None;
  const char* help = nullptr;   // a fixed help line
  uint8_t width = 0;            // characters underlined, when not one token
};

#define SAM_MESSAGE(rule, ...)                                  \
  template <>                                                   \
  struct Message<rules::rule> {                                 \
    static constexpr MessageInfo info{__VA_ARGS__};             \
    static constexpr const char* text = info.text;              \
  };

// "expected `word`" for keywords, clause words and symbols.
template <char... C>
struct ExpectedText {
  static constexpr char value[] = {'e', 'x', 'p', 'e', 'c', 't', 'e', 'd', ' ', '`', C..., '`', 0};
};
template <char... C>
struct Message<rules::Kw<C...>> {
  static constexpr MessageInfo info{ExpectedText<C...>::value};
  static constexpr const char* text = info.text;
};
template <char... C>
struct Message<rules::Sw<C...>> {
  static constexpr MessageInfo info{ExpectedText<C...>::value};
  static constexpr const char* text = info.text;
};
template <char... C>
struct Message<rules::OpTok<C...>> {
  static constexpr MessageInfo info{ExpectedText<C...>::value};
  static constexpr const char* text = info.text;
};
template <char C>
struct Message<rules::Sym<C>> {
  static constexpr MessageInfo info{ExpectedText<C>::value};
  static constexpr const char* text = info.text;
};
template <char A, char B>
struct Message<rules::Sym2<A, B>> {
  static constexpr MessageInfo info{ExpectedText<A, B>::value};
  static constexpr const char* text = info.text;
};
// Rules that cannot fail still need an entry because must<> names them.
template <typename... R>
struct Message<tao::pegtl::opt<R...>> {
  static constexpr MessageInfo info{"unexpected input"};
  static constexpr const char* text = info.text;
};
template <typename... R>
struct Message<tao::pegtl::star<R...>> {
  static constexpr MessageInfo info{"unexpected input"};
  static constexpr const char* text = info.text;
};
template <typename R>
struct Message<rules::nest<R>> {
  static constexpr MessageInfo info{"expected an expression"};
  static constexpr const char* text = info.text;
};

#define SAM_CLAUSE_WORDS                                                                        \
  "stage kind channel audience on message step exit priority holdout reentry limit send migrate " \
  "base paused from until metric"
#define SAM_POLICY_WORDS "max quiet timezone consent suppress portfolio channel allow suggest rate contacts"

SAM_MESSAGE(block_comment_rest, "unterminated block comment: `/*` has no matching `*/`", DiagKind::UnterminatedComment)
SAM_MESSAGE(string_rest, "unterminated string: a string must end with `\"` on the same line", DiagKind::UnterminatedString)
SAM_MESSAGE(expr, "expected an expression")
SAM_MESSAGE(unary, "expected an expression")
SAM_MESSAGE(AndExpr, "expected an expression")
SAM_MESSAGE(not_expr, "expected an expression")
SAM_MESSAGE(MulExpr, "expected an expression")
SAM_MESSAGE(coalesce_expr, "expected an expression")
SAM_MESSAGE(name, "expected a name", DiagKind::Syntax, nullptr, Hint::Reserved)
SAM_MESSAGE(among_target, "expected a name", DiagKind::Syntax, nullptr, Hint::Reserved)
SAM_MESSAGE(among_customers, "`among customers` is not needed: the population is all customers unless `among` names a segment", DiagKind::Syntax, nullptr, Hint::AmongCustomers, "leave out `among customers`")
SAM_MESSAGE(quoted_text, "a quoted name cannot be empty", DiagKind::Syntax, nullptr, Hint::QuotedName)
SAM_MESSAGE(quoted_end, "unterminated quoted name: a name in backticks must end with a backtick on the same line", DiagKind::Syntax, nullptr, Hint::QuotedName)
SAM_MESSAGE(column_name, "expected the file's column name as a string, such as `\"order date\"`")
SAM_MESSAGE(decl_name, "expected a name")
SAM_MESSAGE(member_name, "expected a field name after `.`")
SAM_MESSAGE(stream, "expected an event table, as in `count(orders within 30d)`")
SAM_MESSAGE(agg_body, "expected an event table, as in `count(orders within 30d)`")
SAM_MESSAGE(trig_stream, "expected an event table after `on` or `inactive`")
SAM_MESSAGE(top_amount, "expected a percentage (`20%`) or a number of customers after `top` or `bottom`")
SAM_MESSAGE(is_what, "expected `present` or `absent` after `is`")
SAM_MESSAGE(single_eq, "`=` defines a name; to compare two values write `==`")
SAM_MESSAGE(score_entries, "expected score entries `WEIGHT if CONDITION`")
SAM_MESSAGE(call_args, "expected function arguments")
SAM_MESSAGE(set_elements, "expected set elements")
SAM_MESSAGE(variants, "expected the enum's variants, separated by `,`")
SAM_MESSAGE(type, "expected a type (`int`, `decimal`, `float`, `bool`, `string`, `date`, `timestamp`, `duration` or `enum { ... }`)")
SAM_MESSAGE(fields, "expected `{` and the table's fields")
SAM_MESSAGE(fields_end, "expected a field `name: type` or `}`", DiagKind::Syntax, nullptr, Hint::CloseBrace)
SAM_MESSAGE(schema_end, "expected a table (`customers`, `events`, `table`, `list`) or `}`", DiagKind::Syntax, "customers events table list", Hint::CloseBrace)
SAM_MESSAGE(string_lit, "expected a string in double quotes")
SAM_MESSAGE(int_lit, "expected a whole number")
SAM_MESSAGE(date_lit, "expected a date `YYYY-MM-DD`")
SAM_MESSAGE(date_like, "not a date of the form YYYY-MM-DD", DiagKind::Syntax, nullptr, Hint::DateForm)
SAM_MESSAGE(time_like, "not a time of day of the form HH:MM", DiagKind::Syntax, nullptr, Hint::TimeForm)
SAM_MESSAGE(time_lit, "expected a time of day `HH:MM`")
SAM_MESSAGE(percent_lit, "expected a percentage such as `10%`", DiagKind::Syntax, nullptr, Hint::Percent)
SAM_MESSAGE(key_lit, "expected a customer key (a number or a string)")
SAM_MESSAGE(trigger_source, "expected what fires the trigger: `on EVENTS`, `on DATE`, `yearly DATE`, `yearly MM-DD`, `enters SEGMENT`, `leaves SEGMENT` or `inactive EVENTS for DURATION`", DiagKind::Syntax, "on yearly enters leaves inactive")
SAM_MESSAGE(and_and, "`&&` is not an operator of SAM", DiagKind::Syntax, nullptr, Hint::None, "write `and`", 2)
SAM_MESSAGE(or_or, "`||` is not an operator of SAM", DiagKind::Syntax, nullptr, Hint::None, "write `or`", 2)
SAM_MESSAGE(sql_not_equal, "`<>` is not an operator of SAM", DiagKind::Syntax, nullptr, Hint::None, "write `!=`", 2)
SAM_MESSAGE(single_quote, "strings are written in double quotes", DiagKind::Syntax, nullptr, Hint::SingleQuote)
SAM_MESSAGE(chained_cmp, "comparisons do not chain", DiagKind::Syntax, nullptr, Hint::Chain)
SAM_MESSAGE(spelt_duration, "a duration is a number and a unit letter, without a space", DiagKind::Syntax, nullptr, Hint::SpeltUnit)
SAM_MESSAGE(window_arg, "expected an expression")
SAM_MESSAGE(campaign_kind, "expected `service` or `commercial`", DiagKind::Syntax, "service commercial")
SAM_MESSAGE(name_list, "expected one or more consent purposes")
SAM_MESSAGE(after_what, "expected a duration or `exit` after `after`")
SAM_MESSAGE(reentry_mode, "expected `never`, `after DURATION` or `after exit`", DiagKind::Syntax, "never after")
SAM_MESSAGE(migrate_mode, "expected `continue`, `restart` or `exit`", DiagKind::Syntax, "continue restart exit")
SAM_MESSAGE(campaign_end, "expected a campaign clause or `}`", DiagKind::Syntax, SAM_CLAUSE_WORDS, Hint::CloseBrace)
SAM_MESSAGE(contacts_word, "expected `contacts`")
SAM_MESSAGE(history_stream, "expected the event table that holds contacts made outside SAM")
SAM_MESSAGE(history_parts, "expected `channel` and the channel of each row: a field of the table or a string such as \"email\"",
            DiagKind::Syntax, "channel")
SAM_MESSAGE(history_value, "expected a field of the table or a string")
SAM_MESSAGE(cap_trailers, "expected `on CHANNEL` or `for service|commercial`")
SAM_MESSAGE(cap_scope, "expected `channel`, `campaign` or `kind` after `per`", DiagKind::Syntax, "channel campaign kind")
SAM_MESSAGE(consent_end, "expected `granted`, `confirmed`, `withdrawn` or `}`", DiagKind::Syntax, "granted confirmed withdrawn", Hint::CloseBrace)
SAM_MESSAGE(suggest_end, "expected `CAMPAIGN PRIORITY` or `}`", DiagKind::Syntax, nullptr, Hint::CloseBrace)
SAM_MESSAGE(policy_end, "expected a policy rule or `}`", DiagKind::Syntax, SAM_POLICY_WORDS, Hint::CloseBrace)
SAM_MESSAGE(record_value, "expected a value")
SAM_MESSAGE(record_fields, "expected `field: value`")
SAM_MESSAGE(record_end, "expected `field: value` or `}`", DiagKind::Syntax, nullptr, Hint::CloseBrace)
SAM_MESSAGE(record, "expected a record `{ field: value, ... }`")
SAM_MESSAGE(records, "expected records `{ field: value, ... }`")
SAM_MESSAGE(rows, "expected a record `{ ... }` or a list of records `[ {...}, {...} ]`")
SAM_MESSAGE(expect_body, "expected what to expect: a condition, `count SEGMENT == N`, `contact CAMPAIGN` or `no contact CAMPAIGN`")
SAM_MESSAGE(test_end, "expected `today`, `customer`, rows of a table, `expect` or `}`", DiagKind::Syntax, "today customer customers expect", Hint::CloseBrace)
SAM_MESSAGE(show_column_list, "expected the expressions to show")
SAM_MESSAGE(index_end, "expected `]` after the key")
SAM_MESSAGE(target, "expected a segment name or `customers`")
SAM_MESSAGE(window_after_where, "a window comes before `where`, not after it", DiagKind::Syntax, nullptr,
            Hint::WindowAfterWhere)

#undef SAM_MESSAGE

}  // namespace sam::grammar
