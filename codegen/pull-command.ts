import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CodegenInputError, CodegenOutputError, ConfigError, SdkError } from "../src/errors/index.js";
import type { LockedSubject } from "../src/registry/index.js";
import { resolveSubjectNameStrategy } from "../src/serde/subject-name-strategy.js";
import type { TopicConfig } from "./emit/emit-topics.js";
import { fsErrorDetail } from "./fs-error-detail.js";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./generate-command.js";
import { readOptionalConfig } from "./registry/bound-schemas.js";
import { readLockfile, writeLockfile } from "./registry/lockfile-file.js";
import { type PulledReference, type PulledSubject, pullSubject } from "./registry/pulled-schemas.js";
import { mapConcurrently, SUBJECTS_IN_FLIGHT } from "./registry/map-concurrently.js";
import { RegisteredVersions } from "./registry/registered-versions.js";
import { requiredRegistryTarget } from "./registry/registry-target.js";
import { reportFailure } from "./registry/command-failure.js";

export const PULL_USAGE = `usage: schemakit pull SUBJECT[@VERSION]… --out DIR [options]

Writes registered schemas, and the schemas they reference, to DIR, so that schemakit generate can make
classes from what producers registered: Avro as <full name>.avsc; Protobuf as canonical .proto text, each
reference under its import path and the subject's own file as SUBJECT.proto. Records each pulled
subject's schema, version, id and fingerprint in the lockfile, as schemakit lock would (a Protobuf subject
under the message the config binds to it, else the one its name gives, else its file's first message),
and so the subjects of the schemas it references, at the versions it references.
VERSION defaults to latest; a SUBJECT with * is a pattern over every subject. Exit 0 on success, 2 on bad
usage, input, or a registry that refuses or is down.

options:
  --out DIR              where the schema files go (created if needed)
  --registry URL         the registry (else the config's registry, else SCHEMA_REGISTRY_URL); basic
                         auth from the URL's userinfo or SCHEMA_REGISTRY_USER / SCHEMA_REGISTRY_PASSWORD
  --no-lockfile          do not update the lockfile (config: lockfile, default schemakit.lock.json)
  --format F             text (default) | json
  --config FILE          config file (default ./schemakit.config.json, if present)`;

/** `schemakit pull`: returns the exit code. */
export async function runPull(argv: readonly string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let parsed: ReturnType<typeof parsePullArgs>;
  try {
    parsed = parsePullArgs(argv);
    if (parsed.values.help === true) {
      io.out(PULL_USAGE);
      return EXIT_OK;
    }
    if (parsed.positionals.length === 0) throw new Error("no subjects given");
    if (parsed.values.out === undefined) throw new Error("no --out DIR given");
    const format = parsed.values.format ?? "text";
    if (format !== "text" && format !== "json") throw new Error(`--format must be text or json, got "${format}"`);
  } catch (error) {
    io.err(`schemakit pull: ${error instanceof Error ? error.message : String(error)}`);
    io.err(PULL_USAGE);
    return EXIT_USAGE;
  }
  const { values } = parsed;
  try {
    const requests = parsed.positionals.map(parseRequest);
    const config = await readOptionalConfig(values.config, cwd);
    const target = requiredRegistryTarget({
      flag: values.registry,
      config: config?.config.registry,
      env: io.env ?? process.env,
    });
    let pulled: PulledSubject[];
    let referenced: PulledSubject[] = [];
    try {
      const versions = new RegisteredVersions(target.client);
      const patterns = requests.filter((request) => request.pattern !== undefined);
      const all = patterns.length === 0 ? [] : await target.client.getSubjects();
      const wanted = requests.flatMap((request) =>
        request.pattern === undefined
          ? [request]
          : all.filter((subject) => request.pattern?.test(subject)).map((subject) => ({ ...request, subject })),
      );
      const bound = boundMessages(config?.config.topics ?? []);
      pulled = await mapConcurrently(wanted, SUBJECTS_IN_FLIGHT, (request) =>
        pullSubject(versions, request.subject, request.version, bound.get(request.subject)),
      );
      if (values["no-lockfile"] !== true) {
        // Locked as `lock` locks a config's references: each referenced subject pulled in turn, which
        // costs no further fetch (versions are remembered) and gives its entry as pulling it would.
        referenced = await mapConcurrently(referencesToLock(pulled), SUBJECTS_IN_FLIGHT, (reference) =>
          pullSubject(versions, reference.subject, reference.version, bound.get(reference.subject)),
        );
      }
    } finally {
      await target.client.close();
    }
    const out = resolve(cwd, values.out as string);
    const shownOut = relative(cwd, out) || ".";
    const written = new Map<string, string>();
    for (const subject of pulled) {
      for (const file of subject.files) {
        const earlier = written.get(file.name);
        // Two subjects referencing different versions of one import path: one file cannot hold both.
        if (earlier !== undefined && earlier !== file.content) {
          throw new CodegenInputError(
            { file: join(shownOut, file.name) },
            `pulled twice with different contents (subject ${subject.subject} disagrees): pull them separately`,
          );
        }
        if (earlier !== undefined) continue;
        written.set(file.name, file.content);
        try {
          await mkdir(dirname(join(out, file.name)), { recursive: true });
          await writeFile(join(out, file.name), file.content);
        } catch (cause) {
          throw new CodegenOutputError("write", join(shownOut, file.name), fsErrorDetail(cause), { cause });
        }
      }
    }
    let lockShown: string | null = null;
    if (values["no-lockfile"] !== true && pulled.length > 0) {
      const lockPath = resolve(config?.baseDir ?? cwd, config?.config.lockfile ?? "schemakit.lock.json");
      lockShown = relative(cwd, lockPath).split("\\").join("/");
      const existing = await readLockfile(lockPath, lockShown);
      if (existing?.registry !== undefined && existing.registry !== target.shown) {
        throw new ConfigError(
          "lockfile",
          `a lockfile of ${target.shown} (ids differ between registries)`,
          existing.registry,
        );
      }
      const subjects = new Map<string, LockedSubject>(existing?.subjects ?? []);
      for (const entry of [...referenced, ...pulled]) {
        subjects.set(entry.subject, {
          schema: entry.schema,
          version: entry.version,
          schemaId: entry.schemaId,
          fingerprint: entry.fingerprint,
        });
      }
      await writeLockfile(lockPath, lockShown, { registry: target.shown, subjects });
    }
    if (values.format === "json") {
      const subjects = pulled.map((entry) => ({
        subject: entry.subject,
        schema: entry.schema,
        version: entry.version,
        id: entry.schemaId,
        fingerprint: entry.fingerprint,
        files: entry.files.map((file) => join(shownOut, file.name)),
      }));
      const locked = referenced.map((entry) => ({
        subject: entry.subject,
        schema: entry.schema,
        version: entry.version,
        id: entry.schemaId,
        fingerprint: entry.fingerprint,
      }));
      io.out(
        JSON.stringify(
          { registry: target.shown, out: shownOut, lockfile: lockShown, subjects, referenced: locked },
          null,
          2,
        ),
      );
    } else {
      for (const entry of pulled) {
        const files = entry.files.map((file) => join(shownOut, file.name)).join(", ");
        io.out(`pulled ${entry.subject} version ${entry.version} (id ${entry.schemaId}, ${entry.schema}): ${files}`);
      }
      for (const entry of referenced) {
        io.out(`locked ${entry.subject} version ${entry.version} (id ${entry.schemaId}, ${entry.schema}): referenced`);
      }
      const subjects = `${pulled.length} subject${pulled.length === 1 ? "" : "s"}`;
      const referencedNote = referenced.length === 0 ? "" : ` (and ${referenced.length} referenced)`;
      const lockNote = lockShown === null ? "" : `; updated ${lockShown}${referencedNote}`;
      io.out(`schemakit pull: ${subjects}, ${written.size} files in ${shownOut}${lockNote}`);
    }
    return EXIT_OK;
  } catch (error) {
    if (SdkError.is(error)) return reportFailure("pull", error, values.format, io);
    throw error;
  }
}

/**
 * The referenced subject versions of the pulled subjects, each subject once, leaving out subjects pulled
 * themselves: what they pulled is what the lockfile pins for them.
 */
function referencesToLock(pulled: readonly PulledSubject[]): PulledReference[] {
  const seen = new Set(pulled.map((entry) => entry.subject));
  const references: PulledReference[] = [];
  for (const reference of pulled.flatMap((entry) => entry.references)) {
    if (seen.has(reference.subject)) continue;
    seen.add(reference.subject);
    references.push(reference);
  }
  return references;
}

/** The records the config's topics bind, by subject (key records and values, under their strategies). */
function boundMessages(topics: readonly TopicConfig[]): Map<string, string[]> {
  const bound = new Map<string, string[]>();
  const add = (subject: string, fullName: string): void => {
    bound.set(subject, [...(bound.get(subject) ?? []), fullName]);
  };
  for (const topic of topics) {
    const at = `$.topics[${JSON.stringify(topic.topic)}].subjectNameStrategy`;
    const subjectOf = resolveSubjectNameStrategy(topic.subjectNameStrategy, at);
    if (topic.key !== undefined && topic.key !== "string" && topic.key !== "bytes")
      add(subjectOf(topic.topic, true, topic.key), topic.key);
    add(subjectOf(topic.topic, false, topic.value), topic.value);
  }
  return bound;
}

interface PullRequest {
  readonly subject: string;
  readonly version: number | "latest";
  readonly pattern: RegExp | undefined;
}

function parseRequest(argument: string): PullRequest {
  const at = argument.lastIndexOf("@");
  const subject = at <= 0 ? argument : argument.slice(0, at);
  const versionText = at <= 0 ? "latest" : argument.slice(at + 1);
  const version = versionText === "latest" ? "latest" : Number(versionText);
  if (version !== "latest" && (!Number.isInteger(version) || version < 1))
    throw new ConfigError("SUBJECT@VERSION", "a version number from 1, or latest", versionText);
  const pattern = subject.includes("*")
    ? new RegExp(`^${subject.split("*").map(escapeRegExp).join(".*")}$`)
    : undefined;
  return { subject, version, pattern };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parsePullArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: "string" },
      "no-lockfile": { type: "boolean" },
      registry: { type: "string" },
      format: { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
