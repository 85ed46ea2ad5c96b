import { KafkaJSProtocolError } from "kafkajs";
import { describe, expect, it } from "vitest";
import { BrokerError, ProduceError } from "../../../../src/errors/index.js";
import { describeRetryError, transportSecrets } from "../../../../src/producer/transport/retry-report.js";

describe("retry reports", () => {
  it("name the Kafka error when the broker gave one, else schemakit's code, else kafkajs's type", () => {
    const broker = new BrokerError({ broker: "b:1", api: "Produce" }, 19, "NOT_ENOUGH_REPLICAS", "too few");
    expect(describeRetryError(broker, [])).toEqual({
      name: "BrokerError",
      code: "NOT_ENOUGH_REPLICAS",
      message: "Produce to broker b:1: too few",
    });
    expect(describeRetryError(new ProduceError("t", 0, 1, "gone"), []).code).toBe("PRODUCE_FAILED");
    // kafkajs builds its protocol errors from its table of Kafka errors (its types take only a message).
    const fromTable = { type: "NOT_LEADER_FOR_PARTITION", code: 6, retriable: true, message: "x" };
    const kafkajs = new KafkaJSProtocolError(fromTable as unknown as Error);
    expect(describeRetryError(kafkajs, [])).toMatchObject({
      name: "KafkaJSProtocolError",
      code: "NOT_LEADER_FOR_PARTITION",
    });
    expect(describeRetryError("text", [])).toEqual({ name: undefined, code: undefined, message: "text" });
  });

  it("never carry a credential of the transport, and stay short", () => {
    const secrets = transportSecrets({
      sasl: { mechanism: "plain", username: "u", password: "pw-123" },
      tls: { passphrase: "pass-456", key: Buffer.from("-----KEY-----") },
    });
    expect(secrets).toEqual(["pw-123", "pass-456", "-----KEY-----"]);
    const info = describeRetryError(new Error(`auth pw-123 / pass-456 ${"x".repeat(1_000)}`), secrets);
    expect(info.message).not.toMatch(/pw-123|pass-456/);
    expect(info.message.length).toBeLessThan(600);
  });
});
