#!/usr/bin/env bash
# Prints the path of Debian's Chromium for the browser test, installing it with apt when it is
# missing (root or passwordless sudo). Playwright's own browser download cannot work here.
set -euo pipefail
for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; exit 0; fi
done
echo "[e2e] Chromium not found; installing Debian's chromium package" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "[e2e] cannot install chromium: not root and no passwordless sudo; set CHROMIUM_PATH" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y chromium >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y chromium >&2; }
echo /usr/bin/chromium
