#!/usr/bin/env bash
# `sam run --engine` against `sam run --data` on the complete example (its `top 10%`
# segment ranks on the server, date by date): the same summaries, plan files and
# `sam why` over a sequence of dates with gaps, on a PostgreSQL server (run under
# tests/sql/with_postgres.sh, which sets PGHOST and PGUSER); then the option's errors.
#
#   tests/sql/with_postgres.sh tests/sql/engine_run_command_test.sh SAM SOURCE_DIR
set -uo pipefail
sam=$1
root=$2
program=$root/examples/complete/program.sam
source "$root/tests/support/script_lib.sh"
source "$root/tests/sql/demo_on_postgres.sh"
demo_on_postgres "$sam" "$program" 3000 "$work/csv"

# 11-24 and 12-01 catch up skipped dates (12-01 one by one: the ranking is the
# server's as of each date); 11-26 is a Thursday, the newsletter's day.
mkdir -p "$work/files" "$work/engine"
for d in 2026-11-20 2026-11-21 2026-11-24 2026-11-25 2026-11-26 2026-12-01; do
  "$sam" run "$program" --data "$work/csv" --state "$work/files.state" --date $d --out "$work/files" --quiet \
    > "$work/want" 2> "$work/err" || fail "--data $d: $(cat "$work/err")"
  "$sam" run "$program" --engine "$url" --state "$work/engine.state" --date $d --out "$work/engine" \
    > "$work/got" 2> "$work/err" || fail "--engine $d: $(cat "$work/err")"
  grep -q 'sam: note: --engine: [0-9]* candidates found in [0-9.]* s, read in' "$work/err" || fail "--engine $d: no note: $(cat "$work/err")"
  cmp -s "$work/want" "$work/got" || fail "--engine $d: the summary differs: $(diff "$work/want" "$work/got" | head -6)"
done
diff -r "$work/files" "$work/engine" > /dev/null || fail "the plan files differ: $(diff -r "$work/files" "$work/engine" | head -6)"
[ "$(ls "$work/engine" | wc -l)" -ge 40 ] || fail "too few plan files: $(ls "$work/engine")"
# Both states hold the same journeys and decisions: `sam why` says the same from each.
key=$(sed -n 2p "$work/files/plan-2026-12-01.csv" | cut -d, -f2)
campaign=$(sed -n 2p "$work/files/plan-2026-12-01.csv" | cut -d, -f3)
[ -n "$key" ] || fail "no contact planned on 2026-12-01"
for state in files engine; do
  "$sam" why "$program" "$key" "$campaign" --data "$work/csv" --state "$work/$state.state" --date 2026-12-01 \
    > "$work/why-$state" 2>&1 || fail "why from the $state state: $(cat "$work/why-$state")"
done
cmp -s "$work/why-files" "$work/why-engine" || fail "why differs: $(diff "$work/why-files" "$work/why-engine" | head -6)"
# A committed date again: the plan as recorded, nothing read from the files' side.
"$sam" run "$program" --engine "$url" --state "$work/engine.state" --date 2026-12-01 --quiet > "$work/got" ||
  fail "rerun: exit code"
grep -q 'already committed' "$work/got" || fail "rerun: $(cat "$work/got")"

# A replay reads nothing from the server: it answers from the state without one.
"$sam" run "$program" --engine "host=$work/none user=sam" --state "$work/engine.state" --date 2026-11-26 --quiet \
  > "$work/got" 2> "$work/err" || fail "replay without a server: $(cat "$work/err")"
grep -q 'already committed' "$work/got" || fail "replay without a server: $(cat "$work/got")"

# Conditions whose SQL needs helper functions (an average, a percentile), in an
# audience and in the policy.
cat > "$work/helpers.sam" <<EOF
import "$root/examples/common/schema.sam"
let revenue_365 = sum(orders.amount within 365d)
campaign big_baskets { kind service channel email audience (avg(orders.amount within 30d) ?? 0.0) > 80.0 message "m" }
campaign buckets { kind service channel email audience bucket("x", 10) < 1 message "b" }
policy { suppress percentile(revenue_365) >= 99 }
EOF
mkdir -p "$work/hf" "$work/he"
for d in 2026-11-20 2026-11-23; do
  "$sam" run "$work/helpers.sam" --data "$work/csv" --state "$work/hf.state" --date $d --out "$work/hf" --quiet \
    > "$work/want" 2> "$work/err" || fail "helpers --data $d: $(cat "$work/err")"
  "$sam" run "$work/helpers.sam" --engine "$url" --state "$work/he.state" --date $d --out "$work/he" --quiet \
    > "$work/got" 2> "$work/err" || fail "helpers --engine $d: $(cat "$work/err")"
  cmp -s "$work/want" "$work/got" || fail "helpers $d: $(diff "$work/want" "$work/got" | head -6)"
done
diff -r "$work/hf" "$work/he" > /dev/null || fail "helpers: the plan files differ"
grep -q ' [1-9][0-9]* contacts planned' "$work/got" || fail "helpers: nothing planned: $(cat "$work/got")"

# A dry run of one date commits nothing; of several, with a ranking, is refused.
"$sam" run "$program" --engine "$url" --state "$work/engine.state" --date 2026-12-02 --dry-run --quiet > /dev/null ||
  fail "--dry-run: exit code"
"$sam" run "$program" --data "$work/csv" --state "$work/files.state" --date 2026-12-02 --quiet > "$work/want"
"$sam" run "$program" --engine "$url" --state "$work/engine.state" --date 2026-12-02 --quiet > "$work/got" ||
  fail "after --dry-run: exit code"
cmp -s "$work/want" "$work/got" || fail "after --dry-run: $(diff "$work/want" "$work/got" | head -4)"
expect_code 2 "--dry-run over a gap" "$sam" run "$program" --engine "$url" --state "$work/engine.state" \
  --date 2026-12-05 --dry-run
grep -q 'run up to 2026-12-04 first' "$work/err" || fail "--dry-run over a gap: $(cat "$work/err")"

d=(--date 2026-11-23)
expect_code 2 "--engine with --data" "$sam" run "$program" --engine "$url" --data "$work/csv" --state "$work/x.state" "${d[@]}"
grep -q 'leave out --db and --data' "$work/err" || fail "--engine with --data: $(cat "$work/err")"
expect_code 2 "no server" "$sam" run "$program" --engine "host=$work/none user=sam" --state "$work/x.state" "${d[@]}"
grep -q 'cannot connect' "$work/err" || fail "no server: $(cat "$work/err")"
expect_code 2 "--row-order without --engine" "$sam" run "$program" --data "$work/csv" --state "$work/x.state" "${d[@]}" \
  --row-order orders=x
expect_code 2 "--table typo" "$sam" run "$program" --engine "$url" --state "$work/x.state" "${d[@]}" --table orderz=x
grep -q 'did you mean `orders`' "$work/err" || fail "--table typo: $(cat "$work/err")"
expect_code 1 "a missing table" "$sam" run "$program" --engine "$url" --state "$work/x.state" "${d[@]}" \
  --table orders=no_such_table
grep -q 'no_such_table' "$work/err" || fail "a missing table: $(cat "$work/err")"
expect_code 2 "--engine ''" "$sam" run "$program" --engine '' --state "$work/x.state" "${d[@]}"
grep -q "give the server's URL" "$work/err" || fail "--engine '': $(cat "$work/err")"
expect_code 2 "--delimiter" "$sam" run "$program" --engine "$url" --state "$work/x.state" "${d[@]}" --delimiter ';'
# A run that cannot read the server leaves no state file behind.
[ ! -e "$work/x.state" ] || fail "a failed run made a state file"
# An empty customers table (an export that failed) plans nothing and commits nothing.
"${psql[@]}" -c 'CREATE TABLE no_customers AS SELECT * FROM customers WHERE false' || fail "no_customers"
expect_code 1 "no customers" "$sam" run "$program" --engine "$url" --state "$work/x.state" "${d[@]}" \
  --table customers=no_customers
grep -q 'has no rows' "$work/err" || fail "no customers: $(cat "$work/err")"
[ ! -e "$work/x.state" ] || fail "a failed run made a state file"
# A key held twice: which row is the customer's is not defined on the server.
"${psql[@]}" -c 'CREATE TABLE twice AS SELECT * FROM customers UNION ALL SELECT * FROM customers WHERE id = 17' ||
  fail "twice"
expect_code 1 "a key held twice" "$sam" run "$program" --engine "$url" --state "$work/x.state" "${d[@]}" \
  --table customers=twice
grep -q 'holds key 17 more than once' "$work/err" || fail "a key held twice: $(cat "$work/err")"
# A server row SAM would reject (a gender the schema's enum lacks) is counted and
# written aside, as from a file.
"${psql[@]}" -c "UPDATE customers SET gender = 'alien' WHERE id = (SELECT min(id) FROM customers)" || fail "update"
"$sam" run "$program" --engine "$url" --state "$work/y.state" "${d[@]}" --rejects "$work/rejects" > /dev/null \
  2> "$work/err" || fail "a rejected row: exit code: $(cat "$work/err")"
grep -q 'rejected rows: ' "$work/err" || fail "a rejected row: $(cat "$work/err")"
grep -q 'alien' "$work/rejects/customers.rejects.csv" || fail "a rejected row: no reject file"

finish "engine run"
