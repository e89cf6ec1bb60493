#!/usr/bin/env bash
# The test command: `npm test` (arguments after `--` go to vitest).
# Runs the unit and integration tiers. The integration tier needs the local
# Kafka broker: it is started here when none is listening, with the topics,
# and stopped again at the end if this script started it. The same goes for
# the local schema registry (infra/registry/start.sh, REGISTRY_LOCAL_PORT).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

port="${KAFKA_LOCAL_PORT:-9092}"
export ALPR_KAFKA_BROKERS="${ALPR_KAFKA_BROKERS:-127.0.0.1:$port}"
started=0
# A broker started here keeps its topics in a directory of its own, removed
# afterwards: the integration tier writes to the pipeline's topics (alpr.*)
# under schema ids of the tests' own registry, which the demo's topics must
# never hold. A broker already listening is used as it is.
test_data="$(pwd)/.cache/kafka/test-data"
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  rm -rf "$test_data"
  KAFKA_LOCAL_DATA_DIR="$test_data" bash infra/kafka/start.sh
  started=1
fi
reg_port="${REGISTRY_LOCAL_PORT:-8081}"
reg_given="${ALPR_SCHEMA_REGISTRY_URL:-}"
export ALPR_SCHEMA_REGISTRY_URL="${ALPR_SCHEMA_REGISTRY_URL:-http://127.0.0.1:$reg_port/apis/ccompat/v7}"
reg_started=0
cleanup() {
  if [[ $reg_started -eq 1 ]]; then bash infra/registry/stop.sh || true; fi
  if [[ $started -eq 1 ]]; then
    bash infra/kafka/stop.sh || true
    rm -rf "$test_data"
  fi
}
trap cleanup EXIT
# A registry named by ALPR_SCHEMA_REGISTRY_URL is used as it is.
if [[ -z "$reg_given" ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$reg_port") 2>/dev/null; then
  reg_started=1
  bash infra/registry/start.sh
fi

npx tsx infra/topics.ts
npx vitest run "$@"
