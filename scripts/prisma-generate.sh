#!/usr/bin/env bash
# Prisma 7's client needs no native engine (query compiler + adapter-pg), but the
# CLI still looks for a schema-engine binary before `generate`. It is never
# executed for generate, so any existing file satisfies the check offline.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/prisma-generate.sh}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
exec npx --no-install prisma generate "$@"
