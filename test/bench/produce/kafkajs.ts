import { Kafka, logLevel, Partitioners } from "kafkajs";
import { kafkajsRegister, kafkajsRegistry } from "../../interop/kafkajs-csr.js";
import { USER_EVENT_SCHEMA_TEXT } from "../fixtures.js";
import { measureInProcess, type ProduceCase } from "./case.js";
import { plainEvents } from "./records.js";

const PER_SEND = 1_000;
const IN_FLIGHT = 4;

/** kafkajs has no batching of its own: the application gathers records and sends them in arrays. */
export const KAFKAJS_BATCHED_CASE: ProduceCase = {
  name: "kafkajs+csr hand-batched",
  label:
    "kafkajs 2.2.4 + @kafkajs/confluent-schema-registry encode(), " +
    `${PER_SEND.toLocaleString("en")} records per send(), ${IN_FLIGHT} sends in flight`,
  run: (context) =>
    measureInProcess(context, async () => {
      const registry = kafkajsRegistry(context.endpoints.registryUrl);
      const id = await kafkajsRegister(registry, context.topic, USER_EVENT_SCHEMA_TEXT);
      const kafka = new Kafka({
        clientId: "bench-kafkajs",
        brokers: [...context.endpoints.brokers],
        logLevel: logLevel.NOTHING,
      });
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const event = plainEvents(context.shape);
      const sendChunk = async (start: number, end: number): Promise<void> => {
        const messages = await Promise.all(
          Array.from({ length: end - start }, async (_, k) => {
            const record = event(start + k);
            return { key: record.userId, value: await registry.encode(id, record) };
          }),
        );
        await producer.send({ topic: context.topic, acks: -1, messages });
      };
      return {
        produce: async (from, count) => {
          const inFlight = new Set<Promise<void>>();
          for (let start = from; start < from + count; start += PER_SEND) {
            const sent: Promise<void> = sendChunk(start, Math.min(start + PER_SEND, from + count)).finally(() =>
              inFlight.delete(sent),
            );
            inFlight.add(sent);
            if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
          }
          await Promise.all(inFlight);
        },
        close: () => producer.disconnect(),
      };
    }),
};
