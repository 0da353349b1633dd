// The schema: tables with typed fields, enums, the program's time zone.
#include <date/tz.h>

#include <string_view>
#include <unordered_map>

#include "base/suggest.hpp"
#include "compiler/check/checker.hpp"

namespace sam::check {
namespace {

struct BuiltinType {
  std::string_view name;
  TypeKind kind;
};
constexpr BuiltinType kBuiltinTypes[] = {
    {"int", TypeKind::Int},         {"decimal", TypeKind::Decimal}, {"float", TypeKind::Float},
    {"bool", TypeKind::Bool},       {"string", TypeKind::String},   {"date", TypeKind::Date},
    {"timestamp", TypeKind::Timestamp}, {"duration", TypeKind::Duration}};

}  // namespace

Type Checker::ResolveType(const ast::TypeRef& t, std::string_view owner) {
  if (t.is_enum) {
    EnumInfo e{std::string(owner), {}};
    for (const auto& v : t.variants) {
      if (e.Find(v.text) >= 0) {
        diags_.Report(DiagKind::DuplicateField, v.span, fmt::format("variant `{}` appears twice in this enum", v.text));
        continue;
      }
      e.variants.emplace_back(v.text);
    }
    p_.enums.push_back(std::move(e));
    enum_used_.push_back(true);
    return Type::EnumOf(static_cast<int32_t>(p_.enums.size() - 1), t.optional);
  }
  for (const auto& b : kBuiltinTypes) {
    if (b.name == t.name.text) return Type::Of(b.kind, t.optional);
  }
  auto g = globals_.find(t.name.text);
  if (g != globals_.end() && g->second.kind == GlobalKind::Enum) {
    enum_used_[g->second.index] = true;
    return Type::EnumOf(g->second.index, t.optional);
  }
  if (tree_.incomplete || (g != globals_.end() && g->second.kind == GlobalKind::Broken)) return Type{};
  std::vector<std::string_view> candidates;
  for (const auto& b : kBuiltinTypes) candidates.push_back(b.name);
  for (const auto& [name, gl] : globals_) {
    if (gl.kind == GlobalKind::Enum) candidates.push_back(name);
  }
  auto& d = diags_.Report(DiagKind::UnknownType, t.name.span, fmt::format("unknown type `{}`", t.name.text));
  if (auto best = ClosestMatch(t.name.text, candidates)) {
    d.Help(fmt::format("did you mean `{}`?", *best));
    d.Fix(t.name.span, *best);
  }
  return Type{};
}

// The column name of `from "..."`: a header cell as the loader reads it (trimmed, on
// one line), and not empty.
bool Checker::ColumnNameOk(const ast::Field& f) {
  std::string_view c = f.column;
  const char* problem = nullptr;
  if (c.empty()) {
    problem = "a column name cannot be empty";
  } else if (c.find_first_of("\n\r") != std::string_view::npos) {
    problem = "a column name cannot hold a line break";
  } else if (c.front() == ' ' || c.front() == '\t' || c.back() == ' ' || c.back() == '\t') {
    problem = "a column name cannot start or end with a space: the loader trims the header's names";
  }
  if (!problem) return true;
  diags_.Report(DiagKind::InvalidLiteral, f.column_span, problem);
  return false;
}

void Checker::CollectSchema() {
  // Named enums first: fields refer to them.
  for (const auto& e : tree_.enums) {
    EnumInfo info{std::string(e.name.text), {}};
    for (const auto& v : e.variants) {
      if (info.Find(v.text) >= 0) {
        diags_.Report(DiagKind::DuplicateField, v.span, fmt::format("variant `{}` appears twice in enum `{}`", v.text, e.name.text));
        continue;
      }
      info.variants.emplace_back(v.text);
    }
    p_.enums.push_back(std::move(info));
    enum_used_.push_back(false);
  }

  // The customers table first: event tables take its key type.
  table_of_decl_.assign(tree_.tables.size(), -1);
  std::vector<size_t> order;
  for (size_t i = 0; i < tree_.tables.size(); ++i) {
    if (tree_.tables[i].kind == TableKind::Customers) order.insert(order.begin(), i);
    else order.push_back(i);
  }
  Type customer_key = Type::Of(TypeKind::Int);
  for (size_t i : order) {
    const ast::Table& t = tree_.tables[i];
    TableInfo info{t.kind, std::string(t.name.text), {}, -1, -1, static_cast<int>(i)};
    std::vector<Span> column_spans;  // per declared field: its `from "..."`, or its name
    for (const auto& f : t.fields) {
      int prev = info.Find(f.name.text);
      if (prev >= 0) {
        diags_.Report(DiagKind::DuplicateField, f.name.span, fmt::format("field `{}` is declared twice", f.name.text))
            .Note(info.fields[prev].span, "first declared here");
        continue;
      }
      FieldInfo field{std::string(f.name.text), ResolveType(f.type, fmt::format("{}.{}", t.name.text, f.name.text)),
                      f.name.span};
      if (f.column_span.end != 0 && ColumnNameOk(f)) {
        // `x: int from "x"` binds nothing: the settings stay those of `x: int`.
        if (f.column != f.name.text) field.column = f.column;
        column_spans.push_back(f.column_span);
      } else {
        column_spans.push_back(f.name.span);
      }
      info.fields.push_back(std::move(field));
    }
    auto key_type_ok = [](Type k) {
      return !k.optional && (k.kind == TypeKind::Int || k.kind == TypeKind::String || k.kind == TypeKind::Enum || k.is_error());
    };
    switch (t.kind) {
      case TableKind::Customers:
      case TableKind::Reference: {
        info.key = info.Find(t.key.text);
        if (info.key < 0) {
          diags_.Report(DiagKind::MissingKeyField, t.key.span,
                        fmt::format("the key `{}` is not a field of `{}`", t.key.text, t.name.text))
              .Help(fmt::format("declare it: `{}: int`", t.key.text));
        } else if (!key_type_ok(info.fields[info.key].type) ||
                   (t.kind == TableKind::Customers && info.fields[info.key].type.kind == TypeKind::Enum)) {
          diags_.Report(DiagKind::KeyType, t.key.span,
                        fmt::format("the key `{}` has type `{}`; a key must be `int` or `string` and not optional", t.key.text,
                                    Str(info.fields[info.key].type)));
        } else if (t.kind == TableKind::Customers) {
          customer_key = info.fields[info.key].type;
        }
        break;
      }
      case TableKind::Events:
      case TableKind::List: {
        info.key = info.Find(t.key.text);
        if (info.key < 0) {
          info.fields.push_back({std::string(t.key.text), customer_key, t.key.span});
          info.key = static_cast<int>(info.fields.size() - 1);
        } else if (info.fields[info.key].type.Required() != customer_key || info.fields[info.key].type.optional) {
          diags_.Report(DiagKind::KeyType, info.fields[info.key].span,
                        fmt::format("`{}` refers to customers, so it must have the customers' key type `{}`", t.key.text,
                                    Str(customer_key)));
        }
        if (t.kind == TableKind::List) break;
        info.time = info.Find(t.time.text);
        if (info.time < 0) {
          info.fields.push_back({std::string(t.time.text), Type::Of(TypeKind::Timestamp), t.time.span});
          info.time = static_cast<int>(info.fields.size() - 1);
        } else {
          Type tt = info.fields[info.time].type;
          if (!tt.is_error() && (tt.optional || !tt.is_time())) {
            diags_.Report(DiagKind::TimeColumnType, info.fields[info.time].span,
                          fmt::format("the time column `{}` has type `{}`; it must be `timestamp` or `date`", t.time.text, Str(tt)));
          }
        }
        break;
      }
    }
    // Two fields that read one column of the file: the loader could fill only one.
    std::unordered_map<std::string_view, size_t> by_column;
    for (size_t a = 0; a < info.fields.size(); ++a) {
      auto [it, fresh] = by_column.emplace(info.fields[a].Column(), a);
      if (fresh) continue;
      const FieldInfo& first = info.fields[it->second];
      Span at = a < column_spans.size() ? column_spans[a] : info.fields[a].span;
      diags_.Report(DiagKind::DuplicateField, at,
                    fmt::format("fields `{}` and `{}` both read the file's column `{}`", first.name, info.fields[a].name,
                                info.fields[a].Column()))
          .Note(it->second < column_spans.size() ? column_spans[it->second] : first.span, "also read here")
          .Help("a column of the file is read by one field; bind the other field with `from \"COLUMN\"`");
    }
    if (t.kind == TableKind::Customers) {
      if (p_.customers >= 0) continue;  // reported as a duplicate definition
      p_.customers = static_cast<int>(p_.tables.size());
    }
    table_of_decl_[i] = static_cast<int>(p_.tables.size());
    p_.tables.push_back(std::move(info));
  }
  if (p_.customers < 0 && !tree_.incomplete) {
    Span where = roots_.empty() ? Span{} : Span{roots_[0], 0, 0};
    diags_.Report(DiagKind::MissingCustomers, where, "the program declares no customers table")
        .Help("add `schema { customers key id { id: int ... } }`, or import a module that declares it");
  }
  if (p_.customers < 0) {
    TableInfo placeholder{TableKind::Customers, "customers", {}, -1, -1, -1};
    p_.customers = static_cast<int>(p_.tables.size());
    p_.tables.push_back(std::move(placeholder));
  }
}

void Checker::CheckTimezone() {
  const ast::TimeZoneDecl* first = nullptr;
  for (const auto& f : tree_.files) {
    for (const ast::TimeZoneDecl& z : f.timezones) {
      if (first && first->name != z.name) {
        diags_.Report(DiagKind::DuplicateDefinition, z.span,
                      fmt::format("the program's time zone is declared again, as `{}`", z.name))
            .Note(first->span, fmt::format("first declared as `{}` here", first->name));
        continue;
      }
      if (first) continue;
      first = &z;
      UseTimezone(z);
    }
  }
}

void Checker::UseTimezone(const ast::TimeZoneDecl& z) {
  if (KnownZone(z.name, z.span)) p_.timezone = z.name;
}

bool Checker::KnownZone(const std::string& name, Span span) {
  try {
    date::locate_zone(name);
    return true;
  } catch (const std::exception&) {
    auto& d = diags_.Report(DiagKind::InvalidTimeZone, span, fmt::format("unknown time zone `{}`", name));
    try {
      std::vector<std::string_view> names;
      for (const auto& zone : date::get_tzdb().zones) names.push_back(zone.name());
      if (auto best = ClosestMatch(name, names)) d.Help(fmt::format("did you mean `{}`?", *best));
    } catch (const std::exception&) {
      d.Help("the time zone database (tzdata) could not be read");
    }
    return false;
  }
}

}  // namespace sam::check
