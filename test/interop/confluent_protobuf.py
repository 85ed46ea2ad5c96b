"""Confluent's own Python Protobuf serializers as a command line: the interop reference for schemakit.

Run with the venv's python (scripts/interop/setup-python.sh prints it). Message classes are built at run
time from a FileDescriptorSet (what `buf build --as-file-descriptor-set` prints), so no protoc is needed:

  confluent_protobuf.py indexes     --descriptor-set FILE --message FULL.NAME...
      stdout: one JSON array per message, Confluent's message-index path (_create_index_array)
  confluent_protobuf.py serialize   --registry URL --topic T --descriptor-set FILE --message FULL.NAME [--use-latest]
      stdin: one message per line in Protobuf's JSON mapping  ->  stdout: one framed message per line, in hex
  confluent_protobuf.py deserialize --registry URL --topic T --descriptor-set FILE --message FULL.NAME
      stdin: one framed message per line, in hex  ->  stdout: one message per line, Protobuf JSON

serialize/deserialize use ProtobufSerializer / ProtobufDeserializer with SerializationContext(topic,
MessageField.VALUE), the topic subject name strategy and otherwise their defaults (auto-register,
skip.known.types); `--use-latest` makes the serializer take the subject's latest schema instead of
registering its own. The topic strategy is set explicitly: confluent-kafka 2.16's default (ASSOCIATED)
first asks GET /associations/..., a route Apicurio lacks, and Apicurio 3.3.3 now and then never answers
a request to a route it lacks while another such request is in flight, so the CLI would wait forever
(the client has no timeout). Against Apicurio, ASSOCIATED falls back to the topic strategy anyway.
`--registry mock://` uses confluent-kafka's in-process mock registry (ids from 1, per run).

Apicurio (the registry the tests run) answers `format=serialized`, which Confluent's Python serde asks
for, with the raw descriptor bytes as a JSON string, mangled by UTF-8 replacement, instead of base64, so
Python cannot read any Protobuf schema back through it. `--buf PATH` stands in for what Confluent's
registry does server-side: the schema is fetched as stored and, when it is .proto text, compiled with buf
(its references fetched the same way) into the base64 FileDescriptorProto Python expects. Everything
else - ids, references, indexes, payloads - is Confluent's own code against the real registry.
A line that fails stops the run: its number and the error go to stderr and the exit code is 1.
"""

import argparse
import base64
import binascii
import json
import os
import subprocess
import sys
import tempfile

import attrs

from confluent_kafka.schema_registry import SchemaRegistryClient, topic_subject_name_strategy
from confluent_kafka.schema_registry.common.protobuf import _create_index_array
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

# `<topic>-value` without asking the registry first (see the module docstring).
SUBJECT_NAMES = {"subject.name.strategy": topic_subject_name_strategy}


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


class TextCompilingClient(SchemaRegistryClient):
    """Answers `format=serialized` from .proto text by compiling it, as Confluent's registry does."""

    def __init__(self, conf: dict, buf: str):
        super().__init__(conf)
        self._buf = buf

    def get_schema(self, schema_id, subject_name=None, fmt=None, reference_format=None):
        schema = super().get_schema(schema_id, subject_name, None, reference_format)
        return self._serialized(schema) if fmt == "serialized" else schema

    def get_version(self, subject_name, version="latest", deleted=False, fmt=None):
        found = super().get_version(subject_name, version, deleted, None)
        return attrs.evolve(found, schema=self._serialized(found.schema)) if fmt == "serialized" else found

    def get_latest_version(self, subject_name, fmt=None):
        found = super().get_latest_version(subject_name, None)
        return attrs.evolve(found, schema=self._serialized(found.schema)) if fmt == "serialized" else found

    def _serialized(self, schema):
        text = schema.schema_str or ""
        try:
            base64.b64decode(text, validate=True)
            return schema  # already a base64 FileDescriptorProto, as Python registers
        except (binascii.Error, ValueError):
            pass
        with tempfile.TemporaryDirectory() as root:
            main = "schema.proto"
            self._write(root, main, text)
            for name, reference_text in self._references(schema):
                self._write(root, name, reference_text)
            config = json.dumps({"version": "v2", "modules": [{"path": "."}]})
            command = [self._buf, "build", "--config", config, "--as-file-descriptor-set", "-o", "-", "--path", main]
            built = subprocess.run(command, cwd=root, capture_output=True, check=False)
            if built.returncode != 0:
                raise RuntimeError(f"buf could not compile the registered text: {built.stderr.decode()}")
        file_set = descriptor_pb2.FileDescriptorSet.FromString(built.stdout)
        proto = next(file for file in file_set.file if file.name == main)
        proto.ClearField("source_code_info")
        return attrs.evolve(schema, schema_str=base64.b64encode(proto.SerializeToString()).decode("ascii"))

    def _references(self, schema):
        for reference in schema.references or []:
            found = super().get_version(reference.subject, reference.version, True, None)
            yield reference.name, found.schema.schema_str or ""
            yield from self._references(found.schema)

    @staticmethod
    def _write(root: str, name: str, text: str) -> None:
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)


def registry_client(args: argparse.Namespace):
    conf = {"url": args.registry}
    if args.buf is None or args.registry.startswith("mock://"):
        return SchemaRegistryClient.new_client(conf)
    return TextCompilingClient(conf, args.buf)


def indexes(args: argparse.Namespace) -> None:
    for name in args.message:
        sys.stdout.write(json.dumps(_create_index_array(message_class(args.descriptor_set, name).DESCRIPTOR)) + "\n")


def serialize(args: argparse.Namespace) -> None:
    cls = message_class(args.descriptor_set, args.message[0])
    client = registry_client(args)
    conf = dict(SUBJECT_NAMES)
    if args.use_latest:
        conf.update({"auto.register.schemas": False, "use.latest.version": True})
    serializer = ProtobufSerializer(cls, client, conf)
    context = SerializationContext(args.topic, MessageField.VALUE)
    for number, line in numbered_lines():
        framed = guarded(number, lambda: serializer(json_format.Parse(line, cls()), context))
        if framed is None:
            fail(number, "the serializer returned no bytes")
        sys.stdout.write(framed.hex() + "\n")


def deserialize(args: argparse.Namespace) -> None:
    cls = message_class(args.descriptor_set, args.message[0])
    client = registry_client(args)
    deserializer = ProtobufDeserializer(cls, dict(SUBJECT_NAMES), client)
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
    parser.add_argument("--use-latest", action="store_true")
    parser.add_argument("--buf", help="the buf binary, to compile .proto text the registry answers with")
    args = parser.parse_args()
    {"indexes": indexes, "serialize": serialize, "deserialize": deserialize}[args.command](args)


if __name__ == "__main__":
    main()
