#!/usr/bin/env bash
# `npm run services:down`: stops the broker and the registry that up.sh started, by their recorded pids.
set -euo pipefail
. "$(dirname "$0")/common.sh"
stop_pid kafka "$SERVICES_STATE/kafka/kafka.pid" "$KAFKA_MARKER"
stop_pid registry "$SERVICES_STATE/registry/registry.pid" "$REGISTRY_MARKER"
