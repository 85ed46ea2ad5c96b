import { afterEach, describe, expect, it } from "vitest";
import { BrokerError, KafkaProtocolError } from "../../../../../src/errors/index.js";
import { BrokerConnection } from "../../../../../src/producer/transport/wire/connection.js";
import { METADATA } from "../../../../../src/producer/transport/wire/protocol/metadata.js";
import { PRODUCE } from "../../../../../src/producer/transport/wire/protocol/produce.js";
import { manualClock } from "../../../../support/manual-clock.js";
import { frame, type Request, ScriptedBroker } from "./scripted-broker.js";

// The connection against a scripted broker on a local socket: the bytes of each response are chosen
// here, so framing, pipelining, hostile sizes and timeouts are exercised without a real broker.

// Metadata v8 with no brokers and no topics.
const EMPTY_METADATA_BODY = Buffer.from("00000000" + "00000000" + "ffff" + "00000001" + "00000000" + "00000000", "hex");

let broker: ScriptedBroker | undefined;
const connections: BrokerConnection[] = [];

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.close();
  await broker?.close();
  broker = undefined;
});

async function scriptedBroker(onRequest: (request: Request) => void): Promise<number> {
  broker = await ScriptedBroker.start(onRequest);
  return broker.port;
}

async function open(port: number, clock = manualClock(), maxInFlight = 5): Promise<BrokerConnection> {
  const connection = await BrokerConnection.open({
    host: "127.0.0.1",
    port,
    clientId: "test",
    tls: undefined,
    sasl: undefined,
    connectTimeoutMs: 5_000,
    requestTimeoutMs: 1_000,
    maxInFlight,
    clock,
  });
  connections.push(connection);
  return connection;
}

const metadataRequest = { topics: ["t"], allowAutoTopicCreation: false };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error("resolved"),
    (error: unknown) => error,
  );
}

describe("BrokerConnection", () => {
  it("negotiates versions: Metadata v8 (ours 4-8, broker 4-12), Produce v8", async () => {
    const connection = await open(await scriptedBroker(() => {}));
    expect(connection.versionOf(METADATA)).toBe(8);
    expect(connection.versionOf(PRODUCE)).toBe(8);
  });

  it("pipelines up to maxInFlight requests and matches responses to them in order", async () => {
    const received: Request[] = [];
    let receivedWhenAnswering = 0;
    let writes = Promise.resolve();
    const port = await scriptedBroker((request) => {
      received.push(request);
      const answer = (index: number): Buffer => frame(received[index]!.correlationId, EMPTY_METADATA_BODY);
      if (received.length === 3) {
        receivedWhenAnswering = received.length;
        // Two responses in one write.
        request.socket.write(Buffer.concat([answer(0), answer(1)]));
      } else if (received.length > 3) {
        // Responses split across writes (the third one first, in order).
        const bytes = Buffer.concat([received.length === 4 ? answer(2) : Buffer.alloc(0), answer(received.length - 1)]);
        const later = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
        writes = writes
          .then(() => void request.socket.write(bytes.subarray(0, 5)))
          .then(later)
          .then(() => void request.socket.write(bytes.subarray(5)));
      }
    });
    const connection = await open(port, manualClock(), 3);
    const responses = await Promise.all(Array.from({ length: 5 }, () => connection.send(METADATA, metadataRequest)));
    expect(receivedWhenAnswering).toBe(3);
    expect(responses).toHaveLength(5);
    expect(responses.every((response) => response?.controllerId === 1)).toBe(true);
    expect(received.map((request) => request.correlationId)).toEqual([1, 2, 3, 4, 5]);
  });

  it("rejects a response size a hostile broker claims, without allocating it, and closes", async () => {
    const port = await scriptedBroker((request) => request.socket.write(Buffer.from("7fffffff00000001", "hex")));
    const connection = await open(port);
    const error = await rejection(connection.send(METADATA, metadataRequest));
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect((error as Error).message).toMatch(/2147483647 is outside/);
    expect(connection.isClosed).toBe(true);
    const later = await rejection(connection.send(METADATA, metadataRequest));
    expect(later).toMatchObject({ name: "BrokerError", retriable: true });
  });

  it("rejects a response whose correlation id answers no request", async () => {
    const port = await scriptedBroker((request) =>
      request.socket.write(frame(request.correlationId + 7, EMPTY_METADATA_BODY)),
    );
    const error = await rejection((await open(port)).send(METADATA, metadataRequest));
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect((error as KafkaProtocolError).field).toBe("correlation_id");
  });

  it("rejects a truncated response body with the field that did not fit", async () => {
    const port = await scriptedBroker((request) =>
      request.socket.write(frame(request.correlationId, EMPTY_METADATA_BODY.subarray(0, 9))),
    );
    const error = await rejection((await open(port)).send(METADATA, metadataRequest));
    expect(error).toBeInstanceOf(KafkaProtocolError);
    expect((error as KafkaProtocolError).field).toMatch(/^Metadata v8 response /);
  });

  it("times a request out after requestTimeoutMs (a retriable BrokerError) and closes the connection", async () => {
    const clock = manualClock();
    const port = await scriptedBroker(() => {});
    const connection = await open(port, clock);
    const pending = rejection(connection.send(METADATA, metadataRequest));
    clock.advance(999);
    expect(connection.isClosed).toBe(false);
    clock.advance(1);
    const error = await pending;
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({
      retriable: true,
      broker: `127.0.0.1:${port}`,
    });
    expect((error as Error).message).toMatch(/no Metadata response within 1000 ms/);
    expect(connection.isClosed).toBe(true);
  });

  it("fails every request in flight with a retriable BrokerError when the broker closes the connection", async () => {
    let seen = 0;
    const port = await scriptedBroker((request) => {
      seen += 1;
      if (seen === 2) request.socket.destroy();
    });
    const connection = await open(port);
    const errors = await Promise.all([1, 2].map(() => rejection(connection.send(METADATA, metadataRequest))));
    for (const error of errors) expect(error).toMatchObject({ name: "BrokerError", retriable: true });
  });

  it("resolves an acks=0 produce once written, expecting no response for it", async () => {
    const received: number[] = [];
    const port = await scriptedBroker((request) => {
      received.push(request.apiKey);
      if (request.apiKey === 3) request.socket.write(frame(request.correlationId, EMPTY_METADATA_BODY));
    });
    const connection = await open(port);
    const request = { acks: 0 as const, timeoutMs: 1000, topics: [{ topic: "t", partitions: [] }] };
    await expect(connection.send(PRODUCE, request)).resolves.toBeUndefined();
    // The next response is matched to the next request that expects one.
    await expect(connection.send(METADATA, metadataRequest)).resolves.toMatchObject({ controllerId: 1 });
    expect(received).toEqual([0, 3]);
  });

  it("a refused connection is a retriable BrokerError", async () => {
    const error = await rejection(
      BrokerConnection.open({
        host: "127.0.0.1",
        port: 1,
        clientId: "test",
        tls: undefined,
        sasl: undefined,
        connectTimeoutMs: 5_000,
        requestTimeoutMs: 1_000,
        maxInFlight: 5,
      }),
    );
    expect(error).toMatchObject({ name: "BrokerError", api: "connect", retriable: true });
  });
});
