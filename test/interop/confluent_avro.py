"""Confluent's own Python Avro serializers as a command line: the interop reference for schemakit.

Run with the venv's python (scripts/interop/setup-python.sh prints it):

  confluent_avro.py serialize   --registry URL --topic T --schema FILE [--schema-id N | --use-latest]
      stdin: one JSON record per line  ->  stdout: one framed message per line, in hex
  confluent_avro.py deserialize --registry URL --topic T [--reader-schema FILE]
      stdin: one framed message per line, in hex  ->  stdout: one JSON record per line

Both use confluent_kafka.schema_registry.avro.AvroSerializer / AvroDeserializer with
SerializationContext(topic, MessageField.VALUE) and the topic subject name strategy (`<topic>-value`,
Java's default), exactly as an application would. The serializer registers the schema file's text as
it is (auto.register.schemas, the default), so the caller controls which text gets which id.
The topic strategy is set explicitly on both: confluent-kafka 2.16's default (ASSOCIATED) first asks
GET /associations/..., a route Apicurio lacks, and Apicurio 3.3.3 now and then never answers a request
to a route it lacks while another such request is in flight, so the CLI would wait forever (the client
has no timeout). Against Apicurio, ASSOCIATED falls back to the topic strategy anyway.

JSON <-> Avro value mapping (the TypeScript side, test/support/python-interop.ts, mirrors it):
  - null, boolean, string, array, map and record values are plain JSON; unions are untagged
    (the interop schemas only use unions of null and one other type);
  - int, long, float, double are JSON numbers; longs stay within +-(2^53 - 2) (avsc refuses more) so JavaScript reads
    them exactly;
  - bytes are {"$bytes": "<base64>"};
  - long/timestamp-millis is the epoch-millisecond integer: fastavro writes an int as it is, and reads
    a timezone-aware datetime, which this CLI turns back into epoch milliseconds. Other logical types
    (date, time-*, timestamp-micros, uuid, decimal) are refused, because fastavro would hand back
    values this mapping does not describe.
A line that fails stops the run: its number and the error go to stderr and the exit code is 1.
"""

import argparse
import base64
import datetime
import json
import sys
from typing import Any

from confluent_kafka.schema_registry import SchemaRegistryClient, topic_subject_name_strategy
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
ONE_MILLISECOND = datetime.timedelta(milliseconds=1)
SUPPORTED_LOGICAL_TYPES = {"timestamp-millis"}
# `<topic>-value` without asking the registry first (see the module docstring).
SUBJECT_NAMES = {"subject.name.strategy": topic_subject_name_strategy}


def from_json(value: Any) -> Any:
    """JSON value -> what fastavro writes: only {"$bytes": ...} needs turning into bytes."""
    if isinstance(value, dict):
        if len(value) == 1 and "$bytes" in value:
            return base64.b64decode(value["$bytes"], validate=True)
        return {key: from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_json(item) for item in value]
    return value


def to_json(value: Any) -> Any:
    """What fastavro read -> JSON value, the inverse of from_json plus timestamp-millis."""
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise TypeError("naive datetime (local-timestamp-*): not part of the JSON mapping")
        # Integer arithmetic on timedelta: float seconds would round large or negative instants.
        return (value - EPOCH) // ONE_MILLISECOND
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"{type(value).__name__} value: not part of the JSON mapping")


def logical_types(schema: Any) -> set:
    """Every logicalType named anywhere in a parsed schema."""
    found = set()
    if isinstance(schema, dict):
        if isinstance(schema.get("logicalType"), str):
            found.add(schema["logicalType"])
        for item in schema.values():
            found |= logical_types(item)
    elif isinstance(schema, list):
        for item in schema:
            found |= logical_types(item)
    return found


def refuse_unmapped_logical_types(schema_text: str, where: str) -> None:
    unsupported = logical_types(json.loads(schema_text)) - SUPPORTED_LOGICAL_TYPES
    if unsupported:
        raise SystemExit(f"{where}: logical types {sorted(unsupported)} are outside the JSON mapping")


def read_text(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read().strip()


def dump(value: Any) -> str:
    return json.dumps(to_json(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def serialize(args: argparse.Namespace, client: SchemaRegistryClient) -> None:
    schema_text = read_text(args.schema)
    refuse_unmapped_logical_types(schema_text, args.schema)
    conf: dict = dict(SUBJECT_NAMES)
    if args.schema_id is not None:
        conf.update({"auto.register.schemas": False, "use.schema.id": args.schema_id})
    elif args.use_latest:
        conf.update({"auto.register.schemas": False, "use.latest.version": True})
    serializer = AvroSerializer(client, schema_text, conf=conf)
    context = SerializationContext(args.topic, MessageField.VALUE)
    for number, line in numbered_lines():
        framed = guarded(number, lambda: serializer(from_json(json.loads(line)), context))
        if framed is None:
            fail(number, "the serializer returned no bytes")
        sys.stdout.write(framed.hex() + "\n")


def deserialize(args: argparse.Namespace, client: SchemaRegistryClient) -> None:
    reader_text = read_text(args.reader_schema) if args.reader_schema else None
    if reader_text is not None:
        refuse_unmapped_logical_types(reader_text, args.reader_schema)
    deserializer = AvroDeserializer(client, reader_text, conf=dict(SUBJECT_NAMES))
    context = SerializationContext(args.topic, MessageField.VALUE)
    for number, line in numbered_lines():
        sys.stdout.write(guarded(number, lambda: dump(deserializer(bytes.fromhex(line), context))) + "\n")


def numbered_lines():
    for number, line in enumerate(sys.stdin, start=1):
        line = line.strip()
        if line:
            yield number, line


def guarded(number: int, step):
    try:
        return step()
    except Exception as error:  # noqa: BLE001 - every failure is reported with its line number
        fail(number, f"{type(error).__name__}: {error}")


def fail(number: int, message: str):
    sys.stdout.flush()
    sys.stderr.write(f"confluent_avro.py: input line {number}: {message}\n")
    sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("serialize", "deserialize"):
        command = commands.add_parser(name)
        command.add_argument("--registry", required=True, help="base URL of the Confluent REST API")
        command.add_argument("--topic", required=True)
    ser = commands.choices["serialize"]
    ser.add_argument("--schema", required=True, help="file holding the writer schema text to register")
    mode = ser.add_mutually_exclusive_group()
    mode.add_argument("--schema-id", type=int, help="use this registered id (no registration)")
    mode.add_argument("--use-latest", action="store_true", help="use the subject's latest version")
    commands.choices["deserialize"].add_argument("--reader-schema", help="resolve into this schema")
    args = parser.parse_args()
    client = SchemaRegistryClient({"url": args.registry})
    (serialize if args.command == "serialize" else deserialize)(args, client)


if __name__ == "__main__":
    main()
