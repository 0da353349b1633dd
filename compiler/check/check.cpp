#include "compiler/check/check.hpp"

#include "compiler/check/checker.hpp"

namespace sam {

namespace check {

sema::Program Checker::Run() {
  p_.expr_types.assign(tree_.exprs.size(), Type{});
  p_.refs.assign(tree_.exprs.size(), sema::Ref{});
  p_.stream_tables.assign(tree_.streams.size(), -1);
  p_.let_used.assign(tree_.lets.size(), false);
  size_t errors_before = diags_.error_count();
  CollectGlobals();
  CollectSchema();
  CheckShadowedFields();
  CheckTimezone();
  OrderLets();
  for (int l : p_.let_order) CheckLet(l);
  CheckShadowedVariants();
  CheckPolicy();  // first: campaigns refer to its consent purposes
  CheckTriggers();
  CheckCampaigns();
  CheckTests();
  CheckQueries();
  CheckLints();
  p_.ok = diags_.error_count() == errors_before;
  return std::move(p_);
}

}  // namespace check

sema::Program Check(const ast::Tree& tree, const SourceManager& sources, const std::vector<FileId>& roots,
                    Diagnostics& diags) {
  return check::Checker(tree, sources, roots, diags).Run();
}

}  // namespace sam
