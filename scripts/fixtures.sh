#!/usr/bin/env bash
# fixtures.sh: put the real development photos the tests use into testdata/fixtures/.
#
# They come from Debian packages (python3-skimage and opencv-doc ship well-known photos with known subjects), fetched
# with `apt-get download` and unpacked with `dpkg-deb -x`, so nothing is installed system-wide and nothing is committed.
# Run from anywhere; it is idempotent and quick once the files are there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/testdata/fixtures"
cache="${SAJIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sajin}/debs"

skimage=(astronaut.png chelsea.png coffee.png motorcycle_left.png rocket.jpg page.png)
opencv=(messi5.jpg fruits.jpg building.jpg home.jpg basketball1.png text/scenetext01.jpg text/scenetext02.jpg text/scenetext03.jpg)
# Camera files from the Go module github.com/evanoberholster/imagemeta (MIT), fetched with `go mod download`: the first
# megabytes of real raw files (their EXIF and JPEG previews) and real AVIFs, for ingest/thumb and ingest/exif.
imagemeta_module=github.com/evanoberholster/imagemeta@v0.3.1
imagemeta=(testImages/ARW.exif testImages/CR2.exif testImages/NEF.exif testImages/AVIF.avif testImages/AVIF2.avif
  isobmff/samples/canonR6.sample)

have_all() {
  for f in "${skimage[@]}" "${opencv[@]}"; do [ -s "$out/$(basename "$f")" ] || return 1; done
  for f in "${imagemeta[@]}"; do [ -s "$out/imagemeta/$(basename "$f")" ] || return 1; done
}
if have_all; then exit 0; fi

mkdir -p "$out" "$cache"
fetch() { # fetch PACKAGE: download the .deb into the cache once and unpack it under $cache/PACKAGE
  local pkg="$1"
  if [ ! -d "$cache/$pkg" ]; then
    if ! ls "$cache"/"$pkg"_*.deb >/dev/null 2>&1; then
      (cd "$cache" && apt-get download "$pkg" 2>/dev/null) || {
        echo "fixtures: updating the package lists to download $pkg" >&2
        apt-get update -qq
        (cd "$cache" && apt-get download "$pkg")
      }
    fi
    rm -rf "$cache/$pkg.tmp" && dpkg-deb -x "$cache"/"$pkg"_*.deb "$cache/$pkg.tmp" && mv "$cache/$pkg.tmp" "$cache/$pkg"
  fi
}
fetch python3-skimage
fetch opencv-doc
for f in "${skimage[@]}"; do cp "$cache/python3-skimage/usr/lib/python3/dist-packages/skimage/data/$f" "$out/"; done
for f in "${opencv[@]}"; do
  src="$cache/opencv-doc/usr/share/doc/opencv-doc/examples/data/$f"
  [ -f "$src" ] || src="$cache/opencv-doc/usr/share/doc/opencv-doc/examples/$f"
  cp "$src" "$out/$(basename "$f")"
done
mod_dir="$(cd "$(mktemp -d)" && go mod download -json "$imagemeta_module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
mkdir -p "$out/imagemeta"
for f in "${imagemeta[@]}"; do install -m 0644 "$mod_dir/$f" "$out/imagemeta/$(basename "$f")"; done
echo "fixtures: $(ls "$out" | wc -l) photos in $out" >&2
