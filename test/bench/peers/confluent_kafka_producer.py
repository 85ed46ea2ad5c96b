"""The Python peer of `npm run bench:produce`: confluent-kafka (librdkafka) producing into one topic.

Run with the interop venv's python (scripts/interop/setup-python.sh prints it):

  confluent_kafka_producer.py raw  --brokers=B --topic=T --records=N --warmup=W --keys=K --value-bytes=V
  confluent_kafka_producer.py avro ... --registry=URL --schema=FILE --payload-bytes=P

raw:  each value is V opaque bytes, as an application that serialized elsewhere would send.
avro: each value is a UserEvent dict serialized per record by confluent-kafka's AvroSerializer
      (auto-registering the schema file's text under <topic>-value), the values the TypeScript cases send.
Keys are "user-<i mod K>". The producer keeps librdkafka's defaults except acks=all. The warm-up records
are sent and flushed first; then the timed records: produce() per record (polling when the local queue is
full), flush(). Prints one JSON line: {"seconds": wall, "cpuSeconds": process CPU, every thread}.

With --latency-rate=R --latency-seconds=S it measures send-to-delivery latency instead, as the TypeScript
cases' latency run does: R records a second (those due each millisecond, then poll(0.001), which serves
the delivery reports), the first second uncounted; prints {"p50": ms, "p99": ms, "counted": n}.
"""

import argparse
import json
import sys
import time

from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient, topic_subject_name_strategy
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

BASE_TS = 1_767_225_600_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["raw", "avro"])
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--keys", type=int, required=True)
    parser.add_argument("--value-bytes", type=int, required=True)
    parser.add_argument("--registry")
    parser.add_argument("--schema")
    parser.add_argument("--payload-bytes", type=int, default=900)
    parser.add_argument("--latency-rate", type=int)
    parser.add_argument("--latency-seconds", type=int)
    return parser.parse_args()


def event_maker(keys: int, payload_bytes: int):
    """Record i, field for field what test/bench/produce/records.ts builds."""
    payloads = [bytes([fill]) * payload_bytes for fill in range(256)]

    def event(i: int) -> dict:
        return {
            "userId": f"user-{i % keys}",
            "ts": BASE_TS + i,
            "eventType": "CLICK",
            "sessionId": f"session-{i % 97}",
            "amount": i / 4,
            "flag": i % 2 == 0,
            "tags": ["bench", "kafka"],
            "counters": {"views": i % 13, "clicks": i % 7},
            "geo": {"lat": 48.1, "lon": 11.6},
            "lastGeo": None,
            "count": i,
            "payload": payloads[i & 0xFF],
        }

    return event


def value_maker(args: argparse.Namespace):
    if args.mode == "raw":
        values = [bytes([fill]) * args.value_bytes for fill in range(256)]
        return lambda i: values[i & 0xFF]
    if not args.registry or not args.schema:
        sys.exit("avro mode needs --registry and --schema")
    with open(args.schema, encoding="utf-8") as schema_file:
        schema_text = schema_file.read()
    # The topic strategy, set explicitly: confluent-kafka 2.16's default first asks GET /associations/...,
    # a route Apicurio lacks and now and then never answers (the client has no timeout).
    serializer = AvroSerializer(
        SchemaRegistryClient({"url": args.registry}),
        schema_text,
        conf={"subject.name.strategy": topic_subject_name_strategy},
    )
    context = SerializationContext(args.topic, MessageField.VALUE)
    event = event_maker(args.keys, args.payload_bytes)
    return lambda i: serializer(event(i), context)


def produce(producer: Producer, topic: str, keys: list, value, start: int, count: int) -> None:
    for i in range(start, start + count):
        key = keys[i % len(keys)]
        record_value = value(i)
        while True:
            try:
                producer.produce(topic, value=record_value, key=key)
                break
            except BufferError:
                # The local queue is full: serve delivery reports until librdkafka has room again.
                producer.poll(0.005)
        if i % 1_000 == 0:
            producer.poll(0)
    remaining = producer.flush(120)
    if remaining:
        sys.exit(f"{remaining} records still undelivered after flush")


def measure_latency(producer: Producer, topic: str, keys: list, value, rate: int, seconds: int) -> dict:
    latencies: list = []

    def reporter(sent_at: float, counted: bool):
        def report(error, _message) -> None:
            if error is not None:
                sys.exit(f"delivery failed: {error}")
            if counted:
                latencies.append((time.perf_counter() - sent_at) * 1000)

        return report

    total = rate + rate * seconds
    started = time.perf_counter()
    sent = 0
    while sent < total:
        due = min(total, int((time.perf_counter() - started) * rate))
        while sent < due:
            on_delivery = reporter(time.perf_counter(), sent >= rate)
            producer.produce(topic, value=value(sent), key=keys[sent % len(keys)], on_delivery=on_delivery)
            sent += 1
        producer.poll(0.001)
    if producer.flush(120):
        sys.exit("records still undelivered after flush")
    latencies.sort()
    at = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    return {"p50": at(0.5), "p99": at(0.99), "counted": len(latencies)}


def main() -> None:
    args = parse_args()
    errors: list = []
    producer = Producer(
        {
            "bootstrap.servers": args.brokers,
            "acks": "all",
            "error_cb": lambda error: errors.append(str(error)),
        }
    )
    keys = [f"user-{k}".encode() for k in range(args.keys)]
    value = value_maker(args)
    if args.latency_rate is not None:
        print(json.dumps(measure_latency(producer, args.topic, keys, value, args.latency_rate, args.latency_seconds or 5)))
        return
    produce(producer, args.topic, keys, value, 0, args.warmup)
    cpu = time.process_time()
    started = time.perf_counter()
    produce(producer, args.topic, keys, value, args.warmup, args.records)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    if errors:
        print("\n".join(errors), file=sys.stderr)
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds}))


if __name__ == "__main__":
    main()
