#!/usr/bin/env bash
# Starts a single-node Apache Kafka (KRaft, broker and controller in one JVM)
# on 127.0.0.1 for development and CI. Idempotent: a running broker is left
# alone and the script exits 0.
#
# Layout, under <repo>/.cache/kafka/ (git-ignored):
#   libs/               broker jars copied from Maven Central by pom.xml; resolved
#                       again only when pom.xml changes (libs/.pom.sha256)
#   cluster-id          KRaft cluster id, made once
#   data/               KRaft metadata log and topic partitions, formatted once
#   server.properties   written on every start from the settings below
#   kafka.pid           pid of the JVM; kafka.log its output (previous: kafka.log.1)
#   resolve.log, format.log   Maven's and the storage tool's output
#
# Settings (environment; never ALPR_*, which lib/config.ts reserves):
#   KAFKA_LOCAL_PORT             client listener, default 9092
#   KAFKA_LOCAL_CONTROLLER_PORT  KRaft controller listener, default 9093
#   KAFKA_LOCAL_HEAP             JVM heap flags, default "-Xmx512m -Xms256m"
#   KAFKA_LOCAL_START_TIMEOUT    seconds to wait for readiness, default 120
#   KAFKA_LOCAL_DATA_DIR         topic and metadata storage, default .cache/kafka/data
#                                (npm test uses its own, so its records never reach
#                                the demo's topics)
#
# Needs Java 17+ (Kafka 4.x) and Maven on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$root/.cache/kafka"
libs="$cache/libs"
data="${KAFKA_LOCAL_DATA_DIR:-$cache/data}"
props="$cache/server.properties"
pidfile="$cache/kafka.pid"
logfile="$cache/kafka.log"

port="${KAFKA_LOCAL_PORT:-9092}"
cport="${KAFKA_LOCAL_CONTROLLER_PORT:-9093}"
heap="${KAFKA_LOCAL_HEAP:--Xmx512m -Xms256m}"
timeout_s="${KAFKA_LOCAL_START_TIMEOUT:-120}"

svc_name=kafka-local
# The pid file names a live Kafka JVM: not a recycled pid of something else.
svc_is_ours() { [[ "$1" == *kafka.Kafka* ]]; }
# shellcheck source=../service.sh
source "$here/../service.sh"

svc_require_numbers KAFKA_LOCAL_PORT KAFKA_LOCAL_CONTROLLER_PORT KAFKA_LOCAL_START_TIMEOUT
[[ "$port" != "$cport" ]] || die "KAFKA_LOCAL_PORT and KAFKA_LOCAL_CONTROLLER_PORT are both $port"

# Ready once the server logged its start and the client port accepts.
broker_ready() { grep -q 'Kafka Server started' "$logfile" && svc_port_open "$port"; }
wait_ready() {
  svc_wait_ready "$1" broker_ready "127.0.0.1:$port, controller 127.0.0.1:$cport" \
    "$timeout_s" 0.5 infra/kafka/stop.sh "$logfile"
}

# A broker from an earlier call may still be starting: wait for it too.
if svc_running_pid >/dev/null; then
  wait_ready "already running"
  exit 0
fi
rm -f "$pidfile"

svc_require_java 17 "Kafka 4.x"
for p in "$port" "$cport"; do
  if svc_port_open "$p"; then
    die "127.0.0.1:$p is already in use by another process; stop it, set KAFKA_LOCAL_PORT /" \
      "KAFKA_LOCAL_CONTROLLER_PORT to free ports, or point ALPR_KAFKA_BROKERS at that broker"
  fi
done

mkdir -p "$cache"

# 1. Jars: ~45 MB from Maven Central the first time, then reused offline.
pom_sum="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
if [[ "$(cat "$libs/.pom.sha256" 2>/dev/null || true)" != "$pom_sum" ]] ||
  ! compgen -G "$libs/kafka_2.13-*.jar" >/dev/null; then
  command -v mvn >/dev/null || die "mvn not found; Maven resolves the broker jars"
  say "resolving broker jars from Maven Central into $libs"
  rm -rf "$libs" "$libs.tmp"
  if ! mvn -B --no-transfer-progress -f "$here/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs.tmp" >"$cache/resolve.log" 2>&1; then
    grep -E 'ERROR|BUILD' "$cache/resolve.log" | tail -n 20 >&2 || true
    die "Maven could not resolve the broker jars; full output: $cache/resolve.log"
  fi
  echo "$pom_sum" >"$libs.tmp/.pom.sha256"
  mv "$libs.tmp" "$libs"
fi
cp="$libs/*"
log4j="-Dlog4j2.configurationFile=file:$here/log4j2.properties"

# 2. Config. 16 MiB messages: raw reads may carry inline JPEGs (topology/topics.ts).
cat >"$props" <<EOF
# written by infra/kafka/start.sh on every start; edit the script, not this file
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# 50 offsets partitions by default; 10 is plenty on one node and starts faster
offsets.topic.num.partitions=10
# groups form at once instead of after the default 3 s wait
group.initial.rebalance.delay.ms=0
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
EOF

# 3. Storage: formatted once; the cluster id is kept beside it.
if [[ ! -f "$data/meta.properties" ]]; then
  if [[ ! -s "$cache/cluster-id" ]]; then
    java "$log4j" -cp "$cp" kafka.tools.StorageTool random-uuid >"$cache/cluster-id.tmp"
    mv "$cache/cluster-id.tmp" "$cache/cluster-id"
  fi
  say "formatting KRaft storage in $data"
  java "$log4j" -cp "$cp" kafka.tools.StorageTool format --ignore-formatted \
    -t "$(cat "$cache/cluster-id")" -c "$props" >"$cache/format.log" 2>&1 ||
    die "formatting failed; see $cache/format.log"
fi

# 4. Start, detached from this shell's session so CI's exit traps decide its end.
# shellcheck disable=SC2086 # heap holds several flags on purpose
svc_start_detached "$logfile" \
  java $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
  -Djava.awt.headless=true "$log4j" -cp "$cp" kafka.Kafka "$props"

# 5. Wait until it serves clients.
wait_ready "started"
