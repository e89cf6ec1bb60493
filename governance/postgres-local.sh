#!/usr/bin/env bash
# A throw-away PostgreSQL server for the governance tests (CI and local):
#
#   bash governance/postgres-local.sh start   prints the URL (also in .cache/postgres/url)
#   bash governance/postgres-local.sh stop
#
# Uses the server from Debian's `postgresql` package, installed with apt-get
# when missing (root only). The cluster lives in .cache/postgres (git-ignored),
# listens on 127.0.0.1 only, on a free port, with trust authentication: it
# holds test data only and must never be exposed. PostgreSQL refuses to run
# as root, so under root it runs as the `postgres` system user.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base="$(pwd)/.cache/postgres"
data="$base/data"
db="alpr_test"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin="$(bindir)"
  if [[ -z $bin ]]; then
    if [[ $(id -u) -ne 0 ]]; then echo "postgresql is not installed; run: apt-get install postgresql" >&2; exit 1; fi
    echo "installing postgresql from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends postgresql >&2
    bin="$(bindir)"
  fi
  mkdir -p "$base/run"
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres "$base"; fi
  if ! as_owner test -w "$base/run"; then
    # A checkout the postgres user cannot reach (e.g. under /root): keep the
    # cluster in /tmp instead, and remember where for `stop`.
    base="/tmp/alpr-custodian-postgres"; data="$base/data"
    mkdir -p "$base/run" && chown -R postgres "$base"
    echo "$base" > "$(pwd)/.cache/postgres/elsewhere"
  fi
  if [[ ! -f $data/PG_VERSION ]]; then
    as_owner "$bin/initdb" -D "$data" -A trust -U postgres --no-sync >"$base/initdb.log" 2>&1
  fi
  if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" stop -m fast >/dev/null
  fi
  local port
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  as_owner "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base/run -c fsync=off" start >/dev/null
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
  fi
  echo "postgres://postgres@127.0.0.1:$port/$db" | tee "$(pwd)/.cache/postgres/url"
}

stop() {
  local bin
  bin="$(bindir)"
  if [[ -f $base/elsewhere ]]; then data="$(cat "$base/elsewhere")/data"; fi
  [[ -n $bin && -f $data/PG_VERSION ]] || return 0
  as_owner "$bin/pg_ctl" -D "$data" stop -m fast >/dev/null 2>&1 || true
  rm -f "$base/url" "$base/elsewhere"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
