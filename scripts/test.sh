#!/usr/bin/env bash
# `npm test`: everything CI checks, in order of cost. Needs Postgres and Redis
# (see README); each stage uses databases and queue prefixes of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

stage() { printf '\n== %s\n' "$1"; }

stage "prisma generate"
bash scripts/prisma-generate.sh >/dev/null

stage "lint"
npx --no-install eslint . --max-warnings 0

stage "typecheck"
npx --no-install tsc --noEmit

stage "unit and integration tests (vitest, real Postgres + Redis)"
npx --no-install vitest run

stage "production build"
npx --no-install next build

stage "end-to-end tests (Playwright, Debian Chromium)"
npx --no-install playwright test
