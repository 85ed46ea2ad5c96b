import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

// The @platformatic/kafka peer of `npm run bench:produce`, run by Node 22 (which strips these types) from
// the bench's cache, the library loaded from --module (its installed dist/index.js), as no project
// dependency has it. Keys are "user-<i mod K>", values V opaque bytes; the library has no linger, so the
// records go out as the kafkajs peer sends them: PER_SEND per send(), IN_FLIGHT sends in flight, acks=all,
// the other settings the library's defaults. Prints one JSON line:
// {"seconds": wall, "cpuSeconds": process.cpuUsage() of the whole process}.

const PER_SEND = 1_000;
const IN_FLIGHT = 4;

interface Message {
  readonly topic: string;
  readonly key: Buffer;
  readonly value: Buffer;
}

interface PlatformaticProducer {
  send(options: { messages: Message[]; acks: number }): Promise<unknown>;
  close(): Promise<void>;
}

interface PlatformaticModule {
  readonly Producer: new (options: {
    clientId: string;
    bootstrapBrokers: string[];
    acks: number;
  }) => PlatformaticProducer;
}

const { values: flags } = parseArgs({
  options: {
    module: { type: "string" },
    brokers: { type: "string" },
    topic: { type: "string" },
    records: { type: "string" },
    warmup: { type: "string" },
    keys: { type: "string" },
    "value-bytes": { type: "string" },
  },
});

function required(name: keyof typeof flags): string {
  const value = flags[name];
  if (value === undefined) throw new Error(`missing --${name}=...`);
  return value;
}

const topic = required("topic");
const keyCount = Number(required("keys"));
const keys = Array.from({ length: keyCount }, (_, k) => Buffer.from(`user-${k}`));
const valueBytes = Number(required("value-bytes"));
const values = Array.from({ length: 256 }, (_, fill) => Buffer.alloc(valueBytes, fill));

const library = (await import(pathToFileURL(required("module")).href)) as PlatformaticModule;
const producer = new library.Producer({
  clientId: "bench-platformatic",
  bootstrapBrokers: required("brokers").split(","),
  acks: -1,
});

async function produce(from: number, count: number): Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  for (let start = from; start < from + count; start += PER_SEND) {
    const messages: Message[] = [];
    for (let i = start; i < Math.min(start + PER_SEND, from + count); i += 1) {
      messages.push({ topic, key: keys[i % keyCount] as Buffer, value: values[i & 0xff] as Buffer });
    }
    const sent: Promise<unknown> = producer.send({ messages, acks: -1 }).finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

const warmup = Number(required("warmup"));
await produce(0, warmup);
const cpu = process.cpuUsage();
const started = performance.now();
await produce(warmup, Number(required("records")));
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
await producer.close();
process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6 })}\n`);
