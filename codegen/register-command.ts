import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PROTOBUF_RULE_SETS, type ProtobufRuleSet, toCompatibilityReportJson } from "../src/compat/index.js";
import { SdkError } from "../src/errors/index.js";
import type { LockedSubject } from "../src/registry/index.js";
import { renderCheckText } from "./check/check-text.js";
import { type CliIo, EXIT_FINDING, EXIT_OK, EXIT_USAGE } from "./generate-command.js";
import { loadBoundSchemas } from "./registry/bound-schemas.js";
import { writeLockfile } from "./registry/lockfile-file.js";
import { RegisteredVersions } from "./registry/registered-versions.js";
import { type Registration, type RegistrationMode, registerSubjects } from "./registry/register-subjects.js";
import { requiredRegistryTarget } from "./registry/registry-target.js";
import { reportFailure } from "./registry/command-failure.js";

export const REGISTER_USAGE = `usage: schemakit register [--dry-run] [options]

Registers the schema of every subject the config's topics bind (value, and key when it is a record),
references first, and prints subject, version and id; writes the lockfile (subject → version, id,
fingerprint). A schema already registered keeps its version. A new one is checked first against every
registered version at the subject's level: an incompatible one is not sent (exit 1, with the reasons).
Exit 0 when every subject is registered, 1 when one is incompatible, 2 on bad usage, input or registry.

options:
  --dry-run              register nothing; say what would be registered and whether it is compatible
  --registry URL         the registry (else the config's registry, else SCHEMA_REGISTRY_URL); basic
                         auth from the URL's userinfo or SCHEMA_REGISTRY_USER / SCHEMA_REGISTRY_PASSWORD
  --no-lockfile          do not write the lockfile
  --rules R              Protobuf rules of the check before registering: confluent (default) | strict
                         (Apicurio's registry refuses what strict refuses)
  --format F             text (default) | json
  --config FILE          config file (default ./schemakit.config.json)`;

export const LOCK_USAGE = `usage: schemakit lock [options]

Writes the lockfile (subject → version, id, fingerprint) for every subject the config binds, from what
is registered, registering nothing. Exit 0 when every schema is registered, 1 when one is not (run
schemakit register), 2 on bad usage, input or registry.

options:
  --registry URL         the registry (else the config's registry, else SCHEMA_REGISTRY_URL)
  --format F             text (default) | json
  --config FILE          config file (default ./schemakit.config.json)`;

/** `schemakit register`: returns the exit code. */
export function runRegister(argv: readonly string[], io: CliIo): Promise<number> {
  return runRegistration("register", argv, io);
}

/** `schemakit lock`: `register` that only looks up, and writes the lockfile. */
export function runLock(argv: readonly string[], io: CliIo): Promise<number> {
  return runRegistration("lock", argv, io);
}

async function runRegistration(command: "register" | "lock", argv: readonly string[], io: CliIo): Promise<number> {
  const started = performance.now();
  const usageText = command === "register" ? REGISTER_USAGE : LOCK_USAGE;
  const cwd = io.cwd ?? process.cwd();
  let values: ReturnType<typeof parseRegisterArgs>["values"];
  try {
    const parsed = parseRegisterArgs(argv);
    values = parsed.values;
    if (parsed.positionals.length > 0) throw new Error(`unexpected argument "${parsed.positionals[0]}"`);
    if (command === "lock" && (values["dry-run"] === true || values["no-lockfile"] === true))
      throw new Error("lock takes neither --dry-run nor --no-lockfile");
    if (command === "lock" && values.rules !== undefined) throw new Error("lock checks nothing: no --rules");
    if (values.rules !== undefined && !PROTOBUF_RULE_SETS.includes(values.rules as ProtobufRuleSet))
      throw new Error(`--rules must be confluent or strict, got "${values.rules}"`);
  } catch (error) {
    io.err(`schemakit ${command}: ${error instanceof Error ? error.message : String(error)}`);
    io.err(usageText);
    return EXIT_USAGE;
  }
  if (values.help === true) {
    io.out(usageText);
    return EXIT_OK;
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") {
    io.err(`schemakit ${command}: --format must be text or json, got "${format}"`);
    return EXIT_USAGE;
  }
  const mode: RegistrationMode = command === "lock" ? "lookup" : values["dry-run"] === true ? "dry-run" : "register";
  try {
    const bound = await loadBoundSchemas(values.config, cwd);
    const target = requiredRegistryTarget({
      flag: values.registry,
      config: bound.config.registry,
      env: io.env ?? process.env,
    });
    let registrations: Registration[];
    try {
      registrations = await registerSubjects(
        target.client,
        new RegisteredVersions(target.client),
        bound.subjects,
        mode,
        (values.rules ?? "confluent") as ProtobufRuleSet,
      );
    } finally {
      await target.client.close();
    }
    const complete = registrations.every((entry) => entry.schemaId !== undefined);
    const lockPath = resolve(bound.baseDir, bound.config.lockfile);
    const lockShown = relative(cwd, lockPath).split("\\").join("/");
    // Written only when every subject has an id: a partial lockfile would pin some subjects and not others.
    const writeLock = mode !== "dry-run" && values["no-lockfile"] !== true && complete;
    if (writeLock) {
      const subjects = new Map<string, LockedSubject>(
        registrations.map((entry) => [
          entry.subject.subject,
          {
            schema: entry.subject.schema.fullName,
            version: entry.version as number,
            schemaId: entry.schemaId as number,
            fingerprint: entry.subject.schema.fingerprint,
          },
        ]),
      );
      await writeLockfile(lockPath, lockShown, { registry: target.shown, subjects });
    }
    if (format === "json") {
      io.out(
        JSON.stringify(registrationJson(registrations, mode, target.shown, writeLock ? lockShown : null), null, 2),
      );
    } else {
      for (const line of registrationText(registrations)) io.out(line);
      const counts = new Map<string, number>();
      for (const entry of registrations) counts.set(entry.status, (counts.get(entry.status) ?? 0) + 1);
      const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(", ");
      io.out(
        `schemakit ${command}${mode === "dry-run" ? " --dry-run" : ""}: ${registrations.length} subjects at ` +
          `${target.shown}: ${summary}${writeLock ? `; wrote ${lockShown}` : ""} ` +
          `(${Math.round(performance.now() - started)} ms)`,
      );
    }
    const failed = registrations.some(
      (entry) => entry.status !== "registered" && entry.status !== "unchanged" && entry.status !== "would-register",
    );
    const incompatibleDryRun = mode === "dry-run" && registrations.some((entry) => entry.check?.compatible === false);
    return failed || incompatibleDryRun ? EXIT_FINDING : EXIT_OK;
  } catch (error) {
    if (SdkError.is(error)) return reportFailure(command, error, format, io);
    throw error;
  }
}

function registrationText(registrations: readonly Registration[]): string[] {
  const lines: string[] = [];
  for (const entry of registrations) {
    const { subject, schema } = entry.subject;
    const where = `${subject} (${schema.fullName})`;
    const verdict = (): string => {
      const check = entry.check;
      if (check === undefined) return "";
      return check.compatible ? `, compatible at ${check.level}` : `, INCOMPATIBLE at ${check.level}`;
    };
    switch (entry.status) {
      case "registered":
        lines.push(`registered ${where}: version ${entry.version}, id ${entry.schemaId}`);
        break;
      case "unchanged":
        lines.push(`unchanged ${where}: version ${entry.version}, id ${entry.schemaId}`);
        break;
      case "would-register":
        lines.push(`would register ${where}${verdict()}`);
        break;
      case "skipped":
        lines.push(`skipped ${where}: a schema it references was not registered`);
        break;
      case "not-registered":
        lines.push(`not registered ${where}: run schemakit register`);
        break;
      case "incompatible":
        lines.push(`not registered ${where}: incompatible`);
        break;
      case "rejected":
        lines.push(`not registered ${where}: the registry refused it: ${entry.registryMessage ?? ""}`);
        break;
    }
  }
  const failing = registrations.flatMap((entry) => (entry.check?.compatible === false ? [entry.check] : []));
  if (failing.length > 0) lines.push(...renderCheckText({ compatible: false, results: failing }, () => 0));
  return lines;
}

/** The JSON of register, lock and register --dry-run; stable, documented. */
function registrationJson(
  registrations: readonly Registration[],
  mode: RegistrationMode,
  registry: string,
  lockfile: string | null,
): Record<string, unknown> {
  return {
    dryRun: mode === "dry-run",
    registry,
    lockfile,
    subjects: registrations.map((entry) => {
      const check =
        entry.check === undefined
          ? undefined
          : toCompatibilityReportJson({ compatible: true, results: [entry.check] }).results[0];
      return {
        subject: entry.subject.subject,
        schema: entry.subject.schema.fullName,
        role: entry.subject.role,
        status: entry.status,
        version: entry.version ?? null,
        id: entry.schemaId ?? null,
        fingerprint: entry.subject.schema.fingerprint,
        compatible: check?.compatible ?? true,
        level: check?.level ?? null,
        incompatibilities: check?.incompatibilities ?? [],
        registryMessage: entry.registryMessage ?? null,
      };
    }),
  };
}

function parseRegisterArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      "dry-run": { type: "boolean" },
      "no-lockfile": { type: "boolean" },
      rules: { type: "string" },
      registry: { type: "string" },
      format: { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
