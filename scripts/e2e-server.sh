#!/usr/bin/env bash
# Serves the freshly built release server on a fresh database with demo data,
# for the Playwright suite (started by Playwright's webServer).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d -t jishi-e2e-XXXXXX)
export DATABASE_URL="sqlite://$dir/e2e.db?mode=rwc"
export JISHI_MEDIA_DIR="$dir/media"
export JISHI_ADDR="${JISHI_ADDR:-127.0.0.1:3100}"
# The whole suite registers, logs in and fills guest carts from one
# address: lift the per-address throttles, keep the per-account ones.
export JISHI_LIMIT_LOGIN_PER_ADDR=1000000/900
export JISHI_LIMIT_REGISTER_PER_ADDR=1000000/3600
export JISHI_LIMIT_RESET_PER_ADDR=1000000/3600
export JISHI_LIMIT_GUEST_CARTS_PER_ADDR=1000000/3600
export RUST_LOG="${RUST_LOG:-warn}"
# Where the database is, for a spec that must let a clock run out (a group
# buy's day) without waiting for it.
mkdir -p target && echo "$dir/e2e.db" > target/e2e-db-path
export MIMALLOC_PURGE_DELAY=0 MIMALLOC_ARENA_EAGER_COMMIT=0
exec "${JISHI_BIN_DIR:-${CARGO_TARGET_DIR:-target}/release}/server" serve --demo
