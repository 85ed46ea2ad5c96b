// The shape every case produces: the (acks=all, 6 partitions, 500 keys, ~990-byte values, 200,000
// records per rep, medians of 5 interleaved reps), or tiny counts for a smoke run (--quick).

export interface BenchShape {
  readonly partitions: number;
  readonly keys: number;
  /** The UserEvent's payload field; the whole Avro value (with its 5-byte header) is about 90 bytes more. */
  readonly payloadBytes: number;
  readonly records: number;
  /** Sent (and acknowledged) before the clock starts: connections, metadata, JIT, the registry's id. */
  readonly warmupRecords: number;
  readonly reps: number;
  /** One schemakit run of this many records, whose throughput must stay within 10% of `records`' median. */
  readonly collapseRecords: number;
  /** Send-to-acknowledgement latency at a fixed rate, after a 1 s warm-up at that rate. */
  readonly latencyRatePerSecond: number;
  readonly latencySeconds: number;
}

export const FULL_SHAPE: BenchShape = {
  partitions: 6,
  keys: 500,
  payloadBytes: 900,
  records: 200_000,
  warmupRecords: 5_000,
  reps: 5,
  collapseRecords: 1_000_000,
  latencyRatePerSecond: 10_000,
  latencySeconds: 5,
};

export const QUICK_SHAPE: BenchShape = {
  ...FULL_SHAPE,
  records: 5_000,
  warmupRecords: 100,
  reps: 1,
  collapseRecords: 25_000,
  latencySeconds: 1,
};
