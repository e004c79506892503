import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("Batcher", () => {
  it("runs a lone call at once and coalesces the calls that arrive while a batch runs, per key", async () => {
    const seen: string[] = [];
    const b = new Batcher<number, number>(
      async (key, items) => {
        seen.push(`${key}:${items.join(",")}`);
        await tick();
        return items.map((x) => x * 10);
      },
      { max: 3, retryAlone: true },
    );
    const out = await Promise.all([b.add("a", 1), b.add("a", 2), b.add("a", 3), b.add("b", 9), b.add("a", 4), b.add("a", 5), b.add("a", 6)]);
    expect(out).toEqual([10, 20, 30, 90, 40, 50, 60]);
    // "a": the first alone, then at most three at a time in arrival order; "b" has its own queue.
    expect(seen).toEqual(["a:1", "b:9", "a:2,3,4", "a:5,6"]);
    seen.length = 0;
    expect(await b.add("a", 7)).toBe(70);
    expect(seen).toEqual(["a:7"]);
  });

  it("retries a failed batch item by item so one bad item fails alone", async () => {
    const b = new Batcher<number, number>(
      async (_k, items) => {
        await tick();
        if (items.includes(13)) throw new Error("13 is bad");
        return items;
      },
      { max: 10, retryAlone: true },
    );
    const r = await Promise.allSettled([b.add("k", 1), b.add("k", 2), b.add("k", 13), b.add("k", 4)]);
    expect(r.map((x) => (x.status === "fulfilled" ? x.value : (x.reason as Error).message))).toEqual([1, 2, "13 is bad", 4]);
  });

  it("fails the whole batch when retrying alone is not allowed, and keeps working after", async () => {
    let calls = 0;
    const b = new Batcher<number, number>(
      async (_k, items) => {
        calls++;
        await tick();
        if (items.includes(13)) throw new Error("batch failed");
        return items;
      },
      { max: 10, retryAlone: false },
    );
    const r = await Promise.allSettled([b.add("k", 1), b.add("k", 2), b.add("k", 13)]);
    expect(r.map((x) => x.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(calls).toBe(2);
    expect(await b.add("k", 5)).toBe(5);
  });
});
