#!/usr/bin/env bash
# `npm run demo` on a fresh clone: install dependencies when missing, then hand over to scripts/demo.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[demo] installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
exec npx --no-install tsx scripts/demo.ts "$@"
