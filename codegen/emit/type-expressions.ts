import type { LongMode } from "../../src/schema/index.js";
import type { SchemaModel, TypeModel } from "../model/avro-model.js";
import { namedOf } from "./named-of.js";
import type { OutputLayout } from "./output-layout.js";
import type { TsFile } from "./ts-file.js";

/** What the expressions need: the model, the long mode, the file being written and where symbols live. */
export interface ExpressionContext {
  readonly model: SchemaModel;
  readonly longs: LongMode;
  readonly file: TsFile;
  readonly layout: OutputLayout;
}

/** The TypeScript type of a field's value in the record class. */
export function valueType(type: TypeModel, context: ExpressionContext): string {
  switch (type.kind) {
    case "primitive":
      return primitiveType(type, context.longs);
    case "array":
      return `readonly ${parenthesize(valueType(type.items, context))}[]`;
    case "map":
      return `Readonly<Record<string, ${valueType(type.values, context)}>>`;
    case "union":
      return unionOf(type.branches.map((branch) => valueType(branch, context)));
    case "named":
      return context.file.use(context.layout.type(type.fullName));
  }
}

/** The TypeScript type a constructor takes for a field: records may be given as their Init objects. */
export function initType(type: TypeModel, context: ExpressionContext): string {
  switch (type.kind) {
    case "primitive":
      return primitiveType(type, context.longs);
    case "array":
      return `ReadonlyArray<${initType(type.items, context)}>`;
    case "map":
      return `Readonly<Record<string, ${initType(type.values, context)}>>`;
    case "union":
      return unionOf(type.branches.map((branch) => initType(branch, context)));
    case "named": {
      const named = context.file.use(context.layout.type(type.fullName));
      if (namedOf(context.model, type.fullName).kind !== "record") return named;
      return `${named} | ${context.file.use(context.layout.init(type.fullName))}`;
    }
  }
}

/** Whether a value of `type` given to a constructor may need building into record instances. */
export function needsConversion(type: TypeModel, model: SchemaModel): boolean {
  switch (type.kind) {
    case "primitive":
      return false;
    case "array":
      return needsConversion(type.items, model);
    case "map":
      return needsConversion(type.values, model);
    case "union":
      return type.branches.some((branch) => needsConversion(branch, model));
    case "named":
      return namedOf(model, type.fullName).kind === "record";
  }
}

/**
 * The expression that turns a constructor input `expr` of `type` into the field's value: Init objects
 * become record instances (at any depth), everything else is taken as it is. `depth` names lambda
 * parameters uniquely.
 */
export function convertExpression(expr: string, type: TypeModel, context: ExpressionContext, depth = 0): string {
  if (!needsConversion(type, context.model)) return expr;
  const item = `v${depth}`;
  switch (type.kind) {
    case "array":
      return `${expr}.map((${item}) => ${convertExpression(item, type.items, context, depth + 1)})`;
    case "map": {
      const mapValues = runtime("mapValues", context);
      return `${mapValues}(${expr}, (${item}) => ${convertExpression(item, type.values, context, depth + 1)})`;
    }
    case "named": {
      const recordClass = context.file.use(context.layout.value(type.fullName));
      return `${expr} instanceof ${recordClass} ? ${expr} : new ${recordClass}(${expr})`;
    }
    case "union": {
      // ["null", R] (either order): null, or the record.
      const [first, second] = type.branches;
      if (type.branches.length === 2 && first !== undefined && second !== undefined) {
        const other = isNull(first) ? second : isNull(second) ? first : undefined;
        if (other?.kind === "named")
          return `${expr} === null ? null : ${convertExpression(expr, other, context, depth)}`;
      }
      // Arrays are told apart by Array.isArray; records by class, then by fields (pickRecord: first
      // record branch in schema order whose fields the object has); a map of records only when the
      // union has no record branch (a plain object is then the map).
      const records = type.branches.filter(
        (branch) => branch.kind === "named" && namedOf(context.model, branch.fullName).kind === "record",
      );
      const array = type.branches.find((branch) => branch.kind === "array" && needsConversion(branch, context.model));
      const map = type.branches.find((branch) => branch.kind === "map" && needsConversion(branch, context.model));
      let rest = expr;
      if (records.length > 0) {
        const classes = records.map((branch) =>
          context.file.use(context.layout.value((branch as { fullName: string }).fullName)),
        );
        rest = `${runtime("pickRecord", context)}(${expr}, [${classes.join(", ")}])`;
      } else if (map !== undefined) {
        const isPlainObject = runtime("isPlainObject", context);
        rest = `${isPlainObject}(${expr}) ? ${convertExpression(expr, map, context, depth)} : ${expr}`;
      }
      const converted =
        array === undefined
          ? rest
          : `Array.isArray(${expr}) ? ${convertExpression(expr, array, context, depth)} : ${rest}`;
      return `${converted.includes("?") ? `(${converted})` : converted} as ${valueType(type, context)}`;
    }
    case "primitive":
      return expr;
  }
}

// ["int", "long"] is `number | number` otherwise.
function unionOf(types: readonly string[]): string {
  return [...new Set(types)].join(" | ");
}

function isNull(type: TypeModel): boolean {
  return type.kind === "primitive" && type.name === "null";
}

function primitiveType(type: Extract<TypeModel, { kind: "primitive" }>, longs: LongMode): string {
  switch (type.logical?.name) {
    case "timestamp-millis":
      return "Date";
    case "decimal":
    case "uuid":
      return "string";
    default:
      break;
  }
  switch (type.name) {
    case "null":
      return "null";
    case "boolean":
      return "boolean";
    case "long":
      return longs === "bigint" ? "bigint" : "number";
    case "int":
    case "float":
    case "double":
      return "number";
    case "bytes":
      return "Buffer";
    case "string":
      return "string";
  }
}

function parenthesize(type: string): string {
  return type.includes(" | ") || type.startsWith("readonly ") ? `(${type})` : type;
}

function runtime(name: string, context: ExpressionContext): string {
  return context.file.use(context.layout.runtime(name));
}
