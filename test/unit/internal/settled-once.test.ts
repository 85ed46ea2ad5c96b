import { describe, expect, it } from "vitest";
import { SettledOnce } from "../../../src/internal/settled-once.js";

describe("SettledOnce", () => {
  it("shares one attempt per key among concurrent callers, then answers synchronously", async () => {
    const values = new SettledOnce<string, number>();
    let made = 0;
    const make = async (): Promise<number> => {
      made += 1;
      return 7;
    };
    const [a, b] = await Promise.all([values.settle("t", make), values.settle("t", make)]);
    expect([a, b, made]).toEqual([7, 7, 1]);
    expect(values.get("t")).toBe(7);
    expect(values.get("other")).toBeUndefined();
    await values.settle("t", make);
    expect(made).toBe(1);
  });

  it("keeps a settled null apart from an unsettled key", async () => {
    const values = new SettledOnce<number, null>();
    await values.settle(1, async () => null);
    expect(values.get(1)).toBeNull();
    expect(values.get(2)).toBeUndefined();
  });

  it("forgets a failed attempt: the next caller tries again", async () => {
    const values = new SettledOnce<string, number>();
    await expect(values.settle("t", () => Promise.reject(new Error("registry down")))).rejects.toThrow("registry down");
    expect(values.get("t")).toBeUndefined();
    await expect(values.settle("t", async () => 3)).resolves.toBe(3);
    expect(values.get("t")).toBe(3);
  });
});
