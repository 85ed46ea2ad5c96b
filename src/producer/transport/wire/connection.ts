import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions as TlsOptions } from "node:tls";
import { BrokerError, KafkaProtocolError, SdkError } from "../../../errors/index.js";
import { SYSTEM_CLOCK, type Clock } from "../../../internal/clock.js";
import type { SaslOptions } from "../../producer-options.js";
import { API_VERSIONS } from "./protocol/api-versions.js";
import { kafkaError, UNSUPPORTED_VERSION } from "./protocol/error-codes.js";
import { negotiateVersion, type KafkaApi } from "./protocol/kafka-api.js";
import { ProtocolReader } from "./protocol/reader.js";
import { ProtocolWriter } from "./protocol/writer.js";
import { authenticate } from "./sasl/sasl-authenticator.js";

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  readonly tls: boolean | TlsOptions | undefined;
  readonly sasl: SaslOptions | undefined;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Requests awaiting a response at once; more wait their turn (order kept). */
  readonly maxInFlight: number;
  /** A response larger than this is a protocol error (no allocation of what a hostile length says). */
  readonly maxResponseBytes?: number;
  readonly clock?: Clock;
}

interface Pending {
  readonly correlationId: number;
  readonly api: KafkaApi<unknown, unknown>;
  readonly version: number;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
  cancelTimer: () => void;
}

interface Queued {
  readonly frame: readonly Buffer[];
  readonly pending: Pending | undefined;
  /** For a request without a response: settles it once the socket has taken (or refused) the frame. */
  readonly written: ((error?: Error | null) => void) | undefined;
  readonly reject: (error: Error) => void;
}

const DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

/**
 * One TCP (or TLS) connection to one broker: size-prefixed frames, correlation ids, up to `maxInFlight`
 * requests pipelined (responses come back in request order on a connection), a timeout per request,
 * and the version of each API negotiated with ApiVersions when it opens. A failure of the connection
 * fails every request on it with a retriable BrokerError and closes it; the pool opens a new one.
 */
export class BrokerConnection {
  readonly address: string;
  readonly #options: ConnectionOptions;
  readonly #clock: Clock;
  readonly #socket: Socket;
  readonly #inFlight: Pending[] = [];
  readonly #waiting: Queued[] = [];
  #versions = new Map<number, { readonly min: number; readonly max: number }>();
  #nextCorrelationId = 0;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #closedWith: Error | undefined;

  private constructor(options: ConnectionOptions, socket: Socket) {
    this.#options = options;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.address = `${options.host}:${options.port}`;
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (cause: Error) => this.#fail(this.#networkError("the connection failed", cause)));
    socket.on("close", () => this.#fail(this.#networkError("the broker closed the connection")));
  }

  /** Connects, negotiates API versions, and authenticates when SASL is configured. */
  static async open(options: ConnectionOptions): Promise<BrokerConnection> {
    const socket = await openSocket(options);
    const connection = new BrokerConnection(options, socket);
    try {
      await connection.#negotiateVersions();
      if (options.sasl !== undefined) await authenticate(connection, options.sasl);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  get isClosed(): boolean {
    return this.#closedWith !== undefined;
  }

  /** The highest version of `api` both sides speak; a non-retriable BrokerError when there is none. */
  versionOf(api: Pick<KafkaApi<never, unknown>, "key" | "name" | "minVersion" | "maxVersion">): number {
    const range = this.#versions.get(api.key);
    const version = range === undefined ? undefined : negotiateVersion(api, range.min, range.max);
    if (version === undefined) {
      const brokerRange = range === undefined ? "none" : `${range.min}-${range.max}`;
      throw new BrokerError(
        { broker: this.address, api: api.name },
        35,
        "UNSUPPORTED_VERSION",
        `the broker speaks versions ${brokerRange}, this client ${api.minVersion}-${api.maxVersion}`,
      );
    }
    return version;
  }

  async #negotiateVersions(): Promise<void> {
    const response = await this.send(API_VERSIONS, {}, API_VERSIONS.maxVersion);
    if (response === undefined) return;
    // UNSUPPORTED_VERSION still lists the broker's ranges (in the v0 layout, which a v2 decode reads).
    if (response.errorCode !== 0 && response.errorCode !== UNSUPPORTED_VERSION) {
      const info = kafkaError(response.errorCode);
      throw new BrokerError({ broker: this.address, api: "ApiVersions" }, response.errorCode, info.name, info.name);
    }
    this.#versions = new Map(response.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
  }

  /**
   * Sends a request at the negotiated version (or `version`); resolves with the decoded response, or
   * with undefined once written when the API expects no response (acks=0 produce).
   */
  send<Request, Response>(
    api: KafkaApi<Request, Response>,
    request: Request,
    version = this.versionOf(api),
  ): Promise<Response | undefined> {
    if (this.#closedWith !== undefined) return Promise.reject(this.#closedWith);
    const correlationId = this.#nextCorrelationId;
    this.#nextCorrelationId = (this.#nextCorrelationId + 1) & 0x7fffffff;
    const writer = new ProtocolWriter(1024);
    writer.int32(0).int16(api.key).int16(version).int32(correlationId).nullableString(this.#options.clientId);
    if (api.isFlexible(version)) writer.emptyTaggedFields();
    api.encodeRequest(writer, request, version);
    writer.patchInt32(0, writer.length - 4);
    const frame = writer.segments();
    return new Promise<Response | undefined>((resolve, reject) => {
      if (api.expectsResponse?.(request) === false) {
        const written = (error?: Error | null): void => {
          if (error === undefined || error === null) resolve(undefined);
          else reject(this.#networkError("the request could not be written", error));
        };
        this.#enqueue({ frame, pending: undefined, written, reject });
        return;
      }
      const pending: Pending = {
        correlationId,
        api: api as KafkaApi<unknown, unknown>,
        version,
        resolve: resolve as (response: unknown) => void,
        reject,
        cancelTimer: () => {},
      };
      this.#enqueue({ frame, pending, written: undefined, reject });
    });
  }

  #enqueue(queued: Queued): void {
    if (this.#closedWith !== undefined) {
      queued.reject(this.#closedWith);
      return;
    }
    if (queued.pending !== undefined && this.#inFlight.length >= this.#options.maxInFlight) {
      this.#waiting.push(queued);
      return;
    }
    if (queued.pending === undefined && this.#waiting.length > 0) {
      // A request without a response keeps its place behind the requests waiting for a slot.
      this.#waiting.push(queued);
      return;
    }
    this.#write(queued);
  }

  #write(queued: Queued): void {
    const { pending } = queued;
    if (pending !== undefined) {
      this.#inFlight.push(pending);
      pending.cancelTimer = this.#clock.setTimeout(() => {
        this.#fail(this.#networkError(`no ${pending.api.name} response within ${this.#options.requestTimeoutMs} ms`));
      }, this.#options.requestTimeoutMs);
    }
    // Corked, the segments of a frame (header bytes, record batches by reference) leave in one writev.
    this.#socket.cork();
    const last = queued.frame.length - 1;
    queued.frame.forEach((segment, index) => {
      this.#socket.write(segment, index === last ? queued.written : undefined);
    });
    this.#socket.uncork();
  }

  #drainWaiting(): void {
    while (this.#waiting.length > 0 && this.#closedWith === undefined) {
      const next = this.#waiting[0] as Queued;
      if (next.pending !== undefined && this.#inFlight.length >= this.#options.maxInFlight) return;
      this.#waiting.shift();
      this.#write(next);
    }
  }

  #onData(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    try {
      while (this.#buffered >= 4) {
        const head = this.#chunks[0] as Buffer;
        const size = head.length >= 4 ? head.readInt32BE(0) : Buffer.concat(this.#chunks).readInt32BE(0);
        const max = this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
        if (size < 4 || size > max) throw new KafkaProtocolError("response size", `${size} is outside 4..${max} bytes`);
        if (this.#buffered < 4 + size) return;
        const all = this.#chunks.length === 1 ? head : Buffer.concat(this.#chunks, this.#buffered);
        const frame = all.subarray(4, 4 + size);
        const rest = all.subarray(4 + size);
        this.#chunks = rest.length > 0 ? [rest] : [];
        this.#buffered = rest.length;
        this.#onFrame(frame);
      }
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #onFrame(frame: Buffer): void {
    const pending = this.#inFlight.shift();
    if (pending === undefined) throw new KafkaProtocolError("response", "a response to no request");
    pending.cancelTimer();
    let response: unknown;
    try {
      const reader = new ProtocolReader(frame, `${pending.api.name} v${pending.version} response`);
      const correlationId = reader.int32("correlation_id");
      if (correlationId !== pending.correlationId)
        throw new KafkaProtocolError(
          "correlation_id",
          `${correlationId} answers no request in order (expected ${pending.correlationId})`,
        );
      // ApiVersions keeps response header v0 even in flexible versions, so clients can read it first.
      if (pending.api.isFlexible(pending.version) && pending.api.key !== API_VERSIONS.key)
        reader.skipTaggedFields("header");
      response = pending.api.decodeResponse(reader, pending.version);
    } catch (error) {
      // The stream can no longer be trusted: this request fails with the cause, the rest as the connection closes.
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    pending.resolve(response);
    this.#drainWaiting();
  }

  #networkError(detail: string, cause?: unknown): BrokerError {
    return new BrokerError({ broker: this.address, api: "connection" }, undefined, undefined, detail, {
      retriable: true,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  #fail(error: Error): void {
    if (this.#closedWith !== undefined) return;
    this.#closedWith = SdkError.is(error) && error.retriable ? error : this.#networkError(error.message, error);
    this.#socket.destroy();
    for (const pending of this.#inFlight.splice(0)) {
      pending.cancelTimer();
      pending.reject(error);
    }
    for (const queued of this.#waiting.splice(0)) queued.reject(this.#closedWith);
  }

  /** Closes the connection; requests on it fail with a retriable BrokerError. */
  close(): void {
    this.#fail(this.#networkError("the client closed the connection"));
  }
}

function openSocket(options: ConnectionOptions): Promise<Socket> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const address = `${options.host}:${options.port}`;
  return new Promise<Socket>((resolve, reject) => {
    const useTls = options.tls !== undefined && options.tls !== false;
    const tlsOptions: TlsOptions = typeof options.tls === "object" ? options.tls : {};
    const socket = useTls
      ? tlsConnect({
          host: options.host,
          port: options.port,
          ...(isIP(options.host) === 0 ? { servername: options.host } : {}),
          ...tlsOptions,
        })
      : netConnect({ host: options.host, port: options.port });
    const failed = (detail: string, cause?: unknown): void => {
      cancel();
      socket.destroy();
      reject(
        new BrokerError({ broker: address, api: "connect" }, undefined, undefined, detail, {
          retriable: true,
          ...(cause === undefined ? {} : { cause }),
        }),
      );
    };
    const cancel = clock.setTimeout(
      () => failed(`no connection within ${options.connectTimeoutMs} ms`),
      options.connectTimeoutMs,
    );
    const onError = (cause: Error): void => failed(`cannot connect: ${cause.message}`, cause);
    socket.once("error", onError);
    socket.once(useTls ? "secureConnect" : "connect", () => {
      cancel();
      socket.off("error", onError);
      resolve(socket);
    });
  });
}
