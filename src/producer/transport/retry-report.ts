import type { ConnectionOptions } from "node:tls";
import { BrokerError, SdkError } from "../../errors/index.js";
import { redact, truncate } from "../../internal/redact.js";
import type { SaslOptions } from "./transport-options.js";
import type { RetryErrorInfo } from "./transport.js";

// A retry report is a log line, not a dump: a broker or a peer library may put long text into a message.
const MAX_MESSAGE_CHARS = 500;

/**
 * The credentials a transport holds: redacted from retry reports, because their messages come from a
 * broker or a client library that may echo what it was sent.
 */
export function transportSecrets(options: {
  readonly sasl: SaslOptions | undefined;
  readonly tls: boolean | ConnectionOptions | undefined;
}): readonly string[] {
  const secrets: string[] = [];
  if (options.sasl !== undefined) secrets.push(options.sasl.password);
  const { tls } = options;
  if (typeof tls === "object" && tls !== null) {
    if (typeof tls.passphrase === "string") secrets.push(tls.passphrase);
    for (const key of [tls.key, tls.pfx].flat()) {
      if (typeof key === "string") secrets.push(key);
      else if (Buffer.isBuffer(key)) secrets.push(key.toString("utf8"));
    }
  }
  return secrets.filter((secret) => secret.length > 0);
}

/** An error as a retry report shows it: its name, the Kafka error name or schemakit code, and its message. */
export function describeRetryError(error: unknown, secrets: readonly string[]): RetryErrorInfo {
  if (!(error instanceof Error)) return retryErrorInfo(undefined, undefined, String(error), secrets);
  // kafkajs's protocol errors carry the Kafka error name as `type`.
  const { type } = error as { type?: unknown };
  let code: string | undefined;
  if (error instanceof BrokerError && error.kafkaErrorName !== undefined) code = error.kafkaErrorName;
  else if (SdkError.is(error)) code = error.code;
  else if (typeof type === "string") code = type;
  return retryErrorInfo(error.name, code, error.message, secrets);
}

/** A retry report's error from parts (a client that logs only a message has no name or code to give). */
export function retryErrorInfo(
  name: string | undefined,
  code: string | undefined,
  message: string,
  secrets: readonly string[],
): RetryErrorInfo {
  return { name, code, message: truncate(redact(message, secrets), MAX_MESSAGE_CHARS) };
}
