# Jishi: `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Type-erased components everywhere: cargo-leptos sets this for debug builds,
# tests share that cache, and in release it cuts the WebAssembly download by
# a third. Server and client must agree (hydration markers differ without it).
DEV_RUSTFLAGS := --cfg erase_components
E2E_URL ?= http://127.0.0.1:3100
# mimalloc returns freed memory at once (keeps peak RSS within the bound; README).
ALLOCATOR_ENV := MIMALLOC_PURGE_DELAY=0 MIMALLOC_ARENA_EAGER_COMMIT=0
# Where cargo puts binaries: target/ unless CARGO_TARGET_DIR says otherwise
# (CI keeps one outside the clone so that it starts warm; see .ci/run).
export JISHI_BIN_DIR := $(or $(CARGO_TARGET_DIR),target)/release

.PHONY: run test setup build unit e2e bench fmt lint clean

setup:
	@scripts/setup.sh

build: setup
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo leptos build --release --precompress

run: build
	@echo "Serving http://127.0.0.1:3000 with demo data (Ctrl-C stops)"
	JISHI_DEMO=1 $(ALLOCATOR_ENV) "$(JISHI_BIN_DIR)/server" serve --demo

# Unit and HTTP tests (SQLite always; PostgreSQL too when TEST_DATABASE_URL is set).
# The HTTP tests run one at a time: with several test servers rendering at
# once in one process, a render now and then stalls or loses its error
# message (see the groundwork issue's note); one at a time has not shown it.
unit: setup
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo test -p app --features ssr
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo test -p server -- --test-threads=1

# Playwright against a freshly built release server in Debian's Chromium.
e2e: build
	cd end2end && JISHI_E2E_URL=$(E2E_URL) JISHI_E2E_SERVER_CMD=../scripts/e2e-server.sh npx playwright test

# Lint first: it is the quickest to fail.
test: lint unit e2e

# Seeds 100k products, loads the release server, writes BENCHMARKS.md.
bench: build
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo build --release -p server --bin loadgen
	scripts/bench.sh

fmt:
	cargo fmt --all

lint: setup
	cargo fmt --all -- --check
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo clippy -p app --features ssr --tests -- -D warnings
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo clippy -p server --tests -- -D warnings
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

clean:
	cargo clean
	rm -rf data end2end/test-results end2end/playwright-report
