#include "backends/sql/dialect.hpp"

#include <algorithm>

namespace sam::sql {

namespace {

// n / d rounded half to even, from the quotient truncated toward zero (t) and its
// remainder (r, with n's sign): a remainder of more than half moves t away from zero.
constexpr std::string_view kPostgresRoundDiv =
    R"(CREATE OR REPLACE FUNCTION pg_temp.sam_round_div(n NUMERIC, d NUMERIC) RETURNS NUMERIC
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN 2 * abs(r) > abs(d) OR (2 * abs(r) = abs(d) AND mod(t, 2) <> 0)
              THEN t + sign(r) * sign(d) ELSE t END
  FROM (SELECT div(n, d) AS t, mod(n, d) AS r) q
$$;
)";

constexpr std::string_view kPostgresFail = R"(CREATE OR REPLACE FUNCTION pg_temp.sam_fail(message TEXT) RETURNS BIGINT
LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', message; END $$;
)";

constexpr std::string_view kDuckRoundDiv = R"(CREATE OR REPLACE TEMP MACRO sam_round_div(n, d) AS (
  CASE WHEN 2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND (n // d) % 2 <> 0)
       THEN n // d + sign(n % d) * sign(d) ELSE n // d END);
)";

constexpr std::string_view kClickHouseRoundDiv =
    R"(CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
)";

// ClickHouse's dates and times hold 1900 to 2299, and silently saturate beyond: a
// value out of them stops the statement instead, as PostgreSQL's do past its ranges
// (NULL stays NULL). The test is a condition, not a branch: a throwIf in a branch of
// an `if` nested in another's is evaluated for rows the branch does not take.
constexpr std::string_view kClickHouseDate = R"(CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
)";

constexpr std::string_view kClickHouseLocalDays = R"(CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
)";

constexpr std::string_view kClickHouseAddMonths = R"(CREATE OR REPLACE FUNCTION sam_add_months AS (d, m) ->
  if(throwIf(NOT ifNull(toInt128(toYear(d)) * 12 + toMonth(d) - 1 + m BETWEEN 22800 AND 27599, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addMonths(d, m), NULL);
)";

// ClickHouse 23.8 and later (window functions, CTEs of queries, correlated
// subqueries). Its differences from standard SQL that change answers are settled
// here: `/` divides as floats (intDiv), integers wrap around (wrapping_ints), an
// outer join gives default values rather than NULL, and CAST of a NULL fails (both
// settings), `IN` takes constants (in_as_or), and `argMin` skips NULL values (a tuple
// keeps them).
Dialect ClickHouse() {
  Dialect ch{};
  ch.name = "clickhouse";
  ch.quote_open = ch.quote_close = '"';
  ch.epoch_micros = "toUnixTimestamp64Micro({0})";
  ch.epoch_days = "toInt64(toInt32({0}))";
  ch.int_div = "intDiv({0}, {1})";
  ch.int_mod = "(({0}) % toInt64({1}))";  // a signed divisor: (-7) % 2 as unsigned would be 1
  ch.wide = "toInt128({0})";
  ch.wide_div = "intDiv({0}, {1})";
  ch.to_bigint = "accurateCast({0}, 'Nullable(Int64)')";
  ch.to_double = "toFloat64({0})";
  ch.round_even = "roundBankers({0})";
  ch.trunc_double = "trunc({0})";
  ch.local_days = "sam_local_days({0}, '{1}')";
  ch.local_midnight = "toUnixTimestamp64Micro(toDateTime64(sam_date({0}), 6, '{1}'))";
  ch.add_months = "sam_add_months({0}, {1})";
  ch.date_of_days = "sam_date({0})";
  ch.string_less = "({0} < {1})";  // strings compare as bytes
  ch.bytes_order = "";
  ch.first_of = "argMin(tuple({0}), {1}).1";
  ch.last_of = "argMax(tuple({0}), {1}).1";
  ch.first_present_of = "argMinIf({0}, {1}, {0} IS NOT NULL)";
  ch.last_present_of = "argMaxIf({0}, {1}, {0} IS NOT NULL)";
  ch.row_key = "tuple({0}, {1})";
  ch.timestamp_of_micros = "fromUnixTimestamp64Micro({0}, 'UTC')";
  ch.decimal_of_scaled = "(toDecimal128({0}, 6) / 1000000)";
  ch.timestamp_literal = "parseDateTime64BestEffort('{0}', 6, 'UTC')";
  ch.date_literal = "toDate32('{0}')";
  ch.char_length = "lengthUTF8({0})";
  ch.starts_with = "startsWith({0}, {1})";
  ch.strpos = "positionUTF8({0}, {1})";
  ch.trim = "trim(BOTH {1} FROM {0})";
  ch.whitespace = "' \\t\\n\\r'";
  ch.ends_with = "endsWith({0}, {1})";
  ch.iso_weekday = "toDayOfWeek({0})";
  ch.bool_and = "toBool(min({0}))";
  ch.count = "toInt64({0})";      // UInt64 has no common type with Int64
  ch.shown_bool = "toBool({0})";  // a comparison's value is a UInt8
  ch.round_div = "sam_round_div({0}, {1})";
  ch.helpers = {{"sam_round_div", kClickHouseRoundDiv},
                {"sam_date", kClickHouseDate},
                {"sam_local_days", kClickHouseLocalDays},
                {"sam_add_months", kClickHouseAddMonths}};
  ch.min_days = -25567;                  // 1900-01-01
  ch.max_days = 120529;                  // 2299-12-31
  ch.fail = "toInt64(throwIf(1, {0}))";  // evaluated only where its CASE branch is taken
  ch.int_type = "Int64";
  ch.decimal_type = "Decimal(19, 6)";
  ch.float_type = "Float64";
  ch.bool_type = "Bool";
  ch.date_type = "Date32";
  ch.timestamp_type = "DateTime64(6, 'UTC')";
  ch.text_type = "String";
  ch.nullable = " NULL";
  ch.not_null = " NOT NULL";
  ch.table_options = "\nENGINE = MergeTree\nORDER BY ({1})";
  ch.statement_settings =
      "\nSETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', "
      "aggregate_functions_null_for_empty = 1";
  ch.big_int_literal = "toInt64({0})";
  ch.wrapping_ints = true;
  ch.in_as_or = true;
  ch.correlated_in_aggregates = false;
  ch.correlated_reads_joins = false;
  ch.deep_correlation = false;
  ch.nullable_correlation = false;
  ch.backslash_escapes = true;
  return ch;
}

std::vector<Dialect> Make() {
  std::vector<Dialect> all;
  Dialect pg{};
  pg.name = "postgres";
  pg.quote_open = pg.quote_close = '"';
  pg.epoch_micros = "(EXTRACT(EPOCH FROM {0}) * 1000000)::BIGINT";
  pg.epoch_days = "({0} - DATE '1970-01-01')";
  pg.int_div = "(({0}) / ({1}))";
  pg.int_mod = "(({0}) % ({1}))";
  pg.wide = "({0})::NUMERIC";
  pg.wide_div = "div({0}, {1})";
  pg.to_bigint = "({0})::BIGINT";
  pg.to_double = "({0})::DOUBLE PRECISION";
  pg.round_even = "round(({0})::DOUBLE PRECISION)";
  pg.trunc_double = "trunc({0})";
  pg.local_days =
      "((TIMESTAMPTZ 'epoch' + ({0}) * INTERVAL '1 microsecond') AT TIME ZONE '{1}')::DATE - DATE '1970-01-01'";
  pg.local_midnight =
      "(EXTRACT(EPOCH FROM ((DATE '1970-01-01' + ({0})::INTEGER)::TIMESTAMP AT TIME ZONE '{1}')) * 1000000)::BIGINT";
  pg.add_months = "(({0}) + ({1}) * INTERVAL '1 month')::DATE";
  pg.date_of_days = "(DATE '1970-01-01' + ({0})::INTEGER)";
  pg.string_less = "({0} COLLATE \"C\" < {1})";
  pg.bytes_order = " COLLATE \"C\"";
  pg.first_of = "(array_agg({0} ORDER BY {1}))[1]";
  pg.last_of = "(array_agg({0} ORDER BY {1} DESC))[1]";
  pg.first_present_of = "(array_agg({0} ORDER BY {1}) FILTER (WHERE {0} IS NOT NULL))[1]";
  pg.last_present_of = "(array_agg({0} ORDER BY {1} DESC) FILTER (WHERE {0} IS NOT NULL))[1]";
  pg.row_key = "ROW({0}, {1})";
  pg.timestamp_of_micros = "(TIMESTAMPTZ '1970-01-01 00:00:00+00' + ({0}) * INTERVAL '1 microsecond')";
  pg.decimal_of_scaled = "(({0})::NUMERIC(38, 6) / 1000000)";
  pg.timestamp_literal = "TIMESTAMPTZ '{0}'";
  pg.date_literal = "DATE '{0}'";
  pg.char_length = "length({0})";
  pg.starts_with = "starts_with({0}, {1})";
  pg.strpos = "strpos({0}, {1})";
  pg.trim = "btrim({0}, {1})";
  pg.whitespace = "chr(32) || chr(9) || chr(10) || chr(13)";
  pg.ends_with = "(right({0}, length({1})) = {1})";
  pg.iso_weekday = "EXTRACT(ISODOW FROM {0})";
  pg.bool_and = "bool_and({0})";
  pg.count = "{0}";
  pg.shown_bool = "{0}";
  pg.round_div = "pg_temp.sam_round_div({0}, {1})";
  pg.helpers = {{"pg_temp.sam_round_div", kPostgresRoundDiv}, {"pg_temp.sam_fail", kPostgresFail}};
  pg.fail = "pg_temp.sam_fail({0})";
  pg.int_type = "BIGINT";
  pg.decimal_type = "NUMERIC(19, 6)";  // SAM's range, about 9.2 x 10^12
  pg.float_type = "DOUBLE PRECISION";
  pg.bool_type = "BOOLEAN";
  pg.date_type = "DATE";
  pg.timestamp_type = "TIMESTAMPTZ";
  pg.text_type = "TEXT";
  pg.not_null = " NOT NULL";
  pg.big_int_literal = "{0}";
  pg.event_indexes = true;
  all.push_back(pg);

  Dialect duck = pg;
  duck.name = "duckdb";
  duck.epoch_micros = "epoch_us({0})";
  duck.epoch_days = "date_diff('day', DATE '1970-01-01', {0})";
  duck.int_div = "(({0}) // ({1}))";
  duck.int_mod = "(({0}) % ({1}))";
  duck.wide = "CAST({0} AS HUGEINT)";
  duck.wide_div = "(({0}) // ({1}))";
  duck.to_bigint = "CAST({0} AS BIGINT)";
  duck.to_double = "CAST({0} AS DOUBLE)";
  duck.round_even = "round_even({0}, 0)";
  duck.local_days = "date_diff('day', DATE '1970-01-01', CAST(timezone('{1}', make_timestamptz({0})) AS DATE))";
  duck.local_midnight = "epoch_us(timezone('{1}', CAST(DATE '1970-01-01' + CAST({0} AS INTEGER) AS TIMESTAMP)))";
  duck.add_months = "CAST({0} + to_months(CAST({1} AS INTEGER)) AS DATE)";
  duck.trim = "trim({0}, {1})";
  // A string the engine reads in the column's own type: a TIMESTAMP column (read as
  // UTC, as epoch_us reads it) is then compared without a cast per row.
  duck.timestamp_literal = "'{0}'";
  duck.timestamp_of_micros = "CAST(make_timestamp({0}) AS TIMESTAMPTZ)";
  duck.decimal_of_scaled = "CAST(CAST({0} AS DECIMAL(38, 6)) / 1000000 AS DECIMAL(38, 6))";
  duck.date_of_days = "(DATE '1970-01-01' + CAST({0} AS INTEGER))";
  duck.string_less = "({0} < {1})";
  duck.bytes_order = "";
  // arg_min/arg_max: one pass, no sort (a list sorted per customer was up to 19x slower).
  duck.first_of = "arg_min_null({0}, {1})";
  duck.last_of = "arg_max_null({0}, {1})";
  duck.first_present_of = "arg_min({0}, {1}) FILTER (WHERE {0} IS NOT NULL)";
  duck.last_present_of = "arg_max({0}, {1}) FILTER (WHERE {0} IS NOT NULL)";
  duck.row_key = "{{'t': {0}, 'r': {1}}}";
  duck.round_div = "sam_round_div({0}, {1})";
  duck.helpers = {{"sam_round_div", kDuckRoundDiv}};
  duck.fail = "CAST(error({0}) AS BIGINT)";
  duck.float_type = "DOUBLE";
  duck.event_indexes = false;
  duck.sum_scaled_rows = true;
  all.push_back(duck);
  all.push_back(ClickHouse());
  return all;
}

}  // namespace

std::string QuotedName(std::string_view name, const Dialect& d) {
  std::string out(1, d.quote_open);
  for (char c : name) {
    out += c;
    if (c == d.quote_close) out += c;
  }
  return out + d.quote_close;
}

std::string QuotedTable(std::string_view name, const Dialect& d) {
  std::string out;
  for (size_t start = 0;;) {
    const size_t dot = name.find('.', start);
    out +=
        (out.empty() ? "" : ".") + QuotedName(name.substr(start, dot == std::string_view::npos ? dot : dot - start), d);
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

std::string Helpers(const Dialect& d) {
  std::string out;
  for (const Helper& h : d.helpers) out += h.definition;
  return out;
}

std::string HelpersCalled(const Dialect& d, const std::string& statement) {
  std::string out;
  for (const Helper& h : d.helpers) {
    if (statement.find(std::string(h.name) + "(") != std::string::npos) out += h.definition;
  }
  return out;
}

const std::vector<Dialect>& Dialects() {
  static const std::vector<Dialect> all = Make();
  return all;
}

const Dialect* FindDialect(std::string_view name) {
  const auto& all = Dialects();
  auto it = std::find_if(all.begin(), all.end(), [&](const Dialect& d) { return d.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace sam::sql
