# The shared start of the command-line test scripts (tests/cli/*_test.sh,
# tests/sql/engine_query_test.sh), sourced after they read their arguments: a work
# folder removed on exit, `fail` counting failures, `expect_code` running a command
# into $work/out and $work/err and checking its exit code, and `finish` for the last
# line and the script's exit code.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_code() {  # expected-code description command...
  local want=$1 what=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" = "$want" ] || fail "$what: exit code $got, expected $want; stderr: $(head -c 400 "$work/err")"
}
finish() {  # what passed
  [ "$failures" = 0 ] && echo "$1: all checks passed"
  exit $((failures > 0))
}
