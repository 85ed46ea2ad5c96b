import { afterEach, describe, expect, it } from "vitest";
import { BrokerError, ProduceError } from "../../../../../src/errors/index.js";
import { ProtocolReader } from "../../../../../src/producer/transport/wire/protocol/reader.js";
import { ProtocolWriter } from "../../../../../src/producer/transport/wire/protocol/writer.js";
import { WireTransport, type WireTransportOptions } from "../../../../../src/producer/transport/wire/wire-transport.js";
import { frame, type Request, ScriptedBroker } from "./scripted-broker.js";

// The whole wire stack (transport, pipelines, dispatcher, metadata, connection) against a scripted broker,
// for what a real single broker will not do on demand: refuse a leader, reject a batch.

interface ProducedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly producerId: bigint;
  readonly epoch: number;
  readonly sequence: number;
  readonly records: number;
}

let broker: ScriptedBroker | undefined;
const transports: WireTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.disconnect()));
  await broker?.close();
  broker = undefined;
});

function metadataBody(port: number, partitions: number): Buffer {
  const writer = new ProtocolWriter();
  writer.int32(0).int32(1).int32(1).string("127.0.0.1").int32(port).nullableString(null);
  writer.nullableString(null).int32(1);
  writer.int32(1).int16(0).string("t").boolean(false).int32(partitions);
  for (let partition = 0; partition < partitions; partition += 1)
    writer.int16(0).int32(partition).int32(1).int32(0).int32(1).int32(1).int32(1).int32(1).int32(0);
  writer.int32(0).int32(0);
  return Buffer.from(writer.view());
}

function produceBody(answers: readonly { partition: number; errorCode: number; baseOffset: bigint }[]): Buffer {
  const writer = new ProtocolWriter();
  writer.int32(1).string("t").int32(answers.length);
  for (const answer of answers) {
    writer.int32(answer.partition).int16(answer.errorCode).int64(answer.baseOffset).int64(-1n).int64(0n);
    writer.int32(0).nullableString(null);
  }
  writer.int32(0);
  return Buffer.from(writer.view());
}

function producedBatches(body: Buffer): ProducedBatch[] {
  const reader = new ProtocolReader(body, "produce request");
  reader.nullableString("client id");
  reader.nullableString("transactional id");
  reader.int16("acks");
  reader.int32("timeout");
  return reader
    .array("topics", 6, (topics) => {
      const topic = topics.string("topic");
      return topics.array("partitions", 8, (partitions) => {
        const partition = partitions.int32("partition");
        const batch = partitions.bytes("records");
        return {
          topic,
          partition,
          producerId: batch.readBigInt64BE(43),
          epoch: batch.readInt16BE(51),
          sequence: batch.readInt32BE(53),
          records: batch.readInt32BE(57),
        };
      });
    })
    .flat();
}

interface Script {
  readonly metadataRequests: number;
  readonly produceRequests: ProducedBatch[][];
}

/** A broker with topic "t" of `partitions` partitions whose Produce answers come from `answer`. */
async function start(
  partitions: number,
  answer: (
    batches: ProducedBatch[],
    attempt: number,
  ) => { partition: number; errorCode: number; baseOffset: bigint }[] | undefined,
): Promise<Script & { port: number }> {
  const script = { metadataRequests: 0, produceRequests: [] as ProducedBatch[][] };
  broker = await ScriptedBroker.start((request: Request) => {
    if (request.apiKey === 3) {
      script.metadataRequests += 1;
      request.socket.write(frame(request.correlationId, metadataBody(broker?.port ?? 0, partitions)));
    } else if (request.apiKey === 22) {
      const body = new ProtocolWriter().int32(0).int16(0).int64(77n).int16(0);
      request.socket.write(frame(request.correlationId, Buffer.from(body.view())));
    } else if (request.apiKey === 0) {
      const batches = producedBatches(request.body);
      script.produceRequests.push(batches);
      const answers = answer(batches, script.produceRequests.length);
      if (answers !== undefined) request.socket.write(frame(request.correlationId, produceBody(answers)));
    }
  });
  return Object.assign(script, { port: broker.port });
}

function transport(port: number, options: Partial<WireTransportOptions> = {}): WireTransport {
  const created = new WireTransport({
    brokers: [`127.0.0.1:${port}`],
    clientId: "test",
    tls: undefined,
    sasl: undefined,
    requestTimeoutMs: 5_000,
    acks: "all",
    retryBackoffMs: 1,
    retries: Number.MAX_SAFE_INTEGER,
    idempotent: false,
    compression: "none",
    metadataMaxAgeMs: 300_000,
    deliveryTimeoutMs: 30_000,
    ...options,
  });
  transports.push(created);
  return created;
}

const batch = (partition: number, count = 2) => ({
  topic: "t",
  partition,
  records: Array.from({ length: count }, (_, i) => ({
    key: null,
    value: Buffer.from(`v${i}`),
    headers: undefined,
    timestamp: 1_000 + i,
  })),
});

describe("WireTransport (scripted broker)", () => {
  it("refreshes metadata after NOT_LEADER_OR_FOLLOWER and resolves with the retry's offset", async () => {
    const script = await start(1, (batches, attempt) =>
      batches.map(({ partition }) => ({
        partition,
        errorCode: attempt === 1 ? 6 : 0,
        baseOffset: attempt === 1 ? -1n : 41n,
      })),
    );
    const wire = transport(script.port);
    expect(await wire.partitionCount("t")).toBe(1);
    const metadataBefore = script.metadataRequests;
    await expect(wire.send(batch(0))).resolves.toEqual({ baseOffset: "41", logAppendTime: -1 });
    expect(script.produceRequests).toHaveLength(2);
    expect(script.metadataRequests).toBeGreaterThan(metadataBefore);
  });

  it("idempotent: id from InitProducerId, sequences per partition, one request per loop turn", async () => {
    let offset = 0n;
    const script = await start(2, (batches) =>
      batches.map(({ partition, records }) => {
        const answer = { partition, errorCode: 0, baseOffset: offset };
        offset += BigInt(records);
        return answer;
      }),
    );
    const wire = transport(script.port, { idempotent: true });
    await wire.connect();
    await Promise.all([wire.send(batch(0, 3)), wire.send(batch(1, 2))]);
    await Promise.all([wire.send(batch(0, 4)), wire.send(batch(1, 1))]);
    const sent = script.produceRequests.flat();
    expect(script.produceRequests[0]).toHaveLength(2);
    expect(sent.map((b) => [b.partition, b.producerId, b.epoch, b.sequence])).toEqual([
      [0, 77n, 0, 0],
      [1, 77n, 0, 0],
      [0, 77n, 0, 3],
      [1, 77n, 0, 2],
    ]);
  });

  it("splits a batch the broker finds too large; a record too large alone fails, with the broker's error", async () => {
    const script = await start(1, (batches) =>
      batches.map(({ partition }) => ({ partition, errorCode: 10, baseOffset: -1n })),
    );
    const error = await transport(script.port)
      .send(batch(0))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProduceError);
    expect(error).toMatchObject({ topic: "t", partition: 0, recordCount: 1, retriable: false });
    expect((error as ProduceError).cause).toBeInstanceOf(BrokerError);
    expect((error as ProduceError).cause).toMatchObject({ kafkaErrorCode: 10, kafkaErrorName: "MESSAGE_TOO_LARGE" });
    // The two-record batch, then each of its records alone.
    expect(script.produceRequests.flat().map((sent) => sent.records)).toEqual([2, 1, 1]);
  });
});

describe("WireTransport disconnect", () => {
  it("fails a batch in flight at disconnect instead of reconnecting to retry it", async () => {
    const script = await start(1, () => undefined);
    const wire = transport(script.port);
    const pending = wire.send(batch(0)).catch((caught: unknown) => caught);
    while (script.produceRequests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await wire.disconnect();
    const error = await pending;
    expect(error).toBeInstanceOf(ProduceError);
    expect(error).toMatchObject({ retriable: false });
    expect(script.produceRequests).toHaveLength(1);
  });
});

describe("WireTransport leader change", () => {
  const extra: ScriptedBroker[] = [];
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((scripted) => scripted.close()));
  });

  it("follows partition 0 from node 1 to node 2 after NOT_LEADER_OR_FOLLOWER, same sequence", async () => {
    let leader = 1;
    const seen: string[] = [];
    const ports = new Map<number, number>();
    const metadata = (): Buffer => {
      const writer = new ProtocolWriter().int32(0).int32(2);
      for (const node of [1, 2])
        writer
          .int32(node)
          .string("127.0.0.1")
          .int32(ports.get(node) ?? 0)
          .nullableString(null);
      writer.nullableString(null).int32(1).int32(1).int16(0).string("t").boolean(false).int32(1);
      writer.int16(0).int32(0).int32(leader).int32(leader).int32(1).int32(leader).int32(1).int32(leader).int32(0);
      return Buffer.from(writer.int32(0).int32(0).view());
    };
    const node = (id: number) => (request: Request) => {
      if (request.apiKey === 3) request.socket.write(frame(request.correlationId, metadata()));
      else if (request.apiKey === 22) {
        const body = new ProtocolWriter().int32(0).int16(0).int64(5n).int16(0);
        request.socket.write(frame(request.correlationId, Buffer.from(body.view())));
      } else if (request.apiKey === 0) {
        const [produced] = producedBatches(request.body);
        seen.push(`node ${id}: sequence ${produced?.sequence}`);
        // Node 1 hands leadership to node 2 as it refuses the batch.
        const errorCode = id === 1 ? 6 : 0;
        leader = 2;
        const answer = produceBody([{ partition: 0, errorCode, baseOffset: errorCode === 0 ? 30n : -1n }]);
        request.socket.write(frame(request.correlationId, answer));
      }
    };
    const first = await ScriptedBroker.start(node(1));
    const second = await ScriptedBroker.start(node(2));
    extra.push(first, second);
    ports.set(1, first.port).set(2, second.port);
    const wire = transport(first.port, { idempotent: true });
    await expect(wire.send(batch(0))).resolves.toEqual({ baseOffset: "30", logAppendTime: -1 });
    expect(seen).toEqual(["node 1: sequence 0", "node 2: sequence 0"]);
  });
});
