import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { interopPython } from "../support/python-interop.js";

// Runs Confluent's own Python Protobuf serializers (test/interop/confluent_protobuf.py) from the interop
// tests; the venv comes from scripts/interop/setup-python.sh, as for Avro.

const CLI = fileURLToPath(new URL("./confluent_protobuf.py", import.meta.url));
const CLI_TIMEOUT_MS = 60_000;

export interface ConfluentProtobufTarget {
  readonly registryUrl: string;
  readonly topic: string;
  /** A FileDescriptorSet file holding the message's file and its imports. */
  readonly descriptorSet: string;
  readonly message: string;
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

async function runCli(command: string, target: ConfluentProtobufTarget, input: readonly string[]): Promise<string[]> {
  const python = await interopPython();
  const args = [
    CLI,
    command,
    "--registry",
    target.registryUrl,
    "--topic",
    target.topic,
    "--descriptor-set",
    target.descriptorSet,
    "--message",
    target.message,
  ];
  return new Promise<string[]>((resolve, reject) => {
    const child = spawn(python, args, { stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const errors = Buffer.concat(stderr).toString("utf8").trim();
      if (code !== 0) {
        reject(new Error(`confluent_protobuf.py ${command} exited ${String(code ?? signal)}:\n${errors}`));
        return;
      }
      const lines = Buffer.concat(stdout)
        .toString("utf8")
        .split("\n")
        .filter((line) => line !== "");
      if (lines.length !== input.length) {
        reject(new Error(`confluent_protobuf.py ${command}: ${lines.length} lines out for ${input.length} in`));
        return;
      }
      resolve(lines);
    });
    child.stdin.end(input.map((line) => `${line}\n`).join(""));
  });
}
