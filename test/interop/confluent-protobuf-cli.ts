import { fileURLToPath } from "node:url";
import { bufBinaryPath } from "../../codegen/protobuf/load/buf-binary.js";
import { runInteropCli } from "../support/python-interop.js";

// Runs Confluent's own Python Protobuf serializers (test/interop/confluent_protobuf.py) from the interop
// tests; the venv comes from scripts/interop/setup-python.sh, as for Avro. The CLI gets buf (the npm
// package's binary) to compile .proto text the registry answers with (see confluent_protobuf.py).

const CLI = fileURLToPath(new URL("./confluent_protobuf.py", import.meta.url));

export interface ConfluentProtobufTarget {
  readonly registryUrl: string;
  readonly topic: string;
  /** A FileDescriptorSet file holding the message's file and its imports. */
  readonly descriptorSet: string;
  readonly message: string;
  /** Serialize with the subject's latest schema (use.latest.version) instead of registering Python's own. */
  readonly useLatest?: boolean;
}

/** Serializes each message (Protobuf JSON) with Confluent's Python ProtobufSerializer (auto-register). */
export async function confluentProtobufSerialize(
  target: ConfluentProtobufTarget,
  messagesJson: readonly string[],
): Promise<Buffer[]> {
  const lines = await runCli("serialize", target, messagesJson);
  return lines.map((line) => Buffer.from(line, "hex"));
}

/** Deserializes each framed message with Confluent's Python ProtobufDeserializer; Protobuf JSON out. */
export async function confluentProtobufDeserialize(
  target: ConfluentProtobufTarget,
  framed: readonly Uint8Array[],
): Promise<unknown[]> {
  const lines = await runCli(
    "deserialize",
    target,
    framed.map((bytes) => Buffer.from(bytes).toString("hex")),
  );
  return lines.map((line): unknown => JSON.parse(line));
}

function runCli(command: string, target: ConfluentProtobufTarget, input: readonly string[]): Promise<string[]> {
  const args = [
    command,
    "--registry",
    target.registryUrl,
    "--topic",
    target.topic,
    "--descriptor-set",
    target.descriptorSet,
    "--message",
    target.message,
    "--buf",
    bufBinaryPath(),
    ...(target.useLatest === true ? ["--use-latest"] : []),
  ];
  return runInteropCli(CLI, args, input);
}
