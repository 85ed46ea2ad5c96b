import { Pool } from "undici";
import {
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaIncompatibleError,
  type RegistryErrorContext,
} from "../errors/index.js";
import { SYSTEM_CLOCK, type Clock } from "../internal/clock.js";
import { retry } from "../internal/retry.js";
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
  SchemaReference,
  SchemaType,
  StoredSchema,
  SubjectVersion,
  VersionSelector,
} from "./registry-client.js";
import { resolveRegistryOptions, type ResolvedRegistryOptions, type SchemaRegistryOptions } from "./registry-options.js";

const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
// Confluent's "subject has no compatibility level of its own", and "no such subject" (Apicurio 3.3.3
// answers GET /config/{subject} for an unknown subject with 40401): either way, no level of its own.
const SUBJECT_LEVEL_NOT_CONFIGURED = new Set([40408, 40401]);

/** What a call is about, for error context; method, url and status are added per request. */
type CallContext = Pick<RegistryErrorContext, "subject" | "version" | "schemaId">;

interface WireSchema {
  readonly id?: number;
  readonly subject?: string;
  readonly version?: number;
  readonly schema: string;
  readonly schemaType?: SchemaType;
  readonly references?: readonly SchemaReference[];
}

/**
 * A stateless client of the Confluent Schema Registry REST API on undici keep-alive pools (no caching:
 * SchemaRegistry adds that). Retriable failures (network, timeouts, 408, 425, 429, 5xx) are retried with
 * jittered backoff, then the next base URL is tried.
 */
export class HttpRegistryClient implements RegistryClient {
  readonly #options: ResolvedRegistryOptions;
  readonly #pools: readonly Pool[];
  readonly #clock: Clock;

  constructor(options: SchemaRegistryOptions, clock: Clock = SYSTEM_CLOCK) {
    this.#options = resolveRegistryOptions(options);
    this.#clock = clock;
    const tls = this.#options.tls;
    this.#pools = this.#options.endpoints.map(
      (endpoint) =>
        new Pool(endpoint.origin, {
          connect: { timeout: this.#options.requestTimeoutMs, ...(tls === undefined ? {} : { ...tls, ca: tls.ca as string[] | undefined }) },
          headersTimeout: this.#options.requestTimeoutMs,
          bodyTimeout: this.#options.requestTimeoutMs,
        }),
    );
  }

  async register(subject: string, schema: SchemaInput, options: RegisterOptions = {}): Promise<number> {
    const answer = await this.#call<{ id: number }>("POST", `/subjects/${enc(subject)}/versions${query({ normalize: options.normalize })}`, { subject }, body(schema));
    return answer.id;
  }

  async lookup(subject: string, schema: SchemaInput, options: LookupOptions = {}): Promise<SubjectVersion> {
    const path = `/subjects/${enc(subject)}${query({ normalize: options.normalize, deleted: options.deleted })}`;
    return subjectVersion(await this.#call<WireSchema>("POST", path, { subject }, body(schema)), subject);
  }

  async getById(id: number): Promise<StoredSchema> {
    return stored(await this.#call<WireSchema>("GET", `/schemas/ids/${id}`, { schemaId: id }), id);
  }

  getSubjectsById(id: number): Promise<readonly string[]> {
    return this.#call<string[]>("GET", `/schemas/ids/${id}/subjects`, { schemaId: id });
  }

  getSubjects(): Promise<readonly string[]> {
    return this.#call<string[]>("GET", "/subjects", {});
  }

  getVersions(subject: string): Promise<readonly number[]> {
    return this.#call<number[]>("GET", `/subjects/${enc(subject)}/versions`, { subject });
  }

  async getVersion(subject: string, version: VersionSelector): Promise<SubjectVersion> {
    const answer = await this.#call<WireSchema>("GET", `/subjects/${enc(subject)}/versions/${version}`, { subject, version });
    return subjectVersion(answer, subject);
  }

  deleteSubject(subject: string, options: DeleteOptions = {}): Promise<readonly number[]> {
    return this.#call<number[]>("DELETE", `/subjects/${enc(subject)}${query({ permanent: options.permanent })}`, { subject });
  }

  deleteVersion(subject: string, version: VersionSelector, options: DeleteOptions = {}): Promise<number> {
    const path = `/subjects/${enc(subject)}/versions/${version}${query({ permanent: options.permanent })}`;
    return this.#call<number>("DELETE", path, { subject, version });
  }

  async checkCompatibility(
    subject: string,
    schema: SchemaInput,
    options: CompatibilityCheckOptions = {},
  ): Promise<CompatibilityResult> {
    const version = options.version ?? "latest";
    // Confluent checks against every version when the path names none.
    const versions = version === "all" ? "versions" : `versions/${version}`;
    const path = `/compatibility/subjects/${enc(subject)}/${versions}${query({ verbose: options.verbose ?? true })}`;
    const answer = await this.#call<{ is_compatible: boolean; messages?: string[] }>("POST", path, { subject, version }, body(schema));
    return { isCompatible: answer.is_compatible, messages: answer.messages ?? [] };
  }

  async getCompatibility(subject?: string): Promise<CompatibilityLevel | undefined> {
    const path = subject === undefined ? "/config" : `/config/${enc(subject)}`;
    try {
      // Apicurio answers the global level for a subject without its own; Confluent answers 40408.
      return (await this.#call<{ compatibilityLevel: CompatibilityLevel }>("GET", path, subject === undefined ? {} : { subject })).compatibilityLevel;
    } catch (error) {
      if (
        error instanceof RegistryRejectedError &&
        error.registryErrorCode !== undefined && SUBJECT_LEVEL_NOT_CONFIGURED.has(error.registryErrorCode)
      ) {
        return undefined;
      }
      throw error;
    }
  }

  async setCompatibility(level: CompatibilityLevel, subject?: string): Promise<CompatibilityLevel> {
    const path = subject === undefined ? "/config" : `/config/${enc(subject)}`;
    const answer = await this.#call<{ compatibility: CompatibilityLevel }>("PUT", path, subject === undefined ? {} : { subject }, { compatibility: level });
    return answer.compatibility;
  }

  async getMode(subject?: string): Promise<RegistryMode> {
    const path = subject === undefined ? "/mode" : `/mode/${enc(subject)}`;
    return (await this.#call<{ mode: RegistryMode }>("GET", path, subject === undefined ? {} : { subject })).mode;
  }

  async setMode(mode: RegistryMode, subject?: string): Promise<RegistryMode> {
    const path = subject === undefined ? "/mode" : `/mode/${enc(subject)}`;
    return (await this.#call<{ mode: RegistryMode }>("PUT", path, subject === undefined ? {} : { subject }, { mode })).mode;
  }

  /**
   * Destroys the keep-alive pools: a closed client must not keep the process alive, so requests still
   * in flight fail (RegistryUnavailableError) instead of being waited for.
   */
  async close(): Promise<void> {
    await Promise.all(this.#pools.map((pool) => pool.destroy()));
  }

  async #call<T>(method: string, path: string, context: CallContext, payload?: unknown): Promise<T> {
    const { retries, retryInitialDelayMs, retryMaxDelayMs } = this.#options;
    const policy = {
      retries,
      initialDelayMs: retryInitialDelayMs,
      maxDelayMs: retryMaxDelayMs,
      isRetriable: (error: unknown) => error instanceof RegistryUnavailableError,
    };
    let unavailable: unknown;
    for (let index = 0; index < this.#pools.length; index += 1) {
      try {
        return await retry(() => this.#request<T>(index, method, path, context, payload), policy, this.#clock);
      } catch (error) {
        if (!(error instanceof RegistryUnavailableError)) throw error;
        unavailable = error;
      }
    }
    throw unavailable;
  }

  async #request<T>(index: number, method: string, path: string, context: CallContext, payload: unknown): Promise<T> {
    const endpoint = this.#options.endpoints[index];
    const pool = this.#pools[index];
    if (endpoint === undefined || pool === undefined) throw new RangeError(`no registry endpoint ${index}`);
    const fullPath = endpoint.basePath + path;
    // origin carries no userinfo, and the query is left out: the URL in errors is origin + path only.
    const queryAt = fullPath.indexOf("?");
    const where = { method, url: endpoint.origin + (queryAt === -1 ? fullPath : fullPath.slice(0, queryAt)), ...context };
    let statusCode: number;
    let text: string;
    try {
      const response = await pool.request({
        method: method as "GET",
        path: fullPath,
        headers: await this.#headers(payload !== undefined),
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (cause) {
      throw new RegistryUnavailableError(where, `no answer: ${describe(cause)}`, { cause });
    }
    const json = parseJson(text);
    if (statusCode >= 200 && statusCode < 300) return json as T;
    const errorCode = (json as { error_code?: unknown } | undefined)?.error_code;
    const message = (json as { message?: unknown } | undefined)?.message;
    const failure: RegistryErrorContext = {
      ...where,
      status: statusCode,
      ...(typeof errorCode === "number" ? { registryErrorCode: errorCode } : {}),
    };
    const detail = typeof message === "string" ? message : text.slice(0, 200) || `HTTP ${statusCode}`;
    if (statusCode === 409) throw new SchemaIncompatibleError(failure, detail);
    if (isRetriableStatus(statusCode)) throw new RegistryUnavailableError(failure, detail);
    throw new RegistryRejectedError(failure, detail);
  }

  async #headers(withBody: boolean): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...this.#options.headers, accept: CONTENT_TYPE };
    if (withBody) headers["content-type"] = CONTENT_TYPE;
    const auth = this.#options.auth;
    if (auth !== undefined && "basic" in auth) {
      headers["authorization"] = `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString("base64")}`;
    } else if (auth !== undefined) {
      headers["authorization"] = `Bearer ${typeof auth.bearer === "string" ? auth.bearer : await auth.bearer()}`;
    }
    return headers;
  }
}

/** HTTP statuses worth another try: the conventions' table (platformatic's list). */
function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function enc(subject: string): string {
  // encodeURIComponent turns "/" into %2F, which Protobuf import-path subjects need.
  return encodeURIComponent(subject);
}

function query(parameters: Record<string, boolean | undefined>): string {
  const set = Object.entries(parameters).filter(([, value]) => value !== undefined);
  return set.length === 0 ? "" : `?${set.map(([key, value]) => `${key}=${String(value)}`).join("&")}`;
}

function body(schema: SchemaInput): Record<string, unknown> {
  return {
    schema: schema.schema,
    // Omitted for Avro, as Confluent's own clients do.
    ...(schema.schemaType === undefined || schema.schemaType === "AVRO" ? {} : { schemaType: schema.schemaType }),
    ...(schema.references === undefined || schema.references.length === 0 ? {} : { references: schema.references }),
  };
}

function stored(answer: WireSchema, id: number): StoredSchema {
  return { id: answer.id ?? id, schema: answer.schema, schemaType: answer.schemaType ?? "AVRO", references: answer.references ?? [] };
}

function subjectVersion(answer: WireSchema, subject: string): SubjectVersion {
  return { ...stored(answer, answer.id ?? -1), subject: answer.subject ?? subject, version: answer.version ?? -1 };
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}
