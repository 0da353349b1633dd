#!/usr/bin/env bash
# The sample sessions of the docs against the binary, so that they cannot drift.
#
#   doc_samples_test.sh SAM ROOT [FILE.md...]     (default: docs/cli.md)
#
# Two HTML comments (invisible on GitHub) mark what is run:
#
#   <!-- file: NAME -->    the fenced block after it is written to NAME
#   <!-- sample -->        the fenced block after it is a terminal session: every line
#                          that starts with `$ ` is a command (a line ending in `\`
#                          continues it), the lines up to the next command are what it
#                          prints, standard output and standard error together; a line
#                          `...` stands for any lines (none too) up to the line that
#                          follows it in the docs
#
# The commands run in one bash, in order, in a scratch folder that holds `examples`
# (a link to the repository's), the files written so far, `demo.samdb` (demo data for
# 10,000 customers, `sam gen` with the default seed and as-of date) and `nothere.sam`
# not; `sam` is the binary under test, NO_COLOR is set. A sample must be deterministic:
# give `--today`, and leave out timings and temporary paths.
set -uo pipefail
sam=$(realpath "$1")
root=$(realpath "$2")
shift 2
docs=("$@")
[ ${#docs[@]} -gt 0 ] || docs=("$root/docs/cli.md")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/run"
ln -s "$sam" "$work/bin/sam"
ln -s "$root/examples" "$work/run/examples"
export PATH="$work/bin:$PATH" NO_COLOR=1
cd "$work/run" || exit 2
if ! { sam gen --customers 10000 --out "$work/demo" && sam load examples/complete/segments.sam --data "$work/demo" \
  --rejects "$work" -o demo.samdb; } >"$work/setup.log" 2>&1; then
  echo "FAIL: making demo.samdb:"
  cat "$work/setup.log"
  exit 1
fi

failures=0
samples=0
status=0

# Whether $work/actual is $work/block, each `...` line of the block matching any lines
# up to the first one equal to the block's next line (or to the end).
matches() {
  awk 'NR == FNR { want[++n] = $0; next }
       { got[++m] = $0 }
       END {
         i = 1; j = 1
         while (i <= n) {
           if (want[i] == "...") {
             if (i == n) exit 0
             while (j <= m && got[j] != want[i + 1]) j++
             if (j > m) exit 1
             i++
             continue
           }
           if (j > m || got[j] != want[i]) exit 1
           i++; j++
         }
         exit (j <= m)
       }' "$work/block" "$work/actual"
}

# Runs the session in $work/block and writes what the binary printed, commands
# included, to $work/actual.
run_session() {
  : >"$work/actual"
  local cmd="" line
  local -a lines
  mapfile -t lines <"$work/block"
  local i=0 n=${#lines[@]}
  while [ $i -lt $n ]; do
    line=${lines[$i]}
    i=$((i + 1))
    [[ $line == '$ '* ]] || continue
    cmd=${line#'$ '}
    printf '%s\n' "$line" >>"$work/actual"
    while [[ $line == *'\' ]] && [ $i -lt $n ]; do
      line=${lines[$i]}
      i=$((i + 1))
      cmd+=$'\n'$line
      printf '%s\n' "$line" >>"$work/actual"
    done
    (exit $status)
    eval "$cmd" >>"$work/actual" 2>&1 </dev/null
    status=$?
  done
}

for doc in "${docs[@]}"; do
  rel=${doc#"$root/"}
  pending=""
  in_block=0
  start=0
  lineno=0
  while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    if [ $in_block = 1 ]; then
      if [[ $line == '```'* ]]; then
        in_block=0
        if [[ $pending == file:* ]]; then
          cp "$work/block" "${pending#file:}"
        else
          samples=$((samples + 1))
          status=0
          run_session
          if ! matches; then
            echo "FAIL: $rel:$start: the sample differs from what the binary prints:"
            diff -u --label "$rel:$start (the docs)" --label "the binary" "$work/block" "$work/actual"
            failures=$((failures + 1))
          fi
        fi
        pending=""
      else
        printf '%s\n' "$line" >>"$work/block"
      fi
    elif [[ $line =~ ^\<!--\ sample\ --\>$ ]]; then
      pending=sample
    elif [[ $line =~ ^\<!--\ file:\ ([A-Za-z0-9_./-]+)\ --\>$ ]]; then
      pending=file:${BASH_REMATCH[1]}
    elif [[ $line == '```'* ]] && [ -n "$pending" ]; then
      in_block=1
      start=$((lineno + 1))
      : >"$work/block"
    elif [ -n "$pending" ] && [ -n "$line" ]; then
      echo "FAIL: $rel:$lineno: a <!-- $pending --> comment is not followed by a fenced block"
      failures=$((failures + 1))
      pending=""
    fi
  done <"$doc"
done

[ "$samples" -gt 0 ] || { echo "FAIL: no <!-- sample --> blocks in ${docs[*]}"; exit 1; }
[ "$failures" = 0 ] && echo "doc samples: $samples sessions match the binary"
exit $((failures > 0))
