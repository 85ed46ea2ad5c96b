import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

// Runs Confluent's own Python Avro serializers (test/interop/confluent_avro.py) from the interop tests.
// The venv comes from scripts/interop/setup-python.sh, which is idempotent: the first call in a process
// runs it (about 0.7 s when the venv is current, about 20 s when it has to be built from PyPI).

const SETUP_SCRIPT = fileURLToPath(new URL("../../scripts/interop/setup-python.sh", import.meta.url));
const CLI = fileURLToPath(new URL("../interop/confluent_avro.py", import.meta.url));
const CLI_TIMEOUT_MS = 30_000;
const ABORT_GRACE_MS = 5_000;

/** Where Confluent's Python serializers run: registry base URL and the topic of the SerializationContext. */
export interface ConfluentAvroTarget {
  readonly registryUrl: string;
  readonly topic: string;
}

/** How the Python serializer picks the schema id; the default registers the schema text (auto-register). */
export type ConfluentSerializeMode =
  | { readonly kind: "auto-register" }
  | { readonly kind: "schema-id"; readonly id: number }
  | { readonly kind: "use-latest" };

let python: Promise<string> | undefined;

/**
 * The venv's python, set up on first use. A failure rejects with what to do: the interop tests fail on
 * it, under CI=true and everywhere else; they never skip, since a skipped interop test proves nothing.
 */
export function interopPython(): Promise<string> {
  python ??= new Promise<string>((resolve, reject) => {
    execFile("bash", [SETUP_SCRIPT], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const path = stdout.trim().split("\n").at(-1) ?? "";
      if (error || path === "") {
        reject(
          new Error(
            `${SETUP_SCRIPT} could not set up Confluent's Python serializers` +
              `${error ? ` (exit ${String(error.code)})` : " (it printed no python path)"}:\n${stderr.trim()}\n` +
              "the interop tests need python3 with the venv module and PyPI; run the script by hand to see more",
          ),
        );
        return;
      }
      resolve(path);
    });
  });
  return python;
}

/** Serializes each record with Confluent's Python AvroSerializer; one framed message per record. */
export async function confluentSerialize(
  target: ConfluentAvroTarget,
  schemaText: string,
  records: readonly unknown[],
  mode: ConfluentSerializeMode = { kind: "auto-register" },
): Promise<Buffer[]> {
  const modeArgs =
    mode.kind === "schema-id" ? ["--schema-id", String(mode.id)] : mode.kind === "use-latest" ? ["--use-latest"] : [];
  const lines = await withSchemaFile(schemaText, (schemaFile) =>
    runCli(
      ["serialize", "--registry", target.registryUrl, "--topic", target.topic, "--schema", schemaFile, ...modeArgs],
      records.map((record) => JSON.stringify(toInteropJson(record))),
    ),
  );
  return lines.map((line) => Buffer.from(line, "hex"));
}

/** Deserializes each framed message with Confluent's Python AvroDeserializer (writer schema by id). */
export async function confluentDeserialize(
  target: ConfluentAvroTarget,
  messages: readonly Uint8Array[],
  readerSchemaText?: string,
): Promise<unknown[]> {
  const args = ["deserialize", "--registry", target.registryUrl, "--topic", target.topic];
  const input = messages.map((message) => Buffer.from(message).toString("hex"));
  const lines =
    readerSchemaText === undefined
      ? await runCli(args, input)
      : await withSchemaFile(readerSchemaText, (file) => runCli([...args, "--reader-schema", file], input));
  return lines.map((line) => fromInteropJson(JSON.parse(line)));
}

/**
 * A JavaScript Avro value in the CLI's JSON mapping (see confluent_avro.py): bytes and fixed become
 * {"$bytes": base64}; everything else is plain JSON. Longs must already be safe integers.
 */
export function toInteropJson(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return { $bytes: Buffer.from(value).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(toInteropJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toInteropJson(item)]));
  }
  return value;
}

/** The inverse of toInteropJson: {"$bytes": base64} becomes a Buffer. */
export function fromInteropJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromInteropJson);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only !== undefined && only[0] === "$bytes" && typeof only[1] === "string") {
      return Buffer.from(only[1], "base64");
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, fromInteropJson(item)]));
  }
  return value;
}

async function withSchemaFile<T>(schemaText: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "schemakit-interop-"));
  try {
    const file = join(dir, "schema.avsc");
    await writeFile(file, schemaText, "utf8");
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runCli(args: readonly string[], inputLines: readonly string[]): Promise<string[]> {
  return runInteropCli(CLI, args, inputLines);
}

/**
 * Runs one of the interop CLIs (a Python script in the venv) with one input line per element; resolves
 * its output lines, rejects with its stderr. A run that gives no answer in time is stopped with SIGABRT:
 * PYTHONFAULTHANDLER makes Python print every thread's stack first, so the error says where it hung.
 */
export async function runInteropCli(
  script: string,
  args: readonly string[],
  inputLines: readonly string[],
): Promise<string[]> {
  const executable = await interopPython();
  const name = `${basename(script)} ${args[0] ?? ""}`;
  return new Promise<string[]>((resolve, reject) => {
    const child = spawn(executable, [script, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, PYTHONFAULTHANDLER: "1" },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const rejectTimedOut = (): void => {
      const errorText = Buffer.concat(stderr).toString("utf8").trim();
      reject(new Error(`${name} gave no answer in ${CLI_TIMEOUT_MS} ms; its stderr and stack:\n${errorText}`));
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGABRT");
      // The stack is printed at once; an interpreter that cannot even do that is not waited for.
      killTimer = setTimeout(() => {
        child.kill("SIGKILL");
        rejectTimedOut();
      }, ABORT_GRACE_MS);
    }, CLI_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      if (timedOut) {
        rejectTimedOut();
        return;
      }
      const errorText = Buffer.concat(stderr).toString("utf8").trim();
      if (code !== 0) {
        reject(new Error(`${name} exited ${String(code)}:\n${errorText}`));
        return;
      }
      const text = Buffer.concat(stdout).toString("utf8");
      const lines = text.split("\n").filter((line) => line !== "");
      if (lines.length !== inputLines.length) {
        reject(new Error(`${name} answered ${lines.length} lines for ${inputLines.length} inputs`));
        return;
      }
      resolve(lines);
    });
    // A CLI that dies early closes stdin: its exit code and stderr tell why, not this EPIPE.
    child.stdin.on("error", () => undefined);
    child.stdin.end(inputLines.map((line) => `${line}\n`).join(""));
  });
}
