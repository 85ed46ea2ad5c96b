#!/usr/bin/env bash
# Starts the SASL_SSL node of `up.sh --secure` on 127.0.0.1:$KAFKA_SECURE_PORT: TLS with a server
# certificate signed by a CA made here with openssl (tls/ca.pem is what clients must trust), and
# SCRAM-SHA-512 with a user made at format time. Certificates and credentials are made once per state
# directory and kept with the data, so a restart keeps working with what was printed before.
set -euo pipefail
. "$(dirname "$0")/common.sh"
select_kafka_node secure
state="$NODE_STATE"
tls="$state/tls"
command -v openssl >/dev/null || die "$NODE_NAME: openssl is needed to make the test CA (apt-get install openssl)"
mkdir -p "$state"
if [ "${KAFKA_FRESH:-0}" = 1 ] || [ ! -f "$state/data/kraft-logs/meta.properties" ]; then
  # A new data directory gets new credentials and a new CA: nothing from an earlier one applies.
  rm -rf "$tls" "$state/credentials.env"
fi
if [ ! -f "$state/credentials.env" ]; then
  secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }
  umask 077
  cat > "$state/credentials.env" <<CREDENTIALS
KAFKA_SASL_USERNAME=schemakit
KAFKA_SASL_PASSWORD=$(secret)
KAFKA_ADMIN_PASSWORD=$(secret)
REGISTRY_PROXY_USERNAME=schemakit
REGISTRY_PROXY_PASSWORD=$(secret)
CREDENTIALS
  umask 022
fi
if [ ! -f "$tls/server.pem" ]; then
  mkdir -p "$tls"
  (
    cd "$tls"
    # EC P-256, PKCS#8 keys (what Kafka's PEM key store reads); valid for 10 years.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 3650 \
      -subj "/CN=schemakit test CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
      -subj "/CN=127.0.0.1" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n' \
      > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.crt -days 3650 \
      -extfile server.ext 2>/dev/null
    cat server.key server.crt > server.pem
    chmod 600 ca.key server.key server.pem
  ) || die "$NODE_NAME: making the test CA and server certificate failed"
  say "$NODE_NAME: made a test CA ($tls/ca.pem) and a server certificate for 127.0.0.1"
fi
exec bash "$SERVICES_DIR/start-kafka.sh" secure
