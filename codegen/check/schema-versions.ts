import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { type AvroNode, type AvroSchemaSource, parseAvroSchemas } from "../../src/compat/index.js";
import { CodegenInputError } from "../../src/errors/index.js";
import { findSchemaFiles, loadSchemaFile, SCHEMA_EXTENSIONS } from "../load/load-schema-files.js";
import type { LoadedSchemaFile } from "../model/build-avro-model.js";
import { isProtoFile, loadProtoVersion, type VersionedProto } from "./proto-versions.js";

/** One top-level schema of a version: its key (full name), parsed graph, and the file it came from. */
export interface VersionedSchema {
  readonly key: string;
  readonly node: AvroNode;
  /** Shown as `against`: the file (or `git:REV:path`) the schema was read from. */
  readonly label: string;
  /** The file's name without folders, when the schema is the only one in its file (else undefined). */
  readonly soleInFile: string | undefined;
}

/** The top-level schemas of one set of files. */
export interface SchemaVersionSet {
  /** By key: the full name of a named schema. */
  readonly byName: ReadonlyMap<string, VersionedSchema>;
  /** The sole schema of each file name, when one file name holds exactly one schema in this version. */
  readonly byFile: ReadonlyMap<string, VersionedSchema>;
  /** The .proto files, by import path. */
  readonly protobuf: ReadonlyMap<string, VersionedProto>;
}

/**
 * The earlier form of `schema` in `version`: the schema of the same full name; else, for a schema alone
 * in its file, the schema alone in the file of the same name, provided that schema's own name is gone
 * from the new set (a record renamed in place is compared, and so its rename is caught).
 */
export function earlierFormOf(
  schema: VersionedSchema,
  version: SchemaVersionSet,
  current: SchemaVersionSet,
): VersionedSchema | undefined {
  const byName = version.byName.get(schema.key);
  if (byName !== undefined || schema.soleInFile === undefined) return byName;
  const byFile = version.byFile.get(schema.soleInFile);
  return byFile === undefined || current.byName.has(byFile.key) ? undefined : byFile;
}

/**
 * Loads schema files and folders (through codegen's loader: .avsc and .avdl) as one version: every
 * top-level schema keyed by its full name, with named types resolved across all the files.
 */
export async function loadVersionFromFiles(inputs: readonly string[], cwd: string): Promise<SchemaVersionSet> {
  const avroInputs = inputs.filter((input) => !isProtoFile(input));
  const [paths, protobuf] = await Promise.all([
    findSchemaFiles(avroInputs.map((input) => resolve(cwd, input))),
    loadProtoVersion(inputs, cwd, (file) => file),
  ]);
  const files = await Promise.all(paths.map((path) => loadSchemaFile(path, cwd)));
  return toVersionSet(files, (file) => file, protobuf);
}

/**
 * Loads the same inputs as they were at a git revision (`git show REV:path`), as one version. Paths that
 * did not exist then give no schemas (a schema new since then has nothing to be checked against).
 */
export async function loadVersionFromGit(
  inputs: readonly string[],
  revision: string,
  cwd: string,
): Promise<SchemaVersionSet> {
  if (revision === "" || revision.startsWith("-"))
    throw new CodegenInputError({ file: `git:${revision}` }, "expected a git revision after git:");
  const top = (await git(["rev-parse", "--show-toplevel"], cwd, `git:${revision}`)).trim();
  await git(["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], top, `git:${revision}`).catch(
    (cause: unknown) => {
      throw new CodegenInputError({ file: `git:${revision}` }, "no such revision (a commit, branch or tag)", { cause });
    },
  );
  const wanted = inputs.map((input) => relative(top, resolve(cwd, input)).split("\\").join("/") || ".");
  for (const path of wanted)
    if (path.startsWith("..")) throw new CodegenInputError({ file: path }, `not inside the git repository at ${top}`);
  const listed = await git(["ls-tree", "-r", "-z", "--name-only", revision, "--", ...wanted], top, `git:${revision}`);
  // Every file under the inputs, not only schema files, so that .avdl imports resolve as they did then.
  const names = listed.split("\0").filter((name) => name !== "");
  const scratch = await mkdtemp(join(tmpdir(), "schemakit-check-git-"));
  try {
    for (const name of names) {
      const text = await git(["show", `${revision}:${name}`], top, `git:${revision}:${name}`);
      await mkdir(dirname(join(scratch, name)), { recursive: true });
      await writeFile(join(scratch, name), text);
    }
    const schemaNames = names.filter((name) => SCHEMA_EXTENSIONS.some((extension) => name.endsWith(extension)));
    const files = await Promise.all(schemaNames.sort().map((name) => loadSchemaFile(join(scratch, name), scratch)));
    const present = wanted.filter((path) =>
      names.some((name) => path === "." || name === path || name.startsWith(`${path}/`)),
    );
    const protobuf = await loadProtoVersion(
      present.map((path) => join(scratch, path)),
      scratch,
      (file) => `git:${revision}:${file}`,
    );
    return toVersionSet(files, (file) => `git:${revision}:${file}`, protobuf);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function toVersionSet(
  files: readonly LoadedSchemaFile[],
  label: (file: string) => string,
  protobuf: ReadonlyMap<string, VersionedProto>,
): SchemaVersionSet {
  const sources: AvroSchemaSource[] = [];
  const origins: { file: string; jsonPath: string }[] = [];
  for (const file of files) {
    file.schemas.forEach((schema, index) => {
      const jsonPath = file.paths[index] ?? `$[${index}]`;
      sources.push({
        schema,
        source: label(file.file),
        jsonPath,
        ...(file.namespace === undefined ? {} : { namespace: file.namespace }),
      });
      origins.push({ file: file.file, jsonPath });
    });
  }
  const { roots } = parseAvroSchemas(sources);
  const perFile = new Map<string, number>();
  for (const origin of origins) perFile.set(origin.file, (perFile.get(origin.file) ?? 0) + 1);
  const byName = new Map<string, VersionedSchema>();
  const byFile = new Map<string, VersionedSchema | null>();
  roots.forEach((node, index) => {
    const origin = origins[index] as { file: string; jsonPath: string };
    // A schema without a name (a bare union, array, primitive) is known by its file's name.
    const key = "fullName" in node ? node.fullName : `${baseName(origin.file)}${origin.jsonPath.slice(1)}`;
    const soleInFile = perFile.get(origin.file) === 1 ? baseName(origin.file) : undefined;
    const schema = { key, node, label: label(origin.file), soleInFile };
    if (!byName.has(key)) byName.set(key, schema);
    // Two files of the same name in different folders: neither is matched by file name.
    if (soleInFile !== undefined) byFile.set(soleInFile, byFile.has(soleInFile) ? null : schema);
  });
  const unique = [...byFile].filter((entry): entry is [string, VersionedSchema] => entry[1] !== null);
  return { byName, byFile: new Map(unique), protobuf };
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

function git(args: readonly string[], cwd: string, what: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile("git", [...args], { cwd, maxBuffer: 256 << 20, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim().split("\n")[0] || `git ${args[0]} failed`;
        fail(new CodegenInputError({ file: what }, `cannot read it from git: ${detail}`, { cause: error }));
        return;
      }
      done(stdout);
    });
  });
}
