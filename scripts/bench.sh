#!/usr/bin/env bash
# `make bench`: seeds 100,000 products into a fresh database, starts the
# release server, loads it with wrk (32 connections, 20 s per page, sending
# Accept-Encoding: br, gzip as browsers do), measures the machine's ceiling
# with a minimal axum handler under the same load, times the search engine
# alone, runs 32 shoppers with their own carts, reads the server's peak RSS,
# the compressed size of what a first product view downloads, and Lighthouse
# (mobile). Prints a table and writes it to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

PRODUCTS=${BENCH_PRODUCTS:-100000}
SECONDS_PER_RUN=${BENCH_SECONDS:-20}
CONNECTIONS=32
ADDR=127.0.0.1:3200
CEILING_ADDR=127.0.0.1:3900
BASE="http://$ADDR"
BIN=./target/release/server
LOADGEN=./target/release/loadgen

command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk; }

work=$(mktemp -d -t jishi-bench-XXXXXX)
export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
export JISHI_MEDIA_DIR="$work/media"
export RUST_LOG=warn
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "bench: seeding $PRODUCTS products"
seed_start=$(date +%s)
$BIN seed --products "$PRODUCTS" >/dev/null
seed_secs=$(( $(date +%s) - seed_start ))

echo "bench: search engine alone"
search_line=$($BIN bench-search --queries 1000 | grep '^search_engine')
echo "  $search_line"

echo "bench: starting the release server"
start=$(date +%s%N)
JISHI_ADDR=$ADDR $BIN serve >"$work/server.log" 2>&1 &
server_pid=$!; pids+=("$server_pid")
until curl -sf "$BASE/healthz" >/dev/null && curl -sf "$BASE/c/earphones" >/dev/null; do sleep 0.5; done
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))

$BIN ceiling --addr "$CEILING_ADDR" &
pids+=("$!")
until curl -sf "http://$CEILING_ADDR/" >/dev/null; do sleep 0.2; done

# A product with several variants in the middle of the catalogue.
product_id=$(( PRODUCTS / 2 ))

# wrk prints latency percentiles with units; normalise to milliseconds.
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v=v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v=v*1000 } printf "%.2f", v }'; }

declare -A RPS P50 P99 NON2XX
run_wrk() { # name url
  local out
  out=$(wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s --latency -H 'Accept-Encoding: br, gzip' "$2")
  RPS[$1]=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  P50[$1]=$(echo "$out" | awk '$1=="50%" {print $2}' | to_ms)
  P99[$1]=$(echo "$out" | awk '$1=="99%" {print $2}' | to_ms)
  NON2XX[$1]=$(echo "$out" | awk '/Non-2xx/ {print $5}'); NON2XX[$1]=${NON2XX[$1]:-0}
  echo "  $1: ${RPS[$1]} req/s, p50 ${P50[$1]} ms, p99 ${P99[$1]} ms, non-2xx ${NON2XX[$1]}"
}

echo "bench: pages (wrk, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each)"
run_wrk ceiling "http://$CEILING_ADDR/"
run_wrk home "$BASE/"
run_wrk category "$BASE/c/earphones"
run_wrk product "$BASE/p/$product_id"
run_wrk search_zh "$BASE/search?q=%E8%93%9D%E7%89%99%E8%80%B3%E6%9C%BA"
run_wrk search_en "$BASE/search?q=wireless+earbuds"

echo "bench: add to cart + cart view, 32 shoppers with their own carts"
cart_line=$($LOADGEN "$BASE" 32 "$SECONDS_PER_RUN" "$product_id,$((product_id+1)),$((product_id+2)),$((product_id+3))")
echo "  $cart_line"

rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")

# What a first product page view downloads, compressed as the server sends it.
page=$(curl -s "$BASE/p/$product_id")
# The stylesheet is a link; the boot script names the JS and WASM by stem.
stems=$(echo "$page" | grep -oE '"pkg", "[^"]+", "[^"]+"' | head -1)
js_stem=$(echo "$stems" | awk -F'"' '{print $4}')
wasm_stem=$(echo "$stems" | awk -F'"' '{print $6}')
assets="$(echo "$page" | grep -oE '/pkg/[^"]+\.css' | sort -u) /pkg/$js_stem.js /pkg/$wasm_stem.wasm"
js=0; wasm=0; css=0
for a in $assets; do
  size=$(curl -s -H 'Accept-Encoding: br, gzip' "$BASE$a" | wc -c)
  case "$a" in *.js) js=$((js+size));; *.wasm) wasm=$((wasm+size));; *.css) css=$((css+size));; esac
done
html=$(curl -s -H 'Accept-Encoding: br, gzip' "$BASE/p/$product_id" | wc -c)
total_kb=$(( (js + wasm + css + 1023) / 1024 ))

echo "bench: Lighthouse (mobile)"
declare -A LH
lighthouse_run() { # name url
  local out="$work/lh-$1.json"
  if CHROME_PATH=/usr/bin/chromium lighthouse "$2" --quiet --output=json --output-path="$out" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
      --only-categories=performance,accessibility,best-practices,seo >/dev/null 2>&1; then
    LH[$1]=$(node -e 'const r=require(process.argv[1]).categories; console.log(["performance","accessibility","best-practices","seo"].map(k=>r[k].score==null?"n/a":r[k].score.toFixed(2)).join(" | "))' "$out")
  else
    LH[$1]="failed to run"
  fi
  echo "  $1: ${LH[$1]}"
}
lighthouse_run home "$BASE/"
lighthouse_run search "$BASE/search?q=%E8%80%B3%E6%9C%BA"
lighthouse_run product "$BASE/p/$product_id"

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f %%", 100 * a / b; else print "n/a" }'; }
ceil=${RPS[ceiling]}
cores=$(nproc)
read -r _ s_products s_queries s_p50 s_p95 s_p99 <<<"$(echo "$search_line" | tr '=' ' ' | awk '{print $1, $3, $5, $7, $9, $11}')"
cart_rps=$(echo "$cart_line" | grep -oE 'req_per_s=[0-9]+' | cut -d= -f2)
cart_p50=$(echo "$cart_line" | grep -oE 'p50_ms=[0-9.]+' | cut -d= -f2)
cart_p99=$(echo "$cart_line" | grep -oE 'p99_ms=[0-9.]+' | cut -d= -f2)
cart_failed=$(echo "$cart_line" | grep -oE 'failed=[0-9]+' | cut -d= -f2)

{
  echo "# Benchmarks"
  echo
  echo "Produced by \`make bench\` on $(date -u +%Y-%m-%d) on a machine with $cores cores; wrk and the server share them."
  echo "Catalogue: $PRODUCTS products (seeded in ${seed_secs}s; server ready with its search index in ${startup_ms} ms)."
  echo "Load: wrk, $CONNECTIONS connections, ${SECONDS_PER_RUN}s per row, \`Accept-Encoding: br, gzip\`. The ceiling is a minimal"
  echo "axum handler returning a static 20 KB page under the same load; each row is also shown as a share of it."
  echo "Absolute numbers drift on a shared machine; the share of the ceiling is the comparable figure."
  echo
  echo "| what | req/s | share of ceiling | p50 ms | p99 ms | non-2xx |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for k in ceiling home category product search_zh search_en; do
    echo "| $k | ${RPS[$k]} | $(pct "${RPS[$k]}" "$ceil") | ${P50[$k]} | ${P99[$k]} | ${NON2XX[$k]} |"
  done
  echo "| add to cart + cart view (32 shoppers, own carts) | $cart_rps | $(pct "$cart_rps" "$ceil") | $cart_p50 | $cart_p99 | failed: $cart_failed |"
  echo
  echo "Server peak RSS: $(( rss_kb / 1024 )) MiB."
  echo
  echo "Search engine alone ($s_queries queries over $s_products products): p50 ${s_p50} µs, p95 ${s_p95} µs, p99 ${s_p99} µs."
  echo
  echo "First product page view, compressed as served: HTML $(( (html + 1023) / 1024 )) KB; WASM $(( (wasm + 1023) / 1024 )) KB + JS $(( (js + 1023) / 1024 )) KB + CSS $(( (css + 1023) / 1024 )) KB = ${total_kb} KB."
  echo
  echo "Lighthouse (mobile): performance | accessibility | best practices | SEO"
  echo
  echo "| page | scores |"
  echo "| --- | --- |"
  for k in home search product; do echo "| $k | ${LH[$k]} |"; done
  echo
  echo "Targets: product and category pages ≥ 20 % of the ceiling with p99 < 50 ms; search p95 < 10 ms at 100k products;"
  echo "first-view WASM + JS + CSS < 400 KB compressed, CSS < 30 KB; Lighthouse ≥ 0.95 performance and 1.0 for the rest."
} > BENCHMARKS.md.new
mv BENCHMARKS.md.new BENCHMARKS.md
echo
cat BENCHMARKS.md
