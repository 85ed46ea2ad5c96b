import { AvroIdlError, type SourcePosition } from "./idl-errors.js";
import { describeJson } from "./json-value.js";
import type { NamedTypes } from "./named-types.js";
import { branchName, isValidDefault } from "./schema-rules.js";
import { type FieldNode, isNamed, type MessageNode, type SchemaNode } from "./schema-nodes.js";

/**
 * Checks what Java checks once every file is read: each name refers to a defined type, unions hold no
 * union and no two branches of one name, and each default is valid for its field's type.
 */
export function resolveSchemas(
  types: NamedTypes,
  extra: { readonly schemas: readonly SchemaNode[]; readonly messages: readonly MessageNode[] },
): void {
  const lookup = (fullName: string) => types.get(fullName);
  const checkFields = (fields: readonly FieldNode[], owner: string): void => {
    for (const field of fields) {
      check(field.type);
      if (field.default !== undefined && !isValidDefault(field.type, field.default, lookup)) {
        fail(field.at, `invalid default for field ${field.name} of ${owner}: ${describeJson(field.default)}`);
      }
    }
  };
  // Named types met inside another are checked where they are listed themselves.
  const check = (node: SchemaNode): void => {
    switch (node.kind) {
      case "reference":
        if (!types.has(node.fullName)) fail(node.at, `undefined type name ${node.fullName}`);
        return;
      case "array":
        check(node.items);
        return;
      case "map":
        check(node.values);
        return;
      case "union": {
        const names = new Set<string>();
        for (const branch of node.branches) {
          if (branch.kind === "union") fail(node.at, "a union cannot hold another union");
          check(branch);
          const name = branch.kind === "reference" ? branch.fullName : branchName(branch);
          if (names.has(name)) fail(node.at, `the union holds ${name} twice`);
          names.add(name);
        }
        return;
      }
      default:
        return;
    }
  };
  for (const type of types.values()) {
    if (type.kind === "record") checkFields(type.fields, type.fullName);
  }
  for (const schema of extra.schemas) if (!isNamed(schema)) check(schema);
  for (const message of extra.messages) {
    checkFields(message.request, `message ${message.name}`);
    check(message.response);
    for (const error of message.errors) check(error);
    const names = new Set<string>();
    for (const error of message.errors) {
      const name = error.kind === "reference" ? error.fullName : branchName(error);
      if (names.has(name) || name === "string") fail(message.at, `message ${message.name} throws ${name} twice`);
      names.add(name);
    }
  }
}

function fail(at: SourcePosition, detail: string): never {
  throw new AvroIdlError(at, detail);
}
