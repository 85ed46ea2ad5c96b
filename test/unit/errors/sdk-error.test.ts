import { describe, expect, it } from "vitest";
import * as errors from "../../../src/errors/index.js";
import {
  BrokerError,
  BufferFullError,
  InvalidRecordError,
  CodegenInputError,
  CodegenOutputError,
  ConfigError,
  InvariantViolation,
  KafkaProtocolError,
  PartitionError,
  ProduceError,
  ProducerClosedError,
  RecordTooLargeError,
  RegistryError,
  RegistryRejectedError,
  RegistryUnavailableError,
  SchemaIncompatibleError,
  SchemaNotPreparedError,
  SdkError,
  SerializationError,
  WireFormatError,
  invariant,
} from "../../../src/errors/index.js";

// One instance of every exported error class; a new class must be added here (the test below checks).
const registryContext = {
  method: "POST",
  url: "http://127.0.0.1:8081/subjects/users-value/versions",
  subject: "users-value",
};
const instances: readonly SdkError[] = [
  new CodegenInputError(
    { file: "schemas/a.avsc", jsonPath: "$.fields[0].type", typeName: "com.example.A" },
    'undefined type name "B"',
  ),
  new CodegenOutputError("write", "gen/com/acme/a.avro.ts", "permission denied (EACCES)"),
  new ConfigError("lingerMs", "a number >= 0", -1),
  new InvariantViolation("buffer underflow"),
  new RegistryUnavailableError(registryContext, "connection refused"),
  new RegistryRejectedError({ ...registryContext, status: 404, registryErrorCode: 40401 }, "subject not found"),
  new SchemaIncompatibleError({ ...registryContext, status: 409, registryErrorCode: 409 }, "incompatible"),
  new SerializationError({ topic: "users", subject: "users-value", recordName: "com.example.User" }, [
    { path: ["age"], expected: "int", actual: "string" },
  ]),
  new WireFormatError("users", 3, "truncated header"),
  new SchemaNotPreparedError("users", "com.example.User"),
  new ProduceError("users", 3, 10, "NOT_LEADER_FOR_PARTITION after 5 retries"),
  new BufferFullError("users", 32 << 20, 60_000, 1024),
  new ProducerClosedError("users"),
  new PartitionError("users", 12, 12),
  new RecordTooLargeError("users", "users-value", 2 << 20, 1 << 20),
  new InvalidRecordError("users", "users-value", "timestamp", "NaN is not a time"),
  new BrokerError({ broker: "127.0.0.1:9092", api: "Produce" }, 6, "NOT_LEADER_OR_FOLLOWER", "moved", {
    retriable: true,
  }),
  new KafkaProtocolError("Produce v8 response responses[0].name", "needs 5 bytes, 2 remain"),
];

describe("SdkError subclasses", () => {
  it("covers every exported error class", () => {
    // Abstract bases have no instances of their own.
    const abstractBases: unknown[] = [RegistryError];
    const exported: unknown[] = Object.values(errors).filter(
      (value) => typeof value === "function" && value.prototype instanceof SdkError && !abstractBases.includes(value),
    );
    expect(new Set<unknown>(instances.map((error) => error.constructor))).toEqual(new Set(exported));
  });

  it.each(instances.map((error) => [error.constructor.name, error] as const))(
    "%s has name === class name and is recognised by SdkError.is",
    (className, error) => {
      expect(error.name).toBe(className);
      expect(error).toBeInstanceOf(Error);
      expect(SdkError.is(error)).toBe(true);
    },
  );

  it("gives each class its own code", () => {
    const codes = instances.map((error) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("does not take foreign errors for its own", () => {
    expect(SdkError.is(new Error("x"))).toBe(false);
    expect(SdkError.is({ code: "CONFIG_INVALID" })).toBe(false);
    expect(SdkError.is(null)).toBe(false);
  });
});

describe("ConfigError", () => {
  it("names the option, what it accepts and what it got", () => {
    const error = new ConfigError("producer.lingerMs", "a number >= 0", "5");
    expect(error.message).toBe('invalid option "producer.lingerMs": expected a number >= 0, got "5"');
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.retriable).toBe(false);
  });

  it("keeps a description, never the caller's object or a long or multi-line string", () => {
    const options = { sasl: { password: "hunter2" } };
    const fromObject = new ConfigError("producer", "an options object", options);
    expect(fromObject.actual).toBe("an object");
    expect(fromObject.message).toBe('invalid option "producer": expected an options object, got an object');
    expect(new ConfigError("tls", "an object", ["a"]).actual).toBe("an array");
    expect(new ConfigError("tls", "an object", "-----BEGIN PRIVATE KEY-----\nMIG").actual).toBe(
      "a string of 31 characters",
    );
    expect(new ConfigError("auth", "an object", "t".repeat(65)).message).toMatch(/got a string of 65 characters$/);
    expect(new ConfigError("compression", '"gzip"', "gzp").message).toMatch(/got "gzp"$/);
  });

  it("serialises its context and cause to JSON", () => {
    const cause = new RangeError("too small");
    const json = new ConfigError("acks", '"all" | 0 | 1', 2, { cause }).toJSON();
    expect(json).toMatchObject({
      name: "ConfigError",
      code: "CONFIG_INVALID",
      option: "acks",
      expected: '"all" | 0 | 1',
      actual: 2,
      retriable: false,
      cause: { name: "RangeError", message: "too small" },
    });
  });
});

describe("registry errors", () => {
  it("say where the call went and what the registry answered, and are retriable only when unavailable", () => {
    const rejected = new RegistryRejectedError(
      { ...registryContext, status: 404, registryErrorCode: 40401 },
      "Subject 'users-value' not found.",
    );
    expect(rejected.message).toBe(
      `POST ${registryContext.url} (subject "users-value", HTTP 404, error code 40401): ` +
        "Subject 'users-value' not found.",
    );
    expect(rejected).toBeInstanceOf(RegistryError);
    expect(rejected.retriable).toBe(false);
    expect(new RegistryUnavailableError(registryContext, "timeout").retriable).toBe(true);
    expect(new SchemaIncompatibleError({ ...registryContext, status: 409 }, "x").code).toBe("SCHEMA_INCOMPATIBLE");
  });
});

describe("SerializationError", () => {
  it("lists every invalid field with topic, subject and record name", () => {
    const error = new SerializationError(
      { topic: "orders", subject: "orders-value", recordName: "com.acme.Order", schemaId: 7 },
      [
        { path: ["lines", "3", "sku"], expected: "string", actual: "undefined" },
        { path: ["amount"], expected: "long", actual: "string" },
      ],
    );
    expect(error.message).toBe(
      'serialize com.acme.Order for topic "orders" (subject "orders-value", schema id 7): 2 invalid fields: ' +
        "lines.3.sku: expected string, got undefined; amount: expected long, got string",
    );
    expect(error.fieldPath).toEqual(["lines", "3", "sku"]);
    expect(error.toJSON()).toMatchObject({ topic: "orders", subject: "orders-value", schemaId: 7 });
  });
});

describe("invariant", () => {
  it("throws InvariantViolation when the condition is false, and nothing otherwise", () => {
    expect(() => invariant(false, "queue empty")).toThrow(InvariantViolation);
    expect(() => invariant(false, "queue empty")).toThrow(/queue empty.*bug in schemakit/);
    expect(() => invariant(1, "never")).not.toThrow();
  });
});
