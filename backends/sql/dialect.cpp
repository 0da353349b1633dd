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

// `bucket(s, n)` (docs/builtins.md): 64-bit FNV-1a of the key's text, 0x1F and s,
// modulo n. PostgreSQL has no unsigned 64-bit integers: the hash is two 32-bit halves,
// and a multiplication by the prime 2^40 + 435 a shift and a product.
constexpr std::string_view kPostgresBucket =
    R"(CREATE OR REPLACE FUNCTION pg_temp.sam_bucket(k TEXT, s TEXT, n BIGINT) RETURNS BIGINT
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  b BYTEA := convert_to(k, 'UTF8') || '\x1f'::BYTEA || convert_to(s, 'UTF8');
  hi BIGINT := 3421674724;  -- the offset basis, hi * 2^32 + lo
  lo BIGINT := 2216829733;
  t BIGINT;
BEGIN
  FOR i IN 0 .. length(b) - 1 LOOP
    lo := lo # get_byte(b, i);
    t := lo * 435;
    hi := (hi * 435 + (t >> 32) + ((lo & 16777215) << 8)) & 4294967295;
    lo := t & 4294967295;
  END LOOP;
  RETURN mod(hi::NUMERIC * 4294967296 + lo, n)::BIGINT;
END $$;
)";

// DuckDB: the bytes from the text's hex form, the hash in 128 bits.
constexpr std::string_view kDuckBucket = R"(CREATE OR REPLACE TEMP MACRO sam_bucket(k, s, n) AS (
  CAST(list_reduce(list_prepend(CAST(14695981039346656037 AS HUGEINT),
         list_transform(range(0, octet_length(encode(k || chr(31) || s))),
           i -> CAST(CAST('0x' || substr(hex(encode(k || chr(31) || s)), 2 * i + 1, 2) AS INTEGER) AS HUGEINT))),
       (h, x) -> (xor(h, x) * 1099511628211) % 18446744073709551616) % n AS BIGINT));
)";

// ClickHouse: UInt64 arithmetic wraps around, as FNV-1a's does.
constexpr std::string_view kClickHouseBucket = R"(CREATE OR REPLACE FUNCTION sam_bucket AS (k, s, n) ->
  toInt64(arrayFold((h, x) -> bitXor(h, toUInt64(x)) * 1099511628211,
    arrayMap(i -> reinterpretAsUInt8(substring(concat(k, char(31), s), i, 1)),
             range(1, length(concat(k, char(31), s)) + 1)),
    toUInt64(14695981039346656037)) % toUInt64(n));
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
                {"sam_add_months", kClickHouseAddMonths},
                {"sam_bucket", kClickHouseBucket}};
  ch.key_text = "toString({0})";
  ch.int_sign = "sign({0})";
  ch.lookup_value = "{0}";
  ch.bucket = "sam_bucket({0}, {1}, {2})";
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

// Spark SQL 4.0 with ANSI mode (its default: integer overflow and invalid casts fail,
// as in SAM), not run here: written from Spark's SQL reference. The session's time
// zone is set to UTC first, as timestamp conversions read it. Quotients of decimals
// are exact divisions of what the remainder leaves: `div` wraps a decimal quotient past
// 64 bits silently.
constexpr std::string_view kSparkUtc = "SET TIME ZONE 'UTC';\n";
constexpr std::string_view kSparkRoundDiv =
    R"(CREATE OR REPLACE TEMPORARY FUNCTION sam_round_div(n DECIMAL(38, 0), d DECIMAL(38, 0)) RETURNS DECIMAL(38, 0)
RETURN CASE WHEN 2 * abs(n % d) > abs(d)
              OR (2 * abs(n % d) = abs(d) AND CAST((n - n % d) / d AS DECIMAL(38, 0)) % 2 <> 0)
            THEN CAST((n - n % d) / d AS DECIMAL(38, 0)) + CASE WHEN (n % d > 0) = (d > 0) THEN 1 ELSE -1 END
            ELSE CAST((n - n % d) / d AS DECIMAL(38, 0)) END;
)";

Dialect Spark(const Dialect& standard) {
  Dialect sp = standard;
  sp.name = "spark";
  sp.quote_open = sp.quote_close = '`';
  sp.epoch_micros = "unix_micros({0})";
  sp.epoch_days = "unix_date({0})";
  sp.int_div = "(({0}) div ({1}))";
  sp.wide = "CAST({0} AS DECIMAL(38, 0))";
  sp.wide_div = "CAST((({0}) - ({0}) % ({1})) / ({1}) AS DECIMAL(38, 0))";
  sp.to_bigint = "CAST({0} AS BIGINT)";
  sp.to_double = "CAST({0} AS DOUBLE)";
  sp.round_even = "bround({0}, 0)";
  sp.trunc_double = "(CASE WHEN {0} < 0 THEN ceil({0}) ELSE floor({0}) END)";
  // With the session in UTC: the wall clock of the instant in zone {1}, its date.
  sp.local_days = "unix_date(to_date(from_utc_timestamp(timestamp_micros({0}), '{1}')))";
  sp.local_midnight = "unix_micros(to_utc_timestamp(timestamp_micros(CAST({0} AS BIGINT) * 86400000000), '{1}'))";
  sp.add_months = "add_months({0}, CAST({1} AS INT))";
  sp.date_of_days = "date_from_unix_date(CAST({0} AS INT))";
  sp.string_less = "({0} < {1})";  // Spark compares strings by their UTF-8 bytes
  sp.bytes_order = "";
  sp.first_of = "min_by(named_struct('v', {0}), {1}).v";  // a struct keeps a NULL value
  sp.last_of = "max_by(named_struct('v', {0}), {1}).v";
  sp.first_present_of = "min_by({0}, {1}) FILTER (WHERE {0} IS NOT NULL)";
  sp.last_present_of = "max_by({0}, {1}) FILTER (WHERE {0} IS NOT NULL)";
  sp.row_key = "named_struct('t', {0}, 'r', {1})";
  sp.timestamp_of_micros = "timestamp_micros({0})";
  sp.decimal_of_scaled = "CAST(CAST({0} AS DECIMAL(38, 6)) / 1000000 AS DECIMAL(38, 6))";
  sp.timestamp_literal = "TIMESTAMP '{0}:00'";
  sp.date_literal = "DATE '{0}'";
  sp.char_length = "char_length({0})";
  sp.starts_with = "startswith({0}, {1})";
  sp.strpos = "locate({1}, {0})";
  sp.trim = "trim(BOTH {1} FROM {0})";
  sp.whitespace = "concat(chr(32), chr(9), chr(10), chr(13))";
  sp.ends_with = "endswith({0}, {1})";
  sp.iso_weekday = "(weekday({0}) + 1)";
  sp.int_sign = "CASE WHEN {0} > 0 THEN 1 WHEN {0} < 0 THEN -1 ELSE 0 END";  // sign() is a double
  sp.lookup_value = "max({0})";      // a correlated scalar subquery must aggregate
  sp.count = "CAST({0} AS BIGINT)";  // row_number() is an INT: times 10^8 it overflows
  sp.round_div = "sam_round_div({0}, {1})";
  sp.fail = "CAST(raise_error({0}) AS BIGINT)";
  sp.helpers = {{"sam_round_div", kSparkRoundDiv}, {"SET TIME ZONE", kSparkUtc, true}};
  sp.key_text = "CAST({0} AS STRING)";
  sp.bucket = "";
  sp.int_type = "BIGINT";
  sp.decimal_type = "DECIMAL(19, 6)";
  sp.float_type = "DOUBLE";
  sp.timestamp_type = "TIMESTAMP";
  sp.text_type = "STRING";
  sp.event_indexes = false;
  sp.first_last_distinct_on = false;
  return sp;
}

// Trino (or Presto), not run here: written from Trino's SQL reference. Helpers are
// inline functions of the statement (`WITH FUNCTION`, Trino 438 and later).
constexpr std::string_view kTrinoRoundDiv =
    R"(FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END)";

Dialect Trino(const Dialect& standard) {
  Dialect tr = standard;
  tr.name = "trino";
  // Microseconds through seconds as a double: exact to the microsecond until about 2100.
  tr.epoch_micros = "CAST(round(to_unixtime({0}) * 1000000) AS BIGINT)";
  tr.epoch_days = "date_diff('day', DATE '1970-01-01', {0})";
  tr.int_div = "(({0}) / ({1}))";  // bigint division truncates
  tr.int_mod = "mod({0}, {1})";
  tr.wide = "CAST({0} AS DECIMAL(38, 0))";
  // Decimal division rounds: the remainder taken off first makes it exact.
  tr.wide_div = "((({0}) - mod({0}, {1})) / ({1}))";
  tr.to_bigint = "CAST({0} AS BIGINT)";
  tr.to_double = "CAST({0} AS DOUBLE)";
  tr.round_even = "(CASE WHEN abs({0} - floor({0})) = 0.5 THEN 2 * round({0} / 2) ELSE round({0}) END)";
  tr.trunc_double = "truncate({0})";
  // from_unixtime(double) would round to the millisecond: the next day at 23:59:59.9995.
  tr.local_days =
      "date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST({0} AS DECIMAL(38, 0)) * 1000) AT TIME ZONE "
      "'{1}' AS DATE))";
  tr.local_midnight =
      "CAST(round(to_unixtime(with_timezone(CAST(date_add('day', {0}, DATE '1970-01-01') AS TIMESTAMP(6)), '{1}')) * "
      "1000000) AS BIGINT)";
  tr.add_months = "date_add('month', {1}, {0})";
  tr.date_of_days = "date_add('day', {0}, DATE '1970-01-01')";
  tr.string_less = "({0} < {1})";  // varchar compares by code point, as UTF-8 bytes do
  tr.bytes_order = "";
  tr.first_of = "min_by(ROW({0}), {1})[1]";  // a row keeps a NULL value
  tr.last_of = "max_by(ROW({0}), {1})[1]";
  tr.first_present_of = "min_by({0}, {1}) FILTER (WHERE {0} IS NOT NULL)";
  tr.last_present_of = "max_by({0}, {1}) FILTER (WHERE {0} IS NOT NULL)";
  tr.row_key = "ROW({0}, {1})";
  tr.timestamp_of_micros = "from_unixtime_nanos(CAST({0} AS DECIMAL(38, 0)) * 1000)";
  tr.decimal_of_scaled = "CAST(CAST({0} AS DECIMAL(38, 6)) / 1000000 AS DECIMAL(38, 6))";
  tr.timestamp_literal = "from_iso8601_timestamp_nanos(replace('{0}:00', ' ', 'T'))";
  tr.char_length = "length({0})";
  tr.starts_with = "starts_with({0}, {1})";
  tr.strpos = "strpos({0}, {1})";
  tr.trim = "trim(BOTH {1} FROM {0})";
  tr.whitespace = "(chr(32) || chr(9) || chr(10) || chr(13))";
  tr.ends_with = "(length({1}) = 0 OR substr({0}, -length({1})) = {1})";
  tr.iso_weekday = "day_of_week({0})";
  tr.round_div = "sam_round_div({0}, {1})";
  tr.fail = "CAST(fail({0}) AS BIGINT)";
  tr.helpers = {{"sam_round_div", kTrinoRoundDiv}};
  tr.helpers_intro = "WITH ";
  tr.key_text = "CAST({0} AS VARCHAR)";
  tr.bucket = "";
  tr.decimal_type = "DECIMAL(19, 6)";
  tr.float_type = "DOUBLE";
  tr.timestamp_type = "TIMESTAMP(6) WITH TIME ZONE";
  tr.text_type = "VARCHAR";
  tr.event_indexes = false;
  tr.first_last_distinct_on = false;
  return tr;
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
  // The server's own text in UTC and ISO dates: to_char() costs as much as the rest of a read.
  pg.timestamp_text = "{0}";
  pg.date_text = "{0}";
  pg.extract_settings = "SET TimeZone = 'UTC';\nSET DateStyle = 'ISO, YMD';\nSET IntervalStyle = 'postgres';\n";
  pg.keys_in = "{0} = ANY(CAST({1} AS {2}[]))";  // one array literal: no parameter, no list of a million
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
  pg.helpers = {{"pg_temp.sam_round_div", kPostgresRoundDiv},
                {"pg_temp.sam_fail", kPostgresFail},
                {"pg_temp.sam_bucket", kPostgresBucket}};
  pg.key_text = "({0})::TEXT";
  pg.int_sign = "sign({0})";
  pg.lookup_value = "{0}";
  pg.bucket = "pg_temp.sam_bucket({0}, {1}, {2})";
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
  pg.first_last_distinct_on = true;
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
  duck.helpers = {{"sam_round_div", kDuckRoundDiv}, {"sam_bucket", kDuckBucket}};
  duck.key_text = "CAST({0} AS VARCHAR)";
  duck.bucket = "sam_bucket({0}, {1}, {2})";
  duck.fail = "CAST(error({0}) AS BIGINT)";
  duck.float_type = "DOUBLE";
  duck.event_indexes = false;
  duck.first_last_distinct_on = false;
  duck.sum_scaled_rows = true;
  all.push_back(duck);
  all.push_back(ClickHouse());
  all.push_back(Spark(pg));
  all.push_back(Trino(pg));
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
  if (!d.helpers_intro.empty()) return "";  // part of each statement
  std::string out;
  for (const Helper& h : d.helpers) out += h.definition;
  return out;
}

std::string HelpersCalled(const Dialect& d, const std::string& statement) {
  std::string out;
  for (const Helper& h : d.helpers) {
    if (!h.always && statement.find(std::string(h.name) + "(") == std::string::npos) continue;
    if (!d.helpers_intro.empty()) out += out.empty() ? d.helpers_intro : std::string_view(",\n");
    out += h.definition;
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
