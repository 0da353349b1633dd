// The dot commands of a session (commands.hpp lists them).
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "base/names.hpp"
#include "base/suggest.hpp"
#include "repl/commands.hpp"
#include "repl/input.hpp"
#include "repl/session.hpp"
#include "schema/value_text.hpp"

namespace sam::repl {
namespace {

// `.cmd  argument ` -> {".cmd", "argument"}.
std::pair<std::string_view, std::string_view> Split(std::string_view line) {
  auto trim = [](std::string_view s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return std::string_view();
    const size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e + 1 - b);
  };
  line = trim(line);
  const size_t space = line.find_first_of(" \t");
  if (space == std::string_view::npos) return {line, {}};
  return {line.substr(0, space), trim(line.substr(space))};
}

std::string_view KindName(TableKind k) {
  switch (k) {
    case TableKind::Customers: return "customers";
    case TableKind::Events: return "events";
    case TableKind::Reference: return "table";
    case TableKind::List: return "list";
  }
  return "table";
}

// " (did you mean `x`?)" for the closest of `names`, or nothing.
std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& names) {
  const std::optional<std::string> near = ClosestMatch(name, names);
  return near ? fmt::format(" (did you mean `{}`?)", *near) : std::string();
}

// `{a, b, c}`.
std::string Variants(const EnumInfo& e) {
  std::string out = "{";
  for (size_t v = 0; v < e.variants.size(); ++v) out += (v ? ", " : "") + CodeName(e.variants[v]);
  return out + "}";
}

}  // namespace

bool Session::Dot(std::string_view line) {
  const auto [name, arg] = Split(line);
  const bool bare = name == ".help" || name == ".quit" || name == ".exit" || name == ".segments";
  if (bare && !arg.empty()) {
    Error(fmt::format("`{}` takes no argument", name));
  } else if (name == ".quit" || name == ".exit") {
    return false;
  } else if (name == ".help") {
    Help();
  } else if (name == ".segments") {
    Segments();
  } else if (name == ".mode") {
    query::Mode mode;
    if (arg.empty()) {
      fmt::print(out(), "{}\n", query::ModeName(mode_));
    } else if (query::ParseMode(arg, &mode)) {
      mode_ = mode;
    } else {
      Error(fmt::format("unknown mode `{}`: table, csv, json, markdown or line", arg));
    }
  } else if (name == ".timer") {
    if (arg.empty()) {
      fmt::print(out(), "{}\n", timer_ ? "on" : "off");
    } else if (arg == "on" || arg == "off") {
      timer_ = arg == "on";
    } else {
      Error("`.timer on` or `.timer off`");
    }
  } else if (name == ".output") {
    Output(arg);
  } else if (name == ".read") {
    Read(arg);
  } else if (name == ".schema") {
    Schema(arg);
  } else if (name == ".date") {
    SetDate(arg);
  } else if (name == ".explain") {
    Explain(arg);
  } else if (name == ".save") {
    Save(arg);
  } else {
    std::vector<std::string_view> names;
    for (const Command& c : Commands()) names.push_back(c.name);
    const std::string hint = DidYouMean(name, names);
    Error(fmt::format("unknown command `{}`{}; `.help` lists them", name, hint));
  }
  std::fflush(out());
  return true;
}

void Session::Help() {
  std::string text =
      "Type a query (`count SEGMENT`, `show SEGMENT limit 10 { field }`, `why KEY CAMPAIGN`) or a declaration\n"
      "(`segment NAME = ...`, `let NAME = ...`), which stays defined for the session. Input goes on over\n"
      "several lines while a bracket is open or a line ends in an operator. Tab completes names; Ctrl-R\n"
      "searches the history; Ctrl-D leaves.\n\n";
  for (const Command& c : Commands()) {
    const std::string head = c.args.empty() ? std::string(c.name) : fmt::format("{} {}", c.name, c.args);
    text += fmt::format("{:<38} {}\n", head, c.help);
  }
  fmt::print(out(), "{}", text);
}

void Session::Schema(std::string_view table) {
  const ir::Program* p = program();
  if (!p) return;
  bool found = false;
  for (const TableInfo& t : p->tables) {
    if (!table.empty() && t.name != table) continue;
    found = true;
    if (t.kind == TableKind::Customers) {
      fmt::print(out(), "customers\n");
    } else {
      fmt::print(out(), "{} {}\n", KindName(t.kind), CodeName(t.name));
    }
    for (size_t f = 0; f < t.fields.size(); ++f) {
      std::string role;
      if (static_cast<int>(f) == t.key)
        role = t.kind == TableKind::Events || t.kind == TableKind::List ? "  (customer)" : "  (key)";
      if (static_cast<int>(f) == t.time) role = "  (time)";
      const Type& type = t.fields[f].type;
      fmt::print(out(), "  {}: {}{}{}\n", CodeName(t.fields[f].name), TypeName(p->tables, p->enums, type),
                 type.kind == TypeKind::Enum ? " " + Variants(p->enums[type.ref]) : "", role);
    }
  }
  // An enum by its name (a declared one, or `table.field` of an inline one).
  for (const EnumInfo& e : p->enums) {
    if (table.empty() || e.name != table) continue;
    found = true;
    fmt::print(out(), "enum {} {}\n", e.name, Variants(e));
  }
  if (!found) {
    std::vector<std::string_view> names;
    for (const TableInfo& t : p->tables) names.push_back(t.name);
    for (const EnumInfo& e : p->enums) names.push_back(e.name);
    const std::string hint = DidYouMean(table, names);
    Error(fmt::format("no table or enum `{}`{}", table, hint));
  }
}

void Session::Segments() {
  const ir::Program* p = program();
  if (!p) return;
  for (const ast::LetDecl& l : fe_.tree.lets) {
    if (!l.segment) continue;
    std::string_view text = Text(l.span);
    fmt::print(out(), "{}\n", text.substr(0, text.find('\n')));
  }
}

void Session::Explain(std::string_view name) {
  const ir::Program* p = program();
  if (!p) return;
  if (name.empty()) {
    Error("`.explain NAME`: a segment or let");
    return;
  }
  for (size_t i = 0; i < p->lets.size(); ++i) {
    const ir::Let& let = p->lets[i];
    if (let.name != name) continue;
    for (const ast::LetDecl& d : fe_.tree.lets) {
      if (d.name.text == name) fmt::print(out(), "{}\n", Text(d.span));
    }
    fmt::print(out(), "ir: {}\n", ir::PrintExpr(*p, let.root));
    // What it uses: the lets its expression refers to, directly.
    std::set<std::string> uses;
    std::vector<ir::NodeId> work{let.root};
    while (!work.empty()) {
      const ir::NodeId id = work.back();
      work.pop_back();
      if (id == ir::kNone) continue;
      const ir::Node& n = p->at(id);
      if (n.op == ir::Op::LetRef) {
        uses.insert(p->lets[n.a].name);
        continue;
      }
      for (ir::NodeId a : n.args) work.push_back(a);
      if (n.op == ir::Op::Agg) {
        const ir::AggSpec& g = p->aggs[n.a];
        for (ir::NodeId x : {g.low, g.high, g.filter, g.value}) work.push_back(x);
      }
    }
    std::string list;
    for (const std::string& u : uses) list += (list.empty() ? "" : ", ") + u;
    fmt::print(out(), "uses: {}\n", list.empty() ? "(no lets)" : list);
    return;
  }
  std::vector<std::string_view> names;
  for (const ir::Let& l : p->lets) names.push_back(l.name);
  const std::string hint = DidYouMean(name, names);
  Error(fmt::format("no segment or let `{}`{}", name, hint));
}

void Session::Save(std::string_view path) {
  if (path.empty()) {
    Error("`.save FILE`");
    return;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  // Never over the program or a module it imports (or a file .read brought in).
  for (FileId f = 0; f < fe_.sources.size(); ++f) {
    std::error_code same_ec;
    if (fs::equivalent(fs::path(path), fs::path(fe_.sources.Get(f).path()), same_ec)) {
      Error(fmt::format("`.save {}` would replace a file of the program; save the definitions to a file of their own",
                        path));
      return;
    }
  }
  const fs::path dir = fs::absolute(fs::path(path), ec).parent_path();
  fs::path program = fs::relative(fs::absolute(options_.program_path, ec), dir, ec);
  if (ec || program.empty()) program = fs::absolute(options_.program_path, ec);
  std::string text = fmt::format("// Definitions of a `sam repl` session.\nimport \"{}\"\n", program.generic_string());
  // The session's declarations as they stand, in the order they were made.
  std::vector<Span> spans;
  for (const ast::LetDecl& d : fe_.tree.lets) spans.push_back(d.span);
  for (const ast::TriggerDecl& d : fe_.tree.triggers) spans.push_back(d.span);
  for (const ast::Campaign& d : fe_.tree.campaigns) spans.push_back(d.span);
  std::erase_if(spans, [&](Span sp) { return session_files_.count(sp.file) == 0; });
  std::sort(spans.begin(), spans.end(),
            [](Span a, Span b) { return std::tie(a.file, a.begin) < std::tie(b.file, b.begin); });
  for (Span sp : spans) text += "\n" + std::string(Text(sp)) + "\n";
  std::ofstream out(std::string(path), std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) {
    Error(fmt::format("cannot write `{}`: {}", path, std::strerror(errno)));
    return;
  }
  fmt::print(err_, "saved {} declaration{} to {}\n", spans.size(), spans.size() == 1 ? "" : "s", path);
}

void Session::Read(std::string_view path) {
  if (path.empty()) {
    Error("`.read FILE`");
    return;
  }
  if (reading_ >= 8) {
    Error(fmt::format("`.read {}`: files read each other too deep (8 levels)", path));
    return;
  }
  std::error_code dir_ec;
  if (std::filesystem::is_directory(std::string(path), dir_ec)) {
    Error(fmt::format("cannot read `{}`: it is a directory", path));
    return;
  }
  std::ifstream in{std::string(path), std::ios::binary};
  if (!in) {
    Error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
    return;
  }
  ++reading_;
  const std::string name(path);
  Gatherer gather;
  int number = 0;
  bool failed = false, stop = false;
  auto run = [&](const Gatherer::Input& in) {
    stop = !Run(in.text, name, in.line);
    failed |= failed_;
    // A Ctrl-C stops the file, not only its question.
    if (interrupted_) {
      fmt::print(err_, "{}:{}: stopped reading `{}` (Ctrl-C)\n", name, in.line, name);
      stop = true;
    }
  };
  for (std::string line; !stop && std::getline(in, line);) {
    for (const Gatherer::Input& input : gather.Add(line, ++number)) {
      run(input);
      if (stop) break;
    }
  }
  if (!stop) {
    if (std::optional<Gatherer::Input> rest = gather.Finish()) run(*rest);
  }
  --reading_;
  failed_ = failed;
}

void Session::Output(std::string_view path) {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  if (path.empty()) return;
  file_ = std::fopen(std::string(path).c_str(), "w");
  if (!file_) Error(fmt::format("cannot write `{}`: {}", path, std::strerror(errno)));
}

void Session::SetDate(std::string_view date) {
  if (date.empty()) {
    fmt::print(out(), "{}\n", FormatDate(options_.today));
    return;
  }
  auto d = DecodeDate(date);
  if (auto* e = std::get_if<LiteralError>(&d)) {
    Error(e->message);
    return;
  }
  options_.today = std::get<int64_t>(d);
}

}  // namespace sam::repl
