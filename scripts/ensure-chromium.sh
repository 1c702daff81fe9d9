#!/usr/bin/env bash
# The preview's end-to-end test drives Debian's Chromium (never a downloaded browser). This
# installs it when it is missing and we may (root with apt-get); otherwise it says how.
set -euo pipefail
if [ -n "${HERITAGE_CHROMIUM:-}" ] && [ -x "${HERITAGE_CHROMIUM}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the preview's browser test (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The preview's browser test needs Chromium: sudo apt-get install chromium (or set HERITAGE_CHROMIUM)." >&2
exit 1
