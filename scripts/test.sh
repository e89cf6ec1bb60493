#!/usr/bin/env bash
# The test command: `npm test` (arguments after `--` go to vitest).
# Runs the unit and integration tiers. The integration tier needs the local
# Kafka broker: it is started here when none is listening, with the topics,
# and stopped again at the end if this script started it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

port="${KAFKA_LOCAL_PORT:-9092}"
export ALPR_KAFKA_BROKERS="${ALPR_KAFKA_BROKERS:-127.0.0.1:$port}"
started=0
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  bash infra/kafka/start.sh
  started=1
fi
cleanup() { if [[ $started -eq 1 ]]; then bash infra/kafka/stop.sh || true; fi; }
trap cleanup EXIT

npx tsx infra/topics.ts
npx vitest run "$@"
