#!/usr/bin/env bash
# `npm run services:restart-kafka -- [single | cluster I | secure] [--signal SIG] [--down-ms MS]`:
# kills one Kafka node these scripts started (SIGKILL by default: a crash, no controlled shutdown),
# waits until it is gone, keeps it down MS milliseconds (default 0), then starts it again with its data.
# For fault tests: acknowledged records must survive it. `--signal STOP` freezes the node instead
# (resume it with `--signal CONT`); neither restarts anything.
set -euo pipefail
. "$(dirname "$0")/common.sh"
node=() signal=KILL down_ms=0
while [ $# -gt 0 ]; do
  case "$1" in
    --signal) signal="${2:?--signal needs a signal name}"; shift 2 ;;
    --down-ms) down_ms="${2:?--down-ms needs a number}"; shift 2 ;;
    single | secure) node=("$1"); shift ;;
    cluster) node=(cluster "${2:?cluster needs a node number}"); shift 2 ;;
    *) die "restart-kafka: unknown argument '$1' (single | cluster I | secure, --signal SIG, --down-ms MS)" ;;
  esac
done
select_kafka_node "${node[@]:-single}"
pidfile="$NODE_STATE/kafka.pid"
pid="$(live_pid "$pidfile" "$KAFKA_MARKER")" || die "$NODE_NAME: not running (nothing these scripts started)"
kill -s "$signal" "$pid"
case "$signal" in
  STOP | SIGSTOP | CONT | SIGCONT) say "$NODE_NAME: sent SIG${signal#SIG} to pid $pid"; exit 0 ;;
esac
for _ in $(seq 1 240); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
kill -0 "$pid" 2>/dev/null && die "$NODE_NAME: pid $pid still runs 60 s after SIG${signal#SIG}"
rm -f "$pidfile"
say "$NODE_NAME: pid $pid ended by SIG${signal#SIG}"
[ "$down_ms" -gt 0 ] && sleep "$(awk -v ms="$down_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
if [ "$NODE_SECURITY" = sasl_ssl ]; then
  exec bash "$SERVICES_DIR/start-secure-kafka.sh"
fi
exec bash "$SERVICES_DIR/start-kafka.sh" "${node[@]:-single}"
