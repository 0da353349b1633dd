// `contacts TABLE [where COND] channel V [campaign V] [kind V]` in the policy: an event
// table whose rows are contacts made outside SAM, which the caps count (docs/language.md
// §16.10). Each V is a string or enum field of the table, or one string for every row.
#include <fmt/ranges.h>

#include "base/suggest.hpp"
#include "compiler/check/checker.hpp"

namespace sam::check {

void Checker::CheckHistory(const ast::ContactHistory& h) {
  Context cx;
  Stream(h.stream, cx, false);
  const int t = p_.stream_tables[h.stream];
  if (t < 0) return;  // reported by Stream
  if (table(t).kind != TableKind::Events) {
    diags_.Report(DiagKind::NotAStream, tree_.streams[h.stream].table.span,
                  fmt::format("`{}` is not an event table; contacts made outside SAM are events, each at its moment",
                              table(t).name));
    return;
  }
  CheckHistoryValue(h.channel, t, "channel");
  CheckHistoryValue(h.campaign, t, "campaign");
  CheckHistoryValue(h.kind, t, "kind");
}

void Checker::CheckHistoryValue(const ast::HistoryValue& v, int t, std::string_view part) {
  if (!v.given()) return;
  if (v.constant) {
    if (part == "channel" && !IsChannel(v.text)) {
      auto& d = diags_.Report(DiagKind::UnknownChannel, v.span, fmt::format("unknown channel `{}`", v.text));
      if (auto best = ClosestMatch(v.text, ChannelNames())) d.Help(fmt::format("did you mean `\"{}\"`?", *best));
    } else if (part == "kind" && v.text != "service" && v.text != "commercial") {
      diags_.Report(DiagKind::InvalidLiteral, v.span, fmt::format("a kind is \"service\" or \"commercial\", not `\"{}\"`", v.text));
    }
    return;
  }
  const TableInfo& info = table(t);
  const int f = info.Find(v.field.text);
  if (f < 0) {
    std::vector<std::string_view> names;
    for (const auto& fi : info.fields) names.push_back(fi.name);
    auto& d = diags_.Report(DiagKind::UnknownField, v.field.span, fmt::format("`{}` has no field `{}`", info.name, v.field.text));
    if (auto best = ClosestMatch(v.field.text, names)) d.Help(fmt::format("did you mean `{}`?", *best));
    if (part == "channel" && IsChannel(v.field.text)) {
      d.Help(fmt::format("for every row on one channel, write the channel as a string: `channel \"{}\"`", v.field.text));
    } else if (part == "kind" && (v.field.text == "service" || v.field.text == "commercial")) {
      d.Help(fmt::format("for every row of one kind, write it as a string: `kind \"{}\"`", v.field.text));
    }
    return;
  }
  const Type type = info.fields[f].type;
  if (type.kind != TypeKind::String && type.kind != TypeKind::Enum) {
    diags_.Report(DiagKind::TypeMismatch, v.field.span,
                  fmt::format("the {} of a contact must be a string or enum field, but `{}` is of type `{}`", part, v.field.text, Str(type)));
    return;
  }
  if (type.kind != TypeKind::Enum || part == "campaign") return;
  // An enum's variants are the values the rows can hold: each must be one SAM knows.
  for (const std::string& variant : p_.enums[type.ref].variants) {
    const bool known = part == "channel" ? IsChannel(variant) : variant == "service" || variant == "commercial";
    if (known) continue;
    diags_.Report(DiagKind::TypeMismatch, v.field.span,
                  fmt::format("`{}` can hold `{}`, which is not a {}", v.field.text, variant, part))
        .Help(part == "channel" ? fmt::format("the channels are {}", fmt::join(ChannelNames(), ", "))
                                : std::string("the kinds are service and commercial; use a string field to allow others"));
    return;
  }
}

}  // namespace sam::check
