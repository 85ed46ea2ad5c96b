import type { CheckDirection } from "../compatibility-level.js";
import type { AvroIncompatibility } from "./avro-reader-writer-check.js";
import type { AvroNode } from "./avro-nodes.js";

/** A finding for a person: what changed, whose reads break, and the usual fix. */
export interface AvroFindingText {
  readonly message: string;
  readonly fix: string;
}

/**
 * Words for one Avro incompatibility. `readerRoot` is the reader schema the location points into;
 * `direction` says which of reader and writer is the new schema.
 */
export function describeAvroIncompatibility(
  found: AvroIncompatibility,
  readerRoot: AvroNode,
  direction: CheckDirection,
): AvroFindingText {
  const backward = direction === "backward";
  const readerRole = backward ? "the new schema" : "the old schema";
  const writerRole = backward ? "the old schema" : "the new schema";
  const breaks = backward
    ? "the new schema cannot read data written with the old one"
    : "consumers still on the old schema cannot read data written with the new one";
  const at = pathAt(readerRoot, found.location);
  const where = at.path === "" ? "" : `\`${at.path}\`: `;
  switch (found.type) {
    case "READER_FIELD_MISSING_DEFAULT_VALUE": {
      const field = `\`${found.detail}\``;
      return backward
        ? {
            message: `${where}field ${field} is new and has no default, so ${breaks} (which has no ${field}).`,
            fix: `give ${field} a default (an optional field: a union with null first and "default": null).`,
          }
        : {
            message: `${where}field ${field} was removed, and the old schema has no default for it, so ${breaks}.`,
            fix: `keep ${field} (deprecate it in its doc); remove a field only once readers have a default for it.`,
          };
    }
    case "TYPE_MISMATCH": {
      const reading = typeName(found.reader);
      const written = typeName(found.writer);
      if (found.reader.type === "ENUM" && found.writer.type === "RECORD") {
        // Avro's special case: a reader enum field missing from the writer is compared with the record.
        return {
          message:
            `${where}this enum field is missing from ${writerRole}, and an enum's default does not stand in ` +
            `for a field default, so ${breaks}.`,
          fix: "give the field itself a default (one of the enum's symbols).",
        };
      }
      return {
        message:
          `${where}${readerRole} has ${reading} where ${writerRole} has ${written}; Avro cannot read ` +
          `${written} as ${reading}, so ${breaks}.`,
        fix:
          "keep the old type, or add a field with a new name (and a default) for the new type; only " +
          "int→long→float→double and string↔bytes are promoted.",
      };
    }
    case "MISSING_UNION_BRANCH": {
      const written = unionBranchName(found.writer, found.location);
      return backward
        ? {
            message:
              `${where}${readerRole} has no union branch for ${written}, which the old schema may have ` +
              `written, so ${breaks}.`,
            fix: `keep ${written} as a branch of the union.`,
          }
        : {
            message: `${where}the new schema can write ${written}, which the old schema does not accept, so ${breaks}.`,
            fix: `add ${written} only once every consumer reads it (or use BACKWARD, if consumers upgrade first).`,
          };
    }
    case "MISSING_ENUM_SYMBOLS": {
      const symbols = found.detail;
      const name = typeName(found.reader);
      return backward
        ? {
            message:
              `${where}${name} lost the symbols ${symbols}, which data written with the old schema may ` +
              `hold, so ${breaks}.`,
            fix: `add ${symbols} back, or give the enum a default ("default": one of its symbols).`,
          }
        : {
            message:
              `${where}${name} gained the symbols ${symbols}; the old schema has no enum default to read ` +
              `them as, so ${breaks}.`,
            fix: "give the enum a default in a version of its own first; then add symbols.",
          };
    }
    case "NAME_MISMATCH": {
      const written = named(found.writer);
      return {
        message:
          `${where}${readerRole} names this type ${named(found.reader)} where ${writerRole} names it ` +
          `${written} (names compare without namespace), so ${breaks}.`,
        fix: backward
          ? `keep the name, or list the old name as an alias of the new type: "aliases": ["${written}"].`
          : "keep the old name: readers on the old schema do not know the new one.",
      };
    }
    case "FIXED_SIZE_MISMATCH":
      return {
        message:
          `${where}fixed ${named(found.reader)} is ${sizeOf(found.reader)} bytes in ${readerRole} and ` +
          `${sizeOf(found.writer)} in ${writerRole}, so ${breaks}.`,
        fix: "keep the size; data of another size needs a new fixed type in a new field.",
      };
  }
}

function typeName(node: AvroNode): string {
  return "fullName" in node ? `${node.type.toLowerCase()} ${node.fullName}` : node.type.toLowerCase();
}

function named(node: AvroNode): string {
  return "fullName" in node ? node.fullName : node.type.toLowerCase();
}

function sizeOf(node: AvroNode): string {
  return node.type === "FIXED" ? String(node.size) : "?";
}

// The location of a missing union branch ends with the writer branch's index when the writer is a union.
function unionBranchName(writer: AvroNode, location: string): string {
  if (writer.type !== "UNION") return typeName(writer);
  const index = Number(location.slice(location.lastIndexOf("/") + 1));
  const branch = writer.branches[index];
  return branch === undefined ? typeName(writer) : typeName(branch);
}

/**
 * A readable path (`Order.lines[].sku`) for a JSON pointer into the reader schema. Numeric tokens index
 * the writer's union branches, so the reader stays where it is; a pointer that does not fit the reader
 * (Avro reports some memoised findings relative to a nested check) gives the path walked so far.
 */
function pathAt(root: AvroNode, location: string): { path: string } {
  const tokens = location
    .split("/")
    .slice(1)
    .filter((token) => token !== "");
  let node: AvroNode = root;
  let path = "fullName" in root ? root.name : "";
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string;
    if (token === "fields" && node.type === "RECORD") {
      const field = node.fields[Number(tokens[index + 1])];
      if (field === undefined) break;
      path = path === "" ? field.name : `${path}.${field.name}`;
      index += 1;
      if (tokens[index + 1] === "type") {
        node = field.type;
        index += 1;
      }
    } else if (token === "items" && node.type === "ARRAY") {
      node = node.items;
      path = `${path}[]`;
    } else if (token === "values" && node.type === "MAP") {
      node = node.values;
      path = `${path}{}`;
    } else if (!/^\d+$/.test(token)) {
      break;
    }
  }
  return { path };
}
