#!/usr/bin/env bash
# Starts the https + basic-auth proxy of `up.sh --secure` on 127.0.0.1:$REGISTRY_TLS_PORT, in front of
# the registry on $REGISTRY_PORT, with the secure node's server certificate (trust tls/ca.pem) and the
# credentials in its credentials.env. Does nothing when the proxy we started earlier is still up.
set -euo pipefail
. "$(dirname "$0")/common.sh"
select_kafka_node secure
secure="$NODE_STATE"
state="$SERVICES_STATE/registry-tls-proxy"
pidfile="$state/proxy.pid"
log="$state/proxy.log"
if pid="$(live_pid "$pidfile" "$REGISTRY_PROXY_MARKER")"; then
  say "registry proxy: already up on https://127.0.0.1:$REGISTRY_TLS_PORT (pid $pid)"; exit 0
fi
port_open "$REGISTRY_TLS_PORT" && die "registry proxy: port $REGISTRY_TLS_PORT is taken; set REGISTRY_TLS_PORT"
[ -f "$secure/credentials.env" ] && [ -f "$secure/tls/server.pem" ] || die "registry proxy: run start-secure-kafka.sh first"
[ -x "$REPO_DIR/node_modules/.bin/tsx" ] || die "registry proxy: run npm ci first (it runs with tsx)"
. "$secure/credentials.env"
started="$(now_ms)"
mkdir -p "$state"
(
  cd "$REPO_DIR"
  REGISTRY_PROXY_TARGET="http://127.0.0.1:$REGISTRY_PORT" REGISTRY_PROXY_PORT="$REGISTRY_TLS_PORT" \
  REGISTRY_PROXY_CERT="$secure/tls/server.crt" REGISTRY_PROXY_KEY="$secure/tls/server.key" \
  REGISTRY_PROXY_USERNAME="$REGISTRY_PROXY_USERNAME" REGISTRY_PROXY_PASSWORD="$REGISTRY_PROXY_PASSWORD" \
    nohup node --import tsx "$SERVICES_DIR/registry-tls-proxy.ts" > "$log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
)
proxy_ready() { port_open "$REGISTRY_TLS_PORT"; }
wait_until_ready "registry proxy on https://127.0.0.1:$REGISTRY_TLS_PORT" "$pidfile" "$REGISTRY_PROXY_MARKER" "$log" "$started" proxy_ready
