#!/usr/bin/env bash
# `sam query --engine` against `sam query --db` on the same data: the same answers,
# printed the same, on a PostgreSQL server (run under tests/sql/with_postgres.sh,
# which sets PGHOST and PGUSER), and the errors of the option.
#
#   tests/sql/with_postgres.sh tests/sql/engine_query_test.sh SAM SOURCE_DIR
set -uo pipefail
sam=$1
root=$2
program=$root/examples/complete/program.sam
source "$root/tests/support/script_lib.sh"
source "$root/tests/sql/demo_on_postgres.sh"
demo_on_postgres "$sam" "$program" 2000 "$work/csv"
"$sam" load "$program" --data "$work/csv" -o "$work/db.samdb" > /dev/null 2>&1 || fail "sam load"

q=(--today 2026-11-23)
queries=(
  'count high_value'
  'count customers where country == "NL" and active_customers'
  'show at_risk limit 5 { id, email, revenue_365, days_since(signup_at), churn_model_score ?? 0 }'
  'show big_lifetime_spenders { id, lifetime_revenue, signup_at, birth_date }'
  'show customers where multi_product and not prospects limit 4'
)
for query in "${queries[@]}"; do
  for format in table csv json; do
    "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e "$query" --format "$format" > "$work/want" 2>&1
    "$sam" query "$program" --engine "$url" "${q[@]}" -e "$query" --format "$format" > "$work/got" 2> "$work/err" ||
      fail "--engine $query: exit $?: $(cat "$work/err")"
    cmp -s "$work/want" "$work/got" || fail "--engine $query ($format): $(diff "$work/want" "$work/got" | head -5)"
  done
done
# Several queries in one run, to a folder of CSV files.
"$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' -e 'show winnable limit 3' --output-dir "$work/want-dir"
"$sam" query "$program" --engine "$url" "${q[@]}" -e 'count at_risk' -e 'show winnable limit 3' --output-dir "$work/got-dir" ||
  fail "--engine --output-dir"
diff -r "$work/want-dir" "$work/got-dir" > /dev/null || fail "--engine --output-dir: the files differ"

# The server's settings do not change the answers: floats cut to 15 digits by
# extra_float_digits, a session time zone and date style of its own.
float_query='show customers limit 8 { id, to_float(lifetime_revenue) / 3 as f }'
"$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e "$float_query" > "$work/want"
PGOPTIONS="-c extra_float_digits=0 -c TimeZone=Asia/Kathmandu -c DateStyle=German" \
  "$sam" query "$program" --engine "$url" "${q[@]}" -e "$float_query" > "$work/got" || fail "settings: exit code"
cmp -s "$work/want" "$work/got" || fail "the server's settings change the answer: $(diff "$work/want" "$work/got" | head -4)"
# A statement without helpers runs on a read-only connection (a replica).
PGOPTIONS="-c default_transaction_read_only=on" "$sam" query "$program" --engine "$url" "${q[@]}" -e 'count customers' \
  > /dev/null 2> "$work/err" || fail "read-only: $(cat "$work/err")"
# A table in another schema of the server.
"${psql[@]}" -c 'CREATE SCHEMA crm; CREATE TABLE crm.accounts AS SELECT * FROM accounts' || fail "crm.accounts"
"$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count multi_product' > "$work/want"
"$sam" query "$program" --engine "$url" "${q[@]}" -e 'count multi_product' --table accounts=crm.accounts > "$work/got" ||
  fail "--table crm.accounts: exit code"
cmp -s "$work/want" "$work/got" || fail "--table crm.accounts: $(cat "$work/got")"

# first/last without --row-order: a warning above the answer; with it, none.
"$sam" query "$program" --engine "$url" "${q[@]}" -e 'count customers where (last(orders).channel ?? web) == store' \
  > /dev/null 2> "$work/err" || fail "ties: exit code"
grep -q 'sql-tie-order' "$work/err" || fail "ties: no warning: $(cat "$work/err")"
"$sam" query "$program" --engine "$url" "${q[@]}" -e 'count customers where (last(orders).channel ?? web) == store' \
  --quiet > /dev/null 2> "$work/err" || fail "ties --quiet: exit code"
[ -s "$work/err" ] && fail "ties --quiet: stderr not empty: $(cat "$work/err")"

expect_code 2 "--engine with --db" "$sam" query "$program" --engine "$url" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk'
expect_code 2 "no server" "$sam" query "$program" --engine "host=$work/none user=sam" "${q[@]}" -e 'count at_risk'
grep -q 'cannot connect' "$work/err" || fail "no server: $(cat "$work/err")"
# libpq is loaded when --engine first needs it: a library that is not there is an
# error naming it, not a crash.
SAM_LIBPQ=$work/no-libpq.so expect_code 2 "no libpq" "$sam" query "$program" --engine "$url" "${q[@]}" -e 'count at_risk'
grep -q "cannot load PostgreSQL's client library: .*no-libpq.so" "$work/err" || fail "no libpq: $(cat "$work/err")"
expect_code 1 "why" "$sam" query "$program" --engine "$url" "${q[@]}" -e 'why 17 welcome'
grep -q 'unsupported-in-sql' "$work/err" || fail "why: $(cat "$work/err")"
expect_code 2 "--table typo" "$sam" query "$program" --engine "$url" "${q[@]}" -e 'count at_risk' --table orderz=foo
grep -q 'did you mean `orders`' "$work/err" || fail "--table typo: $(cat "$work/err")"
expect_code 2 "--row-order without --engine" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --row-order orders=x
expect_code 1 "a missing table" "$sam" query "$program" --engine "$url" "${q[@]}" -e 'count high_value' --table orders=no_such_table
grep -q 'no_such_table' "$work/err" || fail "a missing table: $(cat "$work/err")"

finish "engine query"
