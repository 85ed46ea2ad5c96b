#!/usr/bin/env bash
# Starts the three-node KRaft cluster of `up.sh --brokers 3`: three combined broker + controller nodes
# (a three-voter controller quorum that survives one node down), replication factor 3 and
# min.insync.replicas 2 by default, brokers on 127.0.0.1:$KAFKA_CLUSTER_PORT and the next two ports.
# The nodes start side by side (a node is ready only once the quorum has formed); each keeps its data
# across restarts as start-kafka.sh does.
set -euo pipefail
. "$(dirname "$0")/common.sh"

state="$SERVICES_STATE/kafka-cluster"
mkdir -p "$state"
# One cluster id for the three nodes, made once: a node that restarts with its data keeps it.
if [ "${KAFKA_FRESH:-0}" = 1 ] || [ ! -s "$state/cluster.id" ]; then
  id="-"
  while [ "${id#-}" != "$id" ]; do id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
  echo "$id" > "$state/cluster.id"
  export KAFKA_FRESH=1
fi
export KAFKA_CLUSTER_ID="$(cat "$state/cluster.id")"
# Three JVMs on a small machine: a smaller heap each than the single broker's.
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
pids=()
for i in $(seq 1 "$KAFKA_CLUSTER_SIZE"); do
  bash "$SERVICES_DIR/start-kafka.sh" cluster "$i" & pids+=($!)
done
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
[ "$rc" = 0 ] || die "kafka cluster: a node did not start (see the messages above)"
say "kafka cluster: 3 nodes up on $(cluster_brokers_endpoint) (RF 3, min.insync.replicas 2)"
