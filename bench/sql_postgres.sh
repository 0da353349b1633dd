#!/usr/bin/env bash
# The segment suite (bench/queries.txt) on PostgreSQL: each query's SAM text compiled
# with `sam compile --target postgres` and run by psql on a PostgreSQL 15 server of
# default settings (tests/sql/with_postgres.sh starts one for this script) holding the
# data directory's CSV files, loaded into the tables of `--create-tables`. Prints each
# query's count, its time (best of RUNS, psql's own `\timing`) and whether the count
# is the one `sam query` gives on the snapshot beside the data (DATA/bench.samdb).
#
#   bench/sql_postgres.sh BUILD_DIR DATA_DIR [RUNS]
#
# Called by scripts/bench under tests/sql/with_postgres.sh (docs/performance.md).
set -euo pipefail
build=$1
data=$2
runs=${3:-2}
program=bench/segments.sam
today=2026-11-23
work=$(mktemp -d /tmp/sam-sql-pg-XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "${PGHOST:-}" ]; then
  echo "sql_postgres: run under tests/sql/with_postgres.sh" >&2
  exit 2
fi
chmod 755 "$work"
psql=(psql -X -q -v ON_ERROR_STOP=1 -d postgres)

# The tables, and each CSV file by its header's column names (the files' times are UTC).
"$build/sam" compile --target postgres "$program" --create-tables > "$work/tables.sql"
start=$(date +%s)
{
  cat "$work/tables.sql"
  for csv in "$data"/*.csv; do
    table=$(basename "$csv" .csv)
    grep -q "^CREATE TABLE \"$table\" " "$work/tables.sql" || continue
    columns=$(head -1 "$csv" | sed 's/[^,]*/"&"/g')
    echo "\\copy \"$table\" ($columns) FROM '$csv' WITH (FORMAT csv, HEADER true)"
  done
  echo "VACUUM ANALYZE;"
} > "$work/load.sql"
"${psql[@]}" -f "$work/load.sql"
echo "sql_postgres: $(basename "$data") loaded in $(($(date +%s) - start)) s"

echo
echo "| query | SAM (sam query) | PostgreSQL | PostgreSQL ms (best of $runs) | answers |"
echo "| --- | ---: | ---: | ---: | --- |"
agree=0
total=0
while IFS=$'\t' read -r name sam; do
  total=$((total + 1))
  want=$("$build/sam" query --db "$data/bench.samdb" "$program" -e "$sam" --today "$today" --quiet | tail -1)
  "$build/sam" compile --target postgres "$program" -e "$sam" --date "$today" 2> /dev/null > "$work/q.sql"
  {
    sed -n '/^-- Helpers for this session:/,/^$/{/^--/d;p}' "$work/q.sql"
    echo '\timing on'
    statement=$(sed '/^-- Helpers for this session:/,/^$/d; /^-- /d' "$work/q.sql")
    for _ in $(seq "$runs"); do printf '%s\n' "$statement"; done
  } > "$work/run.sql"
  out=$("${psql[@]}" -A -t -f "$work/run.sql" 2>&1) || { echo "| $name | $want | error: $(echo "$out" | tail -1) | | |"; continue; }
  got=$(echo "$out" | grep -v '^Time:' | grep -v '^$' | tail -1)
  best=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | head -1)
  verdict=differ
  if [ "$got" = "$want" ]; then verdict=agree; agree=$((agree + 1)); fi
  echo "| $name | $want | $got | $best | $verdict |"
done < <(awk '/^name: /{name=$2} /^sam: /{sub(/^sam: /, ""); print name "\t" $0}' bench/queries.txt)
echo
echo "- PostgreSQL: $agree of $total counts are SAM's"

# `sam run --engine`: the complete example's daily run with its candidates from the
# server, against the same run from the snapshot; the plans must be the same.
complete=examples/complete/program.sam
mkdir -p "$work/plan-db" "$work/plan-engine"
run_ok=yes
t0=$(date +%s.%N)
"$build/sam" run "$complete" --db "$data/bench.samdb" --state "$work/db.state" --date "$today" --out "$work/plan-db" \
  --quiet > "$work/sum-db" || run_ok=no
t1=$(date +%s.%N)
"$build/sam" run "$complete" --engine "host=$PGHOST dbname=postgres" --state "$work/engine.state" --date "$today" \
  --out "$work/plan-engine" > "$work/sum-engine" 2> "$work/note-engine" || run_ok=no
t2=$(date +%s.%N)
cmp -s "$work/sum-db" "$work/sum-engine" && diff -r "$work/plan-db" "$work/plan-engine" > /dev/null || run_ok=no
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
echo "- sam run $complete for $today: $(seconds "$t0" "$t1") s from the snapshot, $(seconds "$t1" "$t2") s" \
  "with --engine ($(grep -o '[0-9]* candidates found.*s, read in [0-9.]* s' "$work/note-engine")); same plan: $run_ok"
[ "$agree" = "$total" ] && [ "$run_ok" = yes ]
