#!/usr/bin/env bash
# `npm run services:down`: stops every broker, cluster node, proxy and registry that up.sh started with
# this SERVICES_STATE, by their recorded pids, side by side (the nodes of a cluster must go together: the
# last one alone would wait for a quorum that is gone). Data directories are kept; `--wipe` removes the
# state directory too once everything has stopped.
set -euo pipefail
. "$(dirname "$0")/common.sh"
wipe=0
[ "${1:-}" = --wipe ] && wipe=1
pids=()
stop_pid kafka "$SERVICES_STATE/kafka/kafka.pid" "$KAFKA_MARKER" & pids+=($!)
for i in $(seq 1 "$KAFKA_CLUSTER_SIZE"); do
  stop_pid "kafka-$i" "$SERVICES_STATE/kafka-cluster/node-$i/kafka.pid" "$KAFKA_MARKER" & pids+=($!)
done
stop_pid kafka-secure "$SERVICES_STATE/kafka-secure/kafka.pid" "$KAFKA_MARKER" & pids+=($!)
stop_pid "registry proxy" "$SERVICES_STATE/registry-tls-proxy/proxy.pid" "$REGISTRY_PROXY_MARKER" & pids+=($!)
stop_pid registry "$SERVICES_STATE/registry/registry.pid" "$REGISTRY_MARKER" & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done
if [ "$wipe" = 1 ]; then rm -rf "$SERVICES_STATE"; say "removed $SERVICES_STATE"; fi
