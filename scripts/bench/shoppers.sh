#!/usr/bin/env bash
# Registers N shoppers on BASE, puts a product in each one's cart, and writes
# one Cookie header value per shopper to OUT (for mix.lua's COOKIES).
set -euo pipefail
base=$1 count=$2 products=$3 out=$4
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
: >"$out"
for i in $(seq 1 "$count"); do
  : >"$jar"
  api() { curl -sf -c "$jar" -b "$jar" -H "origin: $base" -H 'accept: application/json' "$@"; }
  api --data-urlencode "email=bench-$i-$RANDOM$RANDOM@example.com" -d display_name=Bench \
    --data-urlencode 'password=correct horse battery staple' "$base/api/accounts/register" >/dev/null
  product=$(( (RANDOM * 32768 + RANDOM) % products + 1 ))
  sku=$(api -d "product_id=$product" "$base/api/catalog/product" | grep -oE '"default_sku_id":[0-9]+' | cut -d: -f2 || true)
  [ -n "$sku" ] && api -d "sku_id=$sku" -d quantity=1 "$base/api/cart/add" >/dev/null || true
  awk '$0 !~ /^#/ || $0 ~ /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 } END { print "" }' "$jar" >>"$out"
done
