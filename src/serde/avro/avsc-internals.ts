import avsc from "avsc";

// The one module that names avsc's private members. avsc documents `Type`'s public methods and the
// `LogicalType` hooks (`_fromValue`, `_toValue`, `_resolve`, `_export`); schemakit's own types also need
// the codec protocol underneath (`_read`, `_write`, `_skip`, `_check`, `_update`, `_deref`, `_attrs`,
// `_branchConstructor`, `_logicalTypeName`, the tap they read through, and the constructors called on an
// instance made beforehand). Each use below mirrors avsc 5.7.9 (pinned exactly); the contract test
// (avsc-internals.test.ts) checks every member on the installed avsc and fails with "avsc upgrade: revisit
// serde/avro/avsc-internals.ts" when a release changes one. Everything else in schemakit goes through the
// functions and base classes here, under schemakit's names.

/**
 * The cursor avsc's types read through (schemakit's BoundedTap). Only the members schemakit's types use
 * directly are listed; avsc's types call the other read and skip methods BoundedTap has.
 */
export interface AvroReadTap {
  buf: Buffer;
  pos: number;
  readLong(): number;
}

/** The cursor avsc's types read and write through: avsc's own tap when writing. */
export interface AvroTap extends AvroReadTap {
  writeLong(value: number): void;
}

/** avsc's error hook: called with each invalid value and the Type that refused it. */
export type CheckHook = (value: unknown, type: avsc.Type) => void;

/** Reads one value of a writer's type (a resolver's `_read`). */
export type ReadFunction = (tap: AvroReadTap) => unknown;

// avsc 5.7.9 Type.prototype: the codec every Type implements.
interface TypeInternals {
  _read(tap: AvroReadTap): unknown;
  _write(tap: AvroTap, value: unknown): void;
  _skip(tap: AvroReadTap): void;
  _check(value: unknown, flags?: number, hook?: CheckHook, path?: string[]): boolean;
  _attrs(opts: ExportOptions): unknown;
  readonly _branchConstructor: (new (value: unknown) => object) | null;
}

// avsc 5.7.9 Resolver: `_readerType` is checked by avsc's own readValue; `_read` is set by `_update`.
interface ResolverInternals {
  readonly _readerType: avsc.Type;
  _read: ReadFunction;
}

interface ExportOptions {
  readonly exportAttrs: boolean;
  readonly noDeref?: boolean;
}

// The members are not in avsc's typings: `object` widens, the interface narrows (no double cast needed).
function internals(type: object): TypeInternals {
  return type as TypeInternals;
}

function resolverInternals(resolver: object): ResolverInternals {
  return resolver as ResolverInternals;
}

/** Reads a value of `type` (or through a resolver, of its writer's type) at the tap's position (`_read`). */
export function readValue(type: avsc.Type | avsc.Resolver, tap: AvroReadTap): unknown {
  return internals(type)._read(tap);
}

/** Writes `value` with `type` at the tap's position (avsc's `_write`); throws for an invalid value. */
export function writeValue(type: avsc.Type, tap: AvroTap, value: unknown): void {
  internals(type)._write(tap, value);
}

/** Moves the tap past a value of `type` (avsc's `_skip`). */
export function skipValue(type: avsc.Type, tap: AvroReadTap): void {
  internals(type)._skip(tap);
}

/**
 * avsc's `_check`: with no flags, how unions pick a branch; with flags (isValid's), a full check that
 * reports each invalid value to `hook` with its `path`.
 */
export function checkValue(
  type: avsc.Type,
  value: unknown,
  flags?: number,
  hook?: CheckHook,
  path?: string[],
): boolean {
  return internals(type)._check(value, flags, hook, path);
}

/** What a union branch's values are wrapped with (`{ "<branch name>": value }`), or null for the null branch. */
export function wrapBranchValue(branch: avsc.Type, value: unknown): object | null {
  const Branch = internals(branch)._branchConstructor;
  return Branch === null ? null : new Branch(value);
}

/**
 * Decodes one value from `tap` with `type`, through `resolver` when the bytes were written with another
 * schema (avsc's readValue, with a tap of the caller's choosing).
 */
export function decodeWith(type: avsc.Type, tap: AvroReadTap, resolver: avsc.Resolver | undefined): unknown {
  if (resolver === undefined) return internals(type)._read(tap);
  const { _readerType, _read } = resolverInternals(resolver);
  if (_readerType !== type) throw new Error("invalid resolver");
  return _read.call(resolver, tap);
}

type Constructor = (this: object, ...args: never[]) => void;

// avsc's types are ES5 constructor functions: callable on an instance made (and registered) beforehand.
function constructorOf(type: unknown): (this: object, schema: object, opts: avsc.ForSchemaOptions) => void {
  return type as Constructor as (this: object, schema: object, opts: avsc.ForSchemaOptions) => void;
}

// avsc's own codecs: the long writer (the exact long type's fast path) and the logical type check.
const AVSC_LONG = internals(avsc.types.LongType.prototype);
const AVSC_LOGICAL = internals(avsc.types.LogicalType.prototype);

/**
 * Makes a subclass's `readFrom`, `writeTo` and `accepts` (where it defines them) avsc's `_read`, `_write`
 * and `_check` of that class: the same functions, so the renaming costs no call on the hot path.
 */
function useCodecMethods(prototype: object): void {
  const own = prototype as Record<string, unknown>;
  for (const [ours, avscName] of [
    ["readFrom", "_read"],
    ["writeTo", "_write"],
    ["accepts", "_check"],
  ] as const) {
    if (Object.hasOwn(own, ours)) Object.defineProperty(own, avscName, { value: own[ours], configurable: true });
  }
}

/**
 * avsc's LongType with its codec under schemakit's names: a subclass defines `readFrom`, `writeTo` and
 * `accepts(value, flags, hook)` and calls `codecOf(Subclass)` once.
 */
export abstract class LongTypeBase extends avsc.types.LongType {
  /** avsc's own long writing. */
  protected avscWriteLong(tap: AvroTap, value: unknown): void {
    AVSC_LONG._write.call(this, tap, value);
  }
}

/**
 * Base of schemakit's logical types over records and unions. avsc's LogicalType reads a writer's value
 * with the *writer's* Type, then converts it (`_resolve`); that suits scalar logical types, but a record or
 * a union must be resolved structurally (fields added, removed, promoted), so these types resolve their
 * underlying type against the writer's and convert after. Exported (and compared) as the plain record or
 * union: the class mapping is not part of the schema. A subclass changes the codec by defining `readFrom`,
 * `writeTo` or `accepts` and calling `codecOf(Subclass)` once.
 */
export abstract class StructuralLogicalType extends avsc.types.LogicalType {
  /** avsc's LogicalType check: converts with `_toValue`, then checks the underlying type. */
  protected accepts(value: unknown, flags?: number, hook?: CheckHook, path?: string[]): boolean {
    return AVSC_LOGICAL._check.call(this, value, flags, hook, path);
  }

  _update(resolver: avsc.Resolver, writer: avsc.Type, opts: unknown): void {
    const underlyingWriter = writer instanceof StructuralLogicalType ? writer.underlyingType : writer;
    const inner = resolverInternals(this.underlyingType.createResolver(underlyingWriter, opts as never));
    resolverInternals(resolver)._read = (tap: AvroReadTap): unknown => this._fromValue(inner._read.call(inner, tap));
  }

  _deref(_schema: unknown, opts: ExportOptions): unknown {
    return internals(this.underlyingType)._attrs(opts);
  }
}

/** Installs a subclass's `readFrom`, `writeTo` and `accepts` as its avsc codec (see the base classes). */
export function codecOf(subclass: abstract new (...args: never[]) => object): void {
  useCodecMethods(subclass.prototype);
}

/**
 * An instance of `prototype`'s class, not constructed yet, with `own` properties; `logicalTypeName` is set
 * already, as avsc's constructor will, because a union may read its name first (a recursive record).
 */
export function logicalTypeInstance<T extends StructuralLogicalType>(
  prototype: T,
  logicalTypeName: string,
  own: PropertyDescriptorMap = {},
): T {
  const instance = Object.create(prototype, own) as T;
  Object.assign(instance, { _logicalTypeName: logicalTypeName });
  return instance;
}

/**
 * Runs avsc's LogicalType constructor on `instance` (from logicalTypeInstance, so that the caller could
 * register it first: a record that refers to itself then finds its own, unfinished, instance) over the
 * underlying Type that `underlying` parses.
 */
export function constructLogicalType<T extends StructuralLogicalType>(
  instance: T,
  logicalTypeName: string,
  underlying: (opts: avsc.ForSchemaOptions) => avsc.Type,
  opts: avsc.ForSchemaOptions,
): T {
  const made = underlying(opts);
  // avsc's constructor parses `{ logicalType }` through forSchema: a one-shot typeHook hands it our Type.
  const once: avsc.ForSchemaOptions = { ...opts, typeHook: () => made };
  constructorOf(avsc.types.LogicalType).call(instance, { logicalType: logicalTypeName, type: "null" }, once);
  return instance;
}

/** avsc's wrapped union over already parsed branch Types (values `{ "<branch name>": value }`). */
export function wrappedUnionType(branches: readonly avsc.Type[], opts: avsc.ForSchemaOptions): avsc.Type {
  // avsc parses each branch with forSchema, which hands a Type back as it is.
  return new avsc.types.WrappedUnionType(branches as never, opts);
}

/** avsc's unwrapped union over already parsed branch Types (plain values, branch picked by JavaScript type). */
export function unwrappedUnionType(branches: readonly avsc.Type[], opts: avsc.ForSchemaOptions): avsc.Type {
  return new avsc.types.UnwrappedUnionType(branches as never, opts);
}

/** How a collection type reads, skips and resolves; schemakit's bounded array and map implement it. */
export interface CollectionCodec {
  read(tap: AvroReadTap): unknown;
  skip(tap: AvroReadTap): void;
  /** The reader of a writer's collection bytes; undefined when `writer` is not the same kind. */
  readerFor(writer: avsc.Type, opts: unknown): ReadFunction | undefined;
}

// avsc freezes a type in its constructor, so a codec cannot be attached afterwards: it is made from the
// instance once avsc has filled it (the items Type may still be unfinished for a recursive record, so codecs
// look at it lazily) and kept in a holder attached before construction.
interface CodecHolder {
  codec: CollectionCodec | undefined;
}

const CODEC = Symbol("schemakit.collectionCodec");

interface WithCodec {
  readonly [CODEC]: CodecHolder;
}

function collectionCodecOf(type: WithCodec): CollectionCodec {
  return type[CODEC].codec as CollectionCodec;
}

function collectionPrototype(base: object): object {
  return Object.create(base, {
    _read: {
      value(this: WithCodec, tap: AvroReadTap): unknown {
        return collectionCodecOf(this).read(tap);
      },
    },
    _skip: {
      value(this: WithCodec, tap: AvroReadTap): void {
        collectionCodecOf(this).skip(tap);
      },
    },
    _update: {
      value(this: WithCodec, resolver: avsc.Resolver, writer: avsc.Type, opts: unknown): void {
        const read = collectionCodecOf(this).readerFor(writer, opts);
        if (read !== undefined) resolverInternals(resolver)._read = read;
      },
    },
  }) as object;
}

const ARRAY_PROTOTYPE = collectionPrototype(avsc.types.ArrayType.prototype);
const MAP_PROTOTYPE = collectionPrototype(avsc.types.MapType.prototype);

/** avsc's ArrayType for `schema`, reading, skipping and resolving through the codec `codec` makes. */
export function arrayTypeWith(
  schema: object,
  opts: avsc.ForSchemaOptions,
  codec: (type: avsc.types.ArrayType) => CollectionCodec,
): avsc.types.ArrayType {
  const holder: CodecHolder = { codec: undefined };
  const instance = Object.create(ARRAY_PROTOTYPE, { [CODEC]: { value: holder } }) as avsc.types.ArrayType;
  constructorOf(avsc.types.ArrayType).call(instance, schema, opts);
  holder.codec = codec(instance);
  return instance;
}

/** avsc's MapType for `schema`, reading, skipping and resolving through the codec `codec` makes. */
export function mapTypeWith(
  schema: object,
  opts: avsc.ForSchemaOptions,
  codec: (type: avsc.types.MapType) => CollectionCodec,
): avsc.types.MapType {
  const holder: CodecHolder = { codec: undefined };
  const instance = Object.create(MAP_PROTOTYPE, { [CODEC]: { value: holder } }) as avsc.types.MapType;
  constructorOf(avsc.types.MapType).call(instance, schema, opts);
  holder.codec = codec(instance);
  return instance;
}

/** avsc's `_write` of `type` (own or inherited): which codec a compiled writer may stand in for. */
export function writeFunctionOf(type: object): unknown {
  return internals(type)._write;
}

/** avsc's `_write` of its base LogicalType: `_toValue`, then the underlying type's `_write`. */
export const LOGICAL_TYPE_WRITE: unknown = AVSC_LOGICAL._write;

/** A logical type's `_toValue` bound to it: the underlying value, or undefined for an invalid one. */
export function toUnderlyingValue(type: avsc.types.LogicalType): (value: unknown) => unknown {
  const { _toValue } = type as unknown as { _toValue(value: unknown): unknown };
  return (value) => _toValue.call(type, value);
}
