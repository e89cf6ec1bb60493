#!/usr/bin/env bash
# Stops the registry that infra/registry/start.sh started on
# REGISTRY_LOCAL_PORT (default 8081): SIGTERM, then SIGKILL if it is still
# alive after REGISTRY_LOCAL_STOP_TIMEOUT seconds (default 20). Idempotent:
# with no registry running it says so and exits 0. Storage is in memory, so
# every registered schema is gone afterwards.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$(cd "$here/../.." && pwd)/.cache/registry"
port="${REGISTRY_LOCAL_PORT:-8081}"
pidfile="$cache/registry-$port.pid"
timeout_s="${REGISTRY_LOCAL_STOP_TIMEOUT:-20}"

say() { echo "registry-local: $*"; }

for v in REGISTRY_LOCAL_PORT REGISTRY_LOCAL_STOP_TIMEOUT; do
  [[ "${!v:-0}" =~ ^[0-9]+$ ]] || { echo "registry-local: error: $v must be a number," \
    "got '${!v}'" >&2; exit 1; }
done

pid="$(cat "$pidfile" 2>/dev/null || true)"
# Only a live registry JVM serving this port is ours to signal.
is_ours() {
  kill -0 "$pid" 2>/dev/null &&
    [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *"quarkus.http.port=$port "* ]]
}
if [[ ! "$pid" =~ ^[0-9]+$ ]] || ! is_ours; then
  rm -f "$pidfile"
  say "not running on port $port"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + timeout_s))
while is_ours && ((SECONDS < deadline)); do
  sleep 0.2
done
if is_ours; then
  say "still running after ${timeout_s}s; sending SIGKILL to $pid"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 50); do is_ours || break; sleep 0.2; done
fi
rm -f "$pidfile"
say "stopped (pid $pid, port $port)"
