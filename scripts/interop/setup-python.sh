#!/usr/bin/env bash
# Creates (once) the Python virtualenv that holds Confluent's own serializers, the interop reference for
# schemakit's Avro bytes, and prints the path of its python on stdout (progress goes to stderr).
# Idempotent: a venv whose stamp matches the pins below is reused as it is (about 0.1 s); a stale or
# broken one is rebuilt from scratch. Python packages go only into this venv, never into the system.
#
# Environment: SCHEMAKIT_INTEROP_VENV (default ~/.cache/schemakit/interop-venv), PYTHON (default python3).
set -euo pipefail

SCHEMAKIT_CACHE="${SCHEMAKIT_CACHE:-$HOME/.cache/schemakit}"
VENV="${SCHEMAKIT_INTEROP_VENV:-$SCHEMAKIT_CACHE/interop-venv}"
PYTHON="${PYTHON:-python3}"

say() { printf 'interop: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Exact pins, the whole closure of `confluent-kafka[avro,protobuf]==2.16.0` on CPython 3.11 (pip freeze of a clean
# venv), so every machine runs the same serializer. Why 2.16.0 and not 2.16.1: 2.16.1 requires
# certifi>=2026.10.19, which the package index reachable here does not have yet.
# The `avro` extra is what AvroSerializer/AvroDeserializer need: fastavro (the codec), the schema
# registry client (httpx2, authlib, attrs, cachetools, certifi), plus avro and requests. The `protobuf`
# extra adds protobuf and googleapis-common-protos, what ProtobufSerializer/ProtobufDeserializer need.
PINS="confluent-kafka[avro,protobuf]==2.16.0
anyio==4.16.0
attrs==26.1.0
Authlib==1.9.9
avro==1.12.2
cachetools==8.0.1
certifi==2026.10.18
cffi==2.1.1
charset-normalizer==3.5.2
cryptography==50.0.2
fastavro==1.13.1
googleapis-common-protos==1.76.0
h11==0.16.0
httpcore2==2.16.2
httpx2==2.16.2
idna==3.20
joserfc==1.8.0
protobuf==7.36.2
pycparser==3.12
requests==2.34.2
truststore==0.10.5
typing_extensions==4.16.0
urllib3==2.8.0"

command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install Python >= 3.10 (apt-get install python3 python3-venv)"
python_version="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
stamp_text="python $python_version
$PINS"

mkdir -p "$(dirname "$VENV")"
# Two test files (or a test and CI's setup step) may ask at once: one builds, the other waits.
exec 9>"$VENV.lock"
command -v flock >/dev/null && flock 9

venv_ok() {
  [ -x "$VENV/bin/python" ] &&
    [ "$(cat "$VENV/.schemakit-stamp" 2>/dev/null)" = "$stamp_text" ] &&
    "$VENV/bin/python" -c 'import confluent_kafka.schema_registry.avro, confluent_kafka.schema_registry.protobuf, fastavro' \
      2>/dev/null
}

if venv_ok; then
  say "venv up to date: $VENV (confluent-kafka 2.16.0, python $python_version)"
else
  started=$(date +%s)
  say "creating $VENV with $PYTHON $python_version"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" ||
    die "'$PYTHON -m venv' failed: install the venv module (apt-get install python3-venv) or set PYTHON"
  requirements="$VENV/requirements.txt"
  printf '%s\n' "$PINS" >"$requirements"
  "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$requirements" >&2 ||
    die "pip install into $VENV failed (see above); PyPI must be reachable"
  "$VENV/bin/python" -c 'import confluent_kafka.schema_registry.avro, confluent_kafka.schema_registry.protobuf' ||
    die "the venv was built but confluent_kafka.schema_registry.avro or .protobuf does not import"
  printf '%s' "$stamp_text" >"$VENV/.schemakit-stamp"
  say "venv ready in $(( $(date +%s) - started )) s"
fi
echo "$VENV/bin/python"
