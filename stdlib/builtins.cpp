#include "stdlib/builtins.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace sam::stdlib {
namespace {

SigType ParseSigType(std::string_view t) {
  static const std::pair<std::string_view, SigType> names[] = {
      {"int", SigType::Int},       {"decimal", SigType::Decimal},     {"float", SigType::Float},
      {"number", SigType::Number}, {"bool", SigType::Bool},           {"string", SigType::String},
      {"date", SigType::Date},     {"timestamp", SigType::Timestamp}, {"duration", SigType::Duration},
      {"T", SigType::Same}};
  for (auto& [n, s] : names) {
    if (n == t) return s;
  }
  throw std::logic_error("builtins.def: unknown signature type " + std::string(t));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// "name(a|b, c) -> r?" -> params and result. The signatures are ours, so a malformed
// one is a programming error caught by the unit tests.
BuiltinInfo Parse(BuiltinId id, std::string_view sig, Category cat, std::string_view doc) {
  BuiltinInfo b{id, {}, sig, cat, doc, {}, SigType::Int, false};
  size_t open = sig.find('('), close = sig.find(')'), arrow = sig.find("->");
  if (open == sig.npos || close == sig.npos || arrow == sig.npos) throw std::logic_error("builtins.def: bad signature");
  b.name = sig.substr(0, open);
  std::string_view params = sig.substr(open + 1, close - open - 1);
  while (!Trim(params).empty()) {
    size_t comma = params.find(',');
    std::string_view p = Trim(params.substr(0, comma));
    SigParam param;
    while (!p.empty()) {
      size_t bar = p.find('|');
      param.alternatives.push_back(ParseSigType(Trim(p.substr(0, bar))));
      if (bar == p.npos) break;
      p.remove_prefix(bar + 1);
    }
    b.params.push_back(std::move(param));
    if (comma == params.npos) break;
    params.remove_prefix(comma + 1);
  }
  std::string_view result = Trim(sig.substr(arrow + 2));
  if (!result.empty() && result.back() == '?') {
    b.result_optional = true;
    result.remove_suffix(1);
  }
  b.result = ParseSigType(result);
  return b;
}

}  // namespace

const std::vector<BuiltinInfo>& AllBuiltins() {
  static const std::vector<BuiltinInfo> all = {
#define SAM_BUILTIN(id, sig, cat, doc) Parse(BuiltinId::id, sig, Category::cat, doc),
#include "stdlib/builtins.def"
#undef SAM_BUILTIN
  };
  return all;
}

const BuiltinInfo* FindBuiltin(std::string_view name) {
  for (const auto& b : AllBuiltins()) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

const BuiltinInfo& Builtin(BuiltinId id) { return AllBuiltins()[static_cast<size_t>(id)]; }

int64_t DurationUnit(BuiltinId id) {
  constexpr int64_t kHour = int64_t{3600} * 1'000'000;
  return id == BuiltinId::Days ? 24 * kHour : kHour;
}

std::string DurationOutOfRange(BuiltinId id) {
  return fmt::format("`{}` gives a duration out of range (at most about 292,000 years)", Builtin(id).name);
}

const std::vector<AggregateInfo>& AllAggregates() {
  static const std::vector<AggregateInfo> all = {
      {"count", "Number of events (or of present values with `.field`); 0 when there are none. "
                "`count(distinct orders.category)` counts different values."},
      {"sum", "Sum of the values; 0 when there are none."},
      {"min", "Smallest value; absent when there are none."},
      {"max", "Largest value; absent when there are none."},
      {"avg", "Mean of the values (decimal for int and decimal values); absent when there are none."},
      {"first", "The earliest event, `first(orders)` (its field: `first(orders).amount`, absent if that event's is); "
                "with a value, `first(orders.cart_id)`, the earliest *present* value (events whose value is absent "
                "are skipped); absent when there are none."},
      {"last", "The latest event, or with a value the latest present value, as `first`; absent when there are none."},
      {"any", "True when at least one event matches the `where` condition."},
      {"all", "True when every event matches the `where` condition (also when there are none)."},
      {"none", "True when no event matches the `where` condition."},
  };
  return all;
}

TypeKind ParamKind(const SigParam& p, TypeKind arg) {
  auto takes = [&](SigType s) {
    return std::find(p.alternatives.begin(), p.alternatives.end(), s) != p.alternatives.end();
  };
  if (takes(SigType::Number) || takes(SigType::Same)) return arg;
  const bool is_int = arg == TypeKind::Int, is_decimal = arg == TypeKind::Decimal;
  if ((is_int && takes(SigType::Int)) || (is_decimal && takes(SigType::Decimal)) || !(is_int || is_decimal)) return arg;
  if (is_int && takes(SigType::Decimal)) return TypeKind::Decimal;
  if (takes(SigType::Float)) return TypeKind::Float;
  return arg;
}

}  // namespace sam::stdlib
