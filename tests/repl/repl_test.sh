#!/usr/bin/env bash
# `sam repl` end to end: piped scripts (answers equal `sam query`'s for the same
# questions, definitions kept across inputs and errors, the dot commands, exit codes),
# then a person at a terminal (tests/repl/pty_driver types keys into a pseudo-terminal
# and reads the screen): completion, multi-line input, history across sessions,
# Ctrl-C while typing and during a query, Ctrl-D.
#
#   repl_test.sh SAM ROOT PTY_DRIVER
set -uo pipefail
sam=$(realpath "$1")
root=$(realpath "$2")
pty=$(realpath "$3")
program=$root/examples/complete/segments.sam
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export NO_COLOR=1 SAM_HISTORY=$work/history

"$sam" gen --customers 30000 --out "$work/csv" >/dev/null 2>&1 || { echo "FAIL: sam gen"; exit 1; }
"$sam" load "$program" --data "$work/csv" --rejects "$work" -o "$work/db.samdb" >/dev/null 2>&1 ||
  { echo "FAIL: sam load"; exit 1; }
day=(--today 2026-11-23)
query() { "$sam" query "$program" --db "$work/db.samdb" "${day[@]}" --quiet "$@"; }
# repl SCRIPT: runs it piped; stdout to $work/out, stderr to $work/err, exit code in $code.
repl() {
  printf '%s' "$1" | "$sam" repl "$program" --db "$work/db.samdb" "${day[@]}" >"$work/out" 2>"$work/err"
  code=$?
}
same() {  # what expected got
  [ "$2" = "$3" ] || fail "$1: got [$3], expected [$2]"
}

# ---- piped ----------------------------------------------------------------------
# Answers: those of `sam query` for the same text, one input after another.
repl $'count new_contacts\ncount at_risk\nshow at_risk limit 3 { id, lifetime_revenue }\n'
same "piped exit code" 0 "$code"
want=$(query -e 'count new_contacts'; query -e 'count at_risk'; query -e 'show at_risk limit 3 { id, lifetime_revenue }')
same "piped answers" "$want" "$(cat "$work/out")"
[ -s "$work/err" ] && fail "piped, no errors: stderr has $(cat "$work/err")"

# A definition stays for later inputs; one over several lines; an error in between
# (a redefinition of the wrong type) is reported with its caret and loses nothing.
repl $'segment big = lifetime_revenue >= 1000\nsegment big = 1\nlet recent =\n  count(orders within 90d)\ncount customers where\n  big and recent > 0\ncount big\n'
same "errors: exit code" 1 "$code"
want=$(query -e 'count customers where lifetime_revenue >= 1000 and count(orders within 90d) > 0'; query -e 'count customers where lifetime_revenue >= 1000')
same "definitions kept" "$want" "$(cat "$work/out")"
grep -q "error: segment \`big\` must be a condition (\`bool\`), found \`int\` \[type-mismatch\]" "$work/err" ||
  fail "a bad redefinition: $(cat "$work/err")"
grep -q "^<stdin>:2:15: error" "$work/err" || fail "the error names the script's line: $(cat "$work/err")"
grep -q "^      |               ^$" "$work/err" || fail "caret under \`1\`: $(cat "$work/err")"

# A definition pasted as programs write it (continuation lines that start with `and`)
# is one definition; a bracket left open ends at the next statement instead of
# swallowing the script; an input that ends too early is pointed at where it ends.
repl $'segment w2 = former_customers\n  and not (exit_reason is present and exit_reason == moved_abroad)\n  and (exit_survey_at is absent or none(orders after exit_survey_at))\ncount w2\ncount customers where (at_risk and\ncount at_risk\n.mode csv\ncount at_risk\nwhy 17\n'
same "pasted definition, open bracket: exit code" 1 "$code"
n=$(query -e 'count at_risk')
same "pasted definition, open bracket" "$(query -e 'count winnable')
$n
count
$n" "$(cat "$work/out")"
grep -q "^<stdin>:5:35: error: expected an expression, found the end of the input" "$work/err" ||
  fail "open bracket: $(cat "$work/err")"
grep -q "^<stdin>:9:7: error: expected a name, found the end of the input" "$work/err" || fail "why 17: $(cat "$work/err")"
# Columns that are no value per customer are diagnostics, never the end of the session.
repl $'show customers limit 1 { customer }\nshow customers limit 1 { {1, 2} }\ncount at_risk\n'
same "bad columns: the session goes on" "$n" "$(cat "$work/out")"
grep -q "not a whole row" "$work/err" || fail "a row as a column: $(cat "$work/err")"
# .save never replaces a file of the program.
repl ".save $program
"
same ".save over the program: exit code" 1 "$code"
grep -q "would replace a file of the program" "$work/err" || fail ".save over the program: $(cat "$work/err")"
"$sam" check "$program" >/dev/null 2>&1 || fail ".save replaced the program"
# .schema shows an enum's values, and an enum by its name.
repl $'.schema product\n.timer\n'
same ".schema ENUM, .timer" "enum product {savings, current_account, credit_card, mortgage, travel_insurance, home_insurance}
off" "$(cat "$work/out")"

# A continuation line with an error leaves the declaration before it as it was; a
# folder is not a script; answers that cannot be written are an I/O error (exit 2).
repl $'segment z = order_count > 0\n  and nosuchthing\ncount z\n.read /\n'
same "a failed continuation keeps the declaration" "$(query -e 'count customers where order_count > 0')" "$(cat "$work/out")"
grep -q "note: what was declared before this line stays as it was" "$work/err" || fail "failed continuation: $(cat "$work/err")"
grep -q "cannot read \`/\`: it is a directory" "$work/err" || fail ".read /: $(cat "$work/err")"
if [ -w /dev/full ]; then
  printf 'count at_risk\n' | "$sam" repl "$program" --db "$work/db.samdb" "${day[@]}" >/dev/full 2>"$work/err"
  same "answers to a full disk: exit code" 2 "$?"
  grep -q "cannot write the answer to standard output" "$work/err" || fail "a full disk: $(cat "$work/err")"
fi

# A segment the session declared, declared again, replaces the last (and what uses
# it follows); an error in the new one keeps the old; the program's own stay.
repl $'segment big = lifetime_revenue >= 1000\nsegment both = big and multi_product\nsegment big = lifetime_revenue >= 2000\ncount both\nsegment big = 1\ncount big\nsegment at_risk = order_count > 1\n'
same "redefinition" "$(query -e 'count customers where lifetime_revenue >= 2000 and multi_product')
$(query -e 'count customers where lifetime_revenue >= 2000')" "$(cat "$work/out")"
grep -q "note: \`big\` is defined again: this definition replaces the last" "$work/err" || fail "redefinition: $(cat "$work/err")"
grep -q "\`at_risk\` is already defined as a segment \[duplicate-definition\]" "$work/err" ||
  fail "a program's segment redefined: $(cat "$work/err")"

# Modes.
repl $'.mode csv\nshow at_risk limit 2 { id }\n.mode json\ncount at_risk\n.mode markdown\ncount at_risk\n.mode line\nshow at_risk limit 1 { id }\n.mode\n'
n=$(query -e 'count at_risk')
ids=$(query -e 'show at_risk limit 2 { id }' --format csv)
expected="$ids
{\"query\":\"count at_risk\",\"today\":\"2026-11-23\",\"count\":$n}
| count |
| ---: |
| $n |
id = $(echo "$ids" | sed -n 2p)
(1 of $n customers)
line"
same "modes" "$expected" "$(cat "$work/out")"
repl $'.mode yaml\n'
same ".mode yaml: exit code" 1 "$code"
grep -q "unknown mode \`yaml\`: table, csv, json, markdown or line" "$work/err" || fail ".mode yaml: $(cat "$work/err")"

# The run date: `.date`, and a `today` line of the input's own.
repl $'.date\n.date 2026-01-15\ncount new_contacts\ntoday 2026-03-01\ncount new_contacts\n.date 2026-02-30\n'
want="2026-11-23
$("$sam" query "$program" --db "$work/db.samdb" --today 2026-01-15 -e 'count new_contacts')
$("$sam" query "$program" --db "$work/db.samdb" --today 2026-03-01 -e 'count new_contacts')"
same ".date" "$want" "$(cat "$work/out")"
grep -q "February 2026 has 28 days" "$work/err" || fail ".date 2026-02-30: $(cat "$work/err")"

# .schema, .segments, .explain, unknown commands.
repl $'.schema orders\n.segments\nsegment big = lifetime_revenue >= 1000\n.explain big\n.schema ordres\n.sgments\n'
same "describe: exit code" 1 "$code"
grep -q "^events orders$" "$work/out" || fail ".schema orders: $(cat "$work/out")"
grep -q "^  ordered_at: timestamp  (time)$" "$work/out" || fail ".schema orders, its time: $(cat "$work/out")"
grep -q "^segment at_risk = churn_risk >= 50 and exit_survey_at is absent$" "$work/out" || fail ".segments: $(cat "$work/out")"
grep -q "^ir: (ge (let lifetime_revenue) 1000.0)$" "$work/out" || fail ".explain: $(cat "$work/out")"
grep -q "^uses: lifetime_revenue$" "$work/out" || fail ".explain uses: $(cat "$work/out")"
grep -q "no table or enum \`ordres\` (did you mean \`orders\`?)" "$work/err" || fail ".schema ordres: $(cat "$work/err")"
grep -q "unknown command \`.sgments\` (did you mean \`.segments\`?)" "$work/err" || fail ".sgments: $(cat "$work/err")"

# .save writes a module that checks and that .read brings back; .output writes answers.
repl ".output $work/answers.txt
segment big = lifetime_revenue >= 1000
count big
.output
.save $work/saved.sam
"
same ".save: exit code" 0 "$code"
same ".output" "$(query -e 'count customers where lifetime_revenue >= 1000')" "$(cat "$work/answers.txt")"
"$sam" check "$work/saved.sam" >/dev/null 2>&1 || fail "the saved module does not check: $(cat "$work/saved.sam")"
repl ".read $work/saved.sam
count big
"
same ".read" "$(cat "$work/answers.txt")" "$(cat "$work/out")"

# Without data: definitions are checked, questions refused.
printf 'segment big = lifetime_revenue >= 1000\n' | "$sam" repl "$program" --quiet >"$work/out" 2>"$work/err"
same "no data, a definition: exit code" 0 "$?"
printf 'count new_contacts\n' | "$sam" repl "$program" --quiet >"$work/out" 2>"$work/err"
same "no data, a question: exit code" 1 "$?"
grep -q "no data to ask" "$work/err" || fail "no data: $(cat "$work/err")"
# Without --today, a note names the run date.
printf '' | "$sam" repl "$program" >"$work/out" 2>"$work/err"
grep -q "^sam: note: run date " "$work/err" || fail "no --today, no note: $(cat "$work/err")"

# ---- at a terminal --------------------------------------------------------------
contacts=$(query -e 'count new_contacts')
recent=$(query -e 'count customers where order_count > 0 and days_with_us < 100')
daniel=$(query -e 'count customers where first_name == "Daniël"')
[ "$daniel" -gt 0 ] || fail "the data has no Daniël"
cat >"$work/typed.pty" <<EOF
expect sam>
# Tab completes a segment's name, then the fields of a table after its name and a dot.
send count new_co\t
expect new_contacts
send \n
expect $contacts
send count customers where order_count > 0 and\n
expect ...>
send days_with_us < 100\n
expect $recent
# Ctrl-C drops what is typed; the session goes on.
send count new_con\x03
expect sam>
send count new_contacts\n
expect $contacts
send show customers limit 1 { orders.amou\t
expect orders.amount
send \x03
expect sam>
# Letters beyond ASCII, typed (once dropped by the line editor: a wrong answer).
send count customers where first_name == "Daniël"\n
expect $daniel
# An error, then a correct question.
send count bgi\n
expect undefined segment \`bgi\`
send .timer on\n
send count new_contacts\n
expect $contacts
expect answered by the interpreter
send .timer off\n
# A table wider and longer than the terminal (100 columns, 40 rows): the middle
# columns and rows elided, the footer says so.
send show customers limit 100 { id, email, first_name, country, region, signup_at, birth_date, lifetime_revenue, revenue_365, churn_risk, order_count }\n
expect …
expect (100 of 30000 customers; 34 rows printed; 7 of 11 columns: \`.mode line\` shows every value)
# A long question (three nested aggregates, seconds of work) shows a progress line
# after a second; Ctrl-C stops it.
send count customers where any(web_events as a where count(web_events as b where count(web_events as x where x.occurred_at > b.occurred_at and x.occurred_at < a.occurred_at) > 0) > 5)\n
expect (Ctrl-C stops it)
send \x03
expect interrupted
expect sam>
send count new_contacts\n
expect $contacts
send \x04
exit 0
EOF
"$pty" "$work/typed.pty" -- "$sam" repl "$program" --db "$work/db.samdb" "${day[@]}" || fail "at a terminal (above)"

# History across sessions: the up arrow brings back the last session's question, and
# Ctrl-R finds an earlier one.
cat >"$work/history.pty" <<EOF
expect sam>
send \e[A
expect count new_contacts
send \n
expect $contacts
send \x12days_with
expect days_with_us < 100
send \n
expect $recent
send \x04
exit 0
EOF
"$pty" "$work/history.pty" -- "$sam" repl "$program" --db "$work/db.samdb" "${day[@]}" || fail "history (above)"

# The transcript of docs/repl.md, typed: each `sam> ` (or `...> `) line's text after
# its prompt, every other line expected on the screen in order; on the docs' data
# (10,000 customers, sam gen's default seed).
mkdir -p "$work/docs"
ln -s "$root/examples" "$work/docs/examples"
"$sam" gen --customers 10000 --out "$work/demo" >/dev/null 2>&1 &&
  "$sam" load "$program" --data "$work/demo" --rejects "$work" -o "$work/docs/demo.samdb" >/dev/null 2>&1 ||
  fail "the docs' data"
awk '/^<!-- repl-transcript -->$/ { on = 1; next }
     on && /^```text$/ { inside = 1; next }
     inside && /^```$/ { exit }
     inside { print }' "$root/docs/repl.md" >"$work/transcript"
command=$(head -n 1 "$work/transcript")
[[ $command == '$ sam repl '* ]] || fail "docs/repl.md: no transcript that starts with \`\$ sam repl\`"
{
  tail -n +2 "$work/transcript" | while IFS= read -r line; do
    case $line in
      'sam> '*) printf 'expect sam>\nsend %s\\n\n' "${line#sam> }" ;;
      '...> '*) printf 'expect ...>\nsend %s\\n\n' "${line#...> }" ;;
      *) printf 'expect %s\n' "$line" ;;
    esac
  done
  printf 'expect sam>\nsend \\x04\nexit 0\n'
} >"$work/transcript.pty"
read -r -a args <<<"${command#'$ sam '}"
(cd "$work/docs" && "$pty" "$work/transcript.pty" -- "$sam" "${args[@]}") || fail "docs/repl.md's transcript (above)"

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "repl: all passed"
