import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { CodegenInputError } from "../../src/errors/index.js";
import { fsErrorDetail } from "../fs-error-detail.js";
import type { LoadedSchemaFile } from "../model/build-avro-model.js";
import { codegenSchemas, readIdlFile, readProtocolFile } from "./idl/index.js";

/** The schema file kinds schemakit reads. */
export const SCHEMA_EXTENSIONS: readonly string[] = [".avsc", ".avdl", ".avpr"];

/**
 * The schema files among `inputs` (files, or folders searched recursively for .avsc, .avdl and .avpr, or the
 * `extensions` given), sorted so that output never depends on the order of a directory listing.
 */
export async function findSchemaFiles(
  inputs: readonly string[],
  extensions: readonly string[] = SCHEMA_EXTENSIONS,
): Promise<string[]> {
  const found = new Set<string>();
  // Folders by device and inode: a symbolic link back up the tree is searched once, not forever.
  const searched = new Set<string>();
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    const info = await stat(path).catch((cause: unknown) => {
      throw new CodegenInputError({ file: path }, "no such file or folder", { cause });
    });
    if (info.isDirectory()) {
      const id = `${info.dev}:${info.ino}`;
      if (searched.has(id)) return;
      searched.add(id);
      const entries = await readdir(path).catch((cause: unknown) => {
        throw new CodegenInputError({ file: path }, `cannot list the folder: ${fsErrorDetail(cause)}`, { cause });
      });
      for (const entry of entries.sort()) await visit(join(path, entry), false);
    } else if (extensions.includes(extname(path))) {
      // Reading a FIFO, socket or device would block or never end.
      if (!info.isFile()) throw new CodegenInputError({ file: path }, "not a regular file (a FIFO, socket or device)");
      found.add(path);
    } else if (explicit) {
      throw new CodegenInputError({ file: path }, `not a schema file (expected ${extensions.join(", ")})`);
    }
  };
  for (const input of inputs) await visit(input, true);
  return [...found].sort();
}

/**
 * Reads one .avsc (JSON: a schema or an array of schemas), .avdl (Avro IDL, imports followed) or .avpr
 * (a protocol's types).
 */
export async function loadSchemaFile(path: string, cwd: string): Promise<LoadedSchemaFile> {
  const file = relative(cwd, path).split("\\").join("/");
  const bytes = await readFile(path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (extname(path) === ".avdl" || extname(path) === ".avpr") {
    const document = extname(path) === ".avdl" ? readIdlFile(path, { cwd }) : readProtocolFile(path, { cwd });
    const schemas = codegenSchemas(document);
    return { file, sha256, schemas, paths: schemas.map((_, index) => `$.types[${index}]`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (cause) {
    throw new CodegenInputError({ file }, `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
  if (Array.isArray(json)) return { file, sha256, schemas: json, paths: json.map((_, index) => `$[${index}]`) };
  return { file, sha256, schemas: [json], paths: ["$"] };
}
