#!/usr/bin/env bash
# fuzz.sh: run every fuzz target of the project (every `func FuzzX` in a _test.go file) for a while each.
#
#   scripts/fuzz.sh [TIME]      TIME per target, default 20s (`make fuzz FUZZTIME=1m`); `make test` passes 5s
#   FUZZ_JOBS=N                 targets fuzzed at once (default 2), each with one worker: the whole run takes
#                               about targets x TIME / N, plus compiling each package once with coverage
#   FUZZ_ONLY=REGEXP            only the targets whose "package FuzzX" matches
#
# A crasher makes the script fail, and Go writes it to the package's testdata/fuzz/FuzzX/: commit it, and every
# `go test` runs it from then on as a regression test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
time="${1:-20s}"
jobs="${FUZZ_JOBS:-2}"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# targets lists "import/path FuzzX" lines, one per fuzz target.
targets() {
  go list -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do
    grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u |
      while read -r target; do echo "$pkg $target"; done
  done | grep -E "${FUZZ_ONLY:-.}" || true
}

# one fuzzes one target; its output is shown only when it fails (parallel runs stay readable).
one() {
  local pkg=$1 target=$2 log="$logs/${1//\//_}.$2.log" start=$SECONDS
  if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -parallel 1 "$pkg" >"$log" 2>&1; then
    echo "fuzz: ok   $pkg $target ($((SECONDS - start))s)" >&2
  else
    echo "fuzz: FAIL $pkg $target" >&2
    sed 's/^/    /' "$log" >&2
    return 1
  fi
}
export -f one
export time logs

start=$SECONDS
list=$(targets)
echo "fuzz: $(echo "$list" | grep -c . || true) targets, $time each, $jobs at once" >&2
status=0
echo "$list" | grep . | xargs -P "$jobs" -L 1 bash -c 'one "$@"' _ || status=1
echo "fuzz: done in $((SECONDS - start))s" >&2
exit $status
