import { ConfigError, RegistryRejectedError } from "../errors/index.js";
import { SYSTEM_CLOCK, type Clock } from "../internal/clock.js";
import { HttpRegistryClient } from "./http-registry-client.js";
import type {
  CompatibilityCheckOptions,
  CompatibilityLevel,
  CompatibilityResult,
  DeleteOptions,
  LookupOptions,
  RegisterOptions,
  RegistryClient,
  RegistryMode,
  SchemaInput,
  StoredSchema,
  SubjectVersion,
  VersionSelector,
} from "./registry-client.js";
import {
  resolveRegistryCacheOptions,
  type ResolvedRegistryCacheOptions,
  type SchemaRegistryOptions,
} from "./registry-options.js";

export interface SchemaRegistryConstructorOptions extends SchemaRegistryOptions {
  /**
   * A client to cache in front of instead of an HttpRegistryClient (tests, adapters). With it, only the
   * cache options apply: the connection options (url, urls, auth, ...) must be left out.
   */
  readonly client?: RegistryClient;
  /** Time for the cache TTLs and the retry backoff; default the system clock. */
  readonly clock?: Clock;
}

const CONNECTION_OPTIONS = [
  "url",
  "urls",
  "auth",
  "tls",
  "headers",
  "requestTimeoutMs",
  "retries",
  "retryInitialDelayMs",
  "retryMaxDelayMs",
] as const satisfies readonly (keyof SchemaRegistryOptions)[];
// "Not found" codes that are remembered: subject, version, schema.
const NOT_FOUND_CODES = new Set([40401, 40402, 40403]);
// Misses kept per table at most, oldest dropped first: Java's missing.cache.size. Keeps a stream of
// records with random ids from growing memory.
const MISSES_KEPT = 10_000;

/**
 * The Schema Registry client users hold: every RegistryClient operation, cached where answers cannot
 * change.
 * - Kept for good: id → schema (ids are immutable), (subject, schema, normalize) → id from register,
 *   lookup answers, and numbered versions (subject, version) → schema; answers fill each other (a
 *   lookup answer also gives its id's schema and its version).
 * - Kept for latestCacheTtlMs: getVersion(subject, "latest").
 * - Kept for negativeCacheTtlMs: "not found" (40401/40402/40403) from getById, lookup, getVersion.
 * - Never kept: listings, compatibility checks, config and mode (so setCompatibility and setMode have
 *   nothing to invalidate), and failures other than "not found".
 * Identical concurrent calls share one request: 1,000 first serializations of one schema make one
 * `register`. A register forgets the subject's misses and latest, and the id's miss; a delete forgets
 * everything of the subject. Answers to calls started before such a change are not kept.
 * Changes made by other clients are seen when their entries expire; deletes by others are not seen.
 */
export class SchemaRegistry implements RegistryClient {
  readonly #client: RegistryClient;
  /** The HTTP client this instance made, closed by close(); an injected client belongs to its caller. */
  readonly #ownClient: HttpRegistryClient | undefined;
  readonly #clock: Clock;
  readonly #ttl: ResolvedRegistryCacheOptions;
  readonly #byId: Memo<number, StoredSchema>;
  readonly #subjectsById: Memo<number, readonly string[]>;
  readonly #allSubjects: Memo<"all", readonly string[]>;
  readonly #subjects = new Map<string, SubjectMemos>();

  constructor(options: SchemaRegistryConstructorOptions) {
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    if (options.client === undefined) {
      this.#ownClient = new HttpRegistryClient(options, { clock: this.#clock });
      this.#client = this.#ownClient;
    } else {
      const stray = CONNECTION_OPTIONS.find((option) => options[option] !== undefined);
      if (stray !== undefined) throw new ConfigError(stray, "left out when a client is given", "a value");
      this.#ownClient = undefined;
      this.#client = options.client;
    }
    this.#ttl = resolveRegistryCacheOptions(options);
    this.#byId = new Memo(this.#clock, Infinity, this.#ttl.negativeCacheTtlMs);
    this.#subjectsById = new Memo(this.#clock, 0, 0);
    this.#allSubjects = new Memo(this.#clock, 0, 0);
  }

  register(subject: string, schema: SchemaInput, options: RegisterOptions = {}): Promise<number> {
    const memos = this.#memosOf(subject);
    return memos.ids.get(`${options.normalize === true}\0${contentKey(schema)}`, async () => {
      const id = await this.#client.register(subject, schema, options);
      // A new version may answer what was missing, moves "latest", and the id may be one asked for early.
      memos.registered();
      this.#byId.forgetMiss(id);
      return id;
    });
  }

  lookup(subject: string, schema: SchemaInput, options: LookupOptions = {}): Promise<SubjectVersion> {
    const memos = this.#memosOf(subject);
    const key = `${options.normalize === true}\0${options.deleted === true}\0${contentKey(schema)}`;
    return memos.lookups.get(
      key,
      () => this.#client.lookup(subject, schema, options),
      (answer) => {
        this.#learn(answer);
        // A soft-deleted version is not readable by number.
        if (options.deleted !== true) memos.versions.set(answer.version, answer);
      },
    );
  }

  getById(id: number): Promise<StoredSchema> {
    return this.#byId.get(id, () => this.#client.getById(id));
  }

  getVersion(subject: string, version: VersionSelector): Promise<SubjectVersion> {
    const memos = this.#memosOf(subject);
    if (version === "latest") {
      return memos.latest.get(
        "latest",
        () => this.#client.getVersion(subject, version),
        (answer) => {
          this.#learn(answer);
          memos.versions.set(answer.version, answer);
        },
      );
    }
    return memos.versions.get(
      version,
      () => this.#client.getVersion(subject, version),
      (answer) => this.#learn(answer),
    );
  }

  getSubjectsById(id: number): Promise<readonly string[]> {
    return this.#subjectsById.get(id, () => this.#client.getSubjectsById(id));
  }

  getSubjects(): Promise<readonly string[]> {
    return this.#allSubjects.get("all", () => this.#client.getSubjects());
  }

  getVersions(subject: string): Promise<readonly number[]> {
    return this.#memosOf(subject).versionList.get("versions", () => this.#client.getVersions(subject));
  }

  async deleteSubject(subject: string, options: DeleteOptions = {}): Promise<readonly number[]> {
    try {
      return await this.#client.deleteSubject(subject, options);
    } finally {
      // Even after a failure: the registry may have deleted before the answer was lost.
      this.#subjects.get(subject)?.clear();
    }
  }

  async deleteVersion(subject: string, version: VersionSelector, options: DeleteOptions = {}): Promise<number> {
    try {
      return await this.#client.deleteVersion(subject, version, options);
    } finally {
      // Register answers too: registering the deleted schema again must reach the registry.
      this.#subjects.get(subject)?.clear();
    }
  }

  checkCompatibility(
    subject: string,
    schema: SchemaInput,
    options?: CompatibilityCheckOptions,
  ): Promise<CompatibilityResult> {
    return this.#client.checkCompatibility(subject, schema, options);
  }

  getCompatibility(subject?: string): Promise<CompatibilityLevel | undefined> {
    return this.#client.getCompatibility(subject);
  }

  setCompatibility(level: CompatibilityLevel, subject?: string): Promise<CompatibilityLevel> {
    return this.#client.setCompatibility(level, subject);
  }

  getMode(subject?: string): Promise<RegistryMode> {
    return this.#client.getMode(subject);
  }

  setMode(mode: RegistryMode, subject?: string): Promise<RegistryMode> {
    return this.#client.setMode(mode, subject);
  }

  /** Closes the HTTP connections when this instance made the client; an injected client is left open. */
  async close(): Promise<void> {
    await this.#ownClient?.close();
  }

  #memosOf(subject: string): SubjectMemos {
    let memos = this.#subjects.get(subject);
    if (memos === undefined) {
      memos = new SubjectMemos(this.#clock, this.#ttl);
      this.#subjects.set(subject, memos);
    }
    return memos;
  }

  /** A subject version carries its id's schema: the id is immutable, so that is kept too. */
  #learn(answer: SubjectVersion): void {
    this.#byId.set(answer.id, {
      id: answer.id,
      schema: answer.schema,
      schemaType: answer.schemaType,
      references: answer.references,
    });
  }
}

/** The cached answers of one subject. */
class SubjectMemos {
  /** register: normalize + schema content → id. */
  readonly ids: Memo<string, number>;
  /** lookup: normalize + deleted + schema content → version. */
  readonly lookups: Memo<string, SubjectVersion>;
  readonly versions: Memo<number, SubjectVersion>;
  readonly latest: Memo<"latest", SubjectVersion>;
  /** getVersions: shared while in flight only. */
  readonly versionList: Memo<"versions", readonly number[]>;

  constructor(clock: Clock, ttl: ResolvedRegistryCacheOptions) {
    this.ids = new Memo(clock, Infinity, 0);
    this.lookups = new Memo(clock, Infinity, ttl.negativeCacheTtlMs);
    this.versions = new Memo(clock, Infinity, ttl.negativeCacheTtlMs);
    this.latest = new Memo(clock, ttl.latestCacheTtlMs, ttl.negativeCacheTtlMs);
    this.versionList = new Memo(clock, 0, 0);
  }

  /** A schema was registered under the subject: what was missing may exist now, and "latest" moved. */
  registered(): void {
    this.lookups.forgetMisses();
    this.versions.forgetMisses();
    this.latest.clear();
    this.versionList.clear();
  }

  clear(): void {
    for (const memo of [this.ids, this.lookups, this.versions, this.latest, this.versionList]) memo.clear();
  }
}

/**
 * Answers by key with an expiry, "not found" failures by key with an expiry, and the calls in flight by
 * key, so concurrent askers share one call. clear() starts a new epoch: answers to calls started before
 * it are not kept, and later askers do not join those calls.
 */
class Memo<K, V> {
  readonly #clock: Clock;
  readonly #answerTtlMs: number;
  readonly #missTtlMs: number;
  readonly #answers = new Map<K, { readonly value: V; readonly until: number }>();
  readonly #misses = new Map<K, { readonly error: unknown; readonly until: number }>();
  #inFlight = new Map<K, Promise<V>>();
  #epoch = 0;

  constructor(clock: Clock, answerTtlMs: number, missTtlMs: number) {
    this.#clock = clock;
    this.#answerTtlMs = answerTtlMs;
    this.#missTtlMs = missTtlMs;
  }

  /** `onAnswer` runs when a fresh answer is kept (its epoch is current), to fill related tables. */
  get(key: K, ask: () => Promise<V>, onAnswer?: (value: V) => void): Promise<V> {
    const now = this.#clock.now();
    const answer = this.#answers.get(key);
    if (answer !== undefined) {
      if (answer.until > now) return Promise.resolve(answer.value);
      this.#answers.delete(key);
    }
    const miss = this.#misses.get(key);
    if (miss !== undefined) {
      if (miss.until > now) return Promise.reject(miss.error);
      this.#misses.delete(key);
    }
    const pending = this.#inFlight.get(key);
    return pending ?? this.#ask(key, ask, onAnswer);
  }

  set(key: K, value: V): void {
    if (this.#answerTtlMs > 0) this.#answers.set(key, { value, until: this.#clock.now() + this.#answerTtlMs });
  }

  forgetMiss(key: K): void {
    this.#misses.delete(key);
  }

  forgetMisses(): void {
    this.#misses.clear();
  }

  clear(): void {
    this.#epoch += 1;
    this.#answers.clear();
    this.#misses.clear();
    this.#inFlight = new Map();
  }

  #ask(key: K, ask: () => Promise<V>, onAnswer: ((value: V) => void) | undefined): Promise<V> {
    const epoch = this.#epoch;
    const inFlight = this.#inFlight;
    const pending = ask().then(
      (value) => {
        if (epoch === this.#epoch) {
          this.set(key, value);
          onAnswer?.(value);
        }
        return value;
      },
      (error: unknown) => {
        if (epoch === this.#epoch && this.#missTtlMs > 0 && isNotFound(error)) this.#remember(key, error);
        throw error;
      },
    );
    inFlight.set(key, pending);
    const settled = (): void => {
      if (inFlight.get(key) === pending) inFlight.delete(key);
    };
    pending.then(settled, settled);
    return pending;
  }

  #remember(key: K, error: unknown): void {
    if (this.#misses.size >= MISSES_KEPT) {
      const oldest = this.#misses.keys().next();
      if (oldest.done !== true) this.#misses.delete(oldest.value);
    }
    this.#misses.set(key, { error, until: this.#clock.now() + this.#missTtlMs });
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof RegistryRejectedError &&
    error.registryErrorCode !== undefined &&
    NOT_FOUND_CODES.has(error.registryErrorCode)
  );
}

/**
 * Schema identity as the registry sees it: type, text and references (the same text with other references
 * is another schema).
 */
function contentKey(schema: SchemaInput): string {
  return JSON.stringify([schema.schemaType ?? "AVRO", schema.schema, schema.references ?? []]);
}
