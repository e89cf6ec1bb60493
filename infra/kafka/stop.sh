#!/usr/bin/env bash
# Stops the broker started by infra/kafka/start.sh: SIGTERM (a controlled
# shutdown that flushes the logs), then SIGKILL if it is still alive after
# KAFKA_LOCAL_STOP_TIMEOUT seconds (default 30). Idempotent: with no broker
# running it says so and exits 0. Data in .cache/kafka/data is kept.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pidfile="$(cd "$here/../.." && pwd)/.cache/kafka/kafka.pid"
svc_name=kafka-local
# Only a live JVM running kafka.Kafka is ours to signal.
svc_is_ours() { [[ "$1" == *kafka.Kafka* ]]; }
# shellcheck source=../service.sh
source "$here/../service.sh"

svc_require_numbers KAFKA_LOCAL_STOP_TIMEOUT
svc_stop "${KAFKA_LOCAL_STOP_TIMEOUT:-30}" 0.5
