import avsc from "avsc";

// avsc's LogicalType reads a writer's value with the *writer's* Type, then converts it (`_resolve`). That
// suits scalar logical types; a record or a union must instead be resolved structurally (fields added,
// removed, promoted), so these types resolve their underlying type against the writer's and convert after.

/** Base of schemakit's logical types over records and unions: structural resolution, plain export. */
export abstract class StructuralLogicalType extends avsc.types.LogicalType {
  protected _update(
    resolver: avsc.Resolver & { _read?: (tap: unknown) => unknown },
    writer: avsc.Type,
    opts: unknown,
  ): void {
    const underlyingWriter = writer instanceof StructuralLogicalType ? writer.underlyingType : writer;
    const inner = this.underlyingType.createResolver(underlyingWriter, opts as never) as avsc.Resolver & {
      _read: (tap: unknown) => unknown;
    };
    resolver._read = (tap: unknown): unknown => this._fromValue(inner._read(tap));
  }

  // Exported (and compared) as the plain record or union: the class mapping is not part of the schema.
  protected _deref(_schema: unknown, opts: { exportAttrs: boolean }): unknown {
    return (this.underlyingType as avsc.Type & { _attrs(o: unknown): unknown })._attrs(opts);
  }
}

/**
 * Runs avsc's LogicalType constructor on `instance` (made with Object.create, so that the caller could
 * register it first: a record that refers to itself then finds its own, unfinished, instance) over the
 * underlying Type that `underlying` parses.
 */
export function constructStructural<T extends StructuralLogicalType>(
  instance: T,
  logicalTypeName: string,
  underlying: (opts: avsc.ForSchemaOptions) => avsc.Type,
  opts: avsc.ForSchemaOptions,
): T {
  const made = underlying(opts);
  // avsc's constructor parses `{ logicalType }` through forSchema: a one-shot typeHook hands it our Type.
  const once: avsc.ForSchemaOptions = { ...opts, typeHook: () => made };
  const construct = avsc.types.LogicalType as unknown as (this: T, schema: object, o: avsc.ForSchemaOptions) => void;
  construct.call(instance, { logicalType: logicalTypeName, type: "null" }, once);
  return instance;
}
