import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  type AvroNode,
  avroPairChecker,
  type CompatibilityLevel,
  type CompatibilityResult,
  checkCompatibility,
  createCompatibilityReport,
  DEFAULT_COMPATIBILITY_LEVEL,
  PROTOBUF_RULE_SETS,
  type ProtobufRuleSet,
  type ProtobufSchema,
  parseCompatibilityLevel,
  protobufPairChecker,
  type SchemaVersion,
  toCompatibilityReportJson,
} from "../src/compat/index.js";
import { CodegenInputError, SdkError } from "../src/errors/index.js";
import { renderCheckText } from "./check/check-text.js";
import { runLockCheck, runRegistryCheck } from "./check/registry-check-mode.js";
import {
  earlierFormOf,
  loadVersionFromFiles,
  loadVersionFromGit,
  type SchemaVersionSet,
} from "./check/schema-versions.js";
import { resolveCodegenConfig } from "./config/codegen-config.js";
import { type CliIo, EXIT_FINDING, EXIT_OK, EXIT_USAGE } from "./generate-command.js";
import { reportFailure } from "./registry/command-failure.js";

export const CHECK_USAGE = `usage: schemakit check [NEW…] --against OLD… [options]
       schemakit check [--config FILE] [--registry URL] [options]
       schemakit check --lock [--config FILE]

Checks new schemas (.avsc / .avdl / .proto files or folders; default: the config's inputs) against
earlier versions with Apache Avro's compatibility rules, and Confluent's Protobuf rules (or --rules
strict): offline against files, folders or git:REV (Avro schemas match by full name, .proto files by
import path); without --against, every subject the config's topics bind against all of its
registered versions, at the subject's level. With --lock, checks that schemakit.lock.json matches the
local schemas (no registry call). Exit 0 when compatible, 1 when a schema is incompatible (or the
lockfile is out of step), 2 on bad usage or input, or when the registry cannot be read.

options:
  --against OLD          an earlier version: files, a folder, or git:REV (the same paths at a git
                         revision); repeat for several versions, oldest first; a,b for several
                         files of one version
  --registry URL         the registry (else the config's registry, else SCHEMA_REGISTRY_URL); basic
                         auth from the URL's userinfo or SCHEMA_REGISTRY_USER / SCHEMA_REGISTRY_PASSWORD
  --level L              BACKWARD (default offline; against the registry: the subject's level) |
                         BACKWARD_TRANSITIVE | FORWARD | FORWARD_TRANSITIVE | FULL | FULL_TRANSITIVE | NONE
  --rules R              Protobuf rules, offline and against the registry: confluent (default: what
                         the wire format tolerates) | strict (also Apicurio's: removed fields
                         reserved, no rename, type or label change)
  --lock                 check the lockfile (config: lockfile, default schemakit.lock.json) instead
  --format F             text (default) | json
  --config FILE          config file (default ./schemakit.config.json)`;

const FORMATS: readonly string[] = ["text", "json"];

/** `schemakit check` (offline): returns the exit code; the report goes to `io.out`, problems to `io.err`. */
export async function runCheck(argv: readonly string[], io: CliIo): Promise<number> {
  const started = performance.now();
  const cwd = io.cwd ?? process.cwd();
  let parsed: ReturnType<typeof parseCheckArgs>;
  try {
    parsed = parseCheckArgs(argv);
  } catch (error) {
    io.err(`schemakit check: ${error instanceof Error ? error.message : String(error)}`);
    io.err(CHECK_USAGE);
    return EXIT_USAGE;
  }
  const { values } = parsed;
  if (values.help === true) {
    io.out(CHECK_USAGE);
    return EXIT_OK;
  }
  const format = values.format ?? "text";
  if (!FORMATS.includes(format)) return usage(io, `--format must be text or json, got "${format}"`);
  const against = values.against ?? [];
  const rules = (values.rules ?? "confluent") as ProtobufRuleSet;
  if (!PROTOBUF_RULE_SETS.includes(rules)) return usage(io, `--rules must be confluent or strict, got "${rules}"`);
  if (values.rules !== undefined && values.lock === true)
    return usage(io, "--rules picks Protobuf rules: --lock checks no compatibility");
  if (values.lock === true && (against.length > 0 || values.registry !== undefined))
    return usage(io, "--lock checks the lockfile alone: not together with --against or --registry");
  if (against.length > 0 && values.registry !== undefined)
    return usage(io, "--against checks offline and --registry against the registry: give one of them");
  if (against.length === 0 && parsed.positionals.length > 0)
    return usage(io, "no --against given: the registry check takes its schemas from the config, not from paths");
  try {
    if (values.lock === true) return await runLockCheck(values.config, format, io, cwd);
    if (against.length === 0) {
      const level = values.level === undefined ? undefined : parseCompatibilityLevel(values.level, "--level");
      const flags = { config: values.config, registry: values.registry, level, format, rules };
      return await runRegistryCheck(flags, io, started);
    }
    const level = parseCompatibilityLevel(values.level ?? DEFAULT_COMPATIBILITY_LEVEL, "--level");
    const inputs = parsed.positionals.length > 0 ? parsed.positionals : await configInputs(values.config, cwd);
    if (inputs.length === 0) return usage(io, "no schemas to check: give files or folders, or inputs in the config");
    // Versions are read concurrently: reading files dominates the run, not checking.
    const [current, ...versions] = await Promise.all([
      loadVersionFromFiles(inputs, cwd),
      ...against.map(
        (old): Promise<SchemaVersionSet> =>
          old.startsWith("git:")
            ? loadVersionFromGit(inputs, old.slice("git:".length), cwd)
            : loadVersionFromFiles(splitList(old), cwd),
      ),
    ]);
    if (current === undefined) return usage(io, "no schemas to check");
    const counts = new Map<string, number>();
    const results: CompatibilityResult[] = [];
    for (const schema of current.byName.values()) {
      const previous: SchemaVersion<AvroNode>[] = versions.flatMap((version) => {
        const earlier = earlierFormOf(schema, version, current);
        return earlier === undefined ? [] : [{ label: earlier.label, schema: earlier.node }];
      });
      counts.set(schema.key, previous.length);
      results.push(checkAvro(schema.key, schema.node, previous, level));
    }
    const protobufChecker = protobufPairChecker(rules);
    for (const proto of current.protobuf.values()) {
      const previous: SchemaVersion<ProtobufSchema>[] = versions.flatMap((version) => {
        const earlier = version.protobuf.get(proto.key);
        return earlier === undefined ? [] : [{ label: earlier.label, schema: earlier.schema }];
      });
      counts.set(proto.key, previous.length);
      const candidate = proto.schema;
      results.push(
        checkCompatibility(protobufChecker, { schema: proto.key, subject: null, level, candidate, previous }),
      );
    }
    const report = createCompatibilityReport(results);
    if (format === "json") {
      io.out(JSON.stringify(toCompatibilityReportJson(report), null, 2));
    } else {
      for (const line of renderCheckText(report, (result) => counts.get(result.schema) ?? 0)) io.out(line);
      const failing = results.filter((result) => !result.compatible).length;
      const elapsed = Math.round(performance.now() - started);
      io.out(
        `schemakit check: ${results.length} schema${results.length === 1 ? "" : "s"} against ${versions.length} ` +
          `version${versions.length === 1 ? "" : "s"} at ${level}: ` +
          `${failing === 0 ? "compatible" : `${failing} incompatible`} (${elapsed} ms)`,
      );
    }
    return report.compatible ? EXIT_OK : EXIT_FINDING;
  } catch (error) {
    // Bad input, and a registry that cannot be read, are typed errors with their context (registry errors
    // never hold a credential): exit 2 with the message, never a stack.
    if (SdkError.is(error)) return reportFailure("check", error, format, io);
    // An unreadable file (permissions, a folder vanishing mid-run) is input too, not a crash.
    if (error instanceof Error && "code" in error && "path" in error) {
      io.err(`schemakit check: cannot read ${String(error.path)}: ${String(error.code)}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function checkAvro(
  schema: string,
  candidate: AvroNode,
  previous: readonly SchemaVersion<AvroNode>[],
  level: CompatibilityLevel,
): CompatibilityResult {
  return checkCompatibility(avroPairChecker, { schema, subject: null, level, candidate, previous });
}

function usage(io: CliIo, message: string): number {
  io.err(`schemakit check: ${message}`);
  io.err(CHECK_USAGE);
  return EXIT_USAGE;
}

// `--against a.avsc,b.avsc` names several files of one version.
function splitList(value: string): string[] {
  return value.split(",").filter((part) => part !== "");
}

async function configInputs(explicit: string | undefined, cwd: string): Promise<string[]> {
  const path = explicit === undefined ? join(cwd, "schemakit.config.json") : resolve(cwd, explicit);
  if (explicit === undefined && !existsSync(path)) return [];
  const text = await readFile(path, "utf8").catch((cause: unknown) => {
    throw new CodegenInputError({ file: path }, "cannot read the config file", { cause });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CodegenInputError({ file: path }, "invalid JSON", { cause });
  }
  const config = resolveCodegenConfig(json, path);
  return config.inputs.map((input) => resolve(dirname(path), input));
}

function parseCheckArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      against: { type: "string", multiple: true },
      level: { type: "string" },
      format: { type: "string" },
      config: { type: "string" },
      registry: { type: "string" },
      lock: { type: "boolean" },
      rules: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
