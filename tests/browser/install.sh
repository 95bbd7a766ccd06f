#!/usr/bin/env bash
# Installs what the browser tests need on a fresh machine: Debian's chromium
# (apt-get) and playwright-core + axe-core from the npm registry (no browser
# download: playwright-core never fetches one). Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (apt-get)"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]]; then
  echo "== npm ci (playwright-core, axe-core)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
