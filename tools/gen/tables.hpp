// The tables `sam gen` writes: those of examples/common/schema.sam, each with its
// columns in schema order. Event tables and lists start with their implicit customer
// column (and time column), as a loader reads them. tests/unit/gen_test.cpp checks
// these lists against the checked schema.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace sam::gen {

enum class Table : size_t {
  Customers,
  Orders,
  Accounts,
  WebEvents,
  EmailEvents,
  AddressChanges,
  Feedback,
  Propositions,
  SalesLeads,
};
inline constexpr size_t kTableCount = 9;

struct TableSpec {
  std::string_view name;  // the file is `<name>.csv`
  std::span<const std::string_view> columns;
  bool per_customer;      // rows come from the customers (all but the reference table)
  bool shuffled;          // rows are shuffled within a chunk of customers
};

namespace columns {
inline constexpr std::string_view kCustomers[] = {
    "id",          "email",          "mobile",         "phone",          "postal_address",
    "first_name",  "birth_date",     "gender",         "country",        "region",
    "time_zone",   "signup_at",      "inflow_channel", "newsletter_optin_at",
    "newsletter_confirmed_at",       "newsletter_optout_at",             "marketing_optin_at",
    "marketing_optout_at",           "preferences_updated_at",           "email_bounced",
    "is_employee", "exit_survey_at", "exit_reason",    "churn_model_score"};
inline constexpr std::string_view kOrders[] = {"customer_id", "ordered_at", "order_id", "amount",
                                               "category",    "channel",    "cart_id"};
inline constexpr std::string_view kAccounts[] = {"customer_id", "opened_at", "product"};
inline constexpr std::string_view kWebEvents[] = {"customer_id", "occurred_at", "kind", "cart_id", "category"};
inline constexpr std::string_view kEmailEvents[] = {"customer_id", "occurred_at", "kind", "campaign_name"};
inline constexpr std::string_view kAddressChanges[] = {"customer_id", "changed_at", "new_country"};
inline constexpr std::string_view kFeedback[] = {"customer_id", "given_at", "score", "complaint"};
inline constexpr std::string_view kPropositions[] = {"held_product", "offer", "wait_days", "second_offer",
                                                     "second_wait_days"};
inline constexpr std::string_view kSalesLeads[] = {"customer_id"};
}  // namespace columns

inline constexpr std::array<TableSpec, kTableCount> kTables = {{
    {"customers", columns::kCustomers, true, false},
    {"orders", columns::kOrders, true, true},
    {"accounts", columns::kAccounts, true, true},
    {"web_events", columns::kWebEvents, true, true},
    {"email_events", columns::kEmailEvents, true, true},
    {"address_changes", columns::kAddressChanges, true, true},
    {"feedback", columns::kFeedback, true, true},
    {"propositions", columns::kPropositions, false, false},
    {"sales_leads", columns::kSalesLeads, true, false},
}};

inline constexpr const TableSpec& Spec(Table t) { return kTables[static_cast<size_t>(t)]; }

}  // namespace sam::gen
