// What no test exercises: the coverage summary of `sam test`.
//
// "Exercised" is defined simply, from what the tests' expectations name, whether or
// not they passed or could run:
// - a segment is exercised when an expectation reads it: `expect count SEGMENT`, or a
//   condition that uses it, directly or through the lets and segments it uses (also
//   the segments a ranking ranks among);
// - a campaign when a contact expectation (`expect contact` / `expect no contact`)
//   names it, and a trigger when such a campaign starts from it;
// - a policy rule when a contact expectation names a campaign the rule applies to:
//   a rule for one channel (`on CHANNEL`, `rate`, `allow`, `channel ... address`),
//   one kind (`for service`) or one consent purpose applies to the campaigns with it,
//   the other rules to every campaign.
// A contact expectation counts whether it passed or not: it says what the tests mean
// to cover.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace sam::testing {

struct Coverage {
  // Names of what no test exercises, in the program's order.
  std::vector<std::string> segments, triggers, campaigns, policy_rules;
};

// `written`: a rule's text as the program writes it (caps, quiet hours and rates are
// named so, on one line); without it they are rebuilt from the IR.
Coverage NotExercised(const ir::Program& program, const std::vector<const ir::Test*>& tests,
                      const std::function<std::string(Span)>& written = {});

}  // namespace sam::testing
