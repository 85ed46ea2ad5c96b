import { CodegenInputError } from "../../src/errors/index.js";
import type { LoadedSchemaFile } from "../model/build-avro-model.js";

/**
 * Deepest JSON nesting (objects and arrays) a schema may have. Java's Avro parser stops at the same depth
 * (Jackson's default maxNestingDepth, 1,000), so a deeper schema could not be registered by Java clients
 * either; and the generator walks schemas recursively, which a hostile depth would overflow.
 */
export const MAX_SCHEMA_NESTING_DEPTH = 1_000;

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number;
}

/** Throws CodegenInputError, naming the JSON path, when a schema of `file` nests deeper than the limit. */
export function checkNestingDepth(file: LoadedSchemaFile, limit = MAX_SCHEMA_NESTING_DEPTH): void {
  file.schemas.forEach((schema, index) => {
    // Iterative: the check must not overflow the stack it protects.
    const pending: Frame[] = [{ value: schema, depth: 0, parent: undefined, key: file.paths[index] ?? "$" }];
    for (let frame = pending.pop(); frame !== undefined; frame = pending.pop()) {
      const { value } = frame;
      if (typeof value !== "object" || value === null) continue;
      const depth = frame.depth + 1;
      if (depth > limit) {
        throw new CodegenInputError(
          { file: file.file, jsonPath: pathOf(frame) },
          `the schema is nested deeper than ${limit} levels of JSON objects and arrays`,
        );
      }
      const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
      for (const [key, child] of entries) pending.push({ value: child, depth, parent: frame, key });
    }
  });
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let at: Frame | undefined = frame; at !== undefined; at = at.parent) keys.push(at.key);
  const [root = "$", ...rest] = keys.reverse();
  const step = (key: string | number): string => (typeof key === "number" ? `[${key}]` : `.${key}`);
  // A path a thousand steps long helps nobody: its start and its end say where.
  if (rest.length <= SHOWN_STEPS * 2) return String(root) + rest.map(step).join("");
  const head = rest.slice(0, SHOWN_STEPS).map(step).join("");
  const tail = rest.slice(-SHOWN_STEPS).map(step).join("");
  return `${String(root)}${head}…(${rest.length - SHOWN_STEPS * 2} more)…${tail}`;
}

const SHOWN_STEPS = 4;
