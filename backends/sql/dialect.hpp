// What differs between the SQL engines SAM compiles to: a small table per dialect of
// quoting and of the few functions whose spelling differs. Everything else the
// generator writes is the SQL all of them share.
//
// Values inside generated expressions are carried as SAM's runtime carries them (see
// ir/ir.hpp, Value): dates as days since 1970-01-01, timestamps and durations as
// microseconds, decimals as integers scaled by 10^6, enums as their variant's name.
// That keeps every operation exactly as the interpreter defines it (decimal rounding,
// whole days, time zones); columns are converted where they are read, and a column
// compared with a constant is compared in its own type, so that engines can use their
// indexes and partitions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sam::sql {

struct Helper {
  std::string_view name;        // as the formats call it: `name(`
  std::string_view definition;  // one statement, ending in ";\n"
  bool always = false;          // before every statement, called or not (a session setting)
};

struct Dialect {
  std::string_view name;         // as `--target` names it
  char quote_open, quote_close;  // identifiers: "x" or `x`
  // Format strings, {0} (and {1}) the operands in SAM's form.
  std::string_view epoch_micros;    // a timestamp column -> microseconds since 1970
  std::string_view epoch_days;      // a date column -> days since 1970-01-01
  std::string_view int_div;         // {0} / {1} on integers, truncated toward zero
  std::string_view int_mod;         // the remainder of int_div, with {0}'s sign
  std::string_view wide;            // an integer widened for a product of two int64s
  std::string_view wide_div;        // int_div of widened integers
  std::string_view to_bigint;       // back to a 64-bit integer; fails when out of range
  std::string_view to_double;       // an integer or scaled value as a double
  std::string_view round_even;      // a double rounded to a whole number, halves to even
  std::string_view trunc_double;    // a double truncated toward zero
  std::string_view local_days;      // microseconds -> the date in time zone {1} (days)
  std::string_view local_midnight;  // days -> 00:00 of that date in time zone {1} (us)
  std::string_view add_months;      // a date value {0} plus {1} months, the day kept or the month's last
  std::string_view date_of_days;    // days -> a date value (for calendar functions)
  std::string_view string_less;     // {0} < {1} comparing bytes, not by a collation
  std::string_view bytes_order;     // after a string in ORDER BY, min() and max(): by bytes
  // `first` and `last`: {0} of the event with the smallest or largest key {1} (its
  // time, or row_key of time and row order), nulls included; or of those with {0} present.
  std::string_view first_of, last_of, first_present_of, last_present_of;
  std::string_view row_key;              // one sort key of a time {0} and a row order {1}
  std::string_view timestamp_of_micros;  // microseconds since 1970 -> a timestamp value
  std::string_view decimal_of_scaled;    // an integer scaled by 10^6 -> a decimal value
  std::string_view timestamp_literal;    // an instant, '{0}' as YYYY-MM-DD HH:MM:SS.ffffff+00
  std::string_view date_literal;         // '{0}' as YYYY-MM-DD
  std::string_view char_length;          // code points
  std::string_view starts_with;
  std::string_view strpos;        // 1-based position of {1} in {0}, 0 if none
  std::string_view trim;          // {0} without leading and trailing {1} (characters)
  std::string_view whitespace;    // the characters `trim` removes: space, tab, newline, return
  std::string_view ends_with;     // {0} ends with {1}
  std::string_view iso_weekday;   // a date's weekday, Monday 1 to Sunday 7
  std::string_view bool_and;      // the aggregate: every {0} is true
  std::string_view count;         // a count {0} as a signed 64-bit integer
  std::string_view shown_bool;    // a condition's value {0} shown as a boolean
  std::string_view int_sign;      // -1, 0 or 1 for an integer {0}, as an integer
  std::string_view lookup_value;  // a reference table's field {0} in the lookup's scalar subquery
  std::string_view key_text;      // a customer key {0} as text, as `bucket` hashes it
  std::string_view bucket;        // bucket {2} of key text {0} and string {1}: a helper's call;
                                  // empty: `bucket` is not expressible
  // n / d rounded to a whole number with halves to even (decimal `*` and `/`, `avg`,
  // `percentile`): a helper's call.
  std::string_view round_div;
  // Stops the statement with the message {0} (a string literal), as the interpreter
  // stops on a value out of range; a BIGINT where it is written.
  std::string_view fail;
  // Functions the formats call, defined before the statement for the session (a
  // temporary function or macro): a statement's prelude holds those it calls.
  std::vector<Helper> helpers;
  // The helpers are part of the statement, before it (Trino's `WITH FUNCTION f(...)
  // ..., FUNCTION g(...) ...`), rather than statements of their own for the session;
  // `helpers_intro` starts the list, whose items are separated by commas.
  std::string_view helpers_intro;
  // The dates the engine's date and timestamp types hold, in days since 1970-01-01: a
  // constant outside them is not compared in the column's own type.
  int64_t min_days = INT64_MIN, max_days = INT64_MAX;
  // Column types, and how CREATE TABLE marks a column optional or required.
  std::string_view int_type, decimal_type, float_type, bool_type, date_type, timestamp_type, text_type;
  std::string_view nullable, not_null;
  // After a CREATE TABLE's columns: {0} the key, {1} the key and time of an event
  // table (ClickHouse's table engine and sort order).
  std::string_view table_options;
  // After the statement: settings the generated SQL relies on (ClickHouse: SQL's NULL
  // from an outer join, not a default value).
  std::string_view statement_settings;
  // `sam run --engine` (extract.cpp) reads customers' rows as text SAM's loader reads
  // (docs/data.md): a timestamp column as 2026-11-23 09:00:00.5+00 and a date column as
  // 2026-11-23 in a session with `extract_settings`, and the rows of some customers by
  // a text literal {1} of their keys (of type {2}) tested against {0}. Empty keys_in:
  // the dialect has no `sam run --engine`.
  std::string_view timestamp_text, date_text, keys_in, extract_settings;
  // An integer constant of 2^31 or more, which the engine would otherwise type as
  // unsigned (ClickHouse: no common type with a signed column).
  std::string_view big_int_literal;
  // Integer `+`, `-` and `*` wrap around silently (ClickHouse): computed `wide` and
  // converted back with `to_bigint`, which fails out of range as SAM does.
  bool wrapping_ints = false;
  // `x IN (...)` takes constants only and ignores NULL (ClickHouse): written as `=`
  // tests joined by OR, which keep SQL's three-valued answer.
  bool in_as_or = false;
  // A stored decimal column's sum: scaled to SAM's integer form per row, summed as
  // integers (DuckDB: its wide decimals make a scaled sum 3x slower), rather than summed
  // as decimals and scaled once.
  bool sum_scaled_rows = false;
  // A customer-level `first` or `last` as a DISTINCT ON row per customer (PostgreSQL,
  // which has no arg_max: array_agg sorts an array per customer).
  bool first_last_distinct_on = false;
  // A subquery correlated with the events may stand in an aggregate's argument (not in
  // ClickHouse: only in WHERE and SELECT).
  bool correlated_in_aggregates = true;
  // A correlated subquery may read the enclosing query's joined customer and lets (not
  // in ClickHouse, whose decorrelation then loses columns or rows: the subquery joins
  // its own, by the customer's key).
  bool correlated_reads_joins = true;
  // A subquery may read a query two or more levels out: an aggregate nested in a nested
  // aggregate, a lookup inside a nested aggregate (not in ClickHouse).
  bool deep_correlation = true;
  // A correlated subquery's `=` may compare with an expression of values that may be
  // NULL (not in ClickHouse 26.7: its decorrelation drops the rows where one is NULL,
  // `offers[city ?? "Amsterdam"]` without a city finds no offer).
  bool nullable_correlation = true;
  // A string literal's backslashes are escapes (ClickHouse): written doubled.
  bool backslash_escapes = false;
  // CREATE TABLE adds an index on each event table's (customer, time): what the
  // nested aggregates' correlated subqueries look events up by.
  bool event_indexes = false;
};

// Every helper definition of the dialect, for a session that runs many statements.
std::string Helpers(const Dialect& d);
// The definitions of the helpers `statement` calls.
std::string HelpersCalled(const Dialect& d, const std::string& statement);

// A name quoted as the dialect quotes identifiers (a quote inside it doubled).
std::string QuotedName(std::string_view name, const Dialect& d);
// A table name as a dialect writes it: each part of `schema.table` quoted.
std::string QuotedTable(std::string_view name, const Dialect& d);

// Every dialect, in the order `sam compile --help` lists them.
const std::vector<Dialect>& Dialects();
// Null for a name that is not a dialect's.
const Dialect* FindDialect(std::string_view name);

}  // namespace sam::sql
