import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SdkError } from "../../../src/errors/index.js";
import { createProducer, PRODUCE_ERROR_CHANNEL, type ProducerOptions } from "../../../src/producer/index.js";
import { SchemaRegistry, type SchemaRegistryOptions } from "../../../src/registry/index.js";
import type { RegistryTlsOptions } from "../../../src/registry/registry-options.js";
import { createSerializer } from "../../../src/serde/index.js";
import { ECHO_MODES, startEchoServer, type EchoMode, type EchoServer } from "../../support/echo-server.js";
import { TEST_TLS } from "../../support/fake-registry.js";
import { FakeTransport } from "../../support/fake-transport.js";
import { InMemoryRegistry } from "../../support/in-memory-registry.js";
import {
  findSecrets,
  plant,
  plantBasic,
  renderError,
  secretValue,
  type PlantedSecret,
} from "../../support/secret-scanner.js";
import { User } from "../codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

// Distinct secrets, planted in every place a user puts one; none may come back in an error, its cause
// chain, its JSON or inspect rendering, a console line or a diagnostics-channel message.
const URL_USER = "url-user";
const URL_PASSWORD = secretValue("url-password");
const BASIC_USER = "basic-user";
const BASIC_PASSWORD = secretValue("basic-password");
const BEARER_TOKEN = secretValue("bearer-token");
const BEARER_FUNCTION_TOKEN = secretValue("bearer-function-token");
const API_KEY = secretValue("api-key-header");
const SASL_PASSWORD = secretValue("sasl-password");
const TLS_PASSPHRASE = secretValue("tls-passphrase");
// The test certificate's own key, encrypted (random salt and IV: this PEM text exists nowhere else).
const TLS_ENCRYPTED_KEY = createPrivateKey(TEST_TLS.key)
  .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: TLS_PASSPHRASE })
  .toString();
// A fresh key that belongs to no certificate.
const TLS_STRAY_KEY = generateKeyPairSync("ec", { namedCurve: "P-256" })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

const SECRETS: readonly PlantedSecret[] = [
  plantBasic("URL userinfo password", URL_USER, URL_PASSWORD),
  plantBasic("basic-auth password", BASIC_USER, BASIC_PASSWORD),
  plant("bearer token", BEARER_TOKEN),
  plant("bearer token from a function", BEARER_FUNCTION_TOKEN),
  plant("API key header", API_KEY),
  plant("SASL password", SASL_PASSWORD),
  plant("TLS key passphrase", TLS_PASSPHRASE),
  plant("encrypted TLS key", pemBody(TLS_ENCRYPTED_KEY)),
  plant("TLS key", pemBody(TLS_STRAY_KEY)),
  plant("test certificate key", pemBody(TEST_TLS.key)),
];

function pemBody(pem: string): string {
  return pem.split("\n").find((line) => line.length > 40 && !line.startsWith("-----")) ?? pem;
}

/** Everything written to the console and published on schemakit's channels while the tests ran. */
const logged: string[] = [];
const CHANNELS = [PRODUCE_ERROR_CHANNEL, "schemakit:registry", "schemakit:batch", "schemakit:retry"];
const onMessage = (message: unknown, name: string | symbol): void => {
  logged.push(`${String(name)}: ${inspect(message, { depth: null })}`);
};

let echo: EchoServer;
let tlsEcho: EchoServer;

beforeAll(async () => {
  echo = await startEchoServer();
  tlsEcho = await startEchoServer({ tls: { requestCert: true } });
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: null }))).join(" "));
    });
  }
  for (const name of CHANNELS) subscribe(name, onMessage);
});

afterAll(async () => {
  for (const name of CHANNELS) unsubscribe(name, onMessage);
  vi.restoreAllMocks();
  await Promise.all([echo.close(), tlsEcho.close()]);
});

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

/** The error is one of ours, and no rendering of it holds a planted secret. */
function expectTypedAndClean(error: unknown): void {
  expect(SdkError.is(error), `not an SdkError: ${inspect(error)}`).toBe(true);
  expect(findSecrets(renderError(error), SECRETS)).toEqual([]);
}

describe("configuration errors never hold a secret", () => {
  const refusedOptions: [string, () => unknown][] = [
    ["an unparsable URL with a password", () => new SchemaRegistry({ url: `http://u:${URL_PASSWORD}@[bad` })],
    [
      "a URL with a malformed percent-encoding next to a password",
      () => new SchemaRegistry({ url: `http://u:%E0%A4%A${URL_PASSWORD}@h` }),
    ],
    [
      "a URL object instead of a string",
      () => new SchemaRegistry({ url: new URL(`http://u:${URL_PASSWORD}@h`) as never }),
    ],
    ["urls given as one string", () => new SchemaRegistry({ urls: `http://u:${URL_PASSWORD}@h` as never })],
    ["a non-http URL with a password", () => new SchemaRegistry({ url: `ftp://u:${URL_PASSWORD}@h` })],
    ["a URL with a token in its query", () => new SchemaRegistry({ url: `http://h/?token=${BEARER_TOKEN}` })],
    [
      "userinfo next to auth",
      () => new SchemaRegistry({ url: `http://u:${URL_PASSWORD}@h`, auth: { bearer: BEARER_TOKEN } }),
    ],
    [
      "a basic username holding the password",
      () => new SchemaRegistry({ url: "http://h", auth: { basic: { username: `${BASIC_PASSWORD}:x`, password: "" } } }),
    ],
    [
      "a bearer token with a line break",
      () => new SchemaRegistry({ url: "http://h", auth: { bearer: `${BEARER_TOKEN}\n` } }),
    ],
    ["auth given as the token itself", () => new SchemaRegistry({ url: "http://h", auth: BEARER_TOKEN as never })],
    ["tls given as the key itself", () => new SchemaRegistry({ url: "https://h", tls: TLS_STRAY_KEY as never })],
    [
      "a CA list holding a key",
      () => new SchemaRegistry({ url: "https://h", tls: { ca: [TLS_STRAY_KEY, 42] as never } }),
    ],
    [
      "a key without its certificate",
      () => new SchemaRegistry({ url: "https://h", tls: { key: TLS_STRAY_KEY } as never }),
    ],
    [
      "a passphrase that is not a string",
      () =>
        new SchemaRegistry({
          url: "https://h",
          tls: { cert: TEST_TLS.cert, key: TLS_ENCRYPTED_KEY, passphrase: 42 } as never,
        }),
    ],
    [
      "tls on an http URL",
      () => new SchemaRegistry({ url: "http://h", tls: { cert: TEST_TLS.cert, key: TLS_STRAY_KEY } }),
    ],
    [
      "headers given as entries",
      () => new SchemaRegistry({ url: "http://h", headers: [["x-api-key", API_KEY]] as never }),
    ],
    [
      "a header value with a line break",
      () => new SchemaRegistry({ url: "http://h", headers: { "x-api-key": `${API_KEY}\r\nx: y` } }),
    ],
    [
      "an Authorization header next to userinfo",
      () =>
        new SchemaRegistry({ url: `http://u:${URL_PASSWORD}@h`, headers: { authorization: `Bearer ${BEARER_TOKEN}` } }),
    ],
    [
      "producer: registry options instead of a registry",
      () => createProducer({ brokers: ["h:9092"], registry: { url: `http://u:${URL_PASSWORD}@h` } as never }),
    ],
    [
      "producer: an unknown SASL mechanism",
      () =>
        createProducer({
          ...producerBase(),
          sasl: { mechanism: "scram-sha-999" as never, username: "u", password: SASL_PASSWORD },
        }),
    ],
    [
      "producer: a SASL password that is not a string",
      () => createProducer({ ...producerBase(), sasl: { mechanism: "plain", username: "u", password: 7 as never } }),
    ],
    ["producer: sasl given as the password", () => createProducer({ ...producerBase(), sasl: SASL_PASSWORD as never })],
    ["producer: tls given as the key", () => createProducer({ ...producerBase(), tls: TLS_STRAY_KEY as never })],
    [
      "producer: bad brokers next to credentials",
      () =>
        createProducer({
          ...producerBase(),
          brokers: `u:${SASL_PASSWORD}@h:9092` as never,
          sasl: { mechanism: "scram-sha-512", username: "u", password: SASL_PASSWORD },
          tls: { key: TLS_ENCRYPTED_KEY, passphrase: TLS_PASSPHRASE, cert: TEST_TLS.cert },
        }),
    ],
  ];

  it.each(refusedOptions)("%s", async (_case, run) => {
    expectTypedAndClean(await caught(run));
  });
});

function producerBase(): ProducerOptions {
  return { brokers: ["127.0.0.1:9"], registry: new SchemaRegistry({ url: "http://127.0.0.1:9" }) };
}

type AuthVariant = "userinfo" | "basic" | "bearer" | "bearer function" | "api-key header";

function registryOptions(origin: string, mode: EchoMode, auth: AuthVariant): SchemaRegistryOptions {
  const base = { requestTimeoutMs: 300, retries: 0 };
  const url = `${origin}/${mode}`;
  switch (auth) {
    case "userinfo":
      return { ...base, url: url.replace("://", `://${URL_USER}:${URL_PASSWORD}@`) };
    case "basic":
      return { ...base, url, auth: { basic: { username: BASIC_USER, password: BASIC_PASSWORD } } };
    case "bearer":
      return { ...base, url, auth: { bearer: BEARER_TOKEN } };
    case "bearer function":
      return { ...base, url, auth: { bearer: async () => BEARER_FUNCTION_TOKEN } };
    case "api-key header":
      return { ...base, url, headers: { "x-api-key": API_KEY } };
  }
}

const AUTH_VARIANTS: readonly AuthVariant[] = ["userinfo", "basic", "bearer", "bearer function", "api-key header"];

describe("registry answers that echo the request never put a credential into an error", () => {
  const cases = ECHO_MODES.flatMap((mode) => AUTH_VARIANTS.map((auth) => [mode, auth] as const));

  it.each(cases)("%s, %s", async (mode, auth) => {
    const registry = new SchemaRegistry(registryOptions(echo.origin, mode, auth));
    const before = echo.requests.length;
    const error = await caught(() => registry.register("users-value", { schema: '"string"' }));
    await registry.close();
    // The request reached the server with its credential, so the answer (if any) echoed it.
    const sent = echo.requests.slice(before).join("\n");
    expect(findSecrets([sent], SECRETS)).not.toEqual([]);
    expectTypedAndClean(error);
  });

  it("a serializer and a producer pass registry errors on without a credential", async () => {
    const options = registryOptions(echo.origin, "json-500", "basic");
    const serializer = createSerializer(User, { registry: new SchemaRegistry(options) });
    expectTypedAndClean(
      await caught(() => serializer.serialize("users", new User({ id: "1", name: "n", legacyScore: 1 }))),
    );

    const transport = new FakeTransport();
    transport.partitions.set("users", 1);
    const hooked: Error[] = [];
    const producer = createProducer({
      registry: new SchemaRegistry(registryOptions(echo.origin, "json-401", "userinfo")),
      transport,
      onError: (error) => hooked.push(error),
      sasl: { mechanism: "scram-sha-512", username: "u", password: SASL_PASSWORD },
    });
    const users = producer.topic("users", { value: User });
    expectTypedAndClean(await caught(() => users.send(new User({ id: "1", name: "n", legacyScore: 1 }))));
    await producer.close();
    expect(hooked).toHaveLength(1);
    for (const error of hooked) expectTypedAndClean(error);
  });
});

describe("network and TLS failures never put a credential into an error", () => {
  it.each(AUTH_VARIANTS)("connection refused, %s", async (auth) => {
    const port = await closedPort();
    const registry = new SchemaRegistry(registryOptions(`http://127.0.0.1:${port}`, "json-500", auth));
    expectTypedAndClean(await caught(() => registry.getById(1)));
    await registry.close();
  });

  it("a server that demands a client certificate, and one that gets a wrong passphrase or a stray key", async () => {
    const tls = (key: string, passphrase?: string): RegistryTlsOptions => ({
      ca: TEST_TLS.cert,
      cert: TEST_TLS.cert,
      key,
      ...(passphrase === undefined ? {} : { passphrase }),
    });
    const attempts: SchemaRegistryOptions[] = [
      { ...registryOptions(tlsEcho.origin, "json-401", "basic"), tls: tls(TLS_ENCRYPTED_KEY, TLS_PASSPHRASE) },
      { ...registryOptions(tlsEcho.origin, "json-401", "bearer"), tls: tls(TLS_ENCRYPTED_KEY, `${TLS_PASSPHRASE}x`) },
      { ...registryOptions(tlsEcho.origin, "json-401", "userinfo"), tls: tls(TLS_STRAY_KEY) },
      // Plain http spoken to the https server, and https to the plain one.
      { ...registryOptions(tlsEcho.origin.replace("https", "http"), "json-500", "basic") },
      { ...registryOptions(echo.origin.replace("http", "https"), "json-500", "bearer"), tls: tls(TEST_TLS.key) },
    ];
    for (const options of attempts) {
      const registry = new SchemaRegistry(options);
      expectTypedAndClean(await caught(() => registry.getSubjects()));
      await registry.close();
    }
    expect(tlsEcho.requests.length).toBeGreaterThan(0);
  });
});

describe("broker failures never put a SASL or TLS secret into an error", () => {
  const brokers: [string, () => Promise<{ port: number; close: () => Promise<void> }>][] = [
    ["connection refused", async () => ({ port: await closedPort(), close: async () => undefined })],
    ["a broker that resets every connection", () => tcpServer((socket) => socket.destroy())],
    ["a broker that echoes every request", () => tcpServer((socket) => socket.pipe(socket))],
    ["a broker that never answers", () => tcpServer(() => undefined)],
  ];

  it.each(brokers)(
    "%s",
    async (_case, start) => {
      const broker = await start();
      const credentials: Partial<ProducerOptions>[] = [
        { sasl: { mechanism: "scram-sha-512", username: "u", password: SASL_PASSWORD } },
        {
          sasl: { mechanism: "plain", username: "u", password: SASL_PASSWORD },
          tls: { ca: TEST_TLS.cert, cert: TEST_TLS.cert, key: TLS_ENCRYPTED_KEY, passphrase: TLS_PASSPHRASE },
        },
        { tls: { ca: TEST_TLS.cert, cert: TEST_TLS.cert, key: TLS_ENCRYPTED_KEY, passphrase: `${TLS_PASSPHRASE}x` } },
      ];
      // Both transports: the wire transport's own SASL and TLS, and kafkajs's.
      const runs = (["wire", "kafkajs"] as const).flatMap((transport) =>
        credentials.map((extra) => ({ transport, extra })),
      );
      for (const { transport, extra } of runs) {
        const hooked: Error[] = [];
        const producer = createProducer({
          transport,
          brokers: [`127.0.0.1:${broker.port}`],
          // A registry that answers, so the send gets as far as the broker.
          registry: new InMemoryRegistry(),
          retries: 0,
          requestTimeoutMs: 300,
          deliveryTimeoutMs: 2_000,
          onError: (error) => hooked.push(error),
          ...extra,
        });
        const users = producer.topic("users", { value: User });
        expectTypedAndClean(await caught(() => users.send(new User({ id: "1", name: "n", legacyScore: 1 }))));
        await producer.close().catch((error: unknown) => expectTypedAndClean(error));
        for (const error of hooked) expectTypedAndClean(error);
      }
      await broker.close();
      // Each run waits out its delivery timeout (2 s) against a broker that never answers.
    },
    60_000,
  );
});

describe("logs and diagnostics channels", () => {
  it("nothing written to the console or published on schemakit's channels holds a secret", () => {
    expect(findSecrets(logged, SECRETS)).toEqual([]);
  });

  it("the scanner finds a planted secret (it can fail)", () => {
    const leaky = new Error("wrapped", { cause: Object.assign(new TypeError("Invalid URL"), { input: URL_PASSWORD }) });
    expect(findSecrets(renderError(leaky), SECRETS)).toHaveLength(1);
    const header = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString("base64")}`;
    expect(findSecrets(renderError({ header }), SECRETS)).toHaveLength(1);
  });
});

async function closedPort(): Promise<number> {
  const { port, close } = await tcpServer(() => undefined);
  await close();
  return port;
}

async function tcpServer(
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
