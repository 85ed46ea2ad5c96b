import type { AllTypesInit } from "./golden/all-types/com/acme/test/all-types.avro.js";
import { Card } from "./golden/all-types/com/acme/test/card.avro.js";
import { Iban } from "./golden/all-types/com/acme/test/iban.avro.js";

/** A value for every field of all-types.avsc without a default: edge values where they matter. */
export function allTypesInit(): AllTypesInit {
  return {
    nothing: null,
    precise: 1.25,
    day: 19_000,
    timeMillis: 1_000,
    timeMicros: 5_000_000_000,
    atMicros: 1_700_000_000_000_001,
    localMillis: 1_700_000_000_000,
    localMicros: -1_700_000_000_000_001,
    price: "-12345.6789",
    id: "123e4567-e89b-12d3-a456-426614174000",
    binaryId: "00112233-4455-6677-8899-aabbccddeeff",
    period: Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]),
    hash: Buffer.alloc(16, 0xab),
    numberOrText: "n",
    textOrSuit: "SPADES",
    intOrLong: 5_000_000_000,
    payment: new Iban({ number: "DE00" }),
    payments: [null, { number: "1" }, new Iban({ number: "2" }), new Card({ number: "3" })],
    cardsByName: { first: { number: "4" } },
    tree: { label: "root", children: [{ label: "leaf" }] },
    class: "k",
    when: { iso: "2026-11-22" },
    nestedArrays: [[{ number: "5" }], []],
  };
}
