import { UserEvent } from "../unit/codegen/golden/user-event/com/example/user-event.avro.js";

/** Record `i` of the producer integration tests: small, every field set, the timestamp and count from `i`. */
export function testUserEvent(i: number, userId = `user-${i % 97}`): UserEvent {
  return new UserEvent({
    userId,
    ts: new Date(1_767_225_600_000 + i),
    eventType: "CLICK",
    amount: i / 4,
    flag: i % 2 === 0,
    tags: ["t"],
    counters: { n: i },
    geo: { lat: 1, lon: 2 },
    count: i,
    payload: Buffer.from([i & 0xff]),
  });
}
