#!/usr/bin/env bash
# Starts a single-node KRaft broker (PLAINTEXT 127.0.0.1:$KAFKA_PORT) with a fresh data directory and
# waits until it is ready. Does nothing when the broker we started earlier is still up.
set -euo pipefail
. "$(dirname "$0")/common.sh"

state="$SERVICES_STATE/kafka"
pidfile="$state/kafka.pid"
log="$state/kafka.log"
if pid="$(live_pid "$pidfile" "$KAFKA_MARKER")"; then
  port_open "$KAFKA_PORT" || die "kafka: our broker (pid $pid) runs but 127.0.0.1:$KAFKA_PORT does not answer; see $log"
  say "kafka: already up on $KAFKA_BROKERS_ENDPOINT (pid $pid)"; exit 0
fi
for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
  port_open "$port" && die "kafka: port $port is taken by a process these scripts did not start; stop it, set KAFKA_PORT/KAFKA_CONTROLLER_PORT, or point KAFKA_BROKERS at your own broker"
done
java="$(find_java 11 "${KAFKA_JAVA:-}")" || die "kafka: no java >= 11 found (set KAFKA_JAVA or JAVA_HOME)"
[ -f "$KAFKA_HOME/libs/.complete" ] || die "kafka: $KAFKA_HOME/libs is missing; run fetch-kafka.sh first"

started="$(now_ms)"
rm -rf "$state"; mkdir -p "$state/data"
sed -e "s#@DATA@#$state/data#g" -e "s#@PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
  "$SERVICES_DIR/kafka/server.properties.in" > "$state/server.properties"
classpath="$KAFKA_HOME/libs/*"
log4j="-Dlog4j.configuration=file:$SERVICES_DIR/kafka/log4j.properties"
# A cluster id is 16 random bytes in URL-safe base64 without padding (what `StorageTool random-uuid` prints);
# making it here saves one JVM start. Like Kafka's Uuid.randomUuid, never one starting with "-": the
# format command would take it for an option (one start in 64 failed that way).
cluster_id="-"
while [ "${cluster_id#-}" != "$cluster_id" ]; do
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
done
"$java" $log4j -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$state/server.properties" \
  > "$log" 2>&1 || { cat "$log" >&2; die "kafka: formatting the data directory failed"; }
# JVM flags of bin/kafka-run-class.sh, with a smaller heap (a test broker needs 300-500 MB).
nohup "$java" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
  $log4j -Dkafka.logs.dir="$state" -cp "$classpath" kafka.Kafka "$state/server.properties" \
  >> "$log" 2>&1 < /dev/null &
echo $! > "$pidfile"
kafka_ready() { grep -q "Kafka Server started" "$log" && port_open "$KAFKA_PORT"; }
wait_until_ready "kafka $KAFKA_VERSION on $KAFKA_BROKERS_ENDPOINT (java $java)" "$pidfile" "$KAFKA_MARKER" "$log" "$started" kafka_ready
