#!/usr/bin/env bash
# Plans worked out by hand, through the binary. Each folder of tests/cli/plans/ is one
# case: program.sam (its comments give the working, from docs/engine.md), data/ (the
# CSV files), dates (the run dates, one per line, run in order on one fresh state) and
# expect/ (the plan-DATE.csv and stops-DATE.csv files that `sam run --out` writes).
#
#   plans_test.sh SAM ROOT [--update]    (--update rewrites expect/: check it by hand)
#
# SAM_BACKEND=jit runs `sam run` on the JIT: the same files are expected.
set -uo pipefail
sam=$(realpath "$1")
root=$(realpath "$2")
update=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
cases=0

for dir in "$root"/tests/cli/plans/*/; do
  name=$(basename "$dir")
  cases=$((cases + 1))
  out="$work/$name"
  mkdir -p "$out/files" "$out/csv"
  ok=1
  while read -r date; do
    [ -n "$date" ] || continue
    if ! (cd "$dir" && "$sam" run program.sam --data data --rejects "$out/rejects" --state "$out/state.db" \
      --date "$date" --out "$out/files" --quiet ${SAM_BACKEND:+--backend "$SAM_BACKEND"}) >"$out/log" 2>&1; then
      echo "FAIL: $name: sam run --date $date failed:"
      cat "$out/log"
      ok=0
      break
    fi
  done <"$dir/dates"
  if [ "$ok" = 0 ]; then
    failures=$((failures + 1))
    continue
  fi
  cp "$out/files"/*.csv "$out/csv/"
  if [ "$update" = --update ]; then
    rm -rf "$dir/expect"
    cp -r "$out/csv" "$dir/expect"
    echo "updated $name"
  elif ! diff -r "$dir/expect" "$out/csv" >"$out/diff"; then
    echo "FAIL: $name: the plans differ from expect/ (< expected, > actual):"
    cat "$out/diff"
    failures=$((failures + 1))
  fi
done

if [ "$cases" = 0 ]; then
  echo "FAIL: no cases in tests/cli/plans"
  exit 1
fi
if [ "$failures" -gt 0 ]; then
  echo "plans: $failures of $cases cases failed"
  exit 1
fi
echo "plans: $cases cases as worked out by hand"
