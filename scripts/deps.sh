#!/usr/bin/env bash
# deps.sh: install the Debian packages Sajin needs when they are missing. Idempotent.
#   scripts/deps.sh        what running Sajin needs
#   scripts/deps.sh test   that, plus what the tests need (a real Chromium for the web app's tests)
#   scripts/deps.sh bench  that, plus what `make bench` measures Sajin against (libvips, exiftool)
# The one list of system packages lives here; add to it rather than installing by hand.
set -euo pipefail

packages=(
  ca-certificates
  libturbojpeg0-dev  # JPEG decode with DCT scaling and fast encode (cgo, ingest/thumb/turbojpeg)
  libheif-dev        # HEIC and AVIF decoding through libheif, libde265 and dav1d (cgo, ingest/thumb/libheif)
)
if [ "${1:-}" = test ]; then
  packages+=(
    chromium        # the web app's end-to-end tests drive a real headless Chromium (ui/e2e)
    fonts-noto-cjk  # Korean glyphs in the browser's screenshots
    rclone          # a real WebDAV client backing up to ui/dav in its tests
    curl            # interrupted and resumed uploads in the WebDAV and resumable-upload tests
  )
fi
if [ "${1:-}" = bench ]; then
  packages+=(
    libvips-tools          # vipsthumbnail: the thumbnails' yardstick (scripts/bench.sh)
    libimage-exiftool-perl # exiftool: the EXIF reader's yardstick
    libheif-examples       # heif-enc: the 12 MP HEIC of BenchmarkFormats12MP (ingest/thumb)
    libavif-bin            # avifenc: its 12 MP AVIF
    webp                   # cwebp: its 12 MP WebP
    sqlite3                # reads when each pipeline stage finished each photo from the catalog's jobs table
  )
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}"
fi
for tool in go npm; do
  command -v "$tool" >/dev/null || { echo "deps: $tool is required but not installed" >&2; exit 1; }
done
