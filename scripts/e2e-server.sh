#!/usr/bin/env bash
# Serves the freshly built release server on a fresh database with demo data,
# for the Playwright suite (started by Playwright's webServer).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d -t jishi-e2e-XXXXXX)
export DATABASE_URL="sqlite://$dir/e2e.db?mode=rwc"
export JISHI_MEDIA_DIR="$dir/media"
export JISHI_ADDR="${JISHI_ADDR:-127.0.0.1:3100}"
# The whole suite logs in from one address; keep the per-account limit.
export JISHI_LOGIN_MAX_PER_ADDR=10000
export RUST_LOG="${RUST_LOG:-warn}"
export MIMALLOC_PURGE_DELAY=0 MIMALLOC_ARENA_EAGER_COMMIT=0
exec ./target/release/server serve --demo
