#include <fmt/format.h>

#include <algorithm>

#include "ir/passes/pass.hpp"

namespace sam::ir {
namespace {

class ConstantConditionLint : public Pass {
 public:
  std::string_view name() const override { return "constant-conditions"; }

  void Run(Program& p, Diagnostics& diags) override {
    // One warning per problem: the checker may have said why already, at the same
    // place (`x in {}`).
    auto said = [&](NodeId id, DiagKind kind) {
      const Span span = p.at(id).span;
      return std::any_of(diags.all().begin(), diags.all().end(),
                         [&](const Diagnostic& d) { return d.kind == kind && d.span == span; });
    };
    auto never = [&](NodeId id, std::string_view what) {
      if (id == kNone || !Is(p, id, false) || said(id, DiagKind::AlwaysFalse)) return;
      diags.Report(DiagKind::AlwaysFalse, p.at(id).span, fmt::format("{} is false for every customer", what))
          .Help("check the comparison and the constants it uses");
    };
    auto always = [&](NodeId id, std::string_view what) {
      if (id == kNone || !Is(p, id, true) || said(id, DiagKind::AlwaysTrue)) return;
      diags.Report(DiagKind::AlwaysTrue, p.at(id).span, fmt::format("{} is true for every customer", what));
    };
    for (const auto& l : p.lets) {
      if (l.segment) never(l.root, fmt::format("segment `{}`", l.name));
    }
    for (const auto& t : p.triggers) {
      never(t.filter, fmt::format("the event filter of trigger `{}`", t.name));
      never(t.condition, fmt::format("the `if` condition of trigger `{}`", t.name));
      always(t.unless, fmt::format("the `unless` condition of trigger `{}`", t.name));
    }
    for (const auto& c : p.campaigns) {
      never(c.audience, fmt::format("the audience of `{}`", c.name));
      for (const auto& s : c.steps) never(s.condition, fmt::format("the condition of step \"{}\"", s.message));
      always(c.exit, fmt::format("the exit condition of `{}`", c.name));
    }
  }

 private:
  static bool Is(const Program& p, NodeId id, bool value) {
    const Node& n = p.at(id);
    return n.op == Op::Const && n.type.kind == TypeKind::Bool && !n.value.absent && (n.value.i != 0) == value;
  }
};

}  // namespace

std::unique_ptr<Pass> MakeConstantConditionLint() { return std::make_unique<ConstantConditionLint>(); }

}  // namespace sam::ir
