import type { NamedModel, SchemaModel } from "../model/avro-model.js";

/** The named type `fullName` of the model; the model checked every reference, so a miss is a generator bug. */
export function namedOf(model: SchemaModel, fullName: string): NamedModel {
  const type = model.types.get(fullName);
  if (type === undefined) throw new Error(`codegen: no type ${fullName} in the model`);
  return type;
}
