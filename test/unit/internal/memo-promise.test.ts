import { describe, expect, it } from "vitest";
import { MemoPromise } from "../../../src/internal/memo-promise.js";

describe("MemoPromise", () => {
  it("shares one attempt among callers while it is pending and once it is fulfilled", async () => {
    let made = 0;
    const memo = new MemoPromise(async () => ++made);
    const [a, b] = await Promise.all([memo.get(), memo.get()]);
    expect([a, b, await memo.get(), made]).toEqual([1, 1, 1, 1]);
  });

  it("forgets a failed attempt, so the next caller tries again", async () => {
    let made = 0;
    const memo = new MemoPromise(async () => {
      made += 1;
      if (made === 1) throw new Error("registry down");
      return made;
    });
    await expect(memo.get()).rejects.toThrow("registry down");
    expect(memo.peek()).toBeUndefined();
    expect(await memo.get()).toBe(2);
  });

  it("forget() drops even a fulfilled attempt", async () => {
    let made = 0;
    const memo = new MemoPromise(async () => ++made);
    await memo.get();
    memo.forget();
    expect(memo.peek()).toBeUndefined();
    expect(await memo.get()).toBe(2);
  });
});
