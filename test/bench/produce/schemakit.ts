import { createProducer, SchemaRegistry, type ProducerOptions } from "../../../src/index.js";
import { UserEvent } from "../../unit/codegen/golden/user-event/com/example/user-event.avro.js";
import { measureInProcess, type ProduceCase, type RecordSender, type RunContext } from "./case.js";
import { typedEvents } from "./records.js";

/** One schemakit configuration under test; a new option (a transport, say) is one more line here. */
interface SchemakitVariant {
  readonly name: string;
  readonly label: string;
  readonly options: Partial<ProducerOptions>;
  /** Through sendAll(iterable) (real backpressure) instead of unawaited send() calls. */
  readonly sendAll?: boolean;
  /** Through sendNoAck() (no promise per send) instead of unawaited send() calls. */
  readonly noAck?: boolean;
}

const VARIANTS: readonly SchemakitVariant[] = [
  { name: "schemakit defaults", label: "schemakit, defaults", options: {} },
  {
    name: "schemakit 64 KiB batches",
    label: "schemakit, lingerMs 5, batchSizeBytes 64 KiB (the Java peer's settings)",
    options: { lingerMs: 5, batchSizeBytes: 64 * 1024 },
  },
  {
    name: "schemakit sendAll",
    label: "schemakit, defaults, sendAll(iterable) with real backpressure",
    options: {},
    sendAll: true,
  },
  {
    name: "schemakit sendNoAck",
    label: "schemakit, defaults, sendNoAck() (no promise per send)",
    options: {},
    noAck: true,
  },
  {
    name: "schemakit kafkajs transport",
    label: "schemakit, transport kafkajs (what it used to be)",
    options: { transport: "kafkajs" },
  },
];

async function openTopic(context: RunContext, options: Partial<ProducerOptions>) {
  const registry = new SchemaRegistry({ url: context.endpoints.registryUrl });
  const producer = createProducer({ brokers: [...context.endpoints.brokers], registry, ...options });
  const events = producer.topic(context.topic, { value: UserEvent, keyMaker: (event) => event.userId });
  const close = async (): Promise<void> => {
    await producer.close();
    await registry.close();
  };
  return { producer, events, close };
}

const UNAWAITED = "through send(), unawaited, then flush()";

function schemakitCase(variant: SchemakitVariant): ProduceCase {
  return {
    name: variant.name,
    label: `${variant.label}: typed UserEvents ${variant.sendAll || variant.noAck ? "" : UNAWAITED}`.trimEnd(),
    run: (context) =>
      measureInProcess(context, async () => {
        const event = typedEvents(context.shape);
        const { producer, events, close } = await openTopic(context, variant.options);
        return {
          // The producer's intended use: send without awaiting each record, then flush.
          produce: async (from, count) => {
            if (variant.sendAll) {
              await events.sendAll(
                (function* () {
                  for (let i = from; i < from + count; i += 1) yield event(i);
                })(),
              );
            } else if (variant.noAck) {
              for (let i = from; i < from + count; i += 1) events.sendNoAck(event(i));
            } else {
              for (let i = from; i < from + count; i += 1) void events.send(event(i));
            }
            await producer.flush();
          },
          close,
        };
      }),
    schemakit: {
      openSender: async (context): Promise<RecordSender> => {
        const event = typedEvents(context.shape);
        const { events, close } = await openTopic(context, variant.options);
        await events.send(event(0));
        return { send: (i) => events.send(event(i)), close };
      },
    },
  };
}

export const SCHEMAKIT_CASES: readonly ProduceCase[] = VARIANTS.map(schemakitCase);
