import { afterEach, describe, expect, it } from "vitest";
import { BrokerConnection } from "../../../../../src/producer/transport/wire/connection.js";
import { ProtocolReader } from "../../../../../src/producer/transport/wire/protocol/reader.js";
import { ProtocolWriter } from "../../../../../src/producer/transport/wire/protocol/writer.js";
import { frame, type Request, ScriptedBroker } from "./scripted-broker.js";

// SaslHandshake v1 and SaslAuthenticate as the connection opens, against a scripted broker that checks
// the PLAIN token byte for byte (RFC 4616: authzid NUL authcid NUL passwd).

let broker: ScriptedBroker | undefined;
const connections: BrokerConnection[] = [];

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.close();
  await broker?.close();
  broker = undefined;
});

function requestBody(request: Request): ProtocolReader {
  const reader = new ProtocolReader(request.body, "request");
  reader.nullableString("client id");
  return reader;
}

async function saslBroker(accept: boolean, mechanisms = ["PLAIN", "SCRAM-SHA-512"]): Promise<string[]> {
  const seen: string[] = [];
  broker = await ScriptedBroker.start((request) => {
    const body = requestBody(request);
    if (request.apiKey === 17) {
      const mechanism = body.string("mechanism");
      seen.push(`handshake v${request.version} ${mechanism}`);
      const writer = new ProtocolWriter().int16(mechanisms.includes(mechanism) ? 0 : 33).int32(mechanisms.length);
      for (const name of mechanisms) writer.string(name);
      request.socket.write(frame(request.correlationId, Buffer.from(writer.view())));
    } else if (request.apiKey === 36) {
      seen.push(`authenticate ${body.bytes("auth bytes").toString("hex")}`);
      const writer = accept
        ? new ProtocolWriter().int16(0).nullableString(null).bytes(Buffer.alloc(0)).int64(0n)
        : new ProtocolWriter().int16(58).nullableString("Authentication failed: Invalid username or password");
      if (!accept) writer.bytes(Buffer.alloc(0)).int64(0n);
      request.socket.write(frame(request.correlationId, Buffer.from(writer.view())));
    }
  });
  return seen;
}

function open(mechanism: "plain" | "scram-sha-256" = "plain"): Promise<BrokerConnection> {
  return BrokerConnection.open({
    host: "127.0.0.1",
    port: broker?.port ?? 0,
    clientId: "test",
    tls: undefined,
    sasl: { mechanism, username: "alice", password: "s3cret" },
    connectTimeoutMs: 5_000,
    requestTimeoutMs: 5_000,
    maxInFlight: 5,
  }).then((connection) => {
    connections.push(connection);
    return connection;
  });
}

describe("SASL on connect", () => {
  it("sends SaslHandshake v1 PLAIN, then the token NUL alice NUL s3cret", async () => {
    const seen = await saslBroker(true);
    await open();
    expect(seen).toEqual([
      "handshake v1 PLAIN",
      `authenticate ${Buffer.from("\u0000alice\u0000s3cret").toString("hex")}`,
    ]);
  });

  it("a refused authentication is a non-retriable BrokerError naming the user, never the password", async () => {
    await saslBroker(false);
    const error = await open().catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "BrokerError",
      api: "SaslAuthenticate",
      kafkaErrorName: "SASL_AUTHENTICATION_FAILED",
      retriable: false,
    });
    expect((error as Error).message).toMatch(/user "alice"/);
    expect(JSON.stringify(error)).not.toContain("s3cret");
    expect((error as Error).message).not.toContain("s3cret");
  });

  it("a mechanism the broker does not enable names the ones it does", async () => {
    await saslBroker(true, ["PLAIN"]);
    const error = await open("scram-sha-256").catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "BrokerError",
      kafkaErrorName: "UNSUPPORTED_SASL_MECHANISM",
      retriable: false,
    });
    expect((error as Error).message).toMatch(/the broker offers PLAIN/);
  });
});
