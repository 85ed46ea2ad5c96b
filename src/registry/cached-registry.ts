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
import { REGISTRY_DEFAULTS, type SchemaRegistryOptions } from "./registry-options.js";

export interface SchemaRegistryConstructorOptions extends SchemaRegistryOptions {
  /** Another client to cache in front of (tests); by default an HttpRegistryClient on `url`/`urls`. */
  readonly client?: RegistryClient;
  readonly clock?: Clock;
}

// Registry error codes that mean "not there": subject, version, schema (and 40400, Confluent's generic).
const NOT_FOUND_CODES = new Set([40400, 40401, 40402, 40403]);

/**
 * The Schema Registry client users hold: every RegistryClient operation, with caching where answers
 * cannot change. Schema ids are immutable, so id → schema and (subject, schema) → id are kept for good;
 * numbered versions too, until a delete. "latest", listings, config and mode always ask. Identical
 * concurrent calls share one request (1,000 first serializations of one schema make one `register`),
 * and a "not found" is remembered for negativeCacheTtlMs so a burst of records for a missing schema
 * does not hammer the registry. Failures are never cached otherwise.
 */
export class SchemaRegistry implements RegistryClient {
  readonly #client: RegistryClient;
  /** The HTTP client this instance made, closed by close(); an injected client belongs to its caller. */
  readonly #ownClient: HttpRegistryClient | undefined;
  readonly #clock: Clock;
  readonly #negativeCacheTtlMs: number;
  readonly #answers = new Map<string, unknown>();
  readonly #inFlight = new Map<string, Promise<unknown>>();
  readonly #misses = new Map<string, { readonly error: unknown; readonly until: number }>();

  constructor(options: SchemaRegistryConstructorOptions) {
    if (options.client === undefined) {
      this.#ownClient = new HttpRegistryClient(options, options.clock);
      this.#client = this.#ownClient;
    } else {
      this.#ownClient = undefined;
      this.#client = options.client;
    }
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    const ttl = options.negativeCacheTtlMs ?? REGISTRY_DEFAULTS.negativeCacheTtlMs;
    if (!Number.isFinite(ttl) || ttl < 0) throw new ConfigError("negativeCacheTtlMs", "a number >= 0", ttl);
    this.#negativeCacheTtlMs = ttl;
  }

  register(subject: string, schema: SchemaInput, options: RegisterOptions = {}): Promise<number> {
    const key = `register\0${subject}\0${contentKey(schema)}\0${String(options.normalize)}`;
    return this.#cached(key, async () => {
      const id = await this.#client.register(subject, schema, options);
      // A new version may now answer what was missing, and the id may be one asked for too early.
      this.#forgetMisses(subject);
      this.#misses.delete(`id\0${id}`);
      return id;
    });
  }

  lookup(subject: string, schema: SchemaInput, options: LookupOptions = {}): Promise<SubjectVersion> {
    const key = `lookup\0${subject}\0${contentKey(schema)}\0${String(options.normalize)}\0${String(options.deleted)}`;
    return this.#cached(key, () => this.#client.lookup(subject, schema, options));
  }

  getById(id: number): Promise<StoredSchema> {
    return this.#cached(`id\0${id}`, () => this.#client.getById(id));
  }

  getVersion(subject: string, version: VersionSelector): Promise<SubjectVersion> {
    // "latest" moves with every registration: shared while in flight, never kept.
    if (version === "latest") return this.#shared(`latest\0${subject}`, () => this.#client.getVersion(subject, version));
    return this.#cached(`version\0${subject}\0${version}`, () => this.#client.getVersion(subject, version));
  }

  getSubjectsById(id: number): Promise<readonly string[]> {
    return this.#shared(`subjectsById\0${id}`, () => this.#client.getSubjectsById(id));
  }

  getSubjects(): Promise<readonly string[]> {
    return this.#shared("subjects", () => this.#client.getSubjects());
  }

  getVersions(subject: string): Promise<readonly number[]> {
    return this.#shared(`versions\0${subject}`, () => this.#client.getVersions(subject));
  }

  async deleteSubject(subject: string, options: DeleteOptions = {}): Promise<readonly number[]> {
    const deleted = await this.#client.deleteSubject(subject, options);
    this.#forgetSubject(subject);
    return deleted;
  }

  async deleteVersion(subject: string, version: VersionSelector, options: DeleteOptions = {}): Promise<number> {
    const deleted = await this.#client.deleteVersion(subject, version, options);
    this.#forgetSubject(subject);
    return deleted;
  }

  checkCompatibility(subject: string, schema: SchemaInput, options?: CompatibilityCheckOptions): Promise<CompatibilityResult> {
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

  /**
   * Kept for good once answered; a "not found" remembered for the negative TTL. Keys are
   * `<operation>\0<subject or id>\0...`, so a subject's entries can be found and forgotten.
   */
  async #cached<T>(key: string, ask: () => Promise<T>): Promise<T> {
    if (this.#answers.has(key)) return this.#answers.get(key) as T;
    const miss = this.#misses.get(key);
    if (miss !== undefined) {
      if (miss.until > this.#clock.now()) throw miss.error;
      this.#misses.delete(key);
    }
    try {
      const answer = await this.#shared(key, ask);
      this.#answers.set(key, answer);
      return answer;
    } catch (error) {
      if (this.#negativeCacheTtlMs > 0 && isNotFound(error)) {
        this.#misses.set(key, { error, until: this.#clock.now() + this.#negativeCacheTtlMs });
      }
      throw error;
    }
  }

  #shared<T>(key: string, ask: () => Promise<T>): Promise<T> {
    let pending = this.#inFlight.get(key) as Promise<T> | undefined;
    if (pending === undefined) {
      pending = ask().finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  #forgetMisses(subject: string): void {
    for (const key of this.#misses.keys()) if (mentions(key, subject)) this.#misses.delete(key);
  }

  #forgetSubject(subject: string): void {
    this.#forgetMisses(subject);
    for (const key of this.#answers.keys()) if (mentions(key, subject)) this.#answers.delete(key);
  }
}

function mentions(key: string, subject: string): boolean {
  return key.split("\0")[1] === subject;
}

function isNotFound(error: unknown): boolean {
  return error instanceof RegistryRejectedError && error.registryErrorCode !== undefined && NOT_FOUND_CODES.has(error.registryErrorCode);
}

function contentKey(schema: SchemaInput): string {
  return JSON.stringify([schema.schemaType ?? "AVRO", schema.schema, schema.references ?? []]);
}
