import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { BrokerError } from "../../../../errors/index.js";

export type ScramMechanism = "SCRAM-SHA-256" | "SCRAM-SHA-512";

const DIGEST: Readonly<Record<ScramMechanism, { readonly name: string; readonly bytes: number }>> = {
  "SCRAM-SHA-256": { name: "sha256", bytes: 32 },
  "SCRAM-SHA-512": { name: "sha512", bytes: 64 },
};

// Kafka's brokers and Java client refuse fewer iterations (ScramMechanism.minIterations).
const MIN_ITERATIONS = 4096;
// An iteration count from the server is work we do: a hostile one must not stall the client for minutes.
const MAX_ITERATIONS = 1_000_000;

const CONTEXT = { broker: undefined, api: "SaslAuthenticate" } as const;

function fail(detail: string): never {
  throw new BrokerError(CONTEXT, undefined, undefined, `SCRAM: ${detail}`);
}

/** RFC 5802 saslname: "=" and "," escaped. */
function saslName(username: string): string {
  return username.replaceAll("=", "=3D").replaceAll(",", "=2C");
}

function attributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(",")) {
    const equals = part.indexOf("=");
    if (equals !== 1) fail("the server's message is not a list of SCRAM attributes");
    map.set(part.slice(0, 1), part.slice(2));
  }
  return map;
}

/**
 * The client side of a SCRAM exchange (RFC 5802, SHA-256/512 as RFC 7677), without channel binding
 * ("n,,"), as Kafka uses it: first message, final message with the proof, then the server's signature
 * checked. Messages never include the password; errors never quote the server's bytes.
 */
export class ScramClient {
  readonly #digest: { readonly name: string; readonly bytes: number };
  readonly #password: string;
  readonly #clientFirstBare: string;
  readonly #nonce: string;
  #serverSignature: Buffer | undefined;

  constructor(
    mechanism: ScramMechanism,
    username: string,
    password: string,
    nonce = randomBytes(24).toString("base64"),
  ) {
    this.#digest = DIGEST[mechanism];
    this.#password = password;
    this.#nonce = nonce;
    this.#clientFirstBare = `n=${saslName(username)},r=${nonce}`;
  }

  firstMessage(): Buffer {
    return Buffer.from(`n,,${this.#clientFirstBare}`, "utf8");
  }

  /** The client-final message for the server-first message. */
  finalMessage(serverFirst: Buffer): Buffer {
    const serverFirstText = serverFirst.toString("utf8");
    const fields = attributes(serverFirstText);
    if (fields.has("m")) fail("the server asks for an extension this client does not support");
    const nonce = fields.get("r");
    const salt = fields.get("s");
    const iterationsText = fields.get("i");
    if (nonce === undefined || salt === undefined || iterationsText === undefined)
      fail("the server-first message lacks r, s or i");
    if (!nonce.startsWith(this.#nonce) || nonce.length === this.#nonce.length)
      fail("the server nonce does not extend the client nonce");
    if (!/^\d{1,9}$/.test(iterationsText)) fail("the iteration count is not a number");
    const iterations = Number(iterationsText);
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS)
      fail(`the iteration count ${iterations} is outside ${MIN_ITERATIONS}..${MAX_ITERATIONS}`);
    const { name, bytes } = this.#digest;
    const saltedPassword = pbkdf2Sync(this.#password, Buffer.from(salt, "base64"), iterations, bytes, name);
    const clientKey = createHmac(name, saltedPassword).update("Client Key").digest();
    const storedKey = createHash(name).update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.#clientFirstBare},${serverFirstText},${withoutProof}`;
    const clientSignature = createHmac(name, storedKey).update(authMessage).digest();
    const proof = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i += 1) proof[i] = (clientKey[i] as number) ^ (clientSignature[i] as number);
    const serverKey = createHmac(name, saltedPassword).update("Server Key").digest();
    this.#serverSignature = createHmac(name, serverKey).update(authMessage).digest();
    return Buffer.from(`${withoutProof},p=${proof.toString("base64")}`, "utf8");
  }

  /** Checks the server-final message: the server proves it knows the password too. */
  verifyServerFinal(serverFinal: Buffer): void {
    const expected = this.#serverSignature;
    if (expected === undefined) fail("the server-final message came before the client-final one");
    const fields = attributes(serverFinal.toString("utf8"));
    const error = fields.get("e");
    if (error !== undefined) fail(`the server refused the authentication (${error.slice(0, 100)})`);
    const signature = Buffer.from(fields.get("v") ?? "", "base64");
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
      fail("the server signature does not match: the server does not know the credentials");
  }
}
