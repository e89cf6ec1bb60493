#!/usr/bin/env bash
# Starts a local Apicurio Registry (in-memory storage) on 127.0.0.1 for
# development and CI, beside the local Kafka broker. The application talks
# to its Confluent-compatible API at http://127.0.0.1:<port>/apis/ccompat/v7.
# Idempotent: a registry already running on the port is left alone, exit 0.
#
# Layout, under <repo>/.cache/registry/ (git-ignored):
#   dist/                   the distribution unpacked from Maven Central by
#                           pom.xml; resolved again only when pom.xml changes
#   registry-<port>.pid     pid of the JVM serving <port>
#   registry-<port>.log     its output (previous start: .log.1)
#   resolve.log             Maven's output
# One pid and log file per port, so a test can run a second, private
# instance on another port (and stop it) without touching the shared one.
#
# Settings (environment; never ALPR_*, which lib/config.ts reserves):
#   REGISTRY_LOCAL_PORT           HTTP port, default 8081
#   REGISTRY_LOCAL_HEAP           JVM heap flags, default "-Xmx384m -Xms64m"
#   REGISTRY_LOCAL_START_TIMEOUT  seconds to wait for readiness, default 90
#
# Storage is an in-memory H2 database: schemas and their ids are lost when
# the process stops. Producers register their schemas at every start, so a
# restarted registry is filled again; records written with ids of the old
# instance become unknown ids (dead-lettered) unless a consumer cached them.
# Needs Java 17+ and Maven on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$root/.cache/registry"
dist="$cache/dist"

port="${REGISTRY_LOCAL_PORT:-8081}"
heap="${REGISTRY_LOCAL_HEAP:--Xmx384m -Xms64m}"
timeout_s="${REGISTRY_LOCAL_START_TIMEOUT:-90}"
pidfile="$cache/registry-$port.pid"
logfile="$cache/registry-$port.log"
ready_url="http://127.0.0.1:$port/apis/ccompat/v7/subjects"

svc_name=registry-local
# The pid file names a live registry JVM on this port, not a recycled pid.
svc_is_ours() { [[ "$1" == *"quarkus.http.port=$port "* && "$1" == *apicurio-registry-app* ]]; }
# shellcheck source=../service.sh
source "$here/../service.sh"

svc_require_numbers REGISTRY_LOCAL_PORT REGISTRY_LOCAL_START_TIMEOUT

# Ready once the Confluent-compatible API answers 200 (storage initialised).
api_ready() {
  if command -v curl >/dev/null; then
    [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$ready_url")" == 200 ]]
  else
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1),
      () => process.exit(1))' "$ready_url"
  fi
}
wait_ready() {
  svc_wait_ready "$1" api_ready "http://127.0.0.1:$port/apis/ccompat/v7" \
    "$timeout_s" 0.3 infra/registry/stop.sh "$logfile"
}

if svc_running_pid >/dev/null; then
  wait_ready "already running"
  exit 0
fi
rm -f "$pidfile"

svc_require_java 17 "Apicurio Registry 3.0"
if svc_port_open "$port"; then
  die "127.0.0.1:$port is already in use by another process; stop it, set REGISTRY_LOCAL_PORT" \
    "to a free port, or point ALPR_SCHEMA_REGISTRY_URL at the registry already there"
fi
mkdir -p "$cache"

# 1. Distribution: ~150 MB from Maven Central the first time (about 5 s on
#    a fast link), unpacked once, then reused offline.
pom_sum="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
if [[ "$(cat "$dist/.pom.sha256" 2>/dev/null || true)" != "$pom_sum" ]] ||
  ! compgen -G "$dist/apicurio-registry-app-*-runner.jar" >/dev/null; then
  command -v mvn >/dev/null || die "mvn not found; Maven resolves the registry distribution"
  say "resolving Apicurio Registry from Maven Central into $dist"
  rm -rf "$dist" "$dist.tmp"
  archive="$cache/download.tar.gz"
  if ! mvn -B --no-transfer-progress -f "$here/pom.xml" dependency:get -Dtransitive=false \
    -Ddest="$archive" >"$cache/resolve.log" 2>&1; then
    grep -E 'ERROR|BUILD' "$cache/resolve.log" | tail -n 20 >&2 || true
    die "Maven could not resolve the registry; full output: $cache/resolve.log"
  fi
  mkdir -p "$dist.tmp"
  tar -xzf "$archive" -C "$dist.tmp" || die "could not unpack $archive"
  rm -f "$archive"
  echo "$pom_sum" >"$dist.tmp/.pom.sha256"
  mv "$dist.tmp" "$dist"
fi
jar="$(compgen -G "$dist/apicurio-registry-app-*-runner.jar" | head -n1)"

# 2. Start, detached from this shell's session so CI's exit traps decide its
#    end. Loopback only; the HTTP access log is off (one line per request).
# shellcheck disable=SC2086 # heap holds several flags on purpose
svc_start_detached "$logfile" \
  java $heap -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dquarkus.http.access-log.enabled=false \
  -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2 \
  -Dapicurio.datasource.url="jdbc:h2:mem:registry_$port" \
  -jar "$jar"

# 3. Wait until it answers.
wait_ready "started"
