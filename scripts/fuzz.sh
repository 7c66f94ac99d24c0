#!/usr/bin/env bash
# fuzz.sh: run every fuzz target of the project for a while each (default 20s): `make fuzz FUZZTIME=1m`.
# Crashers go to the package's testdata/fuzz/ as Go writes them; commit them as regression tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
time="${1:-20s}"
status=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz: $pkg $target ($time)" >&2
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" "$pkg" || status=1
  done
done
exit $status
