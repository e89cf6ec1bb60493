#!/usr/bin/env bash
# Stops the broker started by infra/kafka/start.sh: SIGTERM (a controlled
# shutdown that flushes the logs), then SIGKILL if it is still alive after
# KAFKA_LOCAL_STOP_TIMEOUT seconds (default 30). Idempotent: with no broker
# running it says so and exits 0. Data in .cache/kafka/data is kept.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$(cd "$here/../.." && pwd)/.cache/kafka"
pidfile="$cache/kafka.pid"
timeout_s="${KAFKA_LOCAL_STOP_TIMEOUT:-30}"

say() { echo "kafka-local: $*"; }

[[ "$timeout_s" =~ ^[0-9]+$ ]] || { echo "kafka-local: error: KAFKA_LOCAL_STOP_TIMEOUT" \
  "must be a number, got '$timeout_s'" >&2; exit 1; }

pid="$(cat "$pidfile" 2>/dev/null || true)"
# Only a live JVM running kafka.Kafka is ours to signal: a stale pid file may
# name a pid the system has since given to an unrelated process.
is_ours() {
  kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}
if [[ ! "$pid" =~ ^[0-9]+$ ]] || ! is_ours; then
  rm -f "$pidfile"
  say "not running"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + timeout_s))
while is_ours && ((SECONDS < deadline)); do
  sleep 0.5
done
if is_ours; then
  say "still running after ${timeout_s}s; sending SIGKILL to $pid"
  kill -KILL "$pid" 2>/dev/null || true
  # a zombie has an empty cmdline, so is_ours also ends when init has not reaped it yet
  for _ in $(seq 50); do is_ours || break; sleep 0.2; done
fi
rm -f "$pidfile"
say "stopped (pid $pid)"
