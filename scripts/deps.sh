#!/usr/bin/env bash
# deps.sh: install the Debian packages Sajin needs when they are missing. Idempotent.
#   scripts/deps.sh        what running Sajin needs
#   scripts/deps.sh test   that, plus what the tests need (a real Chromium for the web app's tests)
# The one list of system packages lives here; add to it rather than installing by hand.
set -euo pipefail

packages=(
  ca-certificates
)
if [ "${1:-}" = test ]; then
  packages+=(
    chromium        # the web app's end-to-end tests drive a real headless Chromium (ui/e2e)
    fonts-noto-cjk  # Korean glyphs in the browser's screenshots
  )
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}"
fi
for tool in go npm; do
  command -v "$tool" >/dev/null || { echo "deps: $tool is required but not installed" >&2; exit 1; }
done
