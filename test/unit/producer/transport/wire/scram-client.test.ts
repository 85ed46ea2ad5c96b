import { describe, expect, it } from "vitest";
import { BrokerError } from "../../../../../src/errors/index.js";
import { ScramClient } from "../../../../../src/producer/transport/wire/sasl/scram-client.js";

// RFC 7677 section 3: the SCRAM-SHA-256 exchange of user "user", password "pencil".
const CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
const SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const CLIENT_FINAL =
  "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

const client = (): ScramClient => new ScramClient("SCRAM-SHA-256", "user", "pencil", CLIENT_NONCE);

describe("ScramClient", () => {
  it("produces RFC 7677's client messages and accepts its server signature", () => {
    const scram = client();
    expect(scram.firstMessage().toString()).toBe(`n,,n=user,r=${CLIENT_NONCE}`);
    expect(scram.finalMessage(Buffer.from(SERVER_FIRST)).toString()).toBe(CLIENT_FINAL);
    expect(() => scram.verifyServerFinal(Buffer.from(SERVER_FINAL))).not.toThrow();
  });

  it("rejects a server signature that does not match, without the password in the error", () => {
    const scram = client();
    scram.finalMessage(Buffer.from(SERVER_FIRST));
    const forged = `v=${Buffer.alloc(32, 1).toString("base64")}`;
    const error = (() => {
      try {
        scram.verifyServerFinal(Buffer.from(forged));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).retriable).toBe(false);
    expect(JSON.stringify((error as BrokerError).toJSON())).not.toContain("pencil");
  });

  it("reports a server error attribute", () => {
    const scram = client();
    scram.finalMessage(Buffer.from(SERVER_FIRST));
    expect(() => scram.verifyServerFinal(Buffer.from("e=invalid-proof"))).toThrow(/refused.*invalid-proof/);
  });

  it.each([
    ["a nonce that does not extend the client's", SERVER_FIRST.replace("r=rOpr", "r=xOpr"), /nonce/],
    ["the client's nonce unchanged", `r=${CLIENT_NONCE},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`, /nonce/],
    ["too few iterations", SERVER_FIRST.replace("i=4096", "i=4095"), /iteration count 4095/],
    ["a hostile iteration count", SERVER_FIRST.replace("i=4096", "i=999999999"), /iteration count/],
    ["a missing salt", "r=rOprNGfwEbeRWgbNEkqO%hv,i=4096", /lacks/],
    ["garbage", "\u0000\u0001", /attributes/],
  ])("rejects a server-first message with %s", (_, serverFirst, message) => {
    expect(() => client().finalMessage(Buffer.from(serverFirst))).toThrow(message);
  });

  it("escapes = and , in the user name (RFC 5802 saslname)", () => {
    const scram = new ScramClient("SCRAM-SHA-512", "a=b,c", "pw", "nonce");
    expect(scram.firstMessage().toString()).toBe("n,,n=a=3Db=2Cc,r=nonce");
  });

  it("with SHA-512 gives a 64-byte proof", () => {
    const scram = new ScramClient("SCRAM-SHA-512", "user", "pencil", CLIENT_NONCE);
    const final = scram.finalMessage(Buffer.from(SERVER_FIRST)).toString();
    const proof = Buffer.from(final.slice(final.indexOf(",p=") + 3), "base64");
    expect(proof.length).toBe(64);
  });
});
