#!/usr/bin/env bash
# Stops the registry that infra/registry/start.sh started on
# REGISTRY_LOCAL_PORT (default 8081): SIGTERM, then SIGKILL if it is still
# alive after REGISTRY_LOCAL_STOP_TIMEOUT seconds (default 20). Idempotent:
# with no registry running it says so and exits 0. Storage is in memory, so
# every registered schema is gone afterwards.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${REGISTRY_LOCAL_PORT:-8081}"
pidfile="$(cd "$here/../.." && pwd)/.cache/registry/registry-$port.pid"
svc_name=registry-local
# Only a live registry JVM serving this port is ours to signal.
svc_is_ours() { [[ "$1" == *"quarkus.http.port=$port "* ]]; }
# shellcheck source=../service.sh
source "$here/../service.sh"

svc_require_numbers REGISTRY_LOCAL_PORT REGISTRY_LOCAL_STOP_TIMEOUT
svc_stop "${REGISTRY_LOCAL_STOP_TIMEOUT:-20}" 0.2 "port $port"
