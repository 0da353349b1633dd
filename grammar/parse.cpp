// The only translation unit that instantiates the PEGTL grammar.
#include "grammar/parse.hpp"

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

#include "base/suggest.hpp"
#include "grammar/messages.hpp"
#include "grammar/rules.hpp"
#include "grammar/spaced_name.hpp"

namespace sam::grammar {
namespace {

namespace p = tao::pegtl;

template <typename Rule>
struct KindOf {
  static constexpr NodeKind value = NodeKind::None;
};
#define SAM_NODE(k)                                \
  template <>                                      \
  struct KindOf<rules::k> {                        \
    static constexpr NodeKind value = NodeKind::k; \
  };
#define SAM_TOKEN_NODE(k)
#include "grammar/node_kinds.def"
#undef SAM_NODE
template <char... C>
struct KindOf<rules::SoftWord<C...>> {
  static constexpr NodeKind value = NodeKind::Word;
};
template <char... C>
struct KindOf<rules::OpText<C...>> {
  static constexpr NodeKind value = NodeKind::Op;
};
template <char... C>
struct KindOf<rules::OpWord<C...>> {
  static constexpr NodeKind value = NodeKind::Op;
};
template <>
struct KindOf<rules::BadDate> {
  static constexpr NodeKind value = NodeKind::BadLiteral;
};

struct ParseState {
  const SourceFile& file;
  FileId id;
  Diagnostics& diags;
  const char* base;
  int depth = 0;
  const char* opening = nullptr;  // the `"` or `/*` being read, for unterminated ones
  const char* block_end = nullptr;  // where the `}` of a block was looked for (before trivia)
  // The tree is built by the control: a selected rule that starts records a mark;
  // on success the nodes completed since the mark become its children; on failure
  // they are dropped. Rules that are not nodes cost nothing.
  struct Mark {
    size_t children;
    const char* at;
    NodeKind kind;  // None for rules that are not nodes
  };
  std::vector<Mark> marks;
  std::vector<std::unique_ptr<ParseNode>> done;
};

template <typename T, typename First, typename... Rest>
T& Pick(First& first, Rest&... rest) {
  if constexpr (std::is_same_v<std::decay_t<First>, T>) {
    return first;
  } else {
    return Pick<T>(rest...);
  }
}

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Skips whitespace and comments forward from `pos`.
uint32_t SkipTrivia(std::string_view text, uint32_t pos) {
  while (pos < text.size()) {
    char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '/') {
      while (pos < text.size() && text[pos] != '\n') ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
      size_t end = text.find("*/", pos + 2);
      pos = end == std::string_view::npos ? static_cast<uint32_t>(text.size()) : static_cast<uint32_t>(end + 2);
    } else {
      break;
    }
  }
  return pos;
}

// The extent of the token starting at `pos`: a word, a number, a string, or one
// character (one UTF-8 sequence).
uint32_t TokenEnd(std::string_view text, uint32_t pos) {
  if (pos >= text.size()) return pos;
  char c = text[pos];
  uint32_t e = pos + 1;
  if (IsIdentChar(c)) {
    while (e < text.size() && IsIdentChar(text[e])) ++e;
  } else if (c == '"') {
    while (e < text.size() && text[e] != '"' && text[e] != '\n') e += text[e] == '\\' ? 2 : 1;
    if (e < text.size() && text[e] == '"') ++e;
  } else if (c == '`') {
    while (e < text.size() && text[e] != '`' && text[e] != '\n' && text[e] != '\r') ++e;
    if (e < text.size() && text[e] == '`') ++e;
  } else {
    while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
  }
  return std::min<uint32_t>(e, static_cast<uint32_t>(text.size()));
}

// The first bytes of `s`, at most `n`, not splitting a UTF-8 character.
std::string_view CutAtCharacter(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// Query text (a REPL input, `-e`) ends where its input does, not a file.
thread_local bool parsing_query = false;

std::string Describe(std::string_view tok) {
  if (tok.empty()) return parsing_query ? "the end of the input" : "the end of the file";
  if (tok.size() > 40) tok = CutAtCharacter(tok, 40);
  // A quoted name is shown in double backticks, as Markdown writes code holding one.
  if (tok.find('`') != std::string_view::npos) return fmt::format("`` {} ``", tok);
  return fmt::format("`{}`", tok);
}

std::vector<std::string_view> SplitWords(const char* words) {
  std::vector<std::string_view> out;
  std::string_view s(words);
  while (!s.empty()) {
    size_t sp = s.find(' ');
    out.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

// Unwinds to the declaration's try_catch. The error carries no line and column: the
// lazy input would count them from the start of the file, once per error, which made
// a file of many errors quadratic. The diagnostic was reported already.
[[noreturn]] void Throw(const ParseState& ps, const char* message, const char* at) {
  throw p::parse_error(message, p::position(static_cast<size_t>(at - ps.base), 0, 0, std::string()));
}

// ---- hints: messages that depend on the text around the error ----------------------

// A diagnostic being made: what Report has found, which a hint may refine.
struct Draft {
  uint32_t at;   // where the parser stood: the end of the last token read
  uint32_t pos;  // the token found
  uint32_t end;
  std::string message;
  std::vector<std::string> help;
  std::vector<DiagNote> notes;
};

std::string_view TextOf(const ParseState& ps, uint32_t b, uint32_t e) { return ps.file.text().substr(b, e - b); }
uint32_t NextToken(std::string_view text, uint32_t pos) { return SkipTrivia(text, TokenEnd(text, pos)); }

bool IsBlock(NodeKind k) {
  return k == NodeKind::CampaignDecl || k == NodeKind::PolicyDecl || k == NodeKind::Schema || k == NodeKind::TestDecl ||
         k == NodeKind::CustomersTable || k == NodeKind::EventsTable || k == NodeKind::RefTable ||
         k == NodeKind::PolicyRule || k == NodeKind::Record;
}

// The innermost block being read: its `{` and how to name it (`campaign welcome`,
// `schema`, `events orders`, `test "x"`).
struct Opening {
  uint32_t brace;
  std::string what;
};
std::optional<Opening> InnermostBlock(const ParseState& ps) {
  std::string_view text = ps.file.text();
  for (auto m = ps.marks.rbegin(); m != ps.marks.rend(); ++m) {
    if (!IsBlock(m->kind)) continue;
    uint32_t first = SkipTrivia(text, static_cast<uint32_t>(m->at - ps.base));
    uint32_t second = NextToken(text, first);
    std::string_view word = TextOf(ps, first, TokenEnd(text, first));
    std::string_view name = TextOf(ps, second, TokenEnd(text, second));
    std::string what = word == "{" ? "the record" : fmt::format("`{}`", word);
    bool named = !name.empty() && (name[0] == '"' || (IsIdentChar(name[0]) && !rules::IsReservedWord(name)));
    if (word != "{" && named) what = fmt::format("`{} {}`", word, CutAtCharacter(name, 40));
    for (uint32_t p = first; p < text.size(); p = NextToken(text, p)) {
      if (text[p] == '{') return Opening{p, what};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// A word that starts a declaration or a table: what follows a block whose `}` is missing.
bool StartsBlock(std::string_view tok) {
  const auto& words = DeclarationWords();
  return std::find(words.begin(), words.end(), tok) != words.end() || tok == "customers" || tok == "events" ||
         tok == "table" || tok == "list";
}

// A block's `}` is missing when a declaration (or the end of the file) follows: say
// which `{` it closes, at the place the `}` belongs, like Lua's "(to close '{' at line N)".
void CloseBraceHint(const ParseState& ps, std::string_view tok, Draft& d) {
  if (!tok.empty() && !StartsBlock(tok)) return;
  auto open = InnermostBlock(ps);
  if (!open) return;
  uint32_t line = ps.file.Locate(open->brace).line;
  d.message = fmt::format("expected `}}` to close {} at line {}, found {}", open->what, line, Describe(tok));
  // The `}` belongs right after the last token read, before the trivia that follows.
  d.pos = d.end = ps.block_end ? static_cast<uint32_t>(ps.block_end - ps.base) : d.at;
  d.notes.push_back({Span{ps.id, open->brace, open->brace + 1}, fmt::format("the `{{` of {}", open->what)});
}

// `100 < x < 500`: the comparison's operands are the nodes made since its mark.
void ChainHint(const ParseState& ps, Draft& d) {
  std::string_view text = ps.file.text();
  std::string_view op2 = TextOf(ps, d.pos, d.pos + (d.pos + 1 < text.size() && text[d.pos + 1] == '=' ? 2 : 1));
  d.end = d.pos + static_cast<uint32_t>(op2.size());
  uint32_t third = SkipTrivia(text, d.end);
  std::string_view c = TextOf(ps, third, TokenEnd(text, third));
  auto m = std::find_if(ps.marks.rbegin(), ps.marks.rend(), [](const auto& k) { return k.kind == NodeKind::CmpExpr; });
  bool operand = !c.empty() && (IsIdentChar(c[0]) || c[0] == '"');
  if (!operand || m == ps.marks.rend() || ps.done.size() != m->children + 3 ||
      ps.done[m->children + 1]->kind != NodeKind::Op) {
    d.help.push_back("compare twice and join with `and`: `a < b and b < c`");
    return;
  }
  std::string_view a = ps.done[m->children]->text, op1 = ps.done[m->children + 1]->text;
  std::string_view b = ps.done[m->children + 2]->text;
  std::string both = fmt::format("`{} {} {} and {} {} {}`", a, op1, b, b, op2, c);
  // `between` includes both ends: offered only where both comparisons do
  // (`1 <= x <= 5`); `1 < x < 5` is not `x between 1 and 5`.
  if (op1 == op2 && (op1 == "<=" || op1 == ">=")) {
    auto [lo, hi] = op1[0] == '<' ? std::pair{a, c} : std::pair{c, a};
    d.help.push_back(fmt::format("write `{} between {} and {}` (both ends included) or {}", b, lo, hi, both));
  } else {
    d.help.push_back(fmt::format("write {}", both));
  }
}

// `within 90 days` -> `90d`.
void SpeltUnitHint(const ParseState& ps, Draft& d) {
  std::string_view text = ps.file.text();
  std::string_view number = TextOf(ps, d.pos, d.end);
  uint32_t unit = d.end;
  while (unit < text.size() && (text[unit] == ' ' || text[unit] == '\t')) ++unit;
  d.end = TokenEnd(text, unit);
  d.message = fmt::format("`{}` is not a duration", TextOf(ps, d.pos, d.end));
  d.help.push_back(fmt::format("write `{}{}`: a number and a unit letter (`s`, `m`, `h`, `d`, `w`)", number, text[unit]));
}

// 'NL' -> "NL": the span covers the quoted text.
void SingleQuoteHint(const ParseState& ps, Draft& d) {
  std::string_view text = ps.file.text();
  size_t close = text.find_first_of("'\n\r", d.pos + 1);
  if (close == std::string_view::npos || text[close] != '\'') return;
  d.end = static_cast<uint32_t>(close + 1);
  d.help.push_back(fmt::format("write `\"{}\"`", CutAtCharacter(TextOf(ps, d.pos + 1, d.end - 1), 40)));
}

// `events orders ... at at`: a reserved word where a name is used. Backticks make any
// text a name; in an events table, the column may also be declared under a name of
// one's own.
void ReservedHint(const ParseState& ps, std::string_view tok, Draft& d) {
  if (tok.empty() || !IsIdentChar(tok[0]) || !rules::IsReservedWord(tok)) return;
  d.help.push_back(fmt::format("`{}` is a reserved word; write it between backticks to use it as a name: `` `{}` ``", tok, tok));
  bool events = std::any_of(ps.marks.begin(), ps.marks.end(), [](const auto& m) { return m.kind == NodeKind::EventsTable; });
  if (events) {
    d.help.push_back(
        fmt::format("or declare the column among the fields under a name of your own: `NAME: TYPE from \"{}\"`", tok));
  }
}

// `` `` `` (nothing between the backticks) or a quoted name without its closing backtick.
void QuotedNameHint(const ParseState& ps, Draft& d) {
  std::string_view text = ps.file.text();
  if (d.at < text.size() && text[d.at] == '`' && d.at > 0 && text[d.at - 1] == '`') {
    d.message = "a quoted name cannot be empty";
    d.pos = d.at - 1;
    d.end = d.at + 1;
    return;
  }
  // The quoted text holds no backtick: the last one before is the opening one.
  size_t open = d.at > 0 ? text.rfind('`', d.at - 1) : std::string_view::npos;
  if (open == std::string_view::npos) return;
  d.message = "unterminated quoted name: a name in backticks must end with a backtick on the same line";
  d.pos = static_cast<uint32_t>(open);
  d.end = d.pos + 1;
}

// `among customers`: the span covers both words.
void AmongCustomersHint(const ParseState& ps, Draft& d) {
  std::string_view text = ps.file.text();
  if (d.at >= 5 && text.substr(d.at - 5, 5) == "among") d.pos = d.at - 5;
}

// `count(orders where amount > 5 within 30d)`: the same aggregate with the window
// moved before `where`, when the text is plain enough to rewrite (one line, one `where`).
void WindowAfterWhereHint(const ParseState& ps, Draft& d) {
  const std::string_view text = ps.file.text();
  auto m =
      std::find_if(ps.marks.rbegin(), ps.marks.rend(), [](const auto& k) { return k.kind == NodeKind::Aggregate; });
  const size_t open = m == ps.marks.rend() ? d.pos : SkipTrivia(text, static_cast<uint32_t>(m->at - ps.base));
  const size_t close = text.find(')', d.pos);
  std::string_view head = text.substr(open, d.pos - open);
  std::string_view window =
      close == std::string_view::npos ? std::string_view() : TextOf(ps, d.pos, static_cast<uint32_t>(close));
  const size_t where = head.find(" where ");
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  if (window.empty() || where == std::string_view::npos || head.find(" where ", where + 1) != std::string_view::npos ||
      head.find('\n') != std::string_view::npos || window.find_first_of("(\n") != std::string_view::npos) {
    d.help.push_back(
        "write the windows right after the event table, as in `count(orders within 30d where amount > 5)`");
    return;
  }
  d.help.push_back(fmt::format("write the windows right after the event table: `{} {}{})`", head.substr(0, where),
                               trim(window), trim(head.substr(where))));
}

// The aggregate being read when its `)` was expected at d.pos, as `AGG(TABLE.FIELD
// REST)` with REST the text up to the next `)`: `plain` when TABLE.FIELD is one
// name and a dot, and REST stays on the line without a call.
struct AggregateHead {
  std::string_view agg, table, field, rest;
  bool plain = false;
};

std::optional<AggregateHead> ReadAggregateHead(const ParseState& ps, const Draft& d) {
  auto m =
      std::find_if(ps.marks.rbegin(), ps.marks.rend(), [](const auto& k) { return k.kind == NodeKind::Aggregate; });
  if (m == ps.marks.rend()) return std::nullopt;
  const std::string_view text = ps.file.text();
  const size_t open = SkipTrivia(text, static_cast<uint32_t>(m->at - ps.base));
  const std::string_view head = text.substr(open, d.pos - open);  // `count(orders.amount `
  const size_t paren = head.find('(');
  const size_t close = text.find(')', d.pos);
  AggregateHead out;
  if (paren == std::string_view::npos || close == std::string_view::npos) return out;
  std::string_view inner = head.substr(paren + 1);
  while (!inner.empty() && (inner.back() == ' ' || inner.back() == '\t')) inner.remove_suffix(1);
  const size_t dot = inner.find('.');
  out.agg = head.substr(0, paren);
  out.rest = TextOf(ps, d.pos, static_cast<uint32_t>(close));
  out.plain = dot != std::string_view::npos && inner.find('.', dot + 1) == std::string_view::npos &&
              inner.find_first_of(" \t\n(") == std::string_view::npos &&
              out.rest.find_first_of("(\n") == std::string_view::npos;
  if (out.plain) out.table = inner.substr(0, dot), out.field = inner.substr(dot + 1);
  return out;
}

// `count(orders.amount > 5)`: a test where an aggregate's `)` must stand. The test
// goes after `where`; the aggregate rewritten when it is `count(TABLE.FIELD OP X)` on
// one line.
void AggregateTestHint(const ParseState& ps, std::string_view tok, Draft& d) {
  if (tok.empty() || std::string_view("<>=!").find(tok.front()) == std::string_view::npos) return;
  const std::optional<AggregateHead> a = ReadAggregateHead(ps, d);
  if (!a) return;
  std::string rewrite = "count(orders where amount > 5)";
  if (a->agg == "count" && a->plain) rewrite = fmt::format("count({} where {} {})", a->table, a->field, a->rest);
  d.help.push_back(fmt::format("to keep only the events that pass a test, write it after `where`: `{}`", rewrite));
}

// `sum(orders.amount * 2)`: a computed value of each event is written before `of`
// and its stream: `sum(amount * 2 of orders)`.
void ComputedValueHint(const ParseState& ps, std::string_view tok, Draft& d) {
  if (tok.size() != 1 || std::string_view("+-*/").find(tok.front()) == std::string_view::npos) return;
  const std::optional<AggregateHead> a = ReadAggregateHead(ps, d);
  if (!a) return;
  // With a window or other words after the operand, the general form says where they go.
  const bool words =
      std::any_of(a->rest.begin(), a->rest.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  std::string rewrite = "sum(amount * 2 of orders within 365d)";
  if (a->plain && !words) rewrite = fmt::format("{}({} {} of {})", a->agg, a->field, a->rest, a->table);
  d.help.push_back(
      fmt::format("to aggregate a value computed per event, write it before `of` and the stream: `{}`", rewrite));
}

// `today 2026-12-1`, `send at 9:5`: the whole text that looks like a date (or a time
// of day), of names and the characters `also`, named in the message.
void FormHint(const ParseState& ps, Draft& d, std::string_view also, std::string_view form) {
  std::string_view text = ps.file.text();
  uint32_t e = d.pos;
  while (e < text.size() && (IsIdentChar(text[e]) || also.find(text[e]) != std::string_view::npos)) ++e;
  d.end = e;
  d.message = fmt::format("`{}` is not {}", CutAtCharacter(TextOf(ps, d.pos, e), 40), form);
}

void ApplyHint(const ParseState& ps, Hint hint, std::string_view tok, Draft& d) {
  switch (hint) {
    case Hint::None: break;
    case Hint::Percent:
      if (!tok.empty() && std::isdigit(static_cast<unsigned char>(tok[0]))) d.help.push_back(fmt::format("write `{}%`", tok));
      break;
    case Hint::SpeltUnit: SpeltUnitHint(ps, d); break;
    case Hint::SingleQuote: SingleQuoteHint(ps, d); break;
    case Hint::Chain: ChainHint(ps, d); break;
    case Hint::CloseBrace: CloseBraceHint(ps, tok, d); break;
    case Hint::Reserved: ReservedHint(ps, tok, d); break;
    case Hint::QuotedName: QuotedNameHint(ps, d); break;
    case Hint::AmongCustomers: AmongCustomersHint(ps, d); break;
    case Hint::WindowAfterWhere: WindowAfterWhereHint(ps, d); break;
    case Hint::DateForm: FormHint(ps, d, "-/.:", "a date of the form YYYY-MM-DD"); break;
    case Hint::TimeForm: FormHint(ps, d, ":", "a time of day of the form HH:MM"); break;
  }
}

void Report(ParseState& ps, const char* at, const MessageInfo& info) {
  std::string_view text = ps.file.text();
  Draft d;
  d.at = static_cast<uint32_t>(at - ps.base);
  d.pos = SkipTrivia(text, d.at);
  d.end = info.width ? std::min<uint32_t>(d.pos + info.width, static_cast<uint32_t>(text.size())) : TokenEnd(text, d.pos);
  std::string_view tok = text.substr(d.pos, d.end - d.pos);
  d.message = info.text;
  if (d.message.starts_with("expected")) d.message += fmt::format(", found {}", Describe(tok));
  if ((info.kind == DiagKind::UnterminatedString || info.kind == DiagKind::UnterminatedComment) && ps.opening) {
    // Point at the opening quote or `/*`, which is where the fix goes.
    d.pos = static_cast<uint32_t>(ps.opening - ps.base);
    d.end = d.pos + (info.kind == DiagKind::UnterminatedComment ? 2 : 1);
  }
  if (info.help) d.help.push_back(info.help);
  if (ps.diags.accepting()) ApplyHint(ps, info.hint, tok, d);
  if (ps.diags.accepting() && d.help.empty() && std::string_view(info.text) == "expected `)`") {
    AggregateTestHint(ps, tok, d);
    if (d.help.empty()) ComputedValueHint(ps, tok, d);
  }
  // Only where a name was just read and a value or a field's `:` was expected: other
  // errors after a word (`kind comercial`, `migrate keep`) are no spaced names.
  const bool field =
      !ps.marks.empty() && ps.marks.back().kind == NodeKind::Field && std::string_view(info.text) == "expected `:`";
  const bool value = std::string_view(info.text) == "expected an expression";
  if (ps.diags.accepting() && d.help.empty() && (field || value)) {
    if (auto help = SpacedNameHelp(text, d.pos, d.end, field)) d.help.push_back(std::move(*help));
  }
  Diagnostic& diag = ps.diags.Report(info.kind, Span{ps.id, d.pos, d.end}, std::move(d.message));
  for (auto& n : d.notes) diag.Note(n.span, std::move(n.message));
  for (auto& h : d.help) diag.Help(std::move(h));
  if (info.words && ps.diags.accepting() && !tok.empty() && IsIdentChar(tok[0])) {
    if (auto best = ClosestMatch(tok, SplitWords(info.words))) diag.Help(fmt::format("did you mean `{}`?", *best));
  }
}

// Whether matching `Rule` can make nodes (it is one, or a rule it uses within `Depth`
// levels is). Rules that cannot, such as whitespace and keywords, skip the
// bookkeeping below; the depth bound keeps recursive rules finite (conservatively
// true).
template <unsigned Depth, typename Rule>
struct MayMakeNodes;
template <unsigned Depth, typename... Subs>
constexpr bool AnyMayMakeNodes(p::type_list<Subs...>) {
  return (MayMakeNodes<Depth, Subs>::value || ...);
}
template <unsigned Depth, typename Rule>
constexpr bool ComputeMayMakeNodes() {
  if constexpr (KindOf<Rule>::value != NodeKind::None || Depth == 0) {
    return true;
  } else {
    return AnyMayMakeNodes<Depth - 1>(typename Rule::subs_t());
  }
}
template <unsigned Depth, typename Rule>
struct MayMakeNodes {
  static constexpr bool value = ComputeMayMakeNodes<Depth, Rule>();
};

template <typename Rule>
struct Control : p::normal<Rule> {
  static constexpr NodeKind kKind = KindOf<Rule>::value;
  static constexpr bool kTracked = MayMakeNodes<8, Rule>::value;
  static constexpr bool kClosesBlock = [] {
    if constexpr (requires { Message<Rule>::info; }) return Message<Rule>::info.hint == Hint::CloseBrace;
    return false;
  }();

  // Every rule records where it started, so that a rule that fails after some of its
  // parts succeeded drops the nodes those parts made.
  template <typename ParseInput, typename... States>
  static void start(const ParseInput& in, States&&... st) {
    if constexpr (std::is_same_v<Rule, rules::block_comment> || std::is_same_v<Rule, rules::StringLit>) {
      Pick<ParseState>(st...).opening = in.current();
    }
    if constexpr (kClosesBlock) Pick<ParseState>(st...).block_end = in.current();
    if constexpr (kTracked) {
      ParseState& ps = Pick<ParseState>(st...);
      ps.marks.push_back({ps.done.size(), in.current(), kKind});
    }
  }

  template <typename ParseInput, typename... States>
  static void success(const ParseInput& in, States&&... st) {
    if constexpr (!kTracked) return;
    ParseState& ps = Pick<ParseState>(st...);
    ParseState::Mark m = ps.marks.back();
    ps.marks.pop_back();
    if constexpr (kKind != NodeKind::None) {
      // Operator levels with a single operand add nothing: leave the operand.
      if constexpr (kKind == NodeKind::OrExpr || kKind == NodeKind::AndExpr || kKind == NodeKind::CmpExpr ||
                    kKind == NodeKind::CoalesceExpr || kKind == NodeKind::AddExpr || kKind == NodeKind::MulExpr ||
                    kKind == NodeKind::PostfixExpr) {
        if (ps.done.size() - m.children == 1) return;
      }
      auto node = std::make_unique<ParseNode>();
      node->kind = kKind;
      std::string_view text = ps.file.text();
      uint32_t end = static_cast<uint32_t>(in.current() - ps.base);
      node->begin = std::min(SkipTrivia(text, static_cast<uint32_t>(m.at - ps.base)), end);
      node->end = end;
      node->text = text.substr(node->begin, end - node->begin);
      node->children.reserve(ps.done.size() - m.children);
      for (size_t i = m.children; i < ps.done.size(); ++i) node->children.push_back(std::move(ps.done[i]));
      ps.done.resize(m.children);
      ps.done.push_back(std::move(node));
    }
  }

  template <typename ParseInput, typename... States>
  static void failure(const ParseInput&, States&&... st) {
    if constexpr (kTracked) Drop(Pick<ParseState>(st...));
  }

  template <typename ParseInput, typename... States>
  static void unwind(const ParseInput&, States&&... st) {
    if constexpr (kTracked) Drop(Pick<ParseState>(st...));
  }

  static void Drop(ParseState& ps) {
    ps.done.resize(ps.marks.back().children);
    ps.marks.pop_back();
  }

  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&... st) {
    static_assert(Message<Rule>::text != nullptr, "a rule used in must<> has no message in messages.hpp");
    ParseState& ps = Pick<ParseState>(st...);
    if constexpr (requires { Message<Rule>::info; }) {
      Report(ps, in.current(), Message<Rule>::info);
    } else {
      Report(ps, in.current(), MessageInfo{Message<Rule>::text});
    }
    Throw(ps, Message<Rule>::text, in.current());
  }
};

// Depth guard at every recursion point of expressions: deep nesting is reported, not
// a stack overflow.
template <typename R>
struct Control<rules::nest<R>> : p::normal<rules::nest<R>> {
  template <p::apply_mode A, p::rewind_mode M, template <typename...> class Action,
            template <typename...> class Ctl, typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&... st) {
    ParseState& ps = Pick<ParseState>(st...);
    if (ps.depth >= kMaxNesting) {
      ps.diags.Report(DiagKind::NestingTooDeep,
                      Span{ps.id, static_cast<uint32_t>(in.current() - ps.base),
                           static_cast<uint32_t>(in.current() - ps.base + 1)},
                      fmt::format("expression nested more than {} levels deep", kMaxNesting));
      Throw(ps, "nesting too deep", in.current());
    }
    ++ps.depth;
    struct Guard {
      int& d;
      ~Guard() { --d; }
    } guard{ps.depth};
    return p::normal<rules::nest<R>>::template match<A, M, Action, Ctl>(in, st...);
  }
  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&... st) {
    Control<rules::expr>::raise(in, st...);
  }
};

}  // namespace

std::string_view NodeKindName(NodeKind k) {
  switch (k) {
    case NodeKind::None: return "None";
#define SAM_NODE(x) \
  case NodeKind::x: return #x;
#include "grammar/node_kinds.def"
#undef SAM_NODE
  }
  return "?";
}

std::unique_ptr<ParseNode> Parse(const SourceFile& file, FileId id, Entry entry, Diagnostics& diags) {
  std::string_view text = file.text();
  // Offsets stay those of the file: the input starts after a byte order mark.
  p::memory_input<p::tracking_mode::lazy> in(text.data() + file.body_start(), text.data() + text.size(), file.path());
  ParseState ps{file, id, diags, text.data(), 0, nullptr, nullptr, {}, {}};
  parsing_query = entry == Entry::Query;
  try {
    if (entry == Entry::Program) {
      p::parse<rules::Program, p::nothing, Control>(in, ps);
    } else {
      p::parse<rules::query_program, p::nothing, Control>(in, ps);
    }
  } catch (const p::parse_error&) {
    // Reported by the control before the throw.
  }
  auto root = std::make_unique<ParseNode>();
  root->kind = NodeKind::Program;
  // Files produce one Program node; queries their statements directly.
  if (ps.done.size() == 1 && ps.done[0]->kind == NodeKind::Program) return std::move(ps.done[0]);
  for (auto& n : ps.done) root->children.push_back(std::move(n));
  return root;
}

const std::vector<std::string_view>& DeclarationWords() {
  static const std::vector<std::string_view> words = {"import",  "timezone", "schema",   "enum",   "let",
                                                      "segment", "trigger",  "campaign", "policy", "test"};
  return words;
}

const std::vector<std::string_view>& ReservedWords() {
  static const std::vector<std::string_view> words(std::begin(rules::kReservedWords), std::end(rules::kReservedWords));
  return words;
}

}  // namespace sam::grammar
