import { RegistryRejectedError, SchemaIncompatibleError, type RegistryErrorContext } from "../../src/errors/index.js";
import type {
  CompatibilityCheckOptions,
  CompatibilityLevel,
  CompatibilityResult,
  DeleteOptions,
  LookupOptions,
  RegistryClient,
  RegistryMode,
  SchemaInput,
  StoredSchema,
  SubjectVersion,
  VersionSelector,
} from "../../src/registry/registry-client.js";

/**
 * A Schema Registry in memory, for unit tests only (integration tests use the real one). Ids are per
 * content, as in Confluent: one schema text (with its type and references) has one id under every
 * subject. Compatibility is whatever `isCompatible` says (default: always compatible). Every call is
 * counted in `calls`, so tests can assert on caching.
 */
export class InMemoryRegistry implements RegistryClient {
  readonly calls: Record<string, number> = {};
  /** Decides compatibility of a new schema with the subject's latest one; reasons make it incompatible. */
  isCompatible: (candidate: SchemaInput, latest: StoredSchema, subject: string) => readonly string[] = () => [];

  #ids = new Map<string, number>();
  #byId = new Map<number, StoredSchema>();
  #subjects = new Map<string, { version: number; id: number; deleted: boolean }[]>();
  #compatibility = new Map<string, CompatibilityLevel>([["", "BACKWARD"]]);
  #mode = new Map<string, RegistryMode>([["", "READWRITE"]]);

  async register(subject: string, schema: SchemaInput): Promise<number> {
    this.#count("register");
    const id = this.#idFor(schema);
    const versions = this.#subjects.get(subject) ?? [];
    const existing = versions.find((v) => v.id === id && !v.deleted);
    if (existing) return id;
    const latest = versions.filter((v) => !v.deleted).at(-1);
    if (latest) {
      const reasons = this.isCompatible(schema, this.#stored(latest.id), subject);
      if (reasons.length > 0) {
        throw new SchemaIncompatibleError(
          this.#context("POST", `/subjects/${subject}/versions`, { subject, status: 409, registryErrorCode: 409 }),
          reasons.join("; "),
        );
      }
    }
    versions.push({ version: (versions.at(-1)?.version ?? 0) + 1, id, deleted: false });
    this.#subjects.set(subject, versions);
    return id;
  }

  async lookup(subject: string, schema: SchemaInput, options: LookupOptions = {}): Promise<SubjectVersion> {
    this.#count("lookup");
    const versions = this.#versionsOf(subject, "POST", `/subjects/${subject}`);
    const id = this.#ids.get(contentKey(schema));
    const match = versions.find((v) => v.id === id && (options.deleted === true || !v.deleted));
    if (!match) {
      throw new RegistryRejectedError(
        this.#context("POST", `/subjects/${subject}`, { subject, status: 404, registryErrorCode: 40403 }),
        "Schema not found",
      );
    }
    return { subject, version: match.version, ...this.#stored(match.id) };
  }

  async getById(id: number): Promise<StoredSchema> {
    this.#count("getById");
    const stored = this.#byId.get(id);
    if (!stored) {
      throw new RegistryRejectedError(
        this.#context("GET", `/schemas/ids/${id}`, { schemaId: id, status: 404, registryErrorCode: 40403 }),
        `Schema ${id} not found`,
      );
    }
    return stored;
  }

  async getSubjectsById(id: number): Promise<readonly string[]> {
    this.#count("getSubjectsById");
    await this.getById(id);
    return [...this.#subjects]
      .filter(([, versions]) => versions.some((v) => v.id === id && !v.deleted))
      .map(([s]) => s);
  }

  async getSubjects(): Promise<readonly string[]> {
    this.#count("getSubjects");
    return [...this.#subjects].filter(([, versions]) => versions.some((v) => !v.deleted)).map(([s]) => s);
  }

  async getVersions(subject: string): Promise<readonly number[]> {
    this.#count("getVersions");
    return this.#versionsOf(subject, "GET", `/subjects/${subject}/versions`)
      .filter((v) => !v.deleted)
      .map((v) => v.version);
  }

  async getVersion(subject: string, version: VersionSelector): Promise<SubjectVersion> {
    this.#count("getVersion");
    const found = this.#find(subject, version, "GET");
    return { subject, version: found.version, ...this.#stored(found.id) };
  }

  async deleteSubject(subject: string, options: DeleteOptions = {}): Promise<readonly number[]> {
    this.#count("deleteSubject");
    const versions = this.#versionsOf(subject, "DELETE", `/subjects/${subject}`);
    if (options.permanent === true) {
      this.#subjects.delete(subject);
      return versions.map((v) => v.version);
    }
    const live = versions.filter((v) => !v.deleted);
    for (const v of live) v.deleted = true;
    return live.map((v) => v.version);
  }

  async deleteVersion(subject: string, version: VersionSelector, options: DeleteOptions = {}): Promise<number> {
    this.#count("deleteVersion");
    const found = this.#find(subject, version, "DELETE");
    found.deleted = true;
    if (options.permanent === true) {
      this.#subjects.set(
        subject,
        this.#versionsOf(subject, "DELETE", "").filter((v) => v !== found),
      );
    }
    return found.version;
  }

  async checkCompatibility(
    subject: string,
    schema: SchemaInput,
    options: CompatibilityCheckOptions = {},
  ): Promise<CompatibilityResult> {
    this.#count("checkCompatibility");
    const versions = (this.#subjects.get(subject) ?? []).filter((v) => !v.deleted);
    const selected = options.version ?? "latest";
    const against =
      selected === "all"
        ? versions
        : [selected === "latest" ? versions.at(-1) : versions.find((v) => v.version === selected)];
    const messages = against
      .filter((v): v is NonNullable<typeof v> => v !== undefined)
      .flatMap((v) => this.isCompatible(schema, this.#stored(v.id), subject));
    return { isCompatible: messages.length === 0, messages };
  }

  async getCompatibility(subject?: string): Promise<CompatibilityLevel | undefined> {
    this.#count("getCompatibility");
    return this.#compatibility.get(subject ?? "");
  }

  async setCompatibility(level: CompatibilityLevel, subject?: string): Promise<CompatibilityLevel> {
    this.#count("setCompatibility");
    this.#compatibility.set(subject ?? "", level);
    return level;
  }

  async getMode(subject?: string): Promise<RegistryMode> {
    this.#count("getMode");
    return this.#mode.get(subject ?? "") ?? this.#mode.get("") ?? "READWRITE";
  }

  async setMode(mode: RegistryMode, subject?: string): Promise<RegistryMode> {
    this.#count("setMode");
    this.#mode.set(subject ?? "", mode);
    return mode;
  }

  #count(operation: string): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
  }

  #idFor(schema: SchemaInput): number {
    const key = contentKey(schema);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#byId.size + 1;
      this.#ids.set(key, id);
      this.#byId.set(id, {
        id,
        schema: schema.schema,
        schemaType: schema.schemaType ?? "AVRO",
        references: schema.references ?? [],
      });
    }
    return id;
  }

  #stored(id: number): StoredSchema {
    const stored = this.#byId.get(id);
    if (!stored) throw new Error(`in-memory registry: no schema ${id}`);
    return stored;
  }

  #versionsOf(subject: string, method: string, path: string): { version: number; id: number; deleted: boolean }[] {
    const versions = this.#subjects.get(subject);
    if (!versions) {
      throw new RegistryRejectedError(
        this.#context(method, path, { subject, status: 404, registryErrorCode: 40401 }),
        `Subject '${subject}' not found.`,
      );
    }
    return versions;
  }

  #find(subject: string, version: VersionSelector, method: string): { version: number; id: number; deleted: boolean } {
    const path = `/subjects/${subject}/versions/${version}`;
    const live = this.#versionsOf(subject, method, path).filter((v) => !v.deleted);
    const found = version === "latest" ? live.at(-1) : live.find((v) => v.version === version);
    if (!found) {
      throw new RegistryRejectedError(
        this.#context(method, path, { subject, version, status: 404, registryErrorCode: 40402 }),
        `Version ${version} not found.`,
      );
    }
    return found;
  }

  #context(method: string, path: string, rest: Omit<RegistryErrorContext, "method" | "url">): RegistryErrorContext {
    return { method, url: `memory://registry${path}`, ...rest };
  }
}

function contentKey(schema: SchemaInput): string {
  return JSON.stringify([schema.schemaType ?? "AVRO", schema.schema, schema.references ?? []]);
}
