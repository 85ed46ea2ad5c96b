import { BrokerError } from "../../../../errors/index.js";
import type { SaslOptions } from "../../../producer-options.js";
import { kafkaError } from "../protocol/error-codes.js";
import type { KafkaApi } from "../protocol/kafka-api.js";
import { SASL_AUTHENTICATE } from "../protocol/sasl-authenticate.js";
import { SASL_HANDSHAKE } from "../protocol/sasl-handshake.js";
import { ScramClient } from "./scram-client.js";

const MECHANISM: Readonly<Record<SaslOptions["mechanism"], "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512">> = {
  plain: "PLAIN",
  "scram-sha-256": "SCRAM-SHA-256",
  "scram-sha-512": "SCRAM-SHA-512",
};

/**
 * What authenticating needs of a connection: its address, for errors, and requests at the negotiated
 * version. A connection authenticates itself while it opens, so this side names no connection class.
 */
export interface SaslChannel {
  readonly address: string;
  send<Request, Response>(api: KafkaApi<Request, Response>, request: Request): Promise<Response | undefined>;
}

/**
 * SaslHandshake v1 then the mechanism's SaslAuthenticate round trips. Authentication failures are not
 * retriable (Java's SaslAuthenticationException); messages name the user, never the password.
 */
export async function authenticate(connection: SaslChannel, sasl: SaslOptions): Promise<void> {
  const mechanism = MECHANISM[sasl.mechanism];
  const handshake = await connection.send(SASL_HANDSHAKE, { mechanism });
  if (handshake === undefined) return;
  if (handshake.errorCode !== 0) {
    const info = kafkaError(handshake.errorCode);
    throw new BrokerError(
      { broker: connection.address, api: "SaslHandshake" },
      handshake.errorCode,
      info.name,
      `${mechanism} is not enabled; the broker offers ${handshake.mechanisms.join(", ") || "none"}`,
    );
  }
  const exchange = async (authBytes: Buffer): Promise<Buffer> => {
    const response = await connection.send(SASL_AUTHENTICATE, { authBytes });
    if (response === undefined) return Buffer.alloc(0);
    if (response.errorCode !== 0) {
      const info = kafkaError(response.errorCode);
      throw new BrokerError(
        { broker: connection.address, api: "SaslAuthenticate" },
        response.errorCode,
        info.name,
        `${mechanism} authentication of user "${sasl.username}" failed: ${response.errorMessage ?? info.name}`,
      );
    }
    return response.authBytes;
  };
  if (mechanism === "PLAIN") {
    await exchange(Buffer.from(`\u0000${sasl.username}\u0000${sasl.password}`, "utf8"));
    return;
  }
  const scram = new ScramClient(mechanism, sasl.username, sasl.password);
  const serverFirst = await exchange(scram.firstMessage());
  const serverFinal = await exchange(scram.finalMessage(serverFirst));
  scram.verifyServerFinal(serverFinal);
}
