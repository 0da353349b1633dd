#!/usr/bin/env bash
# The data commands end to end through the `sam` binary: gen, load, query, their
# output formats, exit codes and error messages. Answers are checked for consistency
# between commands (a count against the rows of `show`, CSV data against a snapshot);
# their correctness is the oracle test's job.
set -uo pipefail
sam=$1
root=$2
program=$root/examples/complete/segments.sam
source "$root/tests/support/script_lib.sh"

expect_code 0 "sam gen" "$sam" gen --customers 300 --out "$work/csv"
expect_code 0 "sam load" "$sam" load "$program" --data "$work/csv" --rejects "$work" -o "$work/db.samdb"
q=(--today 2026-11-23)

# The same answer from CSV files and from the snapshot, in every format.
expect_code 0 "count from csv" "$sam" query "$program" --data "$work/csv" "${q[@]}" -e 'count at_risk' --format csv
from_csv=$(tail -n 1 "$work/out")
expect_code 0 "count from db" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk'
from_db=$(cat "$work/out")
[ "$from_csv" = "$from_db" ] || fail "count at_risk: $from_csv from CSV, $from_db from the snapshot"
expect_code 0 "show ids" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'show at_risk { id }' --format csv
rows=$(($(wc -l <"$work/out") - 1))
[ "$rows" = "$from_db" ] || fail "show at_risk lists $rows customers, count says $from_db"
expect_code 0 "json" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --format json
grep -q "\"count\":$from_db" "$work/out" || fail "json output: $(cat "$work/out")"
expect_code 0 "limit" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'show customers limit 2 { id, email }'
grep -q "(2 of 300 customers)" "$work/out" || fail "show limit 2: $(cat "$work/out")"

# A warning in the query text is printed above the answer (which it does not stop).
expect_code 0 "query warning" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count customers where signup_at between 2026-06-01 and 2026-01-01'
[ "$(cat "$work/out")" = "0" ] || fail "reversed between: $(cat "$work/out")"
grep -q "<query>:1:23: warning: this is false for every value: the first bound is after the second \[always-false\]" \
  "$work/err" || fail "reversed between, no warning: $(cat "$work/err")"

# `auto`, the default: a short query is the interpreter's alone, the JIT not even
# loaded (--timer says so); `--backend interp` reports nothing of the kind.
expect_code 0 "count on auto" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --timer
[ "$(cat "$work/out")" = "$from_db" ] || fail "count at_risk on auto: $(cat "$work/out"), expected $from_db"
grep -q "^auto: 1 answered by the interpreter, 0 by compiled code, 0 by both; the JIT was not started" "$work/err" ||
  fail "auto --timer: $(cat "$work/err")"
expect_code 0 "count on the interpreter" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' \
  --backend interp --timer
grep -q "^auto:\|^jit:" "$work/err" && fail "--backend interp --timer: $(cat "$work/err")"

# The JIT: the same answer; its report under --timer; its code (`sam dump llvm`).
expect_code 0 "count on the jit" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --backend jit --timer
[ "$(cat "$work/out")" = "$from_db" ] || fail "count at_risk on the JIT: $(cat "$work/out"), the interpreter: $from_db"
grep -q "^jit: " "$work/err" || fail "--backend jit --timer: no jit line: $(cat "$work/err")"
# The object cache (SAM_JIT_CACHE): a second process takes the kernels from it and
# answers the same; a damaged file is compiled again, never run; `off` keeps none.
cache=$work/jit-cache
SAM_JIT_CACHE=$cache expect_code 0 "jit, cache filled" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count at_risk' -e 'count active_customers' --backend jit --timer
first=$(cat "$work/out")
objects=$(find "$cache" -name '*.o' | wc -l)
[ "$objects" -ge 2 ] || fail "jit cache: $objects objects after compiling two kernels"
grep -q "from the object cache" "$work/err" && fail "jit cache: a hit in an empty cache: $(cat "$work/err")"
SAM_JIT_CACHE=$cache expect_code 0 "jit, from the cache" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count at_risk' -e 'count active_customers' --backend jit --timer
[ "$(cat "$work/out")" = "$first" ] || fail "jit cache: $(cat "$work/out") from the cache, $first compiled"
grep -q "^jit: 2 of 2 expressions compiled in .* (2 from the object cache)" "$work/err" ||
  fail "jit cache: no hits: $(cat "$work/err")"
for f in "$cache"/*.o; do head -c 100 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
SAM_JIT_CACHE=$cache expect_code 0 "jit, damaged cache" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count at_risk' -e 'count active_customers' --backend jit --timer
[ "$(cat "$work/out")" = "$first" ] || fail "jit cache damaged: $(cat "$work/out"), expected $first"
grep -q "from the object cache" "$work/err" && fail "jit cache: a damaged file used: $(cat "$work/err")"
SAM_JIT_CACHE=$cache expect_code 0 "jit, cache repaired" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count at_risk' -e 'count active_customers' --backend jit --timer
grep -q "(2 from the object cache)" "$work/err" || fail "jit cache: damaged files not replaced: $(cat "$work/err")"
# Objects unused for 30 days are removed, by the first process of a day that stores one
# (the processes above were today's first: `.pruned` says so).
[ -e "$cache/.pruned" ] || fail "jit cache: no .pruned after storing objects"
touch -d '2 days ago' "$cache/.pruned"
touch -d '40 days ago' "$cache/old1.o"
SAM_JIT_CACHE=$cache expect_code 0 "jit, pruning" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count multi_product' --backend jit
[ ! -e "$cache/old1.o" ] || fail "jit cache: an object unused for 40 days was kept"
[ -n "$(find "$cache" -name '*.o')" ] || fail "jit cache: pruning removed the objects in use"
touch -d '40 days ago' "$cache/old2.o"
SAM_JIT_CACHE=$cache expect_code 0 "jit, pruned today" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count new_contacts' --backend jit
[ -e "$cache/old2.o" ] || fail "jit cache: pruned twice in a day"
touch -d '2 days ago' "$cache/.pruned"
SAM_JIT_CACHE=$cache expect_code 0 "jit, pruned yesterday" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count incomplete_profiles' --backend jit
[ ! -e "$cache/old2.o" ] || fail "jit cache: not pruned on the next day"
rm -rf "$cache"
SAM_JIT_CACHE=off expect_code 0 "jit, cache off" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'count at_risk' --backend jit
[ ! -e "$cache" ] || fail "SAM_JIT_CACHE=off: $cache written"
touch "$work/not-a-dir"
SAM_JIT_CACHE=$work/not-a-dir/jit expect_code 0 "jit, unwritable cache" "$sam" query "$program" --db "$work/db.samdb" \
  "${q[@]}" -e 'count at_risk' --backend jit
[ "$(cat "$work/out")" = "$from_db" ] || fail "jit with an unwritable cache: $(cat "$work/out"), expected $from_db"
expect_code 0 "dump llvm" "$sam" dump llvm "$program" --db "$work/db.samdb" --segment active_customers
grep -q "^define .*@sam_kernel_" "$work/out" || fail "dump llvm: no kernel: $(head -c 300 "$work/out")"
expect_code 0 "dump llvm, not compiled" "$sam" dump llvm "$program" --db "$work/db.samdb" --segment high_value
grep -q "^not compiled: .*rank" "$work/out" || fail "dump llvm of a ranking: $(cat "$work/out")"
expect_code 1 "dump llvm, no such segment" "$sam" dump llvm "$program" --db "$work/db.samdb" --segment nope
expect_code 2 "dump llvm without data" "$sam" dump llvm "$program"
# One table given twice: which file? A usage error, not the last one silently.
expect_code 2 "--table twice" "$sam" query "$program" --data "$work/csv" "${q[@]}" -e 'count at_risk' \
  --table "customers=$work/csv/customers.csv" --table "customers=$work/csv/customers.csv"
grep -q "table \`customers\` is given twice" "$work/err" || fail "--table twice: $(cat "$work/err")"
# --data that is not a folder says so, not "no data for table ...".
expect_code 2 "--data a file" "$sam" query "$program" --data "$work/csv/customers.csv" "${q[@]}" -e 'count at_risk'
grep -q "is not a folder" "$work/err" || fail "--data a file: $(cat "$work/err")"
expect_code 2 "no such backend" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --backend sql

# The run date is never silent: without --today a note names the machine's date (not
# with --quiet); a query text may state it (`today DATE`), and --today overrides that
# with a note; JSON and --timer show it.
expect_code 0 "no --today" "$sam" query "$program" --db "$work/db.samdb" -e 'count at_risk'
grep -q "^sam: note: run date $(TZ=Europe/Amsterdam date +%F) (today in Europe/Amsterdam)" "$work/err" ||
  fail "no --today: no note naming the run date: $(cat "$work/err")"
expect_code 0 "no --today, --quiet" "$sam" query "$program" --db "$work/db.samdb" --quiet -e 'count at_risk'
[ ! -s "$work/err" ] || fail "--quiet: stderr has $(cat "$work/err")"
printf 'today 2026-11-23\ncount at_risk\n' >"$work/dated.samq"
expect_code 0 "run date in the query file" "$sam" query "$program" --db "$work/db.samdb" -f "$work/dated.samq"
[ "$(cat "$work/out")" = "$from_db" ] || fail "today in the query file: $(cat "$work/out"), --today 2026-11-23: $from_db"
[ ! -s "$work/err" ] || fail "today in the query file: stderr has $(cat "$work/err")"
expect_code 0 "--today over the file's" "$sam" query "$program" --db "$work/db.samdb" -f "$work/dated.samq" --today 2026-11-01
grep -q "sam: note: --today 2026-11-01 overrides the query text's \`today 2026-11-23\`" "$work/err" ||
  fail "--today over the file's: $(cat "$work/err")"
expect_code 0 "run date in json" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --format json
grep -q '"today":"2026-11-23"' "$work/out" || fail "json output has no run date: $(cat "$work/out")"
expect_code 0 "run date with --timer" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --timer
grep -q '^run date 2026-11-23$' "$work/err" || fail "--timer does not show the run date: $(cat "$work/err")"
printf 'today 2026-11-23\ntoday 2026-11-24\ncount at_risk\n' >"$work/twice.samq"
expect_code 1 "today twice" "$sam" query "$program" --db "$work/db.samdb" -f "$work/twice.samq"
grep -q "twice.samq:2:1: error: \`today\` given twice in this query text \[duplicate-clause\]" "$work/err" ||
  fail "today twice: $(cat "$work/err")"

printf 'today 2026-13-45\ncount at_risk\ntoday soon\ncount customers\n' >"$work/baddate.samq"
expect_code 1 "bad today lines" "$sam" query "$program" --db "$work/db.samdb" -f "$work/baddate.samq"
[ "$(grep -c 'error:' "$work/err")" = 2 ] || fail "bad today lines: not one error each: $(cat "$work/err")"
grep -q "baddate.samq:1:7: error: .2026-13-45. is not a date: there is no month 13" "$work/err" || fail "bad date: $(cat "$work/err")"

# Diagnostics of query text a new user wrote (issue "Real exports, first answers", 6):
# one error each, with the help that fixes it.
expect_diag() {  # description query expected-help
  expect_code 1 "$1" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e "$2"
  [ "$(grep -c 'error:' "$work/err")" = 1 ] || fail "$1: not one error: $(cat "$work/err")"
  grep -qF -- "$3" "$work/err" || fail "$1: no help \`$3\`: $(cat "$work/err")"
}
expect_diag "among in a query" 'count customers among customers' \
  'help: leave out `among ...`; to count a segment'"'"'s members write `count SEGMENT`'
# `kind` of email_events and of web_events: the table whose `kind` has `open`.
expect_diag "an event field of two tables" 'count customers where kind == open' \
  'such as `any(email_events where kind == open)`'
expect_diag "an event field of two tables, the other" 'count customers where kind == visit' \
  'such as `any(web_events where kind == visit)`'
expect_diag "an event table counted" 'count ordres' \
  'help: did you mean `orders`? `orders` is an event table, not a segment: count the customers with its events as `count customers where any(orders)`'
# A let or a campaign where a segment is asked for: what to ask instead.
expect_diag "a let counted" 'count order_count' 'such as `count customers where order_count > 0`'
expect_diag "a condition let counted" 'count profile_complete' '`count customers where profile_complete`; or declare it with `segment`'
expect_diag "a let shown" 'show days_with_us limit 1' 'such as `show customers where days_with_us > 0`'
# Columns that are not one value per customer: a row, a set, a reference table (these
# once reached the IR's lowering, which stopped the process).
expect_diag "a row as a column" 'show customers limit 1 { last(orders) }' \
  'a column shows one value per customer, not a whole row [type-mismatch]'
expect_diag "the customer row as a column" 'show customers limit 1 { customer }' 'help: show one of the row'"'"'s fields'
expect_diag "a set as a column" 'show customers limit 1 { {1, 2} }' 'not a set of values [type-mismatch]'
expect_diag "a reference row as a column" 'show customers limit 1 { propositions[savings] }' 'not a whole row'
expect_diag "a reference table as a column" 'show customers limit 1 { propositions }' 'not a reference table'

# A column is headed by its whole text, brackets included.
expect_code 0 "column header" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" \
  -e 'show customers limit 1 { order_count * (order_count + 1), (order_count + 1) * 2 }' --format csv
[ "$(head -n 1 "$work/out")" = 'order_count * (order_count + 1),(order_count + 1) * 2' ] ||
  fail "column headers: $(head -n 1 "$work/out")"

# glibc.malloc.perturb fills new memory with a byte pattern: the loader writes its
# output columns without zeroing them first, and must write every value, so neither
# the answer nor the snapshot may change.
for tunables in "glibc.malloc.perturb=85" "glibc.malloc.perturb=170"; do
  expect_code 0 "count with GLIBC_TUNABLES=$tunables" env GLIBC_TUNABLES="$tunables" "$sam" query "$program" --data "$work/csv" "${q[@]}" \
    -e 'count at_risk'
  [ "$(cat "$work/out")" = "$from_db" ] || fail "count at_risk with GLIBC_TUNABLES=$tunables: $(cat "$work/out"), expected $from_db"
  expect_code 0 "load with GLIBC_TUNABLES=$tunables" env GLIBC_TUNABLES="$tunables" "$sam" load "$program" --data "$work/csv" \
    --rejects "$work" -o "$work/tunables.samdb"
  # The snapshots differ only in their load time and what covers it (header, checksum).
  diffs=$(cmp -l "$work/db.samdb" "$work/tunables.samdb" | wc -l)
  [ "$diffs" -le 40 ] || fail "snapshot with GLIBC_TUNABLES=$tunables: $diffs bytes differ"
done

# Standard error holds only errors and warnings unless --verbose (or --timer) asks
# for more: a script's 2>&1 sees answers alone.
expect_code 0 "quiet --db" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk'
[ -s "$work/err" ] && fail "quiet --db: stderr: $(cat "$work/err")"
expect_code 0 "quiet --data" "$sam" query "$program" --data "$work/csv" "${q[@]}" -e 'count at_risk'
[ -s "$work/err" ] && fail "quiet --data: stderr: $(cat "$work/err")"
expect_code 0 "quiet load" "$sam" load "$program" --data "$work/csv" -o "$work/quiet.samdb"
[ -s "$work/err" ] && fail "quiet load: stderr: $(cat "$work/err")"
expect_code 0 "--verbose --db" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --verbose
grep -q "^sam: opened $work/db.samdb (300 customers" "$work/err" || fail "--verbose --db: $(cat "$work/err")"
expect_code 0 "--timer --db" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' --timer
grep -q "^sam: opened" "$work/err" || fail "--timer --db: $(cat "$work/err")"
expect_code 0 "-v load" "$sam" load "$program" --data "$work/csv" -o "$work/quiet.samdb" -v
grep -q "^sam: loaded 300 customers" "$work/err" || fail "-v load: $(cat "$work/err")"

# CSV is one table: several queries need --output-dir (one file per query, numbered
# in query order), else exit code 2 before any data is read.
expect_code 2 "csv, two queries" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' \
  -e 'show at_risk { id }' --format csv
grep -q "give --output-dir DIR" "$work/err" || fail "csv, two queries: $(cat "$work/err")"
[ -s "$work/out" ] && fail "csv, two queries: stdout: $(cat "$work/out")"
many=()
for i in $(seq 1 10); do many+=(-e "count customers where id > $i"); done
expect_code 0 "--output-dir" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' \
  -e 'show at_risk { id }' "${many[@]}" --output-dir "$work/answers"
[ -s "$work/out" ] && fail "--output-dir: stdout: $(cat "$work/out")"
[ "$(ls "$work/answers" | head -n 3 | tr '\n' ' ')" = "query-01.csv query-02.csv query-03.csv " ] ||
  fail "--output-dir: files $(ls "$work/answers")"
[ "$(cat "$work/answers/query-01.csv")" = "$(printf 'count\n%s' "$from_db")" ] ||
  fail "--output-dir: query-01.csv holds $(cat "$work/answers/query-01.csv")"
[ "$(($(wc -l <"$work/answers/query-02.csv") - 1))" = "$from_db" ] || fail "--output-dir: query-02.csv: $(head -3 "$work/answers/query-02.csv")"
[ "$(cat "$work/answers/query-12.csv")" = "$(printf 'count\n290')" ] ||
  fail "--output-dir: query-12.csv holds $(cat "$work/answers/query-12.csv")"
expect_code 2 "--output-dir --format json" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' \
  --output-dir "$work/answers" --format json
expect_code 2 "--output-dir under a file" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risk' \
  --output-dir "$work/db.samdb/x"
grep -q "the output folder cannot be written" "$work/err" || fail "--output-dir under a file: $(cat "$work/err")"

# Mistakes in the query: diagnostics with carets into the query text, exit code 1.
expect_code 1 "undefined segment" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count at_risc'
grep -q "<query>:1:7: error: undefined segment \`at_risc\`" "$work/err" || fail "undefined segment: $(cat "$work/err")"
grep -q "did you mean \`at_risk\`" "$work/err" || fail "no suggestion: $(cat "$work/err")"
# `why` needs the state of `sam run` (--state): without it an error, never silence; a
# key that names no customer is an error of its own.
full=$root/examples/complete/program.sam
expect_code 1 "why" "$sam" query "$full" --db "$work/db.samdb" "${q[@]}" -e 'why 1 welcome'
grep -q "<query>:1:1: error: \`why\` explains what \`sam run\` decided, from its state file: give --state STATE" "$work/err" ||
  fail "why: $(cat "$work/err")"
expect_code 1 "why, unknown key" "$sam" query "$full" --db "$work/db.samdb" "${q[@]}" -e 'why 999999 welcome'
grep -q "no customer has the key \`999999\`" "$work/err" || fail "why, unknown key: $(cat "$work/err")"
# A file separated by `;` (an Excel export in Dutch): the header is one column, and the
# error says which --delimiter to give, not which column to rename.
cp -r "$work/csv" "$work/semi"
sed -i 's/,/;/g' "$work/semi/customers.csv"
expect_code 1 "semicolons" "$sam" load "$program" --data "$work/semi" --rejects "$work" -o "$work/semi.samdb"
grep -q "give \`--delimiter ';'\`" "$work/err" || fail "semicolons: $(cat "$work/err")"
# Usage and files: exit code 2.
expect_code 2 "negative --max-errors" "$sam" check --max-errors -1 "$program"
expect_code 2 "negative --max-errors (load)" "$sam" load "$program" --data "$work/csv" --max-errors -1 -o "$work/x.samdb"
expect_code 2 "no query" "$sam" query "$program" --db "$work/db.samdb"
expect_code 2 "missing data" "$sam" query "$program" --data "$work/none" -e 'count at_risk'
# A query's target that is no segment: the closest of the segments and `customers`.
expect_code 1 "count customerz" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" -e 'count customerz'
grep -q "help: did you mean \`customers\`?" "$work/err" || fail "count customerz: $(cat "$work/err")"
expect_code 2 "bad --today" "$sam" query "$program" --db "$work/db.samdb" --today 2026-02-30 -e 'count at_risk'
[ "$(cat "$work/err")" = 'sam: error: --today: `2026-02-30` is not a date: February 2026 has 28 days' ] ||
  fail "bad --today: $(cat "$work/err")"
# A date option is exactly YYYY-MM-DD: `2026-12-011` once ran as 2026-12-01.
for bad in 2026-12-011 2026-12-0100 2026/12/01 2026.12.01 2026-12-1 2026-12-01x 2026-12-01T10:00; do
  expect_code 2 "--today $bad" "$sam" query "$program" --db "$work/db.samdb" --today "$bad" -e 'count at_risk'
  [ "$(cat "$work/err")" = "sam: error: --today: \`$bad\` is not a date of the form YYYY-MM-DD" ] ||
    fail "--today $bad: $(cat "$work/err")"
done
printf 'today 2026-12-011\ncount at_risk\n' >"$work/longday.samq"
expect_code 1 "today 2026-12-011 in query text" "$sam" query "$program" --db "$work/db.samdb" -f "$work/longday.samq"
grep -q "longday.samq:1:7: error: .2026-12-011. is not a date of the form YYYY-MM-DD" "$work/err" ||
  fail "today 2026-12-011 in query text: $(cat "$work/err")"
expect_code 2 "gen --as-of 2026-12-011" "$sam" gen --customers 3 --out "$work/asof" --as-of 2026-12-011
[ "$(cat "$work/err")" = 'sam: error: --as-of: `2026-12-011` is not a date of the form YYYY-MM-DD' ] ||
  fail "gen --as-of 2026-12-011: $(cat "$work/err")"
# A query file that cannot be read says why; data that cannot be opened gets its
# error alone, without the run-date note.
expect_code 2 "-f missing" "$sam" query "$program" --db "$work/db.samdb" -f "$work/nothere.samq"
[ "$(cat "$work/err")" = "sam: error: cannot read \`$work/nothere.samq\`: No such file or directory" ] ||
  fail "-f missing: $(cat "$work/err")"
expect_code 2 "missing snapshot, no --today" "$sam" query "$program" --db "$work/nothere.samdb" -e 'count at_risk'
! grep -q "note" "$work/err" || fail "missing snapshot, no --today: a note before the error: $(cat "$work/err")"
# A damaged snapshot: exit code 1, never a crash.
head -c 5000 "$work/db.samdb" >"$work/short.samdb"
expect_code 1 "truncated snapshot" "$sam" query "$program" --db "$work/short.samdb" "${q[@]}" -e 'count at_risk'
# The program's time zone is part of what a snapshot stores (times without a zone in
# the files become instants of that zone): a snapshot loaded under UTC is refused by
# the Amsterdam program, naming the difference, and answers like the CSV under UTC.
sed 's/^timezone "Europe\/Amsterdam"$/timezone "UTC"/' "$root/examples/common/schema.sam" >"$work/utc.sam"
grep -q '^timezone "UTC"$' "$work/utc.sam" || fail "utc.sam: the timezone line was not replaced"
expect_code 0 "load under UTC" "$sam" load "$work/utc.sam" --data "$work/csv" --rejects "$work" -o "$work/utc.samdb"
expect_code 1 "UTC snapshot, Amsterdam program" "$sam" query "$program" --db "$work/utc.samdb" "${q[@]}" -e 'count customers'
grep -q 'it was loaded with `timezone "UTC"`, this program has `timezone "Europe/Amsterdam" (tzdata ' "$work/err" ||
  fail "UTC snapshot, Amsterdam program: $(cat "$work/err")"
day=(-e 'count customers where any(orders within 1d)' -e 'count customers where signup_at < 2025-06-01')
expect_code 0 "UTC from csv" "$sam" query "$work/utc.sam" --data "$work/csv" "${q[@]}" "${day[@]}" --format json
utc_csv=$(cat "$work/out")
expect_code 0 "UTC from db" "$sam" query "$work/utc.sam" --db "$work/utc.samdb" "${q[@]}" "${day[@]}" --format json
[ "$(cat "$work/out")" = "$utc_csv" ] || fail "UTC answers: $(cat "$work/out") from the snapshot, $utc_csv from CSV"

# A byte changed anywhere in a snapshot: without --verify, a query gives the clean
# answer (it did not read that byte) or stops with exit code 1; never another answer.
# The query reads much of the file, so that the check has teeth: with --no-verify,
# 8 of these 40 changes gave another answer.
damage=(-e 'count at_risk' -e 'show customers { id, email, first_name, country, signup_at, sum(orders.amount),
  count(orders where category == "books"), max(orders.ordered_at), count(web_events where kind == visit and category is present),
  last(web_events).cart_id, count(email_events where kind == open and campaign_name is present), max(email_events.occurred_at) }')
expect_code 0 "clean answers" "$sam" query "$program" --db "$work/db.samdb" "${q[@]}" "${damage[@]}" --format json
clean=$(cat "$work/out")
size=$(stat -c %s "$work/db.samdb")
caught=0
for i in $(seq 1 40); do
  pos=$((size * i / 41))
  cp "$work/db.samdb" "$work/flip.samdb"
  byte=$(od -An -tu1 -j "$pos" -N1 "$work/flip.samdb" | tr -d ' ')
  printf "\\x$(printf %02x $((byte ^ 255)))" | dd of="$work/flip.samdb" bs=1 seek="$pos" conv=notrunc status=none
  "$sam" query "$program" --db "$work/flip.samdb" "${q[@]}" "${damage[@]}" --format json >"$work/out" 2>"$work/err"
  code=$?
  if [ "$code" = 1 ]; then
    grep -q "flip.samdb: .*corrupted\|flip.samdb: .*truncated" "$work/err" || fail "byte $pos: exit 1 but $(cat "$work/err")"
    caught=$((caught + 1))
  elif [ "$code" != 0 ] || [ "$(cat "$work/out")" != "$clean" ]; then
    fail "byte $pos changed: exit code $code, answer $(cat "$work/out") instead of $clean"
  fi
done
[ "$caught" -ge 10 ] || fail "only $caught of 40 changed bytes were caught: the check tests little"
expect_code 1 "--verify" "$sam" query "$program" --db "$work/flip.samdb" --verify "${q[@]}" -e 'count customers'

# A rejected row is counted and written to the rejects file.
cp -r "$work/csv" "$work/bad"
echo '999999,x@example.com,,,,X,not-a-date,female,NL,,,2026-01-01T00:00:00Z,web,,,,,,,false,false,,,' >>"$work/bad/customers.csv"
expect_code 0 "load with a reject" "$sam" load "$program" --data "$work/bad" --rejects "$work" -o "$work/bad.samdb"
[ -s "$work/customers.rejects.csv" ] || fail "no customers.rejects.csv"
grep -q "not-a-date" "$work/customers.rejects.csv" || fail "the rejected row is not in the rejects file"
# Without --rejects: beside the snapshot for `sam load`, in ./sam-rejects for
# `sam query`; the summary line (printed when rows were rejected) names the file.
mkdir -p "$work/snap" "$work/cwd"
expect_code 0 "rejects beside the snapshot" "$sam" load "$program" --data "$work/bad" -o "$work/snap/bad.samdb"
grep -q "not-a-date" "$work/snap/customers.rejects.csv" || fail "rejects beside the snapshot: $(ls "$work/snap")"
grep -q "rejected rows: 1 (in $work/snap/customers.rejects.csv)" "$work/err" || fail "rejects beside the snapshot: $(cat "$work/err")"
(cd "$work/cwd" && "$sam" query "$program" --data "$work/bad" "${q[@]}" -e 'count customers' >"$work/out" 2>"$work/err") ||
  fail "query with a reject: $(cat "$work/err")"
grep -q "not-a-date" "$work/cwd/sam-rejects/customers.rejects.csv" || fail "query rejects: $(ls -R "$work/cwd")"
grep -q "rejected rows: 1 (in sam-rejects/customers.rejects.csv)" "$work/err" || fail "query rejects: $(cat "$work/err")"

# Output paths are checked before any data is read: exit code 2, the path named.
expect_code 2 "-o in a missing folder" "$sam" load "$program" --data "$work/csv" --rejects "$work" -o "$work/nowhere/db.samdb"
grep -q "$work/nowhere/db.samdb: cannot write the snapshot: the folder $work/nowhere does not exist" "$work/err" ||
  fail "-o in a missing folder: $(cat "$work/err")"
grep -q "loaded" "$work/err" && fail "-o in a missing folder: the data was loaded first: $(cat "$work/err")"
expect_code 2 "-o a folder" "$sam" load "$program" --data "$work/csv" --rejects "$work" -o "$work"
grep -q "$work: cannot write the snapshot: it is a folder" "$work/err" || fail "-o a folder: $(cat "$work/err")"
expect_code 2 "--rejects under a file" "$sam" load "$program" --data "$work/csv" --rejects "$work/db.samdb/rejects" -o "$work/x.samdb"
grep -q "$work/db.samdb/rejects: the rejects folder cannot be written: $work/db.samdb is not a folder" "$work/err" ||
  fail "--rejects under a file: $(cat "$work/err")"
grep -q "loaded" "$work/err" && fail "--rejects under a file: the data was loaded first: $(cat "$work/err")"

# A UTF-16 file: named as such, with the command that converts it (exit code 1).
cp -r "$work/csv" "$work/utf16"
iconv -f UTF-8 -t UTF-16 "$work/csv/customers.csv" >"$work/utf16/customers.csv"
expect_code 1 "UTF-16 customers" "$sam" load "$program" --data "$work/utf16" --rejects "$work" -o "$work/u.samdb"
grep -q "customers.csv: the file is UTF-16, but SAM reads UTF-8; convert it with \`iconv -f UTF-16 -t UTF-8" "$work/err" ||
  fail "UTF-16 customers: $(cat "$work/err")"

# Warnings: a customers file with only a header loads (exit 0) with warnings;
# --strict makes them an error (exit 1) and writes no snapshot.
cp -r "$work/csv" "$work/empty"
head -n 1 "$work/csv/customers.csv" >"$work/empty/customers.csv"
expect_code 0 "no customers" "$sam" load "$program" --data "$work/empty" --rejects "$work/empty_rejects" -o "$work/empty.samdb"
grep -q "sam: warning: .*customers.csv: the customers table \`customers\` has no rows" "$work/err" ||
  fail "no customers: no warning: $(cat "$work/err")"
grep -q "warnings (--strict makes them errors)" "$work/err" || fail "no customers: no warning count: $(cat "$work/err")"
expect_code 1 "no customers, --strict" "$sam" load "$program" --data "$work/empty" --rejects "$work/empty_rejects" --strict \
  -o "$work/strict.samdb"
grep -q "has no rows: every event and list row will be rejected (an error under --strict)" "$work/err" ||
  fail "no customers, --strict: $(cat "$work/err")"
[ -e "$work/strict.samdb" ] && fail "no customers, --strict: the snapshot was written"
expect_code 1 "query --strict" "$sam" query "$program" --data "$work/empty" --rejects "$work/empty_rejects" --strict "${q[@]}" \
  -e 'count at_risk'
expect_code 0 "query --strict, good data" "$sam" query "$program" --data "$work/csv" --rejects "$work" --strict "${q[@]}" \
  -e 'count at_risk'

# A hostile line is read past, not held: a 128 MB quoted field (with line breaks, so
# that parallel chunks start inside it; and without) leaves the peak resident memory
# far below its size. (Needs python3 for the child's peak memory.)
peak_kb() {  # command...: runs it, prints its peak resident memory in KB
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
if command -v python3 >/dev/null; then
  for breaks in yes no; do
    rm -rf "$work/hostile"
    cp -r "$work/csv" "$work/hostile"
    { printf '999999,"'; if [ $breaks = yes ]; then yes 'a line of a hostile field, with commas,,,'; else yes 'x' | tr -d '\n'; fi |
      head -c $((128 << 20)); printf '",x\n'; } >>"$work/hostile/customers.csv"
    kb=$(peak_kb "$sam" load "$program" --data "$work/hostile" --rejects "$work/hostile_rejects" -o "$work/hostile.samdb")
    # Under ASan the allocator's quarantine and shadow pages make the figure meaningless.
    [ -n "${SAM_SANITIZED:-}" ] || [ "$kb" -lt $((64 << 10)) ] ||
      fail "a 128 MB field (line breaks: $breaks): peak resident memory $kb KB"
    grep -q "is longer than the limit of" "$work/hostile_rejects/customers.rejects.csv" ||
      fail "a 128 MB field (line breaks: $breaks): not rejected"
  done
  rm -rf "$work/hostile"
fi

finish "data commands"
