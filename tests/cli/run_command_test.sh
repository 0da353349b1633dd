#!/usr/bin/env bash
# `sam run` through the binary on tests/cli/run_command (a program and two CSV files),
# with plans worked out by hand from docs/engine.md:
#
# 2026-11-22 (first run, now 2026-11-22 00:00 +01:00): promo (audience true) for
#   customer 1 at 22:00, quiet until 08:00 on 11-23; customer 2 has no address and no
#   consent: stopped by both rules. `thanks` fires 1d after the order (11-21 10:00 UTC),
#   at 11-22 11:00 local: after this run's now, so in the next run.
# 2026-11-23: thanks for customer 1 at 09:00 on 11-23; promo's 08:00 contact of the same
#   morning shares a period of 1d with it: stopped by max. promo does not enter again
#   (reentry never).
#
#   run_command_test.sh SAM ROOT
set -uo pipefail
sam=$(realpath "$1")
root=$(realpath "$2")
cd "$root/tests/cli/run_command" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect_file() {  # FILE, then the expected lines on stdin
  if ! diff <(cat) "$1" >"$work/diff"; then
    fail "$1 differs (< expected, > actual):"
    cat "$work/diff"
  fi
}
run() { "$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/state.db" --quiet "$@"; }

run --date 2026-11-22 --out "$work/out" >"$work/summary" 2>&1 || fail "run 2026-11-22 exit code $?"
expect_file "$work/out/plan-2026-11-22.csv" <<'PLAN'
run_date,customer,campaign,campaign_key,message,step,channel,address,send_at,send_at_local,instance
2026-11-22,1,promo,promo-1,promo,1,email,ann@example.nl,2026-11-23T07:00:00Z,2026-11-23 08:00 +01:00,
PLAN
expect_file "$work/out/stops-2026-11-22.csv" <<'STOPS'
run_date,customer,campaign,message,step,rule,reason,source,instance
2026-11-22,2,promo,promo,1,address,no address on email: `email` is absent,,
2026-11-22,2,promo,promo,1,consent,consent `marketing`: not granted,program.sam:18:3,
STOPS

run --date 2026-11-23 --out "$work/out" >"$work/summary" 2>&1 || fail "run 2026-11-23 exit code $?"
expect_file "$work/out/plan-2026-11-23.csv" <<'PLAN'
run_date,customer,campaign,campaign_key,message,step,channel,address,send_at,send_at_local,instance
PLAN
expect_file "$work/out/stops-2026-11-23.csv" <<'STOPS'
run_date,customer,campaign,message,step,rule,reason,source,instance
2026-11-23,1,thanks,thanks,1,max,2 contacts in a period of 1d with this one at 2026-11-23 09:00 +01:00 (at most 1): promo at 2026-11-23 08:00 +01:00,program.sam:20:3,
STOPS

# A committed date again: the same files, nothing written.
cp "$work/out/plan-2026-11-22.csv" "$work/first.csv"
run --date 2026-11-22 --out "$work/out" >"$work/summary" 2>&1 || fail "replay exit code $?"
cmp -s "$work/first.csv" "$work/out/plan-2026-11-22.csv" || fail "the replayed plan differs"
grep -q "already committed" "$work/summary" || fail "the replay does not say it was committed before"
grep -Eq '^  thanks +- +- +0 +0 +-$' "$work/summary" || fail "the replay leaves out a campaign that planned nothing: $(cat "$work/summary")"
# Replayed by a program that renamed a campaign (its key kept): listed once, by the
# name its contacts were planned under.
sed 's/^campaign promo key/campaign promotion key/' program.sam >"$work/renamed.sam"
"$sam" run "$work/renamed.sam" --data data --rejects "$work/rejects" --state "$work/state.db" --date 2026-11-22 \
  >"$work/summary" 2>&1 || fail "replay (renamed) exit code $?"
grep -Eq '^  promo +- +- ' "$work/summary" && ! grep -q promotion "$work/summary" ||
  fail "a replay lists a renamed campaign twice: $(cat "$work/summary")"
run --date 2026-11-22 --format json >"$work/summary" 2>&1 || fail "replay --format json exit code $?"
grep -q '"replayed":true' "$work/summary" && grep -q '"entered":null,"candidates":null' "$work/summary" ||
  fail "a replay's JSON gives entries and candidates it does not know: $(cat "$work/summary")"

# --timer: the date's phases on stderr, the state write and the plan files among them.
rm -f "$work/timer.db"
"$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/timer.db" --quiet --date 2026-11-22 --timer \
  --out "$work/timer-out" >/dev/null 2>"$work/timer" || fail "--timer exit code $?"
for phase in "2026-11-22 timings" "thanks: entries" "arbitration" "state write" "plan files"; do
  grep -q "$phase" "$work/timer" || fail "--timer lacks \"$phase\": $(cat "$work/timer")"
done
# malloc on huge pages (cli/malloc_pages.hpp): off unless asked for; never under the sanitizers.
grep -q "malloc on huge pages: no" "$work/timer" || fail "huge pages by default: $(grep malloc "$work/timer")"
want=yes
[ "${SAM_SANITIZED:-}" = 1 ] && want=no
rm -f "$work/timer.db"
SAM_MALLOC_HUGE_PAGES=on "$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/timer.db" --quiet \
  --date 2026-11-22 --timer >/dev/null 2>"$work/timer" || fail "--timer exit code $?"
grep -q "malloc on huge pages: $want" "$work/timer" || fail "SAM_MALLOC_HUGE_PAGES=on: $(grep malloc "$work/timer")"

# --timer on the JIT: what it compiled, after the timings; the interpreter prints none.
grep -q "^jit: " "$work/timer" && fail "--timer on the interpreter: a jit line: $(grep "^jit: " "$work/timer")"
rm -f "$work/timer.db"
"$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/timer.db" --quiet --date 2026-11-22 --timer \
  --backend jit --out "$work/timer-jit" >/dev/null 2>"$work/timer" || fail "--timer --backend jit exit code $?"
grep -q "^jit: [0-9]* of [0-9]* expressions compiled in" "$work/timer" || fail "--timer --backend jit: no jit line: $(cat "$work/timer")"
cmp -s "$work/timer-out/plan-2026-11-22.csv" "$work/timer-jit/plan-2026-11-22.csv" || fail "the JIT's plan differs"

# A date before the first run: exit code 2 and a message naming both dates.
run --date 2026-11-01 >"$work/summary" 2>&1
code=$?
[ "$code" = 2 ] || fail "a date before the first run: exit code $code, expected 2"
grep -q "2026-11-23" "$work/summary" || fail "the error does not name the last run"

# A state file (or its folder) that cannot be written: exit code 2 and "cannot write",
# not "damaged". Root may write anything, so the check runs as `nobody` where it can.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  ro=$(mktemp -d)
  chown 65534 "$ro"
  cp "$work/state.db" "$ro/state.db"
  chmod 444 "$ro/state.db"
  setpriv --reuid=65534 --regid=65534 --clear-groups "$sam" run program.sam --data data --rejects "$ro/rejects" \
    --state "$ro/state.db" --date 2026-11-24 --quiet >"$work/summary" 2>&1
  code=$?
  [ "$code" = 2 ] || fail "a read-only state: exit code $code, expected 2: $(cat "$work/summary")"
  grep -q "cannot write the state file" "$work/summary" || fail "a read-only state: $(cat "$work/summary")"
  rm -rf "$ro"
fi

# An empty date (an unset shell variable) is a usage error, not today.
run --date "" >"$work/summary" 2>&1
code=$?
[ "$code" = 2 ] || fail "--date \"\": exit code $code, expected 2"
grep -q "an empty date" "$work/summary" || fail "--date \"\": $(cat "$work/summary")"
"$sam" why program.sam 1 promo --data data --rejects "$work/rejects" --state "$work/state.db" --date "" \
  >"$work/summary" 2>&1
code=$?
[ "$code" = 2 ] || fail "why --date \"\": exit code $code, expected 2"

# A mistyped date far ahead: refused (exit code 2) before anything is planned.
run --date 2099-11-23 >"$work/summary" 2>&1
code=$?
[ "$code" = 2 ] || fail "a catch-up of decades: exit code $code, expected 2"
grep -q "max-catch-up" "$work/summary" || fail "the refusal does not say how to allow it: $(cat "$work/summary")"
[ ! -e "$work/out/plan-2026-11-24.csv" ] || fail "dates were planned before the refusal"

# A run killed between its commit and its files (simulated: the last date's files
# removed): the next run writes them first, from the state.
cp "$work/out/stops-2026-11-23.csv" "$work/stops-23.csv"
rm "$work/out/plan-2026-11-23.csv" "$work/out/stops-2026-11-23.csv" "$work/out/stops-2026-11-23.jsonl"
run --date 2026-11-24 --out "$work/out" >"$work/summary" 2>&1 || fail "run 2026-11-24 exit code $?"
cmp -s "$work/stops-23.csv" "$work/out/stops-2026-11-23.csv" || fail "the missing files of 2026-11-23 are not written again"
[ -e "$work/out/plan-2026-11-23.csv" ] && [ -e "$work/out/plan-2026-11-24.csv" ] || fail "plan files missing after the run"
ls "$work/out" | grep -q '\.tmp$' && fail "files written aside are left: $(ls "$work/out")"

# An --out that is not a folder: refused before anything is planned (exit 2), so
# nothing is committed; a run of the same date with a good --out plans it. (A failure
# while the files are written, a full disk, still leaves the date committed and says
# so.) On a copy of the state: the checks below expect the last run on 2026-11-24.
printf 'a file, not a folder\n' >"$work/blocked"
cp "$work/state.db" "$work/blocked.db"
blocked_run() { "$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/blocked.db" --quiet "$@"; }
blocked_run --date 2026-11-25 --out "$work/blocked" >"$work/summary" 2>&1
code=$?
[ "$code" = 2 ] || fail "an unwritable --out: exit code $code, expected 2"
grep -q -- "--out $work/blocked: not a folder, and none can be made there; nothing was planned" "$work/summary" ||
  fail "the unwritable --out is not named: $(cat "$work/summary")"
"$sam" why program.sam 1 promo --data data --rejects "$work/rejects" --state "$work/blocked.db" --date 2026-11-25 \
  >"$work/why" 2>&1
grep -q "no run committed for this date" "$work/why" ||
  fail "2026-11-25 was committed with an unwritable --out: $(cat "$work/why")"
blocked_run --date 2026-11-25 --out "$work/out" >"$work/summary" 2>&1 || fail "run 2026-11-25 again: exit code $?"
[ -e "$work/out/plan-2026-11-25.csv" ] && [ -e "$work/out/stops-2026-11-25.jsonl" ] ||
  fail "the files of 2026-11-25 are not written by the second run: $(ls "$work/out")"
ls "$work/out" | grep -q '\.tmp$' && fail "files written aside are left: $(ls "$work/out")"

# A state file of another program: exit code 1, the file named.
printf 'not a database at all, but long enough to be read as a header of one....\n' >"$work/other.db"
"$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/other.db" --date 2026-11-22 >"$work/summary" 2>&1
code=$?
[ "$code" = 1 ] || fail "a foreign state file: exit code $code, expected 1"
grep -q "other.db: is not a SAM state file" "$work/summary" || fail "the foreign state file is not named: $(cat "$work/summary")"

# sam metrics: this program has none (said, exit 0); a missing state is a usage error.
"$sam" metrics program.sam --data data --rejects "$work/rejects" --state "$work/state.db" >"$work/metrics" 2>&1 ||
  fail "sam metrics: exit code $?"
grep -q "no campaign of the program has a metric" "$work/metrics" || fail "sam metrics: $(cat "$work/metrics")"
"$sam" metrics program.sam --data data --rejects "$work/rejects" --state "$work/none.db" >"$work/metrics" 2>&1
code=$?
[ "$code" = 2 ] || fail "sam metrics without a state: exit code $code, expected 2"

# No customers (every row rejected, or an empty export): refused, nothing committed.
mkdir -p "$work/empty"
head -1 data/customers.csv >"$work/empty/customers.csv"
head -1 data/orders.csv >"$work/empty/orders.csv"
"$sam" run program.sam --data "$work/empty" --rejects "$work/rejects" --state "$work/empty.db" --date 2026-11-22 \
  >"$work/summary" 2>&1
code=$?
[ "$code" = 1 ] || fail "no customers: exit code $code, expected 1"
grep -q "no customers to plan for; nothing was committed" "$work/summary" || fail "no customers: $(cat "$work/summary")"

# `why` in `sam query` (language.md §18) from the same state: the thanks of 11-23 that
# the cap stopped (the state's last run is 11-24 by now, which is what a date-less `why`
# explains).
q() { "$sam" query program.sam --data data --rejects "$work/rejects" --quiet "$@"; }
q --state "$work/state.db" -e 'why 1 thanks' >"$work/why" 2>&1 || fail "why in sam query: exit code $?"
grep -q '^customer 1, campaign thanks, run 2026-11-24$' "$work/why" || fail "why does not explain the last run: $(cat "$work/why")"
q --state "$work/state.db" --today 2026-11-23 -e 'why 1 thanks' >"$work/why" 2>&1 || fail "why --today: exit code $?"
grep -q '^customer 1, campaign thanks, run 2026-11-23$' "$work/why" || fail "why --today: $(cat "$work/why")"
grep -q 'stopped: "thanks" by max: 2 contacts in a period of 1d' "$work/why" || fail "why lacks the cap: $(cat "$work/why")"
q --state "$work/state.db" --today 2026-11-22 --format json -e 'why 1 promo' >"$work/why" 2>&1 || fail "why --today: exit code $?"
grep -q '"run_date":"2026-11-22"' "$work/why" || fail "why --today explains another date: $(cat "$work/why")"
grep -q '"planned":\[{"message":"promo"' "$work/why" || fail "why --today lacks the planned promo: $(cat "$work/why")"
for bad in "nostate:1:give --state STATE" "$work/other.db:1:is not a SAM state file" "$work/none.db:2:no such state file"; do
  IFS=: read -r state want_code want_text <<<"$bad"
  if [ "$state" = nostate ]; then q -e 'why 1 thanks' >"$work/why" 2>&1; else q --state "$state" -e 'why 1 thanks' >"$work/why" 2>&1; fi
  code=$?
  [ "$code" = "$want_code" ] || fail "why with $state: exit code $code, expected $want_code"
  grep -q "$want_text" "$work/why" || fail "why with $state: $(cat "$work/why")"
done
q --state "$work/state.db" -e 'why 99 thanks' >"$work/why" 2>&1
code=$?
[ "$code" = 1 ] || fail "why for an unknown key: exit code $code, expected 1"
grep -q 'no customer has the key `99`' "$work/why" || fail "why for an unknown key: $(cat "$work/why")"

# A campaign renamed with its key kept is the same campaign (language.md §15.1): `why`
# under the new name finds the day's contact and stops the run made under the old one.
sed 's/^campaign promo key "promo-1"/campaign promo_renamed key "promo-1"/' program.sam >"$work/renamed.sam"
for who in "1:planned: \"promo\" on email" "2:stopped: \"promo\" by"; do
  IFS=: read -r key want <<<"$who"
  "$sam" why "$work/renamed.sam" "$key" promo_renamed --data data --rejects "$work/rejects" --state "$work/state.db" \
    --date 2026-11-22 >"$work/why" 2>&1 || fail "why of a renamed campaign: exit code $?"
  grep -q "$want" "$work/why" || fail "why of a renamed campaign, customer $key: $(cat "$work/why")"
done

# An audience's parts are the operands of a top-level `and` or `or` (cli.md); `between`
# is one condition: shown once, never as two halves that each read as the whole (one
# true, one false).
why_between() {  # AUDIENCE, then the expected lines about it on stdin
  sed "s/^  audience true\$/  audience $1/" program.sam >"$work/between.sam"
  rm -f "$work/between.db"*
  "$sam" run "$work/between.sam" --data data --rejects "$work/rejects" --state "$work/between.db" --date 2026-11-22 \
    --quiet >/dev/null 2>&1 || fail "run of between.sam: exit code $?"
  "$sam" why "$work/between.sam" 1 promo --data data --rejects "$work/rejects" --state "$work/between.db" \
    --date 2026-11-22 >"$work/why" 2>&1 || fail "why of between.sam: exit code $?"
  expect_file <(grep -E '^ *(audience: |id between|email is absent)' "$work/why")
}
why_between 'id between 2 and 5' <<'WHY'
  audience: id between 2 and 5 = false
WHY
why_between 'id between 2 and 5 or email is absent' <<'WHY'
  audience: id between 2 and 5 or email is absent = false
      id between 2 and 5 = false
      email is absent = false
WHY

# `why` of firings that `limit N per run` held back (docs/engine.md, C8): three
# customers fire on one day, one enters per run, the last one is dropped when `until`
# has passed. Who goes first is the hash's choice: read from the plans.
mkdir -p "$work/limit/data"
cat >"$work/limit/limit.sam" <<'SAM'
schema {
  customers key id { id: int  email: string }
  events signups of customers by customer_id at signed_at { src: string? }
}
trigger signed = on signups
campaign welcome { kind service channel email on signed message "w" limit 1 per run until 2026-09-03 }
SAM
printf 'id,email\n1,a@x\n2,b@x\n3,c@x\n' >"$work/limit/data/customers.csv"
printf 'customer_id,signed_at,src\n1,2026-09-01T10:00Z,\n2,2026-09-01T10:00Z,\n3,2026-09-01T10:00Z,\n' \
  >"$work/limit/data/signups.csv"
limit_run() {  # PROGRAM DATE
  "$sam" run "$work/limit/$1" --data "$work/limit/data" --rejects "$work/rejects" --state "$work/limit/s.db" \
    --quiet --out "$work/limit/out" --date "$2" >/dev/null 2>&1 || fail "run of $1 for $2: exit code $?"
}
limit_why() {  # PROGRAM KEY CAMPAIGN DATE TEXT
  "$sam" why "$work/limit/$1" "$2" "$3" --data "$work/limit/data" --rejects "$work/rejects" \
    --state "$work/limit/s.db" --date "$4" >"$work/why" 2>&1 || fail "why $2 $4: exit code $?"
  grep -qF "$5" "$work/why" || fail "why $2 on $4 lacks \"$5\": $(cat "$work/why")"
}
limit_run limit.sam 2026-09-02
limit_run limit.sam 2026-09-03
first=$(sed -n 2p "$work/limit/out/plan-2026-09-02.csv" | cut -d, -f2)
second=$(sed -n 2p "$work/limit/out/plan-2026-09-03.csv" | cut -d, -f2)
third=$((6 - first - second))
limit_why limit.sam "$third" welcome 2026-09-03 'held back by `limit 1 per run` since 2026-09-02: it still waits'
limit_why limit.sam "$second" welcome 2026-09-03 \
  'fired in an earlier run and `limit 1 per run` held it back until this one: it began a journey on 2026-09-03'
limit_run limit.sam 2026-09-04
[ "$(wc -l <"$work/limit/out/plan-2026-09-04.csv")" = 1 ] || fail "limit: a contact after until"
limit_why limit.sam "$second" welcome 2026-09-02 '(`limit 1 per run` held it back: it began a journey on 2026-09-03)'
limit_why limit.sam "$third" welcome 2026-09-02 '(`limit 1 per run` held it back, then `until` 2026-09-03 passed and it was dropped)'

# `why` of an audience that holds for a customer who did not enter: `limit` let the
# other one in first, then `reentry after 2d` keeps the first one out for a day.
cat >"$work/limit/audience.sam" <<'SAM'
schema {
  customers key id { id: int  email: string }
  events signups of customers by customer_id at signed_at { src: string? }
}
campaign daily { kind service channel email audience true message "d" limit 1 per run reentry after 2d }
SAM
rm -f "$work/limit/s.db"*
limit_run audience.sam 2026-09-01
limit_run audience.sam 2026-09-02
first=$(sed -n 2p "$work/limit/out/plan-2026-09-01.csv" | cut -d, -f2)
[ "$(sed -n 2p "$work/limit/out/plan-2026-09-02.csv" | cut -d, -f2)" != "$first" ] || fail "reentry after 2d let $first in"
other=$(sed -n 2p "$work/limit/out/plan-2026-09-02.csv" | cut -d, -f2)
limit_why audience.sam "$other" daily 2026-09-01 'not entered on 2026-09-01: `limit 1 per run` let others in first'
limit_why audience.sam "$first" daily 2026-09-02 'not entered on 2026-09-02: `reentry after`: the last journey began on 2026-09-01, too recently'
"$sam" why "$work/limit/audience.sam" "$first" daily --data "$work/limit/data" --rejects "$work/rejects" \
  --state "$work/limit/s.db" --date 2026-09-01 >"$work/why" 2>&1
grep -q 'not entered' "$work/why" && fail "why of an entered customer says it did not enter: $(cat "$work/why")"

# Another program's state: a note (its contacts count towards this program's caps),
# not an error; none with --quiet, and none for the program whose state it is.
sed 's/^campaign thanks /campaign thanks2 /; s/^campaign promo key "promo-1"/campaign promo2/' program.sam \
  >"$work/other.sam"
rm -f "$work/foreign.db"*
"$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/foreign.db" --date 2026-11-22 --quiet \
  >/dev/null 2>&1 || fail "run for the foreign state: exit code $?"
"$sam" run "$work/other.sam" --data data --rejects "$work/rejects" --state "$work/foreign.db" --date 2026-11-23 \
  >/dev/null 2>"$work/ferr" || fail "another program on the state: exit code $?"
grep -q "none of this program's campaigns: is it another program's state" "$work/ferr" ||
  fail "no note for another program's state: $(cat "$work/ferr")"
"$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/foreign.db" --date 2026-11-24 \
  >/dev/null 2>"$work/ferr" || fail "the program on its own state: exit code $?"
grep -q "another program's state" "$work/ferr" && fail "a note for the program's own state: $(cat "$work/ferr")"

# A catch-up says so on standard error, unless --quiet ("no notes").
for quiet in "" --quiet; do
  rm -f "$work/q.db"*
  "$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/q.db" --date 2026-11-22 $quiet \
    >/dev/null 2>"$work/qerr" || fail "run for the catch-up: exit code $?"
  "$sam" run program.sam --data data --rejects "$work/rejects" --state "$work/q.db" --date 2026-11-25 $quiet \
    >/dev/null 2>"$work/qerr" || fail "catch-up $quiet: exit code $?"
  if [ -n "$quiet" ]; then
    [ ! -s "$work/qerr" ] || fail "catch-up --quiet printed: $(cat "$work/qerr")"
  else
    grep -q "planned 3 dates, 2026-11-23 to 2026-11-25: 2 skipped since the last run" "$work/qerr" ||
      fail "catch-up without --quiet: $(cat "$work/qerr")"
  fi
done

# `migrate restart` acts on a changed definition, not on a rename (language.md §15.1):
# renaming the campaign (its key kept) or the segment of its audience restarts nobody.
# Customer 1 entered on 03-02 (step "b" is due 03-04), customer 3 enters on 03-04.
mig=$work/migrate
mkdir -p "$mig/data"
printf 'id,email,signup_at\n1,a@x,2026-03-01T10:00:00Z\n2,b@x,2026-03-02T10:00:00Z\n3,c@x,2026-03-03T10:00:00Z\n' \
  >"$mig/data/customers.csv"
cat >"$mig/v1.sam" <<'SAM'
timezone "UTC"
schema { customers key id { id: int  email: string?  signup_at: timestamp } }
segment fresh = signup_at within 1d
campaign onb key "onb" {
  kind service  channel email  audience fresh
  step "a" at 0d  step "b" at 2d  step "c" at 4d
  send at 09:00  migrate restart
}
SAM
sed 's/^campaign onb key/campaign onboarding key/; s/fresh/newbies/g' "$mig/v1.sam" >"$mig/renamed.sam"
sed 's/step "b" at 2d/step "b" at 3d/' "$mig/v1.sam" >"$mig/changed.sam"
sed 's/migrate restart/migrate restart  paused/' "$mig/v1.sam" >"$mig/paused.sam"
for v in renamed changed paused; do
  rm -f "$mig/state.db"*
  for d in 2026-03-02 2026-03-03; do
    "$sam" run "$mig/v1.sam" --data "$mig/data" --state "$mig/state.db" --date $d --quiet >/dev/null 2>&1 ||
      fail "migrate ($v): run $d exit code $?"
  done
  "$sam" run "$mig/$v.sam" --data "$mig/data" --state "$mig/state.db" --date 2026-03-04 --quiet --out "$mig/$v" \
    >/dev/null 2>&1 || fail "migrate ($v): run 2026-03-04 exit code $?"
  got=$(cut -d, -f2,5 "$mig/$v/plan-2026-03-04.csv" | tail -n +2 | tr '\n' ' ')
  # Renamed: 1 goes on to "b", 3 starts. Changed: `restart` starts 1 and 2 again at
  # "a". Paused (a pause is no change of the journeys): 1's "b" is stopped by it.
  want="1,b 3,a "
  [ "$v" = changed ] && want="1,a 2,a 3,a "
  if [ "$v" = paused ]; then
    want=""
    stops=$(cut -d, -f2,4,6 "$mig/$v/stops-2026-03-04.csv" | tail -n +2 | tr '\n' ' ')
    [ "$stops" = "1,b,paused " ] || fail "migrate (paused): stopped $stops, expected 1,b,paused"
  fi
  [ "$got" = "$want" ] || fail "migrate ($v): planned $got, expected $want"
  [ "$v" = changed ] || continue
  # After the restart, `sam why` of 03-02 still shows customer 1's
  # first journey and its "a" of that date; of 03-04, both journeys.
  "$sam" why "$mig/changed.sam" 1 onb --data "$mig/data" --state "$mig/state.db" --date 2026-03-02 >"$work/why-mig" 2>&1 ||
    fail "migrate: why exit code"
  grep -qF 'journey entered 2026-03-02: in the journey on 2026-03-02 (it was restarted by `migrate restart` on 2026-03-04' \
    "$work/why-mig" && grep -qF 'planned: "a" on email' "$work/why-mig" || fail "why before a restart: $(cat "$work/why-mig")"
  "$sam" why "$mig/changed.sam" 1 onb --data "$mig/data" --state "$mig/state.db" --date 2026-03-04 >"$work/why-mig" 2>&1
  [ "$(grep -c 'journey entered' "$work/why-mig")" = 2 ] || fail "why after a restart: $(cat "$work/why-mig")"
done

# Runs DIR/p.sam date by date, each argument "DATA DATE" (DATA a folder of DIR), with
# DIR/state.db and plan files in DIR/out; a run that fails fails the test as WHAT.
run_days() {
  local dir=$1 what=$2 step
  shift 2
  for step in "$@"; do
    set -- $step
    "$sam" run "$dir/p.sam" --data "$dir/$1" --state "$dir/state.db" --date "$2" --out "$dir/out" --quiet \
      >/dev/null 2>&1 || fail "$what: run $2 exit code"
  done
}
# The planned contacts of DIR/out, their fields FIELDS (cut's list), sorted, on one line.
planned() { cat "$1"/out/plan-*.csv | grep -v '^run_date' | cut -d, -f"$2" | sort | tr '\n' ' '; }

# A delay read from a reference table that is edited between runs (docs/engine.md "A
# delay read from data"): wait_days 2 until 06-05, then 5. Customer 1's account
# (06-01 10:00) fired on 06-04 and does not fire again on 06-07; customer 2's (06-03
# 10:00) had not fired and fires on 06-09 (06-08 10:00).
dd=$work/delay_data
mkdir -p "$dd/d1" "$dd/d2"
cat >"$dd/p.sam" <<'SAM'
schema {
  customers key id { id: int  email: string }
  events accounts of customers by customer_id at opened_at { product: string }
  table offers key product { product: string  wait_days: int }
}
trigger opened = on accounts after days(offers[trigger.product].wait_days ?? 30)
campaign xsell key "xsell" { kind service channel email on opened message "xsell" }
SAM
for v in d1 d2; do
  printf 'id,email\n1,a\n2,b\n' >"$dd/$v/customers.csv"
  printf 'customer_id,opened_at,product\n1,2027-06-01 10:00,savings\n2,2027-06-03 10:00,savings\n' >"$dd/$v/accounts.csv"
done
printf 'product,wait_days\nsavings,2\n' >"$dd/d1/offers.csv"
printf 'product,wait_days\nsavings,5\n' >"$dd/d2/offers.csv"
run_days "$dd" "delay from data" "d1 2027-06-01" "d1 2027-06-05" "d2 2027-06-10"
got=$(planned "$dd" 1,2)
[ "$got" = "2027-06-04,1 2027-06-09,2 " ] || fail "delay from data: planned $got, expected 2027-06-04,1 2027-06-09,2"

# A journey's firing event corrected in the data between runs (its time moved): a
# later step whose `if` reads `trigger.FIELD` is stopped by `trigger`, with the
# reason, instead of being skipped as if the field were absent (docs/engine.md); a
# step that does not read the event is sent.
ev=$work/event_gone
mkdir -p "$ev/d1" "$ev/d2"
cat >"$ev/p.sam" <<'SAM'
timezone "Europe/Amsterdam"
schema {
  customers key id { id: int  email: string }
  events orders of customers by customer_id at ordered_at { order_id: string  amount: int }
}
trigger ordered = on orders per order_id
campaign follow {
  kind service channel email on ordered
  step "thanks" at 0d
  step "upsell" at 2d if trigger.amount > 100
  step "survey" at 3d
}
SAM
for v in d1 d2; do printf 'id,email\n1,a@x.nl\n' >"$ev/$v/customers.csv"; done
printf 'customer_id,ordered_at,order_id,amount\n1,2027-06-01 10:00,ORDER-1,150\n' >"$ev/d1/orders.csv"
printf 'customer_id,ordered_at,order_id,amount\n1,2027-06-01 11:00,ORDER-1,150\n' >"$ev/d2/orders.csv"
run_days "$ev" "event gone" "d1 2027-06-02" "d2 2027-06-05"
got=$(planned "$ev" 1,5)
[ "$got" = "2027-06-02,thanks 2027-06-05,survey " ] || fail "event gone: planned $got"
grep -qF '2027-06-04,1,follow,upsell,2,trigger,"the `orders` event that began the journey (2027-06-01 10:00 +02:00, ORDER-1) is no longer in the data' \
  "$ev/out/stops-2027-06-04.csv" || fail "event gone: stops $(cat "$ev"/out/stops-*.csv)"

# A snapshot damaged in a column only the engine reads (a trigger's `per` values) stops
# the run (exit 1, the checksum named) instead of planning the damaged value.
snap=$work/damaged
mkdir -p "$snap/d"
cat >"$snap/p.sam" <<'SAM'
schema {
  customers key id { id: int  email: string }
  events orders of customers by customer_id at ordered_at { order_id: string }
}
trigger ordered = on orders per order_id
campaign thanks { kind service channel email on ordered message "thanks" }
SAM
printf 'id,email\n1,a@x.nl\n2,b@x.nl\n' >"$snap/d/customers.csv"
printf 'customer_id,ordered_at,order_id\n1,2026-11-22T10:00:00Z,ORDER-1\n2,2026-11-22T11:00:00Z,ORDER-2\n' >"$snap/d/orders.csv"
"$sam" load "$snap/p.sam" --data "$snap/d" -o "$snap/p.samdb" >/dev/null 2>&1 || fail "damaged: load exit code"
python3 -c "import sys; p=sys.argv[1]; d=bytearray(open(p,'rb').read()); i=d.find(b'ORDER-2'); d[i+6]=ord('9'); open(p,'wb').write(d)" "$snap/p.samdb"
"$sam" run "$snap/p.sam" --db "$snap/p.samdb" --state "$snap/s.db" --date 2026-11-23 --out "$snap/out" --quiet >/dev/null 2>"$work/damaged.err"
code=$?
[ "$code" = 1 ] && grep -qF 'table orders column order_id: corrupted data (checksum mismatch)' "$work/damaged.err" ||
  fail "a damaged per column: exit $code, $(cat "$work/damaged.err")"

# A daily run stays quiet: the program's warnings (an unused let) are `sam check`'s.
{ cat "$snap/p.sam"; echo 'let unused = 1'; } >"$snap/w.sam"
"$sam" run "$snap/w.sam" --data "$snap/d" --rejects "$work/rejects" --state "$snap/w.db" --date 2026-11-23 --quiet \
  >/dev/null 2>"$work/warn.err" || fail "warnings: run exit code"
[ ! -s "$work/warn.err" ] || fail "sam run printed the program's warnings: $(cat "$work/warn.err")"

# `sam why` of a customer no longer in the data: what the state holds (the journey and
# the step stopped by `customer`); a key in neither is an error.
gone=$work/gone
mkdir -p "$gone/d1" "$gone/d2"
printf 'schema { customers key id { id: int  email: string } }\n%s\n' \
  'campaign c { kind service channel email audience true step "s1" at 0d step "s2" at 2d reentry never }' >"$gone/p.sam"
printf 'id,email\n1,a\n2,b\n' >"$gone/d1/customers.csv"
printf 'id,email\n1,a\n' >"$gone/d2/customers.csv"
"$sam" run "$gone/p.sam" --data "$gone/d1" --state "$gone/s.db" --date 2026-06-01 --quiet >/dev/null 2>&1 || fail "gone: run 1"
"$sam" run "$gone/p.sam" --data "$gone/d2" --state "$gone/s.db" --date 2026-06-03 --quiet >/dev/null 2>&1 || fail "gone: run 2"
"$sam" why "$gone/p.sam" 2 c --data "$gone/d2" --state "$gone/s.db" >"$work/why-gone" 2>&1 || fail "gone: why exit code"
grep -qF 'not in the data: what the state holds of this customer' "$work/why-gone" &&
  grep -qF 'stopped: "s2" by customer' "$work/why-gone" || fail "why of a customer gone from the data: $(cat "$work/why-gone")"
"$sam" why "$gone/p.sam" 99 c --data "$gone/d2" --state "$gone/s.db" >/dev/null 2>"$work/why-gone"
code=$?
[ "$code" = 1 ] && grep -qF 'no customer has the key `99`' "$work/why-gone" || fail "why of an unknown key: exit $code"

# `sam why`, `why` in `sam query` and `sam metrics` read a state and write nothing: an
# empty file (no run yet) is an error (exit 1) and stays empty.
: >"$work/empty.db"
for cmd in "why $snap/p.sam 1 thanks" "query $snap/p.sam -e why_1_thanks" "metrics $snap/p.sam"; do
  set -- $cmd
  args=("$@")
  [ "$1" = query ] && args=(query "$2" -e 'why 1 thanks')
  "$sam" "${args[@]}" --data "$snap/d" --rejects "$work/rejects" --state "$work/empty.db" >/dev/null 2>"$work/empty.err"
  code=$?
  [ "$code" = 1 ] && [ ! -s "$work/empty.db" ] && grep -qF 'no run committed yet' "$work/empty.err" ||
    fail "$1 on an empty state: exit $code, size $(stat -c %s "$work/empty.db"), $(cat "$work/empty.err")"
done

# --dry-run: the same plan as the real run of the date, its files under DIR/dry-run/
# (nothing watching DIR takes them for a plan to send), no state file made for a
# state that did not exist, and nothing committed to one that did.
dry=$(mktemp -d)
run_dry() { "$sam" run program.sam --data data --rejects "$work/rejects" --quiet --dry-run "$@"; }
run_dry --state "$dry/new.db" --date 2026-11-22 --out "$dry/out" >/dev/null 2>&1 || fail "--dry-run: exit code $?"
[ -e "$dry/new.db" ] && fail "--dry-run made the state file it was given"
ls "$dry/out"/plan-* "$dry/out"/stops-* >/dev/null 2>&1 && fail "--dry-run wrote plan files where real ones go"
cmp -s "$dry/out/dry-run/plan-2026-11-22.csv" "$work/out/plan-2026-11-22.csv" ||
  fail "--dry-run: the plan differs from the real run's"
cp "$work/state.db" "$dry/state.db"
run_dry --state "$dry/state.db" --date 2026-11-24 >/dev/null 2>&1 || fail "--dry-run on a state: exit code $?"
cmp -s "$dry/state.db" "$work/state.db" || fail "--dry-run changed the state file"
rm -rf "$dry"

# `sam why` shows a customer's zone that is not one, as the run treats it: the
# program's zone is used (the run says so in a note); and a campaign before its `from`
# day as closed.
tz=$(mktemp -d)
printf 'timezone "UTC"\nschema { customers key id { id: int  email: string  tz: string } }\n%s\n%s\npolicy { timezone tz }\n' \
  'campaign c { kind service channel email audience true message "m" }' \
  'campaign later { kind service channel email audience true message "l" from 2026-03-05 }' >"$tz/p.sam"
mkdir "$tz/data"
printf 'id,email,tz\n1,a@example.com,Not/AZone\n' >"$tz/data/customers.csv"
(cd "$tz" && "$sam" run p.sam --data data --state state.db --date 2026-03-01 --quiet >/dev/null 2>&1) ||
  fail "a customer's unknown zone: run exit code"
(cd "$tz" && "$sam" why p.sam 1 c --data data --state state.db) >"$work/why-zone" 2>&1 || fail "why exit code"
grep -qF 'timezone `tz` = "Not/AZone", not a time zone: the program'"'"'s zone `UTC` is used' "$work/why-zone" ||
  fail "why does not say the program's zone is used: $(cat "$work/why-zone")"
(cd "$tz" && "$sam" why p.sam 1 later --data data --state state.db) >"$work/why-from" 2>&1 || fail "why later exit code"
grep -qF 'nobody enters on 2026-03-01: the campaign starts on 2026-03-05 (`from`)' "$work/why-from" ||
  fail "why does not say the campaign had not started: $(cat "$work/why-from")"
rm -rf "$tz"

# `sam why` names the instance of a keyed campaign's planned contacts (`per`): two
# carts, two contacts, told apart; a second event of cart X in the same run fires but
# begins nothing.
per=$(mktemp -d)
printf 'timezone "UTC"\nschema {\n  customers key id { id: int  email: string }\n%s\n}\n%s\n%s\n' \
  '  events carts of customers by customer_id at t { cart_id: string }' \
  'trigger added = on carts per cart_id' \
  'campaign remind { kind service channel email on added message "r" }' >"$per/p.sam"
mkdir "$per/data"
printf 'id,email\n1,a@example.com\n' >"$per/data/customers.csv"
printf 'customer_id,t,cart_id\n1,2026-02-28 10:00,X\n1,2026-02-28 11:00,Y\n1,2026-02-28 12:00,X\n' >"$per/data/carts.csv"
(cd "$per" && "$sam" run p.sam --data data --state state.db --date 2026-03-01 --quiet >/dev/null 2>&1) || fail "per: run exit code"
(cd "$per" && "$sam" why p.sam 1 remind --data data --state state.db) >"$work/why-per" 2>&1 || fail "per: why exit code"
for x in X Y; do
  grep -qF "planned: \"r\" for $x on email" "$work/why-per" || fail "why does not name instance $x: $(cat "$work/why-per")"
done
grep -qF "at 2026-02-28T12:00:00Z for X: fires, but another firing began the journey for X on 2026-03-01" "$work/why-per" ||
  fail "why does not say the second firing of X began nothing: $(cat "$work/why-per")"
# A later event of cart X while X's journey runs begins nothing: `why` says which
# journey was running (not a list of what might have held it back).
printf 'timezone "UTC"\nschema {\n  customers key id { id: int  email: string }\n%s\n}\n%s\n%s\n' \
  '  events carts of customers by customer_id at t { cart_id: string }' \
  'trigger added = on carts per cart_id' \
  'campaign remind { kind service channel email on added step "r1" at 0d step "r2" at 3d }' >"$per/r.sam"
mkdir "$per/later"
cp "$per/data/customers.csv" "$per/later/"
printf 'customer_id,t,cart_id\n1,2026-02-28 10:00,X\n1,2026-03-01 10:00,X\n' >"$per/later/carts.csv"
for d in 2026-03-01 2026-03-02; do
  (cd "$per" && "$sam" run r.sam --data later --state r.db --date $d --quiet >/dev/null 2>&1) || fail "running: run $d"
done
(cd "$per" && "$sam" why r.sam 1 remind --data later --state r.db) >"$work/why-running" 2>&1 || fail "running: why exit code"
grep -qF 'at 2026-03-01T10:00:00Z for X: fires, but no journey for X began on 2026-03-02 (the journey for X that began on 2026-03-01 was running' \
  "$work/why-running" || fail "why of a firing while its instance runs: $(cat "$work/why-running")"
# A firing `limit` held back: waiting (after 06-02), then entered on 06-03
# (tests/cli/plans/limit_customers: customer 3's cart E).
lim="$root/tests/cli/plans/limit_customers"
for d in 2026-06-01 2026-06-02 2026-06-03; do
  "$sam" run "$lim/program.sam" --data "$lim/data" --rejects "$work/rejects" --state "$per/lim.db" --date $d --quiet \
    >/dev/null 2>&1 || fail "limit: run $d"
  [ $d = 2026-06-01 ] && continue
  "$sam" why "$lim/program.sam" 3 cart --data "$lim/data" --rejects "$work/rejects" --state "$per/lim.db" --date 2026-06-02 \
    >"$work/why-limit" 2>&1 || fail "limit: why exit code"
  want='`limit 2 per run` held it back: it waits since 2026-06-02'
  [ $d = 2026-06-03 ] && want='`limit 2 per run` held it back: it began a journey on 2026-06-03'
  grep -qF "$want" "$work/why-limit" || fail "why of a firing limit held back (after $d): $(cat "$work/why-limit")"
done
# Without `per`, every firing begins a journey of its own (docs/engine.md C1): both
# orders of the day fire and neither is told another began its journey. The campaign
# is named by its key (cli.md).
printf 'timezone "UTC"\nschema {\n  customers key id { id: int  email: string }\n%s\n}\n%s\n%s\n' \
  '  events orders of customers by customer_id at t { oid: string }' \
  'trigger ordered = on orders' \
  'campaign thanks key "thx" { kind service channel email on ordered message "t" }' >"$per/q.sam"
printf 'customer_id,t,oid\n1,2026-02-28 10:00,A\n1,2026-02-28 11:00,B\n' >"$per/data/orders.csv"
(cd "$per" && "$sam" run q.sam --data data --state q.db --date 2026-03-01 --quiet >/dev/null 2>&1) || fail "no per: run exit code"
(cd "$per" && "$sam" why q.sam 1 thx --data data --state q.db) >"$work/why-no-per" 2>&1 || fail "no per: why exit code"
grep -qF 'customer 1, campaign thanks, run 2026-03-01' "$work/why-no-per" &&
  [ "$(grep -cF ': fires' "$work/why-no-per")" = 2 ] && ! grep -qF 'another firing' "$work/why-no-per" &&
  [ "$(grep -cF 'planned: "t" on email' "$work/why-no-per")" = 2 ] ||
  fail "why of two firings without per: $(cat "$work/why-no-per")"
rm -rf "$per"

# An error while computing (an overflow for one customer) names its place in the
# program with the source line and carets, as `sam query` does; exit 1, no state.
ovf=$(mktemp -d)
printf 'schema { customers key id { id: int  email: string  n: int } }\nsegment huge = n * 1000000000 > 5\n%s\n' \
  'campaign c { kind service channel email audience huge message "m" }' >"$ovf/p.sam"
mkdir "$ovf/data"
printf 'id,email,n\n1,a,1\n2,b,9000000000000\n' >"$ovf/data/customers.csv"
(cd "$ovf" && "$sam" run p.sam --data data --state state.db --date 2026-03-01 --quiet) >"$work/overflow" 2>&1
code=$?
[ "$code" = 1 ] || fail "an overflow in a run: exit code $code, expected 1"
expect_file "$work/overflow" <<'OVERFLOW'
p.sam:2:16: error: value out of range in `*` for customer 2
    2 | segment huge = n * 1000000000 > 5
      |                ^~~~~~~~~~~~~~
OVERFLOW
if [ -e "$ovf/state.db" ] && "$sam" why "$ovf/p.sam" 1 c --data "$ovf/data" --state "$ovf/state.db" >/dev/null 2>&1; then
  fail "an overflow in a run: a run was committed"
fi
rm -rf "$ovf"

if [ "$failures" -gt 0 ]; then
  echo "run_command: $failures failures"
  exit 1
fi
echo "run_command: every plan as worked out by hand"
