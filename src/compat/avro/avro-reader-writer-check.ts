import { CodegenInputError } from "../../errors/index.js";
import type { AvroField, AvroNamedNode, AvroNode, AvroRecordNode } from "./avro-nodes.js";

/** Apache Avro's `SchemaCompatibility.SchemaIncompatibilityType` names. */
export type AvroIncompatibilityType =
  | "NAME_MISMATCH"
  | "FIXED_SIZE_MISMATCH"
  | "MISSING_ENUM_SYMBOLS"
  | "READER_FIELD_MISSING_DEFAULT_VALUE"
  | "TYPE_MISMATCH"
  | "MISSING_UNION_BRANCH";

/** One reason a reader cannot decode a writer's data, as Apache Avro reports it. */
export interface AvroIncompatibility {
  readonly type: AvroIncompatibilityType;
  /** JSON pointer into the reader schema, e.g. `/fields/1/type`. */
  readonly location: string;
  /** Avro's own terse message, word for word (e.g. `reader type: STRING not compatible with writer type: INT`). */
  readonly detail: string;
  /** The reader and writer fragments that disagree. */
  readonly reader: AvroNode;
  readonly writer: AvroNode;
}

/** The verdict for one reader/writer pair, with every incompatibility found. */
export interface AvroPairResult {
  readonly compatible: boolean;
  readonly incompatibilities: readonly AvroIncompatibility[];
}

/**
 * Checks that `reader` can decode everything written with `writer`, with the semantics of Apache Avro's
 * `SchemaCompatibility.checkReaderWriterCompatibility` (which Confluent's registry uses): the same
 * verdicts, incompatibility types, locations and order. Names compare unqualified, reader aliases count,
 * int→long→float→double and string↔bytes promote, an enum default accepts unknown symbols.
 */
export function checkAvroReaderWriter(reader: AvroNode, writer: AvroNode): AvroPairResult {
  return new ReaderWriterChecker().check(reader, writer);
}

const MAX_CHECK_DEPTH = 1_000;
const COMPATIBLE: AvroPairResult = Object.freeze({ compatible: true, incompatibilities: [] });
// Marks a pair being checked further up the stack; meeting it again means the schemas recurse.
const IN_PROGRESS: AvroPairResult = Object.freeze({ compatible: true, incompatibilities: [] });

function merged(first: AvroPairResult, second: AvroPairResult): AvroPairResult {
  if (second.incompatibilities.length === 0 && second.compatible) return first;
  if (first.incompatibilities.length === 0 && first.compatible) return second;
  return {
    compatible: first.compatible && second.compatible,
    incompatibilities: [...first.incompatibilities, ...second.incompatibilities],
  };
}

function incompatible(
  type: AvroIncompatibilityType,
  reader: AvroNode,
  writer: AvroNode,
  detail: string,
  location: readonly string[],
): AvroPairResult {
  return { compatible: false, incompatibilities: [{ type, location: pointer(location), detail, reader, writer }] };
}

// The first token is the root's (empty); the rest are escaped as JSON pointer tokens.
function pointer(location: readonly string[]): string {
  return `/${location
    .slice(1)
    .map((token) => token.replaceAll("~", "~0").replaceAll("/", "~1"))
    .join("/")}`;
}

const NUMERIC_PROMOTIONS: Readonly<Partial<Record<AvroNode["type"], readonly AvroNode["type"][]>>> = {
  LONG: ["INT"],
  FLOAT: ["INT", "LONG"],
  DOUBLE: ["INT", "LONG", "FLOAT"],
  BYTES: ["STRING"],
  STRING: ["BYTES"],
};

/**
 * One check, memoised per (reader node, writer node) by identity as Avro does. The memo is shared by the
 * nested checks of union branches, which start from an empty location: a pair met first there and later
 * in place reports the first location, exactly as Avro does.
 */
class ReaderWriterChecker {
  readonly #memo = new Map<AvroNode, Map<AvroNode, AvroPairResult>>();
  #depth = 0;

  check(reader: AvroNode, writer: AvroNode): AvroPairResult {
    return this.#pair("", reader, writer, []);
  }

  #pair(token: string, reader: AvroNode, writer: AvroNode, location: string[]): AvroPairResult {
    // A chain of distinct named types can be longer than any one document is deep: bounded here too.
    if (this.#depth >= MAX_CHECK_DEPTH)
      throw new CodegenInputError(
        { file: "fullName" in reader ? reader.fullName : "reader schema" },
        `schemas nested more than ${MAX_CHECK_DEPTH} deep are not checked`,
      );
    this.#depth += 1;
    location.push(token);
    let byWriter = this.#memo.get(reader);
    if (byWriter === undefined) {
      byWriter = new Map();
      this.#memo.set(reader, byWriter);
    }
    let result = byWriter.get(writer);
    if (result === undefined) {
      byWriter.set(writer, IN_PROGRESS);
      result = this.#calculate(reader, writer, location);
      byWriter.set(writer, result);
    } else if (result === IN_PROGRESS) {
      // Compatible unless proven otherwise: the pair's own check, further up, decides.
      result = COMPATIBLE;
    }
    location.pop();
    this.#depth -= 1;
    return result;
  }

  #calculate(reader: AvroNode, writer: AvroNode, location: string[]): AvroPairResult {
    if (reader.type === writer.type) {
      switch (reader.type) {
        case "ARRAY":
          return this.#pair("items", reader.items, (writer as typeof reader).items, location);
        case "MAP":
          return this.#pair("values", reader.values, (writer as typeof reader).values, location);
        case "FIXED": {
          const other = writer as typeof reader;
          const names = this.#names(reader, other, location);
          if (reader.size === other.size) return names;
          location.push("size");
          const size = incompatible(
            "FIXED_SIZE_MISMATCH",
            reader,
            writer,
            `expected: ${other.size}, found: ${reader.size}`,
            location,
          );
          location.pop();
          return merged(names, size);
        }
        case "ENUM":
          return merged(
            this.#names(reader, writer as typeof reader, location),
            this.#symbols(reader, writer as typeof reader, location),
          );
        case "RECORD":
          return merged(
            this.#names(reader, writer as typeof reader, location),
            this.#fields(reader, writer as typeof reader, location),
          );
        case "UNION": {
          let result = COMPATIBLE;
          (writer as typeof reader).branches.forEach((branch, index) => {
            location.push(String(index));
            if (!this.check(reader, branch).compatible) {
              const detail = `reader union lacking writer type: ${branch.type}`;
              result = merged(result, incompatible("MISSING_UNION_BRANCH", reader, writer, detail, location));
            }
            location.pop();
          });
          return result;
        }
        default:
          return COMPATIBLE;
      }
    }
    if (writer.type === "UNION") {
      // Every branch the writer may have written must be readable.
      let result = COMPATIBLE;
      writer.branches.forEach((branch, index) => {
        result = merged(result, this.#pair(String(index), reader, branch, location));
      });
      return result;
    }
    if (reader.type === "UNION") {
      if (reader.branches.some((branch) => this.check(branch, writer).compatible)) return COMPATIBLE;
      return incompatible(
        "MISSING_UNION_BRANCH",
        reader,
        writer,
        `reader union lacking writer type: ${writer.type}`,
        location,
      );
    }
    if (NUMERIC_PROMOTIONS[reader.type]?.includes(writer.type) === true) return COMPATIBLE;
    return incompatible(
      "TYPE_MISMATCH",
      reader,
      writer,
      `reader type: ${reader.type} not compatible with writer type: ${writer.type}`,
      location,
    );
  }

  #names(reader: AvroNamedNode, writer: AvroNamedNode, location: string[]): AvroPairResult {
    if (reader.name === writer.name || reader.aliases.includes(writer.fullName)) return COMPATIBLE;
    location.push("name");
    const result = incompatible("NAME_MISMATCH", reader, writer, `expected: ${writer.fullName}`, location);
    location.pop();
    return result;
  }

  #symbols(reader: AvroNamedNode & { type: "ENUM" }, writer: typeof reader, location: string[]): AvroPairResult {
    const missing = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    if (missing.length === 0 || reader.default !== undefined) return COMPATIBLE;
    location.push("symbols");
    // Avro lists them sorted (a TreeSet of Java strings: UTF-16 code unit order, as JavaScript sorts).
    const detail = `[${[...new Set(missing)].sort().join(", ")}]`;
    const result = incompatible("MISSING_ENUM_SYMBOLS", reader, writer, detail, location);
    location.pop();
    return result;
  }

  #fields(reader: AvroRecordNode, writer: AvroRecordNode, location: string[]): AvroPairResult {
    let result = COMPATIBLE;
    location.push("fields");
    for (const field of reader.fields) {
      location.push(String(field.position));
      const source = writerFieldFor(writer, field, reader);
      if (source !== undefined) {
        result = merged(result, this.#pair("type", field.type, source.type, location));
      } else if (!field.hasDefault) {
        // Avro compares an enum field that has an enum default with the writer's record itself: a
        // TYPE_MISMATCH, never compatible, yet reported in place of the missing default.
        if (field.type.type === "ENUM" && field.type.default !== undefined) {
          result = merged(result, this.#pair("type", field.type, writer, location));
        } else {
          result = merged(
            result,
            incompatible("READER_FIELD_MISSING_DEFAULT_VALUE", reader, writer, field.name, location),
          );
        }
      }
      location.pop();
    }
    location.pop();
    return result;
  }
}

// The writer field a reader field reads: same name, or one of the reader field's aliases.
function writerFieldFor(writer: AvroRecordNode, field: AvroField, reader: AvroRecordNode): AvroField | undefined {
  const matches = [field.name, ...field.aliases]
    .map((name) => writer.fields.find((candidate) => candidate.name === name))
    .filter((candidate): candidate is AvroField => candidate !== undefined);
  if (matches.length > 1) {
    // Avro refuses such a pair outright (AvroRuntimeException): so does this check, as bad input.
    throw new CodegenInputError(
      { file: reader.fullName, typeName: reader.fullName },
      `reader field "${field.name}" matches ${matches.length} fields of writer record ${writer.fullName} ` +
        `(${matches.map((match) => match.name).join(", ")}) through its name and aliases`,
    );
  }
  return matches[0];
}
