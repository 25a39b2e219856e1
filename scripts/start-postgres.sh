#!/usr/bin/env bash
# Starts a local PostgreSQL from Debian's packages on 127.0.0.1:5432 for the
# tests, and prints its URL (the only thing on stdout). Idempotent: the
# package, the cluster, the role and the database may already be there.
set -euo pipefail

log() { echo "start-postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql from Debian (needs root)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  log "creating cluster $version main"
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version main"
  pg_ctlcluster "$version" main start >&2
fi

for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname = 'jishi'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role jishi login password 'jishi' createdb\"" >&2
su postgres -c "psql -qAtc \"select 1 from pg_database where datname = 'jishi_test'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'create database jishi_test owner jishi'" >&2

echo "postgres://jishi:jishi@127.0.0.1:5432/jishi_test"
