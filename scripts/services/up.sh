#!/usr/bin/env bash
# `npm run services:up [-- OPTIONS]`: fetches (cached) and starts Apache Kafka and Apicurio Registry,
# waits for them, then prints their endpoints as `export NAME=value` lines on stdout (progress goes to
# stderr), so `eval "$(bash scripts/services/up.sh)"` points the tests at them. Idempotent: running
# services are kept, and a broker restarts with the data it had.
#   --brokers 3     a three-node KRaft cluster (RF 3, min.insync.replicas 2) instead of the single broker
#   --secure        a SASL_SSL broker (SCRAM-SHA-512, test CA) instead, and an https + basic-auth proxy
#                   in front of the registry; prints the CA file and the credentials
#   --no-registry   Kafka only
#   --fresh         new, empty data directories for the brokers started now
set -euo pipefail
. "$(dirname "$0")/common.sh"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
brokers=1 secure=0 registry=1
while [ $# -gt 0 ]; do
  case "$1" in
    --brokers) brokers="${2:?--brokers needs 1 or 3}"; shift 2 ;;
    --brokers=*) brokers="${1#--brokers=}"; shift ;;
    --secure) secure=1; shift ;;
    --no-registry) registry=0; shift ;;
    --fresh) export KAFKA_FRESH=1; shift ;;
    *) die "unknown option '$1' (--brokers 1|3, --secure, --no-registry, --fresh)" ;;
  esac
done
[ "$brokers" = 1 ] || [ "$brokers" = 3 ] || die "--brokers must be 1 or 3, got '$brokers'"
[ "$secure" = 1 ] && [ "$brokers" = 3 ] && die "--secure runs one broker; use it without --brokers 3"
if [ "$secure" = 1 ]; then kafka_step=start-secure-kafka.sh
elif [ "$brokers" = 3 ]; then kafka_step=start-cluster.sh
else kafka_step=start-kafka.sh; fi

# Fetches and starts run side by side; each step's own messages say what failed.
run_steps() {
  local pids=() pid rc=0 step
  for step in "$@"; do bash "$SERVICES_DIR/$step" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return "$rc"
}
fetches=(fetch-kafka.sh) starts=("$kafka_step")
[ "$registry" = 1 ] && fetches+=(fetch-apicurio.sh) && starts+=(start-registry.sh)
run_steps "${fetches[@]}" || die "fetching the services failed"
if ! run_steps "${starts[@]}" || { [ "$secure" = 1 ] && [ "$registry" = 1 ] && ! run_steps start-registry-proxy.sh; }; then
  say "starting the services failed; stopping what did start"
  bash "$SERVICES_DIR/down.sh"
  exit 1
fi
if [ "$secure" = 1 ]; then
  select_kafka_node secure
  . "$NODE_STATE/credentials.env"
  echo "export KAFKA_SECURE_BROKERS=127.0.0.1:$KAFKA_SECURE_PORT"
  echo "export KAFKA_SASL_MECHANISM=scram-sha-512"
  echo "export KAFKA_SASL_USERNAME=$KAFKA_SASL_USERNAME"
  echo "export KAFKA_SASL_PASSWORD=$KAFKA_SASL_PASSWORD"
  echo "export SERVICES_CA_FILE=$NODE_STATE/tls/ca.pem"
  if [ "$registry" = 1 ]; then
    echo "export SCHEMA_REGISTRY_TLS_URL=https://127.0.0.1:$REGISTRY_TLS_PORT/apis/ccompat/v7"
    echo "export SCHEMA_REGISTRY_TLS_USERNAME=$REGISTRY_PROXY_USERNAME"
    echo "export SCHEMA_REGISTRY_TLS_PASSWORD=$REGISTRY_PROXY_PASSWORD"
  fi
elif [ "$brokers" = 3 ]; then
  echo "export KAFKA_BROKERS=$(cluster_brokers_endpoint)"
else
  echo "export KAFKA_BROKERS=$KAFKA_BROKERS_ENDPOINT"
fi
[ "$registry" = 1 ] && echo "export SCHEMA_REGISTRY_URL=$REGISTRY_URL_ENDPOINT"
exit 0
