#!/usr/bin/env bash
# check-imports.sh: each heavy third-party library has one owning package; fail when another imports it.
# The table is the architecture picture of README.md turned into a check. "C" is cgo: each C library has
# one small package of our own over it, with a stub for builds without cgo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# library prefix                    packages allowed to import it (space-separated, exact)
rules='
github.com/yalue/onnxruntime_go     sajin/vision/onnx
github.com/blevesearch/bleve        sajin/search
github.com/rwcarlsen/goexif         sajin/ingest/exif
modernc.org/sqlite                  sajin/ingest/catalog
github.com/disintegration/imaging   sajin/ingest/thumb sajin/vision sajin/vision/onnx sajin/models/tfjs
C                                   sajin/ingest/thumb/turbojpeg sajin/ingest/thumb/libheif
sajin/ingest/thumb/turbojpeg        sajin/ingest/thumb
golang.org/x/net/webdav             sajin/ui/dav
golang.org/x/crypto                 sajin/auth
'
fail=0
while read -r pkg imports; do
  for imp in $imports; do
    while read -r lib allowed; do
      [ -z "$lib" ] && continue
      case "$imp" in
        "$lib"|"$lib"/*)
          ok=0
          for a in $allowed; do [ "$pkg" = "$a" ] && ok=1; done
          if [ $ok = 0 ]; then echo "check-imports: $pkg imports $imp (only $allowed may)" >&2; fail=1; fi
          ;;
      esac
    done <<< "$rules"
  done
done < <(go list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | grep -v '^sajin/.*_test ')
# cmd is the only package that may know the HTTP layer; nothing may import cmd.
if go list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | grep -v '^sajin/cmd/' | grep -q ' sajin/cmd'; then
  echo "check-imports: a package imports sajin/cmd" >&2; fail=1
fi
[ $fail = 0 ] && echo "check-imports: ok" >&2
exit $fail
