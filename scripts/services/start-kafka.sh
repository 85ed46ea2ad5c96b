#!/usr/bin/env bash
# Starts one KRaft node and waits until it is ready: `start-kafka.sh` (the single broker, PLAINTEXT
# 127.0.0.1:$KAFKA_PORT), `start-kafka.sh cluster I` (node I of the three-node cluster; start-cluster.sh
# starts all three) or `start-kafka.sh secure` (SASL_SSL; start-secure-kafka.sh prepares it).
# Does nothing when the node we started earlier is still up. A data directory that already holds a
# formatted KRaft log is kept: the node restarts with its data (after a kill -9 too). KAFKA_FRESH=1
# formats a new, empty one. KAFKA_ADVERTISED_PORT advertises another port (a fault proxy in front).
set -euo pipefail
. "$(dirname "$0")/common.sh"
select_kafka_node "$@"

state="$NODE_STATE"
pidfile="$state/kafka.pid"
log="$state/kafka.log"
endpoint="127.0.0.1:$NODE_PORT"
if pid="$(live_pid "$pidfile" "$KAFKA_MARKER")"; then
  port_open "$NODE_PORT" || die "$NODE_NAME: our broker (pid $pid) runs but $endpoint does not answer; see $log"
  say "$NODE_NAME: already up on $endpoint (pid $pid)"; exit 0
fi
for port in "$NODE_PORT" "$NODE_CONTROLLER_PORT"; do
  port_open "$port" && die "$NODE_NAME: port $port is taken by a process these scripts did not start; stop it, choose other ports (docs/services.md), or point the tests at your own broker"
done
java="$(find_java "$KAFKA_MIN_JAVA" "${KAFKA_JAVA:-}")" ||
  die "$NODE_NAME: Kafka $KAFKA_VERSION needs java >= $KAFKA_MIN_JAVA and none was found (set KAFKA_JAVA or JAVA_HOME)"
[ -f "$KAFKA_HOME/libs/.complete" ] || die "$NODE_NAME: $KAFKA_HOME/libs is missing; run fetch-kafka.sh first"

started="$(now_ms)"
mkdir -p "$state"
advertised_port="${KAFKA_ADVERTISED_PORT:-$NODE_PORT}"
if [ "$NODE_SECURITY" = sasl_ssl ]; then
  listeners="SASL_SSL://127.0.0.1:$NODE_PORT,CONTROLLER://127.0.0.1:$NODE_CONTROLLER_PORT"
  advertised="SASL_SSL://127.0.0.1:$advertised_port" inter=SASL_SSL map="CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL"
else
  listeners="PLAINTEXT://127.0.0.1:$NODE_PORT,CONTROLLER://127.0.0.1:$NODE_CONTROLLER_PORT"
  advertised="PLAINTEXT://127.0.0.1:$advertised_port" inter=PLAINTEXT map="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
fi
sed -e "s#@DATA@#$state/data#g" -e "s#@NODE_ID@#$NODE_ID#g" -e "s#@VOTERS@#$NODE_VOTERS#g" \
  -e "s#@LISTENERS@#$listeners#g" -e "s#@ADVERTISED@#$advertised#g" -e "s#@INTER_BROKER_LISTENER@#$inter#g" \
  -e "s#@PROTOCOL_MAP@#$map#g" -e "s#@REPLICATION@#$NODE_REPLICATION#g" -e "s#@MIN_ISR@#$NODE_MIN_ISR#g" \
  "$SERVICES_DIR/kafka/server.properties.in" > "$state/server.properties"
if [ "$NODE_SECURITY" = sasl_ssl ]; then
  . "$state/credentials.env"
  sed -e "s#@TLS@#$state/tls#g" -e "s#@ADMIN_PASSWORD@#$KAFKA_ADMIN_PASSWORD#g" \
    "$SERVICES_DIR/kafka/sasl-ssl.properties.in" >> "$state/server.properties"
fi
classpath="$KAFKA_HOME/libs/*"
log4j="$KAFKA_LOG_CONFIG"

if [ "${KAFKA_FRESH:-0}" = 1 ] || [ ! -f "$state/data/kraft-logs/meta.properties" ]; then
  rm -rf "$state/data" "$log"; mkdir -p "$state/data"
  # A cluster id is 16 random bytes in URL-safe base64 without padding (what `StorageTool random-uuid`
  # prints); making it here saves one JVM start. Like Kafka's Uuid.randomUuid, never one starting with
  # "-": the format command would take it for an option (one start in 64 failed that way). The nodes of
  # a cluster share the id start-cluster.sh made.
  cluster_id="${KAFKA_CLUSTER_ID:--}"
  while [ "${cluster_id#-}" != "$cluster_id" ]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  scram=()
  if [ "$NODE_SECURITY" = sasl_ssl ]; then
    # SCRAM users go into the metadata log at format time (KIP-900): no second JVM after start-up.
    scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]"
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_SASL_USERNAME,password=$KAFKA_SASL_PASSWORD]")
  fi
  "$java" $log4j -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$state/server.properties" \
    "${scram[@]}" > "$log" 2>&1 || { cat "$log" >&2; die "$NODE_NAME: formatting the data directory failed"; }
  say "$NODE_NAME: formatted a new data directory (cluster id $cluster_id)"
else
  say "$NODE_NAME: restarting with the data in $state/data"
fi
# Readiness is read from what this start appends to the log, not from an earlier start's lines.
log_start=$(( $( (wc -l < "$log") 2>/dev/null || echo 0) + 1 ))
# JVM flags of bin/kafka-run-class.sh, with a smaller heap (a test broker needs 300-500 MB).
nohup "$java" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
  $log4j -Dkafka.logs.dir="$state" -cp "$classpath" kafka.Kafka "$state/server.properties" \
  >> "$log" 2>&1 < /dev/null &
echo $! > "$pidfile"
kafka_ready() { tail -n "+$log_start" "$log" | grep -q "Kafka Server started" && port_open "$NODE_PORT"; }
wait_until_ready "$NODE_NAME $KAFKA_VERSION on $endpoint (java $java)" "$pidfile" "$KAFKA_MARKER" "$log" "$started" kafka_ready
