// The only translation unit that instantiates the PEGTL grammar.
#include "grammar/parse.hpp"

#include <fmt/format.h>

#include <tao/pegtl.hpp>

#include "compiler/diagnostics/suggest.hpp"
#include "grammar/messages.hpp"
#include "grammar/rules.hpp"

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
  // The tree is built by the control: a selected rule that starts records a mark;
  // on success the nodes completed since the mark become its children; on failure
  // they are dropped. Rules that are not nodes cost nothing.
  struct Mark {
    size_t children;
    const char* at;
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

std::string Describe(std::string_view tok) {
  if (tok.empty()) return "the end of the file";
  if (tok.size() > 40) tok = CutAtCharacter(tok, 40);
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

void Report(ParseState& ps, const char* at, const MessageInfo& info) {
  std::string_view text = ps.file.text();
  uint32_t pos = SkipTrivia(text, static_cast<uint32_t>(at - ps.base));
  uint32_t end = TokenEnd(text, pos);
  std::string_view tok = text.substr(pos, end - pos);
  std::string msg = info.text;
  if (msg.starts_with("expected")) msg += fmt::format(", found {}", Describe(tok));
  if ((info.kind == DiagKind::UnterminatedString || info.kind == DiagKind::UnterminatedComment) && ps.opening) {
    // Point at the opening quote or `/*`, which is where the fix goes.
    pos = static_cast<uint32_t>(ps.opening - ps.base);
    end = pos + (info.kind == DiagKind::UnterminatedComment ? 2 : 1);
  }
  Diagnostic& d = ps.diags.Report(info.kind, Span{ps.id, pos, end}, std::move(msg));
  if (info.words && ps.diags.accepting() && !tok.empty() && IsIdentChar(tok[0])) {
    if (auto best = ClosestMatch(tok, SplitWords(info.words))) d.Help(fmt::format("did you mean `{}`?", *best));
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

  // Every rule records where it started, so that a rule that fails after some of its
  // parts succeeded drops the nodes those parts made.
  template <typename ParseInput, typename... States>
  static void start(const ParseInput& in, States&&... st) {
    if constexpr (std::is_same_v<Rule, rules::block_comment> || std::is_same_v<Rule, rules::StringLit>) {
      Pick<ParseState>(st...).opening = in.current();
    }
    if constexpr (kTracked) {
      ParseState& ps = Pick<ParseState>(st...);
      ps.marks.push_back({ps.done.size(), in.current()});
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
  ParseState ps{file, id, diags, text.data(), 0, nullptr, {}, {}};
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
