import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Kafka, logLevel, type KafkaConfig } from "kafkajs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { RegistryRejectedError, RegistryUnavailableError, SdkError } from "../../src/errors/index.js";
import { createProducer } from "../../src/producer/index.js";
import { SchemaRegistry } from "../../src/registry/index.js";
import { TEST_TLS } from "../support/fake-registry.js";
import { startOwnServices, type OwnServices } from "../support/own-services.js";
import { findSecrets, plant, renderError } from "../support/secret-scanner.js";
import { requireServices, uniqueName } from "../support/services.js";
import { startTlsAuthProxy, type TlsAuthProxy } from "../support/tls-auth-proxy.js";
import { User } from "../unit/codegen/golden/evolution-v1/com/acme/evolution/user.avro.js";

// `services:up -- --secure` for real: a SASL_SSL broker (SCRAM-SHA-512, a CA made at start) of this
// file's own, on free ports and in its own state directory, stopped and removed at the end; and the
// shared Apicurio behind the TLS + basic-auth proxy. Right and wrong credentials, right and wrong CA.

const services = requireServices();
let secure: Promise<OwnServices> | undefined;
let proxy: Promise<TlsAuthProxy> | undefined;
// A failing beforeEach fails each test (a failing beforeAll would only skip them).
const secureServices = (): Promise<OwnServices> => {
  secure ??= startOwnServices(["--secure", "--no-registry"]);
  return secure;
};

beforeEach(async () => {
  await secureServices();
}, 240_000);

afterAll(async () => {
  await (await proxy)?.close();
  await (await secure)?.stop();
}, 120_000);

async function kafkaSettings(): Promise<{ brokers: string[]; ca: string; username: string; password: string }> {
  const { env } = await secureServices();
  const setting = (name: string): string => {
    const value = env[name];
    if (value === undefined) throw new Error(`up.sh --secure did not print ${name}`);
    return value;
  };
  return {
    brokers: [setting("KAFKA_SECURE_BROKERS")],
    ca: await readFile(setting("SERVICES_CA_FILE"), "utf8"),
    username: setting("KAFKA_SASL_USERNAME"),
    password: setting("KAFKA_SASL_PASSWORD"),
  };
}

function kafkajs(overrides: Partial<KafkaConfig>, brokers: string[]): Kafka {
  return new Kafka({
    clientId: "schemakit-secure-test",
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    ...overrides,
  });
}

async function adminError(kafka: Kafka): Promise<Error | undefined> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

describe("Kafka over SASL_SSL (SCRAM-SHA-512)", () => {
  it("kafkajs: the right credentials and CA connect; a wrong password, a wrong CA or plaintext do not", async () => {
    const { brokers, ca, username, password } = await kafkaSettings();
    const sasl = (secret: string) => ({ mechanism: "scram-sha-512" as const, username, password: secret });
    expect(await adminError(kafkajs({ ssl: { ca: [ca] }, sasl: sasl(password) }, brokers))).toBeUndefined();

    const wrongPassword = await adminError(kafkajs({ ssl: { ca: [ca] }, sasl: sasl(`${password}x`) }, brokers));
    expect(wrongPassword?.name).toBe("KafkaJSSASLAuthenticationError");
    const wrongCa = await adminError(kafkajs({ ssl: { ca: [TEST_TLS.cert] }, sasl: sasl(password) }, brokers));
    expect(`${wrongCa?.message} ${String(wrongCa?.cause)}`).toMatch(/certificate/);
    expect(await adminError(kafkajs({ sasl: sasl(password) }, brokers))).toBeInstanceOf(Error);
  });

  it("schemakit's producer sends with TLS and SCRAM; a wrong password fails typed, without the password", async () => {
    const { brokers, ca, username, password } = await kafkaSettings();
    const topic = uniqueName("secure");
    const admin = kafkajs(
      { ssl: { ca: [ca] }, sasl: { mechanism: "scram-sha-512", username, password } },
      brokers,
    ).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const registry = new SchemaRegistry({ url: services().schemaRegistryUrl });
    const record = new User({ id: "u-1", name: "secure", legacyScore: 1 });

    const producer = createProducer({
      brokers,
      registry,
      tls: { ca: [ca] },
      sasl: { mechanism: "scram-sha-512", username, password },
    });
    const meta = await producer.topic(topic, { value: User }).send(record);
    expect(meta).toMatchObject({ topic, partition: 0, offset: "0" });
    await producer.close();

    const refused = createProducer({
      brokers,
      registry,
      tls: { ca: [ca] },
      sasl: { mechanism: "scram-sha-512", username, password: `${password}-wrong` },
      retries: 0,
      deliveryTimeoutMs: 10_000,
    });
    const error = await refused
      .topic(topic, { value: User })
      .send(record)
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    await refused.close().catch(() => undefined);
    expect(SdkError.is(error)).toBe(true);
    expect(findSecrets(renderError(error), [plant("SASL password", password)])).toEqual([]);
    await registry.close();
  });
});

describe("the registry behind TLS and basic auth", () => {
  async function startProxy(): Promise<{ proxy: TlsAuthProxy; url: string; ca: string }> {
    const { state } = await secureServices();
    const tls = join(state, "kafka-secure/tls");
    proxy ??= startTlsAuthProxy({
      target: new URL(services().schemaRegistryUrl).origin,
      cert: await readFile(join(tls, "server.crt")),
      key: await readFile(join(tls, "server.key")),
      username: "registry-user",
      password: "registry-password-for-this-test",
    });
    const started = await proxy;
    return {
      proxy: started,
      url: started.origin + new URL(services().schemaRegistryUrl).pathname,
      ca: await readFile(join(tls, "ca.pem"), "utf8"),
    };
  }

  it("answers with the right password and CA; 401 with a wrong password; a wrong CA never connects", async () => {
    const { proxy: started, url, ca } = await startProxy();
    const subject = uniqueName("secure-registry");
    const schema = { schema: '{"type":"record","name":"S","fields":[{"name":"a","type":"string"}]}' };
    const basic = (password: string) => ({ basic: { username: "registry-user", password } });

    const right = new SchemaRegistry({ url, auth: basic("registry-password-for-this-test"), tls: { ca } });
    const id = await right.register(subject, schema);
    expect((await right.getVersion(subject, "latest")).id).toBe(id);
    await right.close();

    const wrongPassword = new SchemaRegistry({ url, auth: basic("wrong-password"), tls: { ca }, retries: 0 });
    const refused = await wrongPassword.getSubjects().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistryRejectedError);
    expect((refused as RegistryRejectedError).status).toBe(401);
    expect(started.refused).toBeGreaterThan(0);
    await wrongPassword.close();

    const wrongCa = new SchemaRegistry({
      url,
      auth: basic("registry-password-for-this-test"),
      tls: { ca: TEST_TLS.cert },
      retries: 0,
    });
    const untrusted = await wrongCa.getSubjects().catch((error: unknown) => error);
    expect(untrusted).toBeInstanceOf(RegistryUnavailableError);
    expect((untrusted as Error).message).toMatch(/certificate/);
    expect(
      findSecrets(renderError(untrusted), [plant("registry password", "registry-password-for-this-test")]),
    ).toEqual([]);
    await wrongCa.close();
  });
});
