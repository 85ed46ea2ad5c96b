import { readFile, rename, writeFile } from "node:fs/promises";
import { CodegenInputError, CodegenOutputError, SdkError } from "../../src/errors/index.js";
import { parseSchemaLockfile, type SchemaLockfile, toSchemaLockfileJson } from "../../src/registry/index.js";
import { fsErrorCode, fsErrorDetail } from "../fs-error-detail.js";
import type { LocalSubject } from "./local-subjects.js";

/** Reads a lockfile; undefined when there is none yet. `shown` names it in errors. */
export async function readLockfile(path: string, shown: string): Promise<SchemaLockfile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if (fsErrorCode(cause) === "ENOENT") return undefined;
    throw new CodegenInputError({ file: shown }, `cannot read: ${fsErrorDetail(cause)}`, { cause });
  }
  try {
    return parseSchemaLockfile(JSON.parse(text), shown);
  } catch (cause) {
    const detail = SdkError.is(cause) || cause instanceof Error ? cause.message : String(cause);
    throw new CodegenInputError({ file: shown }, `not a schemakit lockfile: ${detail}`, { cause });
  }
}

/** Writes a lockfile whole (a temporary file renamed over it: a failed write never leaves half a file). */
export async function writeLockfile(path: string, shown: string, lockfile: SchemaLockfile): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(toSchemaLockfileJson(lockfile), null, 2)}\n`);
    await rename(temporary, path);
  } catch (cause) {
    throw new CodegenOutputError("write", shown, fsErrorDetail(cause), { cause });
  }
}

/** One way a lockfile is out of step with the local schemas. */
export interface LockFinding {
  readonly subject: string;
  readonly schema: string;
  readonly problem: "missing" | "fingerprint" | "schema";
  readonly message: string;
}

/**
 * Every bound subject must be in the lockfile, for the same schema, with the fingerprint of the local
 * schema: else a serializer given the lockfile would write under an id whose schema differs.
 */
export function verifyLockfile(lockfile: SchemaLockfile, subjects: readonly LocalSubject[]): LockFinding[] {
  const findings: LockFinding[] = [];
  for (const { subject, schema } of subjects) {
    const locked = lockfile.subjects.get(subject);
    const base = { subject, schema: schema.fullName };
    if (locked === undefined) {
      findings.push({ ...base, problem: "missing", message: `subject ${subject} is not in the lockfile` });
    } else if (locked.schema !== schema.fullName) {
      findings.push({
        ...base,
        problem: "schema",
        message: `subject ${subject} is locked to ${locked.schema}, but the config binds ${schema.fullName}`,
      });
    } else if (locked.fingerprint !== schema.fingerprint) {
      findings.push({
        ...base,
        problem: "fingerprint",
        message:
          `${schema.fullName} changed since version ${locked.version} (id ${locked.schemaId}) was locked: ` +
          `fingerprint ${schema.fingerprint}, locked ${locked.fingerprint}`,
      });
    }
  }
  return findings;
}
