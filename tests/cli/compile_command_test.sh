#!/usr/bin/env bash
# `sam compile --target` through the binary: what it prints, its exit codes and its
# diagnostics. Whether the SQL answers right is sql_oracle_test's job (tests/sql/).
set -uo pipefail
sam=$1
root=$2
program=$root/examples/complete/program.sam
source "$root/tests/support/script_lib.sh"
d=(--date 2026-11-23)

for target in postgres duckdb clickhouse; do
  expect_code 0 "$target: every segment" "$sam" compile --target "$target" "$program" "${d[@]}"
  grep -q '^"active_customers" AS ($' "$work/out" || fail "$target: no CTE named after a segment"
  grep -q '^-- .*examples/complete/segments.sam:[0-9]*: segment active_customers$' "$work/out" ||
    fail "$target: no source line above the segment's CTE"
  [ "$(grep -c '^WITH$' "$work/out")" = 1 ] || fail "$target: not one statement"
  [ -s "$work/err" ] && fail "$target: notes with --date: $(cat "$work/err")"
done

# One segment: the lets it reads, and no other segment.
expect_code 0 "--segment" "$sam" compile --target postgres "$program" "${d[@]}" --segment high_value
grep -q '^"revenue_365" AS' "$work/out" || fail "--segment high_value: the let it reads is missing"
grep -q '^"prospects" AS' "$work/out" && fail "--segment high_value: another segment is compiled"
# The run date is a constant of the SQL: a window ends at its midnight in the program's zone.
grep -q "TIMESTAMPTZ '2026-11-22 23:00:00.000000+00'" "$work/out" || fail "no window bound at 2026-11-23 00:00 Amsterdam"

# A query, and a table renamed for the engine.
expect_code 0 "-e show" "$sam" compile --target duckdb "$program" "${d[@]}" -e 'show high_value where country == "NL" { id, email }' --table customers=crm_customers
grep -q 'FROM "crm_customers" c' "$work/out" || fail "--table: the engine's name is not used"
grep -q 'AS "email"' "$work/out" || fail "show: no column named after its expression"
expect_code 0 "-e count" "$sam" compile --target postgres "$program" "${d[@]}" -e 'count at_risk'
grep -q 'SELECT count(\*) AS count FROM' "$work/out" || fail "count: $(tail -3 "$work/out")"

# Tables for loading the program's files into an engine.
expect_code 0 "--create-tables" "$sam" compile --target postgres "$program" --create-tables
grep -q '"signup_at" TIMESTAMPTZ NOT NULL' "$work/out" || fail "--create-tables: signup_at"
grep -q '"birth_date" DATE,' "$work/out" || fail "--create-tables: an optional date"

# What SQL cannot express yet is an error naming where it is written; no SQL is printed.
printf 'import "%s"\nsegment rounded = round(churn_model_score ?? 0.0, count(orders)) > 0.5\n' "$root/examples/common/schema.sam" > "$work/round.sam"
expect_code 1 "round digits" "$sam" compile --target postgres "$work/round.sam" "${d[@]}"
grep -q 'round.sam:2:19: error: `round` with digits that are not a constant cannot be compiled to postgres SQL yet \[unsupported-in-sql\]' "$work/err" ||
  fail "round digits: $(cat "$work/err")"
[ -s "$work/out" ] && fail "round digits: SQL printed for a program that cannot be compiled"
# `bucket` compiles, with its helper function before the statement.
printf 'import "%s"\nsegment split = bucket("test-7", 2) == 0\n' "$root/examples/common/schema.sam" > "$work/bucket.sam"
expect_code 0 "bucket" "$sam" compile --target postgres "$work/bucket.sam" "${d[@]}"
grep -q 'CREATE OR REPLACE FUNCTION pg_temp.sam_bucket' "$work/out" || fail "bucket: no helper printed"
expect_code 1 "why" "$sam" compile --target postgres "$program" "${d[@]}" -e 'why 17 welcome'
grep -q 'unsupported-in-sql' "$work/err" || fail "why: $(cat "$work/err")"

# `first`/`last` without a row order: a warning (the SQL is still printed, exit 0);
# with --row-order the ties are broken by the column named.
printf 'import "%s"\nlet last_category = last(orders).category\nsegment books = (last_category ?? "") == "books"\n' \
  "$root/examples/common/schema.sam" > "$work/ties.sam"
expect_code 0 "ties" "$sam" compile --target postgres "$work/ties.sam" "${d[@]}"
grep -q 'ties.sam:2:21: warning: of `orders` events at the same time, postgres may take any; SAM takes them in file order \[sql-tie-order\]' "$work/err" ||
  fail "ties: no warning: $(cat "$work/err")"
grep -q -- '--row-order orders=COLUMN' "$work/err" || fail "ties: no help naming --row-order"
grep -q 'ORDER BY e0."customer_id", e0."ordered_at" DESC$' "$work/out" || fail "ties: no SQL printed with the warning"
expect_code 0 "--row-order" "$sam" compile --target postgres "$work/ties.sam" "${d[@]}" --row-order orders=ingest_seq
[ -s "$work/err" ] && fail "--row-order: still a warning: $(cat "$work/err")"
grep -q 'ORDER BY e0."customer_id", ROW(e0."ordered_at", e0."ingest_seq") DESC$' "$work/out" ||
  fail "--row-order: the column is not used"
expect_code 2 "--row-order without =" "$sam" compile --target postgres "$work/ties.sam" "${d[@]}" --row-order orders

# A schema's table: each part quoted.
expect_code 0 "--table schema.table" "$sam" compile --target postgres "$program" "${d[@]}" --segment high_value --table orders=crm.orders
grep -q 'FROM "crm"."orders" e0' "$work/out" || fail "--table crm.orders: $(grep -m1 'orders' "$work/out")"
# Query text from a file, its `today` line the run date; segments it declares without asking.
printf 'today 2026-01-01\ncount at_risk\n' > "$work/q.samq"
expect_code 0 "-f" "$sam" compile --target postgres "$program" -f "$work/q.samq"
grep -q 'for the run date 2026-01-01' "$work/out" || fail "-f: the today line is not the run date: $(head -1 "$work/out")"
[ -s "$work/err" ] && fail "-f: a note though the text states its run date: $(cat "$work/err")"
expect_code 0 "a declared segment" "$sam" compile --target postgres "$program" "${d[@]}" -e 'segment rich = lifetime_revenue > 1000'
grep -q 'AS "rich"' "$work/out" || fail "a segment declared in -e text is not compiled"

# ClickHouse: backslashes in strings are escapes there (doubled); what it cannot
# correlate is an unsupported-in-sql error, not SQL that fails on the server.
printf 'import "%s/examples/common/schema.sam"\nsegment bs = contains(email, "\\\\x40")\n' "$root" > "$work/bs.sam"
expect_code 0 "clickhouse backslash" "$sam" compile --target clickhouse "$work/bs.sam" "${d[@]}"
grep -qF "'\\\\x40'" "$work/out" || fail "clickhouse backslash not doubled: $(grep -m1 x40 "$work/out")"
expect_code 0 "postgres backslash" "$sam" compile --target postgres "$work/bs.sam" "${d[@]}"
grep -qF "'\\x40'" "$work/out" || fail "postgres backslash changed: $(grep -m1 x40 "$work/out")"
printf 'import "%s/examples/common/schema.sam"\nsegment deep = any(web_events as v where any(web_events as w after v.occurred_at where none(orders after w.occurred_at)))\n' "$root" > "$work/deep.sam"
expect_code 1 "clickhouse deep nesting" "$sam" compile --target clickhouse "$work/deep.sam" "${d[@]}"
grep -q 'an aggregate nested in a nested aggregate cannot be compiled to clickhouse SQL' "$work/err" ||
  fail "clickhouse deep nesting: $(cat "$work/err")"
expect_code 0 "postgres deep nesting" "$sam" compile --target postgres "$work/deep.sam" "${d[@]}"
# A let's values in the engine's types, as `show` shows them: a decimal, not micro-units.
expect_code 0 "--segment a let" "$sam" compile --target duckdb "$program" "${d[@]}" --segment revenue_365
grep -q 'AS DECIMAL(38, 6)) / 1000000 AS DECIMAL(38, 6)) AS "revenue_365"' "$work/out" ||
  fail "a decimal let is not shown as a decimal: $(grep -m1 'AS "revenue_365"$' "$work/out")"

# Mistakes on the command line.
expect_code 2 "--table typo" "$sam" compile --target postgres "$program" "${d[@]}" --table orderz=crm.orders
grep -q 'no table `orderz` (did you mean `orders`?)' "$work/err" || fail "--table typo: $(cat "$work/err")"
expect_code 2 "--row-order not events" "$sam" compile --target postgres "$program" "${d[@]}" --row-order customers=id
expect_code 2 "--table twice" "$sam" compile --target postgres "$program" "${d[@]}" --table orders=a --table orders=b
expect_code 2 "--segment typo" "$sam" compile --target postgres "$program" "${d[@]}" --segment high_valu
grep -q 'did you mean `high_value`' "$work/err" || fail "--segment typo: no suggestion: $(cat "$work/err")"
expect_code 2 "--create-tables with -e" "$sam" compile --target postgres "$program" --create-tables -e 'count at_risk'
expect_code 2 "--segment with -e" "$sam" compile --target postgres "$program" "${d[@]}" --segment at_risk -e 'count at_risk'
expect_code 2 "-f missing" "$sam" compile --target postgres "$program" "${d[@]}" -f "$work/none.samq"
expect_code 2 "unknown segment" "$sam" compile --target postgres "$program" "${d[@]}" --segment no_such
grep -q 'no let or segment `no_such`' "$work/err" || fail "unknown segment: $(cat "$work/err")"
expect_code 2 "bad date" "$sam" compile --target postgres "$program" --date 2026-02-30
expect_code 1 "query error" "$sam" compile --target postgres "$program" "${d[@]}" -e 'count ordres'
grep -q 'did you mean' "$work/err" || fail "query error: no suggestion: $(cat "$work/err")"
expect_code 2 "unknown target" "$sam" compile --target oracle "$program"
expect_code 2 "target typo" "$sam" compile --target clickhous "$program"
grep -q 'sam: error: --target clickhous: no such dialect .*did you mean `clickhouse`' "$work/err" ||
  fail "target typo: $(cat "$work/err")"
expect_code 2 "--table empty part" "$sam" compile --target postgres "$program" "${d[@]}" --table orders=crm.
grep -q 'not a table name' "$work/err" || fail "--table crm.: $(cat "$work/err")"
expect_code 0 "no --date" "$sam" compile --target postgres "$program"
grep -q 'give --date DATE' "$work/err" || fail "no --date: no note of the run date taken"

finish "compile command"
