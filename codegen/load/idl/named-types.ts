import { toPlainJson } from "./json-value.js";
import type { NamedNode, SchemaNode } from "./schema-nodes.js";

/**
 * Every named type read so far, in the order Java's parse context holds them (the order protocol `types`
 * are written in). Defining a name twice is allowed only with an equal definition, as in Java.
 */
export class NamedTypes {
  private readonly types = new Map<string, NamedNode>();
  // Java's order: a main schema that only names a type holds that type's place from where it is named.
  private readonly order: string[] = [];
  private readonly ordered = new Set<string>();

  get(fullName: string): NamedNode | undefined {
    return this.types.get(fullName);
  }

  has(fullName: string): boolean {
    return this.types.has(fullName);
  }

  /** Every named type, in order; names reserved but never defined are left out. */
  values(): NamedNode[] {
    return this.order.flatMap((name) => this.types.get(name) ?? []);
  }

  /** Holds a place in the order for a name defined later. */
  reserve(fullName: string): void {
    if (!this.ordered.has(fullName)) {
      this.ordered.add(fullName);
      this.order.push(fullName);
    }
  }

  get size(): number {
    return this.types.size;
  }

  /** Adds a definition; returns the earlier, different definition of the same name, if there is one. */
  put(node: NamedNode): NamedNode | undefined {
    const earlier = this.types.get(node.fullName);
    if (earlier === undefined) {
      this.types.set(node.fullName, node);
      this.reserve(node.fullName);
      return undefined;
    }
    return sameDefinition(earlier, node) ? undefined : earlier;
  }

  /** Java's look-up of a name in JSON: in the given namespace first, then as written. */
  find(name: string, namespace: string | null): string {
    const full = namespace === null || name.includes(".") ? name : `${namespace}.${name}`;
    if (this.types.has(full)) return full;
    if (this.types.has(name)) return name;
    return full;
  }
}

// Java's equals on named schemas: names, structure and properties count; docs and aliases do not.
function sameDefinition(a: NamedNode, b: NamedNode): boolean {
  return JSON.stringify(shape(a, true)) === JSON.stringify(shape(b, true));
}

function shape(node: SchemaNode, top: boolean): unknown {
  const props = (map: ReadonlyMap<string, unknown>): unknown =>
    [...map].map(([key, value]) => [key, toPlainJson(value as never)]);
  switch (node.kind) {
    case "primitive":
      return [node.type, props(node.props)];
    case "array":
      return ["array", shape(node.items, false), props(node.props)];
    case "map":
      return ["map", shape(node.values, false), props(node.props)];
    case "union":
      return ["union", node.branches.map((branch) => shape(branch, false))];
    case "reference":
      return node.fullName;
    default:
      if (!top) return node.fullName;
      switch (node.kind) {
        case "record":
          return [
            node.error ? "error" : "record",
            node.fullName,
            props(node.props),
            node.fields.map((field) => [
              field.name,
              shape(field.type, false),
              field.default === undefined ? [] : [toPlainJson(field.default)],
              field.order,
              props(field.props),
            ]),
          ];
        case "enum":
          return ["enum", node.fullName, node.symbols, props(node.props)];
        case "fixed":
          return ["fixed", node.fullName, node.size, props(node.props)];
      }
  }
}
