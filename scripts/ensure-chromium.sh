#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium and makes sure its ChromeDriver is there too (for the README's
# screenshots, scripts/ui-screenshots.sh): Debian's packages chromium and chromium-driver, installed when missing.
# A browser's own download (Playwright's, Selenium Manager's) is never used.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo /usr/bin/chromium; exit 0
fi
echo "[setup] installing chromium and chromium-driver from Debian's packages (about a minute)" >&2
if command -v apt-get >/dev/null; then
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-liberation >&2 || true
fi
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo /usr/bin/chromium; exit 0
fi
echo "[setup] ERROR: could not install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)" >&2
exit 1
