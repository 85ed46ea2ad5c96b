#!/usr/bin/env bash
# `npm run services:up`: fetches (cached) and starts Apache Kafka and Apicurio Registry, waits for both,
# then prints their endpoints as `export NAME=value` lines on stdout (progress goes to stderr), so
# `eval "$(bash scripts/services/up.sh)"` points the tests at them. Idempotent: running services are kept.
set -euo pipefail
. "$(dirname "$0")/common.sh"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

# Both fetches and both starts run side by side; each step's own messages say what failed.
run_both() {
  local a b rc=0
  bash "$SERVICES_DIR/$1" & a=$!
  bash "$SERVICES_DIR/$2" & b=$!
  wait "$a" || rc=1
  wait "$b" || rc=1
  return "$rc"
}
run_both fetch-kafka.sh fetch-apicurio.sh || die "fetching the services failed"
if ! run_both start-kafka.sh start-registry.sh; then
  say "starting the services failed; stopping what did start"
  bash "$SERVICES_DIR/down.sh"
  exit 1
fi
echo "export KAFKA_BROKERS=$KAFKA_BROKERS_ENDPOINT"
echo "export SCHEMA_REGISTRY_URL=$REGISTRY_URL_ENDPOINT"
