"""Confluent's own Python Protobuf serializers as a command line: the interop reference for schemakit.

Run with the venv's python (scripts/interop/setup-python.sh prints it). Message classes are built at run
time from a FileDescriptorSet (what `buf build --as-file-descriptor-set` prints), so no protoc is needed:

  confluent_protobuf.py indexes     --descriptor-set FILE --message FULL.NAME...
      stdout: one JSON array per message, Confluent's message-index path (_create_index_array)
  confluent_protobuf.py serialize   --registry URL --topic T --descriptor-set FILE --message FULL.NAME
      stdin: one message per line in Protobuf's JSON mapping  ->  stdout: one framed message per line, in hex
  confluent_protobuf.py deserialize --registry URL --topic T --descriptor-set FILE --message FULL.NAME
      stdin: one framed message per line, in hex  ->  stdout: one message per line, Protobuf JSON

serialize/deserialize use ProtobufSerializer / ProtobufDeserializer with SerializationContext(topic,
MessageField.VALUE) and their defaults (topic subject strategy, auto-register, skip.known.types).
`--registry mock://` uses confluent-kafka's in-process mock registry (ids from 1, per run).
A line that fails stops the run: its number and the error go to stderr and the exit code is 1.
"""

import argparse
import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.common.protobuf import _create_index_array
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory


def message_class(descriptor_set: str, full_name: str):
    with open(descriptor_set, "rb") as file:
        file_set = descriptor_pb2.FileDescriptorSet.FromString(file.read())
    # The default pool already holds the well-known types Python's protobuf ships; files of the set that
    # it has (google/protobuf/*) are skipped so each message has one descriptor.
    pool = descriptor_pool.Default()
    for proto in file_set.file:
        try:
            pool.FindFileByName(proto.name)
        except KeyError:
            proto.ClearField("source_code_info")
            pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(full_name))


def indexes(args: argparse.Namespace) -> None:
    for name in args.message:
        sys.stdout.write(json.dumps(_create_index_array(message_class(args.descriptor_set, name).DESCRIPTOR)) + "\n")


def serialize(args: argparse.Namespace) -> None:
    cls = message_class(args.descriptor_set, args.message[0])
    client = SchemaRegistryClient.new_client({"url": args.registry})
    serializer = ProtobufSerializer(cls, client)
    context = SerializationContext(args.topic, MessageField.VALUE)
    for number, line in numbered_lines():
        framed = guarded(number, lambda: serializer(json_format.Parse(line, cls()), context))
        if framed is None:
            fail(number, "the serializer returned no bytes")
        sys.stdout.write(framed.hex() + "\n")


def deserialize(args: argparse.Namespace) -> None:
    cls = message_class(args.descriptor_set, args.message[0])
    client = SchemaRegistryClient.new_client({"url": args.registry})
    deserializer = ProtobufDeserializer(cls, {}, client)
    context = SerializationContext(args.topic, MessageField.VALUE)
    for number, line in numbered_lines():
        message = guarded(number, lambda: deserializer(bytes.fromhex(line), context))
        sys.stdout.write(json_format.MessageToJson(message, indent=None) + "\n")


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


def fail(number: int, detail: str) -> None:
    sys.stderr.write(f"line {number}: {detail}\n")
    raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["indexes", "serialize", "deserialize"])
    parser.add_argument("--registry", default="mock://")
    parser.add_argument("--topic", default="schemakit-interop")
    parser.add_argument("--descriptor-set", required=True)
    parser.add_argument("--message", required=True, nargs="+")
    args = parser.parse_args()
    {"indexes": indexes, "serialize": serialize, "deserialize": deserialize}[args.command](args)


if __name__ == "__main__":
    main()
