#!/usr/bin/env bash
# `sam test` against tests/golden/test_command/*.sam: each file is a program with test
# blocks and, in its comments, how to run it and what `sam test` must print (standard
# output and standard error together, NO_COLOR), worked out by hand from the docs:
#
#   // ARGS: --format json %s      the arguments (default `%s`: the file's own path)
#   // EXIT: 1                     the exit code (required)
#   // OUT: a line of the output   every line, in order
#
# Paths are relative to the repository root, where the commands run.
#
#   test_command_test.sh SAM ROOT [NAME...]     (default: every file)
set -uo pipefail
sam=$(realpath "$1")
root=$(realpath "$2")
shift 2
cd "$root" || exit 2
export NO_COLOR=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
count=0
for file in tests/golden/test_command/*.sam; do
  if [ $# -gt 0 ]; then
    keep=0
    for name in "$@"; do [[ $file == *"$name"* ]] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  count=$((count + 1))
  args=$(sed -n 's|^// ARGS: ||p' "$file")
  [ -n "$args" ] || args=%s
  want_code=$(sed -n 's|^// EXIT: ||p' "$file")
  sed -n 's|^// OUT: \{0,1\}||p' "$file" >"$work/want"
  # shellcheck disable=SC2086 # ARGS is split into words on purpose
  "$sam" test ${args//%s/$file} >"$work/got" 2>&1
  code=$?
  if [ "$code" != "$want_code" ]; then
    echo "FAIL: $file: exit code $code, expected $want_code"
    failures=$((failures + 1))
  fi
  if ! diff -u "$work/want" "$work/got" >"$work/diff"; then
    echo "FAIL: $file: the output differs (- expected, + actual):"
    cat "$work/diff"
    failures=$((failures + 1))
  fi
done
echo "test_command: $count files, $failures failures"
[ $count -gt 0 ] && [ $failures = 0 ]
