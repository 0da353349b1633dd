#include "testing/run_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "runtime/exec/runtime_error.hpp"
#include "runtime/load/inline_rows.hpp"
#include "schema/value_text.hpp"
#include "testing/test_database.hpp"

namespace sam::testing {
namespace {

// Customers listed in a failed count, at most: enough to find the odd one out.
constexpr size_t kListedCustomers = 10;

std::string KeyText(const rt::Database& db, uint64_t row) {
  const rt::Column& key = db.customer_table().columns[db.key_field];
  return key.type.kind == TypeKind::String ? std::string(key.Str(row)) : fmt::format("{}", key.Int(row));
}

// The row of the customer whose key is written `key`.
std::optional<uint64_t> FindCustomer(const rt::Database& db, const std::string& key) {
  if (db.customer_table().columns[db.key_field].type.kind == TypeKind::String)
    return db.FindCustomer(std::string_view(key));
  int64_t k = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), k);
  if (ec != std::errc() || end != key.data() + key.size()) return std::nullopt;
  return db.FindCustomer(k);
}

std::string Text(const SourceManager* sources, Span span) {
  if (!sources) return "the condition";
  const std::string_view text = sources->Get(span.file).text();
  return fmt::format("`{}`", text.substr(span.begin, span.end - span.begin));
}

class TestRun {
 public:
  TestRun(const ir::Program& p, const ir::Test& t, const rt::Database& db, backend::Prepared& run,
          const RunOptions& options)
      : p_(p), t_(t), db_(db), run_(run), planner_(options.planner), sources_(options.sources) {}

  Finding Check(const ir::Expectation& e) {
    switch (e.kind) {
      case ir::ExpectKind::Holds: return Holds(e);
      case ir::ExpectKind::Count: return Count(e);
      case ir::ExpectKind::Contact:
      case ir::ExpectKind::NoContact: return Contact(e);
    }
    return {ExpectStatus::Failed, e.span, "unknown expectation", ""};
  }

 private:
  const ir::Program& p_;
  const ir::Test& t_;
  const rt::Database& db_;
  backend::Prepared& run_;
  ContactPlanner* planner_;
  const SourceManager* sources_;
  std::optional<PlannedRuns> runs_;

  // The customer an expectation is about: `for KEY`, else the test's only one.
  std::optional<uint64_t> Customer(const ir::Expectation& e, Finding& f) {
    if (!e.customer.empty()) {
      if (auto row = FindCustomer(db_, e.customer)) return row;
      f = {ExpectStatus::Failed, e.span, fmt::format("this test has no customer with the key {}", e.customer), ""};
      return std::nullopt;
    }
    if (db_.customer_count() == 1) return 0;
    f = {ExpectStatus::Failed, e.span,
         fmt::format("an expectation without `for KEY` needs a test with one customer; this test has {}",
                     db_.customer_count()),
         ""};
    return std::nullopt;
  }

  Finding Holds(const ir::Expectation& e) {
    Finding f{ExpectStatus::Passed, e.span, "", ""};
    std::optional<uint64_t> row = Customer(e, f);
    if (!row) return f;
    const uint32_t rows[] = {static_cast<uint32_t>(*row)};
    backend::Values v = run_.Evaluate(e.condition, rows);
    const bool present = v.Present(0);
    if (present && v.ints[0] != 0) return f;
    f.status = ExpectStatus::Failed;
    f.actual = present ? "false" : "absent";
    f.message = fmt::format("expected {} to hold for customer {}, but it is {}",
                            Text(sources_, p_.at(e.condition).span), KeyText(db_, *row), f.actual);
    return f;
  }

  Finding Count(const ir::Expectation& e) {
    std::vector<uint8_t> member;
    const uint64_t n = run_.Members(e.segment, ir::kNone, &member);
    const std::string target = e.segment >= 0 ? p_.lets[e.segment].name : "customers";
    if (n == static_cast<uint64_t>(e.count)) return {ExpectStatus::Passed, e.span, "", ""};
    std::string keys;
    size_t listed = 0;
    for (uint64_t c = 0; c < member.size() && e.segment >= 0; ++c) {
      if (!member[c]) continue;
      if (listed++ == kListedCustomers) {
        keys += ", ...";
        break;
      }
      keys += (keys.empty() ? "" : ", ") + KeyText(db_, c);
    }
    std::string message = fmt::format("expected count {} == {}, got {}", target, e.count, n);
    if (!keys.empty()) message += fmt::format(" (customer{} {})", n == 1 ? "" : "s", keys);
    return {ExpectStatus::Failed, e.span, std::move(message), fmt::format("{}", n)};
  }

  Finding Contact(const ir::Expectation& e);
  std::string StoppedText(const ir::Expectation& e, const std::string& key, const std::string& campaign,
                          int64_t day) const;
};

Finding TestRun::Contact(const ir::Expectation& e) {
  if (!planner_) return {ExpectStatus::NotRun, e.span, kNeedsEngine, ""};
  Finding f{ExpectStatus::Passed, e.span, "", ""};
  std::optional<uint64_t> row = Customer(e, f);
  if (!row) return f;
  const std::string key = KeyText(db_, *row);
  const ir::Campaign& c = p_.campaigns[e.campaign];
  // `expect contact ... on DATE` looks at the run dates up to DATE for a send on DATE;
  // otherwise at what the test's run date plans, whenever it is sent (quiet hours may
  // move a send past midnight). One engine run serves every expectation of the test: up to
  // the latest date any of them names.
  if (!runs_) {
    int64_t until = t_.today;
    for (const ir::Expectation& x : t_.expects) {
      if (x.on_day && (x.kind == ir::ExpectKind::Contact || x.kind == ir::ExpectKind::NoContact)) {
        until = std::max(until, *x.on_day);
      }
    }
    runs_ = planner_->Plan(p_, db_, t_.today, until);
  }
  const int64_t day = e.on_day.value_or(t_.today);
  std::string made;  // what the campaign did send this customer, for the message
  bool found = false;
  for (const PlannedContact& pc : runs_->contacts) {
    if (pc.customer != key || pc.campaign != c.name) continue;
    // What the runs through the date asked about planned (a send they moved past it
    // included), or the run of `today`; the engine may have run further for another
    // expectation.
    if (e.on_day ? pc.run_day > day : pc.run_day != t_.today) continue;
    made += fmt::format("{}\"{}\" on {}", made.empty() ? "" : ", ", pc.message, FormatDate(pc.day));
    found |= (e.step.empty() || pc.message == e.step) && (e.on_day ? pc.day == day : pc.run_day == t_.today);
  }
  const bool want = e.kind == ir::ExpectKind::Contact;
  if (found == want) return f;
  f.status = ExpectStatus::Failed;
  f.actual = made.empty() ? "not contacted" : made;
  const std::string what = fmt::format("{}{} {}", e.step.empty() ? "" : fmt::format("with \"{}\" ", e.step),
                                       e.on_day ? "on" : "in the run of", FormatDate(day));
  if (want && day < t_.today) {  // `sam check` warns of it too
    f.message = fmt::format(
        "expected campaign `{}` to contact customer {} {}, but the test runs the engine from its "
        "`today`, {}: nothing is planned before it",
        c.name, key, what, FormatDate(t_.today));
    return f;
  }
  f.message = fmt::format("expected campaign `{}` {}to contact customer {} {}, but it {}", c.name, want ? "" : "not ",
                          key, what,
                          found          ? "does: " + made
                          : made.empty() ? "does not contact them at all"
                                         : "contacts them with " + made);
  if (want) f.message += StoppedText(e, key, c.name, day);
  return f;
}

// Why an expected contact is missing: the rules that stopped the campaign's contacts
// of the customer in the runs the expectation looks at (`sam why` tells the rest).
std::string TestRun::StoppedText(const ir::Expectation& e, const std::string& key, const std::string& campaign,
                                 int64_t day) const {
  constexpr size_t kListed = 3;
  std::string out;
  size_t listed = 0;
  for (const StoppedContact& s : runs_->stops) {
    if (s.customer != key || s.campaign != campaign || (!e.step.empty() && s.message != e.step)) continue;
    if (e.on_day ? s.run_day > day : s.run_day != t_.today) continue;
    if (listed++ == kListed) {
      out += "; ...";
      break;
    }
    out += fmt::format("{} `{}`{} stopped \"{}\" in the run of {}: {}", listed == 1 ? ":" : ";", s.rule,
                       s.source.empty() ? "" : " (" + s.source + ")", s.message, FormatDate(s.run_day), s.reason);
  }
  return out;
}

TestStatus StatusOf(const std::vector<Finding>& findings) {
  TestStatus s = TestStatus::Passed;
  for (const Finding& f : findings) {
    if (f.status == ExpectStatus::Failed) return TestStatus::Failed;
    if (f.status == ExpectStatus::NotRun) s = TestStatus::Incomplete;
  }
  return s;
}

// The span of row `row` of table `table` among the test's rows (a table's rows may be
// given in several groups).
Span RowSpan(const ir::Test& t, int table, size_t row) {
  for (const ir::TestRows& rows : t.tables) {
    if (rows.table != table) continue;
    if (row < rows.spans.size()) return rows.spans[row];
    row -= rows.spans.size();
  }
  return t.span;
}

// A test stopped by an error in its data (an overflow): a failure at the expectation
// that met it, naming the error and where it arose; the later ones are not checked.
Finding StoppedBy(const std::runtime_error& error, const ir::Expectation& e, bool more, const RunOptions& options) {
  const auto* located = dynamic_cast<const rt::RuntimeError*>(&error);
  const std::string where = located && options.sources ? options.sources->Where(located->span) : "";
  return {ExpectStatus::Failed, e.span,
          fmt::format("the test stopped at an error: {}{}{}", error.what(), where.empty() ? "" : " (" + where + ")",
                      more ? "; its later expectations were not checked" : ""),
          "error"};
}

}  // namespace

std::vector<TestResult> RunTests(const ir::Program& p, const BackendFactory& backends, const RunOptions& options) {
  std::vector<TestResult> results;
  std::unique_ptr<backend::Backend> backend = backends();
  for (const ir::Test& t : p.tests) {
    if (t.name.find(options.filter) == std::string::npos) continue;
    TestResult r;
    r.test = &t;
    std::optional<rt::Database> db;
    try {
      db = TestDatabase(p, t);
    } catch (const rt::InlineRowError& e) {
      r.findings.push_back({ExpectStatus::Failed, RowSpan(t, e.table, e.row),
                            fmt::format("this `{}` row cannot be loaded: {}", p.tables[e.table].name, e.what()), ""});
      r.status = TestStatus::Failed;
      results.push_back(std::move(r));
      continue;
    }
    backend::Context context;
    context.today = t.today;
    context.threads = 1;  // a handful of rows: threads would cost more than they save
    std::unique_ptr<backend::Prepared> run = backend->Prepare(p, *db, context);
    TestRun checks(p, t, *db, *run, options);
    for (size_t k = 0; k < t.expects.size(); ++k) {
      try {
        r.findings.push_back(checks.Check(t.expects[k]));
      } catch (const std::runtime_error& error) {  // rt::RuntimeError, the engine's errors
        // One failure for the test, at the expectation that met it; the other tests run.
        r.findings.push_back(StoppedBy(error, t.expects[k], k + 1 < t.expects.size(), options));
        for (size_t later = k + 1; later < t.expects.size(); ++later) {  // listed as not run
          r.findings.push_back(
              {ExpectStatus::NotRun, t.expects[later].span, "not checked (the test stopped at an error above)", ""});
        }
        break;
      }
    }
    r.status = StatusOf(r.findings);
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace sam::testing
